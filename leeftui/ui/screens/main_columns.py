"""The main screen's columns: which the list shows for the waves and scope, the name column's width (as the names
need, or `<` / `>`), hiding and jumping with `C`. A base of :class:`~leeftui.ui.screens.main.MainScreen`."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
from textual.screen import Screen

from leeftui.model.columns import Context
from leeftui.store.scope import nearest_population_year
from leeftui.ui.columns import Column, list_columns, longest_name
from leeftui.ui.screens.columns import ColumnChoice
from leeftui.ui.screens.main_state import ViewState
from leeftui.ui.session import session_of
from leeftui.ui.widgets.grid import AreaGrid


class ColumnActions(Screen[None]):
    """The list's columns and the keys that change them (the rows, ``raw``, and ``state`` are the main screen's)."""

    raw: pa.Table | None
    state: ViewState
    columns: list[Column]
    hidden: frozenset[str]
    """Keys of the columns hidden with `C`."""
    name_width: int | None
    """The name column's width set with < and > (None: as wide as the names need, where there is room)."""
    _longest: tuple[pa.Table | None, int]
    """The list whose longest name was measured, and that length."""

    def apply_view(self, select: str | None = None) -> None:
        raise NotImplementedError  # the main screen's: filter, sort and show the rows

    def refit_columns(self) -> None:
        """The columns for the current waves and scope, fitted to the list's width (see :meth:`_fitted`)."""
        self.columns = self._fitted(self._all_columns())

    def _all_columns(self) -> list[Column]:
        session = session_of(self)
        year = nearest_population_year(session.db, self.state.wave_b)
        return list_columns(Context(session.release, self.state.wave_a, self.state.wave_b, year, self.state.flat))

    def _fitted(self, columns: list[Column]) -> list[Column]:
        """``columns`` with the name column as wide as the longest name needs, where the list has room to spare
        (names are cut at 20 characters only when space is short)."""
        if self.raw is None:
            return columns
        width = self.query_one(AreaGrid).size.width or self.size.width
        if self._longest[0] is not self.raw:  # once per list, not on every resize
            self._longest = (self.raw, longest_name(self.raw))
        longest = self._longest[1]
        columns = [c for c in columns if c.key not in self.hidden]
        if self.name_width is not None:
            return [replace(c, width=self.name_width) if c.key == "name" else c for c in columns]
        base = [replace(c, width=20) if c.key == "name" else c for c in columns]
        keys = [c.key for c in base]
        first = base[: keys.index("klasse_b") + 1] if "klasse_b" in keys else base  # Name … Class stay in view
        spare = width - sum(c.width + 1 for c in first) - 2
        grow = max(0, min(longest + 1 - 20, spare, 40 - 20))
        return [replace(c, width=20 + grow) if c.key == "name" else c for c in base]

    def action_columns(self) -> None:
        """Jump to a column by name; hide or show columns."""
        from leeftui.ui.screens.columns import ColumnsScreen

        def done(choice: ColumnChoice | None) -> None:
            if choice is None:
                return
            self.hidden = choice.hidden
            self.refit_columns()
            self.apply_view()
            if choice.jump is not None:
                self.query_one(AreaGrid).scroll_to_column(choice.jump)

        self.app.push_screen(ColumnsScreen(self._all_columns(), self.hidden), done)

    def action_name_width(self, step: int) -> None:
        """Widen or narrow the name column by ``step`` characters (12 … 60)."""
        current = next((c.width for c in self.columns if c.key == "name"), 20)
        self.name_width = max(12, min(60, current + step))
        self.refit_columns()
        self.apply_view()
