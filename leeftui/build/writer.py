"""Writing the new database: many-row inserts, and atomic replacement of the target (build into a temp
file beside it, then ``os.replace``, through :mod:`leeftui.atomic`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from leeftui.atomic import ReplaceFailed, replacing
from leeftui.errors import BuildError, UsageError

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


def check_target(target: Path, force: bool) -> None:
    """Refuse a folder as target, and an existing target without ``force``."""
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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"Cannot create the folder {target.parent}: {exc.strerror or exc}.") from None
    try:
        with replacing(target) as tmp:
            yield tmp
    except ReplaceFailed as exc:
        raise BuildError(f"Cannot replace {target} (is it in use or read-only?): {exc.strerror or exc}.") from None
