"""Where the list's columns go on a line, and a row's cells as a line: the marker and name stay in place, the
other columns scroll sideways as whole columns (:func:`leeftui.ui.columns.placed`). Plain functions of the
columns, the sideways scroll and the width: the grid draws its header and rows with them and finds the column
under a click."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from leeftui.ui.columns import Column, placed

FIXED = 2
"""The columns that stay in place when the list scrolls sideways (marker and name)."""


def fixed_width(columns: list[Column]) -> int:
    """The cells the fixed columns take, each with its gap."""
    return sum(c.width + 1 for c in columns[:FIXED])


def placed_after_fixed(columns: list[Column], scroll_x: int, shown: int) -> list[tuple[int, int, int]]:
    """(x, column index, width) of the sideways-scrolled columns in ``shown`` cells after the fixed ones, scrolled
    by ``scroll_x`` cells."""
    return [(x, FIXED + i, w) for x, i, w in placed(columns[FIXED:], scroll_x, shown)]


def row_strip(columns: list[Column], cells: list[tuple[str, Style]], base: Style, width: int,
              scroll_x: int) -> Strip:
    """A row's ``cells`` (text and style, one per column) as a line ``width`` cells wide over ``base``: text too
    long for its column ends in '…', numbers align right."""
    segments: list[Segment] = []

    def put(text: str, style: Style, col: Column, w: int) -> None:
        if cell_len(text) > w:
            text = set_cell_size(text, w - 1) + "…"
        pad = w - cell_len(text)
        segments.append(Segment((" " * pad + text) if col.align == "right" else (text + " " * pad), base + style))

    for col, (text, style) in zip(columns[:FIXED], cells[:FIXED], strict=False):
        put(text, style, col, col.width)
        segments.append(Segment(" ", base))
    at = 0
    for x, i, w in placed_after_fixed(columns, scroll_x, max(0, width - fixed_width(columns))):
        if x > at:
            segments.append(Segment(" " * (x - at), base))
        put(cells[i][0], cells[i][1], columns[i], w)
        segments.append(Segment(" ", base))
        at = x + w + 1
    return Strip(segments).extend_cell_length(width, base).crop(0, width)


def column_at(columns: list[Column], scroll_x: int, x: int) -> Column | None:
    """The column shown at cell ``x`` of the line (the sideways scroll moving those after the fixed ones)."""
    pos = 0
    for i, col in enumerate(columns):
        if i == FIXED:
            pos += scroll_x
        if pos <= x < pos + col.width + 1:
            return col
        pos += col.width + 1
    return None
