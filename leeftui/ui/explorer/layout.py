"""The list's column layout: which of the view's list columns are hidden (`C`), and how wide the name column is —
as the names need where the list has room, or as set with `<` / `>`. A plain object, tested on its own."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa

from leeftui.ui.columns import Column, longest_name, number_widths

NAME_WIDTH = 20
"""The name column's width where space is short (names longer than this end in '…')."""
NAME_MOST = 40
"""The widest the name column grows by itself."""


class ColumnLayout:
    """Hidden columns and the name column's width, applied to the list's columns for a width."""

    def __init__(self, hidden: frozenset[str] = frozenset(), name_width: int | None = None) -> None:
        self.hidden = hidden
        """Keys of the columns hidden with `C`."""
        self.name_width = name_width
        """The name column's width set with < and > (None: as wide as the names need, where there is room)."""
        self._longest: tuple[pa.Table | None, int] = (None, 0)
        """The rows whose longest name was measured, and that length (measured once per list, not per resize)."""
        self._numbers: tuple[pa.Table | None, dict[str, int]] = (None, {})
        """The rows whose number columns were measured, and the widths they need (:func:`number_widths`)."""

    def fit(self, columns: list[Column], rows: pa.Table | None, width: int) -> list[Column]:
        """``columns`` without the hidden ones, the name column as wide as ``rows``' longest name needs where the
        list (``width`` cells) has room to spare after Name … Class."""
        if rows is not None:  # a number is never cut: its column widens to the list's widest value
            if self._numbers[0] is not rows:
                self._numbers = (rows, number_widths(columns, rows))
            columns = [replace(c, width=self._numbers[1].get(c.key, c.width)) for c in columns]
        columns = [c for c in columns if c.key not in self.hidden]
        if self.name_width is not None:
            return [replace(c, width=self.name_width) if c.key == "name" else c for c in columns]
        base = [replace(c, width=NAME_WIDTH) if c.key == "name" else c for c in columns]
        if rows is None:
            return base
        if self._longest[0] is not rows:
            self._longest = (rows, longest_name(rows))
        keys = [c.key for c in base]
        first = base[: keys.index("klasse_b") + 1] if "klasse_b" in keys else base  # Name … Class stay in view
        spare = width - sum(c.width + 1 for c in first) - 2
        grow = max(0, min(self._longest[1] + 1 - NAME_WIDTH, spare, NAME_MOST - NAME_WIDTH))
        return [replace(c, width=NAME_WIDTH + grow) if c.key == "name" else c for c in base]

    def widen(self, current: list[Column], step: int) -> None:
        """Widen (or narrow, ``step`` < 0) the name column from its current width, within 12 … 60."""
        now = next((c.width for c in current if c.key == "name"), NAME_WIDTH)
        self.name_width = max(12, min(60, now + step))
