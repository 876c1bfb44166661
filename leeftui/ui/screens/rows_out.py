"""What the main screen sends its rows to — the statistics of the view (`I`), the areas marked (space, `u`, `M`)
compared (`c`) or saved as a set (ctrl+s), the monitor (`p`), an export (`e`), a copy (`y`, `Y`), the view as a
command (`x`) or saved (`X`), a saved view opened again, the page of one area (`r`) — as the actions of a base the
main screen builds on. The values they need are the main screen's (declared here)."""

from __future__ import annotations

import pyarrow as pa
from textual.screen import Screen

from leeftui.model.area import Area
from leeftui.model.columns import Context
from leeftui.ui.columns import Column
from leeftui.ui.explorer import dialogs, views
from leeftui.ui.explorer.layout import ColumnLayout
from leeftui.ui.explorer.marks import Marks
from leeftui.ui.explorer.state import ViewState
from leeftui.ui.session import Session
from leeftui.ui.widgets.grid import AreaGrid


class RowsOut(Screen[None]):
    """The actions that take the list's rows elsewhere."""

    state: ViewState
    marks: Marks
    view: pa.Table | None
    columns: list[Column]
    crumbs: tuple[Area, ...]
    columns_layout: ColumnLayout

    @property
    def session(self) -> Session:
        raise NotImplementedError

    @property
    def context(self) -> Context:
        raise NotImplementedError

    def jump_to(self, code: str) -> None:
        raise NotImplementedError

    def reload(self, select: str | None = None, jump: str | None = None) -> None:
        raise NotImplementedError

    def _update_bars(self) -> None:
        raise NotImplementedError

    # -- marks: the rows picked to compare or to save as a set -------------------------------

    def _marks_changed(self) -> None:
        self.query_one(AreaGrid).refresh_marks(set(self.marks.codes))
        self._update_bars()

    def action_mark(self) -> None:
        grid = self.query_one(AreaGrid)
        if grid.current_code is not None and self.view is not None:
            self.marks.toggle(grid.current_code, self.view.column("name")[grid.cursor].as_py())
            self._marks_changed()
            grid.action_cursor_down()

    def action_undo_marks(self) -> None:
        """Take back the last change of the marks (a mark, an unmark, or M clearing them all)."""
        what = self.marks.undo()
        if what is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._marks_changed()
        self.notify(f"Undone: {what} ({len(self.marks)} marked).", timeout=3)

    def action_clear_marks(self) -> None:
        self.marks.clear()
        self._marks_changed()

    # -- the rows elsewhere: statistics, compare, set, monitor, export, copy ------------------

    def action_describe(self) -> None:
        if self.view is not None:
            dialogs.describe(self.app, self.view, self.columns, self.session.release, self.state, self.crumbs)

    def action_save_set(self) -> None:
        dialogs.save_set(self.app, self.marks)

    def action_compare(self) -> None:
        dialogs.compare(self.app, self.marks, self.query_one(AreaGrid).current_code, self.state)

    def action_headline(self) -> None:
        dialogs.monitor(self.app, self.state, self.jump_to)

    def current_export(self) -> tuple[pa.Table, str]:
        """The shown view as an export table (the shown columns, waves in their names), and its description."""
        assert self.view is not None
        return dialogs.shown(self.view, self.columns, self.context, self.state, self.crumbs)

    def action_export(self) -> None:
        if self.view is not None:
            dialogs.export(self.app, self.view, self.columns, self.context, self.state, self.crumbs, self.marks)

    def action_copy(self, fmt_name: str) -> None:
        if self.view is not None:
            dialogs.copy(self.app, self.session, *self.current_export(), self.marks, fmt_name)

    # -- the view as a command, saved views ---------------------------------------------------

    def action_copy_command(self) -> None:
        """Copy the `leeftui export …` that writes exactly the rows shown."""
        text = views.command_text(self)
        if text is not None:
            views.copy_command(self.app, text)

    def action_save_view(self) -> None:
        views.save(self)

    def action_report(self) -> None:
        """The one-page report of the area under the cursor."""
        grid = self.query_one(AreaGrid)
        if grid.current_code is not None and self.view is not None:
            from leeftui.ui.screens.report import ReportScreen

            self.app.push_screen(ReportScreen(grid.current_code, self.view.column("name")[grid.cursor].as_py()))

    def open_view(self, name: str) -> None:
        """Show the saved view ``name`` (its waves mapped onto this release where it lacks them)."""
        views.open_saved(self, name)
