"""A report of the monitor as a value: named Arrow tables and the sentences that say what they stand on."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from leeftui.errors import UsageError


@dataclass(frozen=True)
class Report:
    """Named tables and the sentences that say what they stand on."""

    title: str
    tables: dict[str, pa.Table]
    """In the order they are shown; the first is the main one."""
    notes: tuple[str, ...] = ()
    meta: dict[str, object] = field(default_factory=dict)
    """Facts the screens use (e.g. the national change of :func:`decliners`)."""
    terminal: tuple[str, ...] = ()
    """The tables a terminal shows by default (empty: all); the others are for files (``--table``)."""
    coverage: tuple[str, ...] = ()
    """What the headline figures stand on: areas scored of the areas there are, residents covered of the country,
    areas without a resident figure, the national figure and the weight (:mod:`leeftui.store.headline`). Shown
    above every table, in JSON/Parquet/xlsx metadata and first among the notes on stderr."""

    def table(self, name: str | None) -> pa.Table:
        """The table called ``name`` (None: the first); UsageError naming the tables otherwise."""
        if name is None:
            return next(iter(self.tables.values()))
        if name not in self.tables:
            from leeftui.text import nearest

            raise UsageError(f"This report has no table '{name}'; its tables: {', '.join(self.tables)}."
                             f"{nearest(name, tuple(self.tables))}")
        return self.tables[name]
