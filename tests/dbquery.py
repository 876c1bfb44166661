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


def area_table(db, scope, wave_a: int, wave_b: int):  # noqa: ANN001, ANN201 - Database, Scope → pa.Table
    """The rows of one view as the store serves them without a cube in memory (``base_rows``)."""
    from leeftui.store.view import ViewRequest, base_rows

    return base_rows(db, db.default_release, ViewRequest(scope, wave_a, wave_b))
