"""The leeftui database's tables: one source of truth for the DDL and its documentation.

The build writes exactly these tables; the store reads them; ``leeftui sql --schema`` and ``db/README.md`` print
the same documentation. Bump :data:`leeftui.schema.SCHEMA_VERSION` on any change and say what changed in
``db/README.md``. The conventions (releases, waves, NULL, codes) are in :mod:`leeftui.schema`.
"""

from __future__ import annotations

from leeftui.tables.build import BUILD_TABLES
from leeftui.tables.figures import FIGURE_TABLES
from leeftui.tables.model import Column, Table

TABLES: tuple[Table, ...] = (*FIGURE_TABLES, *BUILD_TABLES)
"""Every table, in db/README's order."""

TABLE_BY_NAME = {t.name: t for t in TABLES}


def ddl() -> str:
    """Return the full DDL that creates an empty leeftui database."""
    return "\n\n".join(t.ddl() for t in TABLES if not t.derived)


__all__ = ["Column", "Table", "TABLES", "TABLE_BY_NAME", "ddl"]
