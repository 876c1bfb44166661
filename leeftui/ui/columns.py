"""The area list's columns: the view's columns that have a place in the list (:mod:`leeftui.model.columns`), plus
the list's own mark column, each with the width it is drawn at and the column it sorts on.

The list and the export use the same column choice, so `e` and `y` write exactly what is shown. Only pyarrow and
Rich here (no Textual, no SQL).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from rich.style import Style

from leeftui.model import columns as model
from leeftui.model import shapes
from leeftui.model.columns import Context
from leeftui.model.measures import SMALL_ROWS
from leeftui.present.cells import needs, row_cell

RIGHT = ("score", "signed", "delta", "count", "class")
"""Kinds whose cells are right-aligned."""


@dataclass(frozen=True)
class Column:
    """One column of the area list."""

    key: str
    """The view's column (``mark`` for the list's own marks)."""
    label: str
    """Header text."""
    width: int
    """Cell width in terminal cells."""
    align: str = "left"
    """'left' or 'right'."""
    sort: str | None = None
    """The view column sorted on when this column is chosen; None = not sortable."""
    model: model.Column | None = None
    """What the column shows (None for the marks)."""

    @property
    def needs(self) -> tuple[str, ...]:
        """The view columns its cells read."""
        return ("code",) if self.model is None else needs(self.model)


MARK = Column("mark", "", 1)


def list_columns(context: Context) -> list[Column]:
    """The columns of the area list for a release, waves A and B, and whether the list is flat (it then names each
    area's gemeente)."""
    return [MARK, *(Column(c.key, c.label, c.width, "right" if c.kind in RIGHT else "left",
                           c.key if c.sortable else None, c) for c in model.listed(context))]


def longest_name(table: pa.Table) -> int:
    """The length of the longest name in ``table`` (the list's name column; the code where a name is missing)."""
    if table.num_rows == 0:
        return 0
    if table.num_rows <= SMALL_ROWS:  # the first screen: no pyarrow.compute (see SMALL_ROWS)
        return max(len(n if n is not None else c) for n, c in zip(table.column("name").to_pylist(),
                                                                  table.column("code").to_pylist(), strict=True))
    import pyarrow.compute as pc

    longest = pc.max(pc.utf8_length(pc.coalesce(table.column("name"), table.column("code")))).as_py()
    return int(longest or 0)


NUMBERS = ("score", "signed", "delta", "count")
"""Kinds whose cells are numbers: never cut — their column is as wide as the widest value of the list needs."""


def number_widths(columns: list[Column], table: pa.Table) -> dict[str, int]:
    """The width each number column of ``columns`` needs for ``table``'s values: the cells of its smallest and
    largest value (the widest of a number column — a sign, more digits), where wider than the column's own."""
    from rich.cells import cell_len

    out = {}
    for col in columns:
        if col.model is None or col.model.kind not in NUMBERS or col.key not in table.column_names:
            continue
        need = max((cell_len(row_cell(col.model, {col.key: end}, {})[0]) for end in _ends(table.column(col.key))),
                   default=0)
        if need > col.width:
            out[col.key] = need
    return out


def _ends(values: pa.ChunkedArray) -> tuple[object, object]:
    """The smallest and largest value of a number column (None where it has none)."""
    if len(values) <= SMALL_ROWS:  # the first screen: no pyarrow.compute (see SMALL_ROWS)
        present = [v for v in values.to_pylist() if v is not None]
        return (min(present), max(present)) if present else (None, None)
    import pyarrow.compute as pc

    ends = pc.min_max(values)
    return ends["min"].as_py(), ends["max"].as_py()


def sortable(columns: list[Column]) -> list[Column]:
    """The columns that can be sorted on, in display order."""
    return [c for c in columns if c.sort]


def cell(col: Column, row: dict[str, Any], labels: Mapping[int, str], marked: bool) -> tuple[str, Style]:
    """Text and style of one cell; ``row`` holds the Arrow row as Python values."""
    if col.model is None:
        return ("●" if marked else " "), Style(bold=True, color="magenta") if marked else Style()
    return row_cell(col.model, row, labels)


def export_table(view: pa.Table, columns: list[Column], context: Context) -> pa.Table:
    """Select and rename the view columns behind the shown columns (rows as filtered and sorted), as
    :func:`leeftui.model.columns.export_view` names them."""
    return shapes.export_view(view, [c.model for c in columns if c.model is not None], context)


TEXT_ROOM = 6
"""A text column at the screen's edge is shown, cut with '…', when it has room for this many cells."""


def starts(columns: list[Column]) -> list[int]:
    """Where each of ``columns`` starts, one space between them."""
    out, pos = [], 0
    for col in columns:
        out.append(pos)
        pos += col.width + 1
    return out


def placed(columns: list[Column], scroll_x: int, shown: int) -> list[tuple[int, int, int]]:
    """Where sideways-scrolled ``columns`` go in ``shown`` cells from ``scroll_x``: (x, index, width). A column the
    edge would cut is left out — a number is never shown in part (→ brings it in) — except a text column with room
    for :data:`TEXT_ROOM` cells, which is cut with '…' like a long name."""
    out = []
    for i, (start, col) in enumerate(zip(starts(columns), columns, strict=True)):
        x = start - scroll_x
        if x < 0:
            continue
        room = shown - x
        if room >= col.width:
            out.append((x, i, col.width))
        elif col.align == "left" and room >= TEXT_ROOM:
            out.append((x, i, room))
            break
        else:
            break
    return out
