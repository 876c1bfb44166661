"""The main screen's marks, compare, headline, export and copy actions (a mixin of MainScreen)."""

from __future__ import annotations

import pyarrow as pa

from leeftui.ui.columns import export_table
from leeftui.ui.widgets.grid import AreaGrid

PLURAL = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}


class MarkExportActions:
    """Space marks areas; `c` compares them, `p` opens the headline figures, `e` exports and `y` copies
    exactly what the list shows. Mixed into MainScreen, whose state (view, columns, marks) it reads."""

    # -- marks, compare, export -------------------------------------------------------------

    def action_mark(self) -> None:
        grid = self.query_one(AreaGrid)
        code = grid.current_code
        if code is None or self.view is None:
            return
        if code in self.marked:
            del self.marked[code]
        else:
            self.marked[code] = self.view.column("name")[grid.cursor].as_py()
        grid.refresh_marks(set(self.marked))
        grid.action_cursor_down()
        self._update_bars()

    def action_clear_marks(self) -> None:
        self.marked.clear()
        self.query_one(AreaGrid).refresh_marks(set())
        self._update_bars()

    def action_headline(self) -> None:
        """Residents in problem areas per wave, and every area set against the rest (waves A → B)."""
        from leeftui.ui.screens.headline import HeadlineScreen

        self.app.push_screen(HeadlineScreen(self.state.wave_a, self.state.wave_b, self.state.filter.score_below))

    def action_compare(self) -> None:
        from leeftui.ui.screens.compare import CompareScreen

        codes = list(self.marked)
        if not codes:
            code = self.query_one(AreaGrid).current_code
            if code is None:
                return
            codes = [code]
            self.notify("Mark areas with Space to compare them; showing the current one.", timeout=3)
        self.app.push_screen(CompareScreen(tuple(codes), self.state.wave_a, self.state.wave_b))

    def current_export(self) -> tuple[pa.Table, str]:
        """The shown view as an export table, and a description of it."""
        rel = self.lapp.db.release
        assert self.view is not None
        table = export_table(self.view, self.columns, rel.waves, self.state.wave_a, self.state.wave_b,
                             self.lapp.labels)
        where = " › ".join(a.name for a in self.crumbs) if self.state.scope == "children" else \
            f"all {PLURAL[self.state.scope]} of Nederland"
        desc = f"{where}; waves {self.state.wave_a}→{self.state.wave_b}"
        if self.state.filter.active:
            desc += f"; filter {self.state.filter.describe()}"
        if self.state.sort_col:
            desc += f"; sorted by {self.state.sort_col}{' descending' if self.state.sort_desc else ''}"
        return table, desc

    def action_export(self) -> None:
        if self.view is None:
            return
        table, desc = self.current_export()
        self.lapp.open_export(table, desc, self._default_name())

    def _default_name(self) -> str:
        here = self.crumbs[-1].code if (self.crumbs and self.state.scope == "children") else f"all-{self.state.scope}"
        return f"leeftui-{here.lower()}-{self.state.wave_a}-{self.state.wave_b}"

    def action_copy(self, fmt_name: str) -> None:
        if self.view is None:
            return
        table, _ = self.current_export()
        if self.marked:
            import pyarrow.compute as pc

            table = table.filter(pc.is_in(table.column("code"), pa.array(list(self.marked))))
        self.lapp.copy_table(table, fmt_name, "marked rows" if self.marked else "rows")


