"""What a declared table is: its columns with their documentation, its keys, and the DDL that creates it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One documented column."""

    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class Table:
    """One documented table; ``constraints`` are extra DDL lines (keys)."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    constraints: tuple[str, ...] = ()
    view_of: Table | None = None
    """For a view: the table it reads; :meth:`ddl` then gives the view of an empty database (the build replaces
    it, see ``grid_scores``)."""
    derived: bool = False
    """Written by the build from the other tables, with columns per wave (``<y>`` in a name is a wave year):
    no DDL of its own (see ``view_figures``)."""

    def ddl(self) -> str:
        """Return the ``CREATE TABLE`` (or ``CREATE VIEW``) statement for this table."""
        if self.derived:
            return ""
        if self.view_of is not None:
            base = {c.name for c in self.view_of.columns}
            extra = "".join(f", NULL::{c.type} AS {c.name}" for c in self.columns if c.name not in base)
            return f"CREATE VIEW {self.name} AS SELECT *{extra} FROM {self.view_of.name};"
        lines = [f"    {c.name} {c.type}" for c in self.columns]
        lines += [f"    {c}" for c in self.constraints]
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(lines) + "\n);"
