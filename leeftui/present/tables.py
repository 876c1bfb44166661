"""Tables for a terminal: which columns fit the width (numbers whole or not at all), and the table drawn with the
same cell formatting as the explorer's monitor (:func:`leeftui.present.cells.table_cell`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from leeftui.present.cells import table_cell

if TYPE_CHECKING:
    import pyarrow as pa
    from rich.table import Table


TEXT_MIN = 12
"""A text column (a name) narrower than its longest cell is cut, with an ellipsis, down to this width."""


PRIORITY = (("code", "name", "jaar", "group", "rank", "dimension"), ("lbm",),
            ("delta_lbm", "d_lbm", "problem_share", "problem_inwoners", "weighted_", "mean_delta", "share_"),
            ("klasse",), ("afw", "delta_", "d_", "inwoners"))
"""Which columns a narrow terminal keeps first (by name prefix): the area, its scores, their change, the class,
then deviations, dimension changes and inhabitants; everything else last."""


def priority(name: str) -> int:
    """The rank of a column in :data:`PRIORITY` (class labels, and the classes of afw and the dimensions, rank
    with the rest)."""
    if name.startswith("klasse"):
        return PRIORITY.index(("klasse",)) if re.fullmatch(r"klasse(_\d{4}|_[ab])?", name) else len(PRIORITY)
    if "label" not in name:
        for rank, prefixes in enumerate(PRIORITY):
            if name.startswith(prefixes):
                return rank
    return len(PRIORITY)


def fit_columns(names: list[str], widths: list[int], numeric: list[bool], total: int,
                empty: list[bool] | None = None) -> dict[int, int]:
    """Which columns fit in ``total`` terminal cells — chosen by :func:`priority`, then in table order — and
    the width of each (by column index). A column with no value at all (``empty``) goes first when space is
    short: it says nothing a note does not.

    A number is never cut or folded: a numeric column gets its full width or is left out. A text column may
    be cut to :data:`TEXT_MIN` when space is short. Each column costs its width plus 3 (padding and a border),
    and the table one more border.
    """
    chosen: dict[int, int] = {}
    spare = total - 1  # the table's last border
    # the first column names the row (an area's code, a wave, a group, a starting class): it always stays
    blank = empty or [False] * len(names)
    for i in sorted(range(len(names)),
                    key=lambda i: (priority(names[i]) + (len(PRIORITY) + 1) * blank[i] if i else -1, i)):
        w = widths[i] if numeric[i] else min(widths[i], TEXT_MIN)  # text first at its least, grown below
        if w + 3 <= spare:
            chosen[i] = w
            spare -= w + 3
    for i in sorted(chosen):  # what is left widens the cut text columns, in table order
        if not numeric[i]:
            grow = min(widths[i] - chosen[i], spare)
            chosen[i] += grow
            spare -= grow
    if not chosen and names:  # not even one column: show the first anyway (cut if text) rather than nothing
        chosen[0] = widths[0] if numeric[0] else max(1, min(widths[0], total - 4))
    return dict(sorted(chosen.items()))


def terminal_table(table: pa.Table, title: str, width: int) -> tuple[Table, list[str]]:
    """A Rich table of ``table``'s rows with the columns that fit ``width`` (:func:`fit_columns`), and the names of
    the columns left out."""
    import pyarrow.types as patypes
    from rich.table import Table
    from rich.text import Text

    rows = [[table_cell(name, v) for name, v in row.items()] for row in table.to_pylist()]  # no markup, no controls
    numeric = [patypes.is_integer(f.type) or patypes.is_floating(f.type) for f in table.schema]
    widths = [max([len(f.name), *(len(r[i][0]) for r in rows)]) for i, f in enumerate(table.schema)]
    empty = [table.column(i).null_count == table.num_rows > 0 for i in range(table.num_columns)]
    fitted = fit_columns(table.column_names, widths, numeric, width, empty)
    t = Table(title=Text(title), header_style="bold", show_lines=False)
    for i, w in fitted.items():
        t.add_column(Text(table.column_names[i]), justify="right" if numeric[i] else "left", no_wrap=True, width=w,
                     overflow="crop" if numeric[i] else "ellipsis")
    for r in rows:
        t.add_row(*(Text(r[i][0], style=r[i][1]) for i in fitted))
    return t, [c for i, c in enumerate(table.column_names) if i not in fitted]


def plain_table(names: list[str], rows: list[list[str]], numeric: list[bool], width: int | None,
                title: str | None = None) -> tuple[Table, list[str]]:
    """A borderless table of text cells (a profile's waves) with the columns that fit ``width`` cells
    (:func:`fit_columns`: numbers whole or left out, text cut with '…'; None: all), and the names left out."""
    from rich.table import Table
    from rich.text import Text

    from leeftui.text import printable

    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    # fit_columns counts 3 cells a column and a border; a borderless table with padding (0, 1) needs 2 each
    fitted = (fit_columns(names, widths, numeric, width + len(names) - 1) if width is not None
              else dict(enumerate(widths)))
    t = Table(header_style="bold", box=None, padding=(0, 1), title=title, title_justify="left", title_style="bold")
    for i, w in fitted.items():
        t.add_column(Text(names[i]), justify="right" if numeric[i] else "left", no_wrap=True, width=w,
                     overflow="crop" if numeric[i] else "ellipsis")
    for r in rows:
        t.add_row(*(Text(printable(r[i])) for i in fitted))
    return t, [n for i, n in enumerate(names) if i not in fitted]


def left_out_note(left: list[str]) -> str:
    """The line under a table that could not show every column."""
    return f"left out to fit this width: {', '.join(left)} (a wider terminal shows them)"
