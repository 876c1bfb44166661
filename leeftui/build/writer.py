"""Atomic replacement of the target database: build into a temp file beside it, then ``os.replace``."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

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


def temp_path_for(target: Path) -> Path:
    """Return a fresh temp file name in the target's folder (same file system, so the rename is atomic)."""
    return target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def remove_quietly(path: Path) -> None:
    """Delete a temp database and its write-ahead log, ignoring absence."""
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass


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
    tmp = temp_path_for(target)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise BuildError(f"Cannot replace {target} (is it in use or read-only?): {exc.strerror or exc}.") from None
    except BaseException:
        remove_quietly(tmp)
        raise
    finally:
        remove_quietly(tmp.with_name(tmp.name + ".wal"))
