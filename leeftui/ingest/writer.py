"""Writing the new database: many-row inserts, and atomic replacement of the target (build into a temp
file beside it, then ``os.replace``, through :mod:`leeftui.atomic`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from leeftui.atomic import (
    Busy,
    ReplaceFailed,
    UnsafeLock,
    exclusive,
    replacing,
    resolve_target,
    special_kind,
    sweep_stale,
)
from leeftui.errors import BuildError, UsageError
from leeftui.store.db import default_memory_limit

CHUNK_ROWS = 500
"""Rows per INSERT statement in :func:`insert_many`."""

_INSERT_RE = re.compile(r"^INSERT INTO (\w+) VALUES \((\?(?:, \?)*)\)$")


def insert_many(con: duckdb.DuckDBPyConnection, sql: str, rows: list[list[object]]) -> None:
    """Insert ``rows`` with ``sql`` = ``INSERT INTO name VALUES (?, …)``; an empty list is fine.

    Instead of ``executemany`` (one statement, and one commit, per row: ≈1–4 ms each on a file database),
    the rows go in as one multi-row VALUES list per :data:`CHUNK_ROWS`. Each parameter is cast to its
    column's type, as executemany's insert does, so mixed Python types in a column behave the same.
    """
    if not rows:
        return
    m = _INSERT_RE.match(sql)
    if m is None:
        raise ValueError(f"insert_many needs 'INSERT INTO name VALUES (?, …)', got {sql!r}")
    table, width = m.group(1), m.group(2).count("?")
    types = [t for _, t, *_ in con.execute(f"DESCRIBE {table}").fetchall()]
    if len(types) != width or any(len(r) != width for r in rows):
        con.executemany(sql, rows)  # let DuckDB report the mismatch as it always did
        return
    group = "(" + ", ".join(f"CAST(? AS {t})" for t in types) + ")"
    for i in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[i:i + CHUNK_ROWS]
        con.execute(f"INSERT INTO {table} VALUES " + ", ".join([group] * len(chunk)), [v for r in chunk for v in r])


BUILD_MEMORY_MB = 1024
"""Most memory DuckDB may take for a rebuild before it spills to disk."""


def first_line(exc: BaseException) -> str:
    """The first line of a DuckDB error, without its trailing full stop."""
    return (str(exc).splitlines() or [type(exc).__name__])[0].rstrip(".")


def connect_new(tmp: Path, target: Path) -> duckdb.DuckDBPyConnection:
    """Create the new database file ``tmp`` (beside ``target``); a read-only folder or a full disk is a BuildError."""
    try:
        # a cap on memory (DuckDB spills to a folder beside the file beyond it) keeps a huge source from
        # pushing a shared server into swap; a national build peaks near 300 MB
        return duckdb.connect(str(tmp), config={"memory_limit": default_memory_limit(BUILD_MEMORY_MB)})
    except duckdb.Error as exc:
        raise BuildError(f"Cannot create the new database next to {target}: {first_line(exc)}.") from None


def check_target(target: Path, force: bool) -> None:
    """Refuse a folder or a special file (device, FIFO) as target, and an existing target without ``force``."""
    kind = special_kind(target)
    if kind is not None:
        raise UsageError(f"The target {target} is {kind}; give a database file path.")
    if target.is_dir():
        raise UsageError(f"The target {target} is a folder; give a database file path.")
    if target.exists() and not force:
        raise UsageError(f"The database {target} already exists: pass --force to replace it.")


@contextmanager
def atomic_target(target: Path, force: bool) -> Iterator[Path]:
    """Yield a temp path to write the database to; on success it replaces ``target``, on any failure it is removed.

    The caller must close its connection to the temp file before the block ends.
    """
    check_target(target, force)
    target = resolve_target(target)  # through a symlinked --db: replace the file it points to, keep the link
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"Cannot create the folder {target.parent}: {exc.strerror or exc}.") from None
    with ExitStack() as held:
        try:
            held.enter_context(exclusive(target))
        except Busy as exc:
            raise BuildError(f"Another rebuild of {target} is running ({exc}); wait for it to finish, "
                             "or build to another path.") from None
        except UnsafeLock as exc:
            raise BuildError(f"The lock file {exc.strerror}, not leeftui's own: nothing was written through it; "
                             "remove it and try again.") from None
        except OSError as exc:
            raise BuildError(f"Cannot write in the folder {target.parent}: {exc.strerror or exc}.") from None
        check_target(target, force)  # another rebuild may have created it while this one read its sources
        sweep_stale(target)  # what a rebuild killed with SIGKILL left beside it
        try:
            with replacing(target) as tmp:
                yield tmp
        except ReplaceFailed as exc:
            raise BuildError(f"Cannot replace {target} (is it in use or read-only?): "
                             f"{exc.strerror or exc}.") from None
