"""A view request and its rows: which areas, which waves, which filter and order → one Arrow table.

:func:`view_rows` is the one store call behind every list of areas: the explorer's list, the export and copy of
that list, the CLI's ``--compare`` selection, and the screens built on them. Its rows come from
:func:`leeftui.store.figures.view_table` (one query per view); filtering and sorting (:func:`shape_rows`) run on
that result in memory, so the explorer re-sorts and re-filters 17,000 buurten on a keypress without going back to
the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from leeftui.errors import LeeftuiError, UsageError
from leeftui.model.columns import Context, aliases, view_columns
from leeftui.model.conditions import EVERY_ROW, Condition, filter_table
from leeftui.model.filters import ViewFilter
from leeftui.store.scope import Scope

if TYPE_CHECKING:
    from leeftui.model.release import ReleaseInfo
    from leeftui.store.db import Database


def sort_table(table: pa.Table, column: str, descending: bool = False) -> pa.Table:
    """Return the table sorted by ``column`` (NULLs last either way; ties keep name order)."""
    if column not in table.column_names or column == "spark":
        names = ", ".join(c for c in table.column_names if c != "spark")
        raise UsageError(f"Cannot sort by '{column}'; columns: {names}.")
    import pyarrow.compute as pc

    order = "descending" if descending else "ascending"
    idx = pc.sort_indices(table, sort_keys=[(column, order, "at_end")])
    return table.take(idx)


@dataclass(frozen=True)
class ViewRequest:
    """One view of areas: what the explorer's list shows, and what ``--compare`` exports."""

    scope: Scope
    """Which areas (children of an area, every area of a level, a set, given codes)."""
    wave_a: int
    """The earlier wave compared (columns ``*_a``)."""
    wave_b: int
    """The later wave compared (columns ``*_b``; Δ = B − A)."""
    filter: ViewFilter = field(default_factory=ViewFilter)
    """Which rows to keep."""
    sort: str | None = None
    """Column to sort on (None: name, then code)."""
    descending: bool = False
    """Sort descending (NULLs stay last)."""


def base_rows(db: Database, rel: ReleaseInfo, request: ViewRequest) -> pa.Table:
    """The rows of ``request``'s scope and waves, unfiltered and in name order (one query: only the view's
    columns, only its rows). Raises UsageError for an unknown area, level or wave."""
    from leeftui.store.figures import view_table

    return view_table(db, rel, request.scope, request.wave_a, request.wave_b)


def view_condition(rel: ReleaseInfo, request: ViewRequest, schema: pa.Schema) -> Condition:
    """The request's filter as one condition on the view's columns (``schema``), its expression read with the
    list's names for the changes (Δ, Δonv …)."""
    if not request.filter.active:
        return EVERY_ROW
    names = aliases(view_columns(Context(rel, request.wave_a, request.wave_b)), rel.score)
    return request.filter.condition(rel, names, schema)


def shape_rows(rows: pa.Table, rel: ReleaseInfo, request: ViewRequest) -> pa.Table:
    """Filter and sort ``rows`` (from :func:`base_rows`) as ``request`` asks, in memory."""
    shaped = filter_table(rows, view_condition(rel, request, rows.schema))
    if request.sort:
        shaped = sort_table(shaped, request.sort, request.descending)
    return shaped


def first_shown(rows: pa.Table, rel: ReleaseInfo, request: ViewRequest) -> str | None:
    """The code of the first row ``rows`` show as ``request`` filters and sorts them (None: no row, or a filter
    that does not read — whoever shows the rows says so)."""
    try:
        shaped = shape_rows(rows, rel, request)
    except LeeftuiError:
        return None
    return str(shaped.column("code")[0].as_py()) if shaped.num_rows else None


def view_rows(db: Database, rel: ReleaseInfo, request: ViewRequest) -> pa.Table:
    """The rows of a view: :func:`base_rows` shaped by :func:`shape_rows`."""
    return shape_rows(base_rows(db, rel, request), rel, request)
