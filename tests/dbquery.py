"""Read a database file in a test: one query on a read-only connection, closed afterwards."""

from __future__ import annotations

from pathlib import Path

import duckdb


def q(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """All rows of ``sql`` on the database at ``db``."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
