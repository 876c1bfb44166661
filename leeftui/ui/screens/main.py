"""The main screen: breadcrumb, the area list, the selected area's detail or the map, and a status line.

It wires components that own their state (:mod:`leeftui.ui.explorer`): the view's state, the marks, the column
layout, the body (list, detail, map), the list's source (one store query per view request, in a worker) and the
dialogs; sorting and filtering re-use the rows in memory.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pyarrow as pa
from textual import on
from textual.app import ComposeResult
from textual.geometry import Size
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from leeftui.errors import LeeftuiError
from leeftui.model.area import Area
from leeftui.model.columns import Context
from leeftui.model.filters import ViewFilter
from leeftui.store.view import shape_rows
from leeftui.ui import remembered
from leeftui.ui.columns import Column, list_columns, sortable
from leeftui.ui.explorer import dialogs
from leeftui.ui.explorer.ahead import next_keys, read_ahead
from leeftui.ui.explorer.body import DETAIL_MODES, ExplorerBody
from leeftui.ui.explorer.keys import MAIN_KEYS
from leeftui.ui.explorer.layout import ColumnLayout
from leeftui.ui.explorer.marks import Marks
from leeftui.ui.explorer.messages import ListFailed, ListLoaded, ReleaseKnown, WarmedUp
from leeftui.ui.explorer.source import ListSource
from leeftui.ui.explorer.state import ScopeChoice, ViewState, area_at, crumbs_text, nearest_row, scopes_for, status_text
from leeftui.ui.failures import report_failure
from leeftui.ui.screens.rows_out import RowsOut
from leeftui.ui.session import Session, session_of
from leeftui.ui.widgets.detail import DetailPanel
from leeftui.ui.widgets.footer import KeysFooter
from leeftui.ui.widgets.grid import AreaGrid
from leeftui.ui.widgets.mapview import MapPanel
from leeftui.ui.widgets.titlebar import TitleBar

AHEAD_AFTER = 0.05
"""Seconds the cursor rests before the views the next key would ask for are read ahead (longer than the
auto-repeat of a held key, ≈ 35 ms: a held key reads nothing ahead)."""


class MainScreen(RowsOut):
    """Navigate, sort, filter, mark; open search, waves, filter, compare, export."""

    BINDINGS = MAIN_KEYS

    def __init__(self) -> None:
        super().__init__()
        self.state = ViewState()
        self.marks = Marks()
        self.columns_layout = ColumnLayout()
        self.body = ExplorerBody(id="body")
        """List, detail and map, and how they share the screen (kept after unmounting: its state is remembered)."""
        self.raw: pa.Table | None = None
        """The rows of the current scope and waves (unfiltered, name order)."""
        self.view: pa.Table | None = None
        """What the list shows: ``raw`` filtered and sorted."""
        self.columns: list[Column] = []
        """The list's columns as drawn (hidden ones left out, the name at its width)."""
        self.crumbs: tuple[Area, ...] = ()
        self.timings: dict[str, float] = {}
        self._token = 0
        self._list_pending = False
        self._ahead_timer: Timer | None = None
        self._leaving: tuple[str, str | None, str | None] | None = None

    @property
    def session(self) -> Session:
        return session_of(self)

    @property
    def context(self) -> Context:
        """The release and waves the list shows (what its columns depend on)."""
        year = self.session.release.population_year(self.state.wave_b)
        return Context(self.session.release, self.state.wave_a, self.state.wave_b, year, self.state.flat)

    @property
    def busy(self) -> bool:
        """True while the list, the detail or what the screen learns of the release is still on its way."""
        return self._list_pending or self.query_one(DetailPanel).pending or self.source.release_coming

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar.of(session_of(self))
        yield Static("Nederland", id="crumbs")
        yield self.body
        yield Static("", id="status")
        yield KeysFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.source = ListSource(self, self.session)
        release = self.session.release
        self.state.wave_a, self.state.wave_b = release.default_waves() if release.waves else (0, 0)
        if self.session.remembered is not None:
            mode = self.session.remembered.restore(release, self.state, self.marks, self.columns_layout, DETAIL_MODES)
            self.body.detail_mode = mode or self.body.detail_mode
        self.body.lay_out(self.size)
        if release.classes_source is None:
            self.query_one("#status").styles.height = 2
        grid = self.query_one(AreaGrid)
        grid.follower = self._cursor_moved
        grid.loading = True
        grid.focus()
        self.reload()

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        """Textual's layout of the screen; when it gives the list a new size (``z``, ``m``), its frame has painted
        the list's scrollbars too: :meth:`AreaGrid.scrollbars_painted` (one frame, not three)."""
        grid = next(iter(self.query(AreaGrid)), None)
        before = grid.size if grid is not None else None
        super()._refresh_layout(size, scroll)
        if grid is not None and grid.size != before and self.is_current:
            grid.scrollbars_painted()

    def on_resize(self) -> None:
        self.body.lay_out(self.size)
        if self.view is not None and self.columns:  # the same rows: only the columns' widths follow the size
            self.refit_columns()
            self._show(self.query_one(AreaGrid).current_code)

    def refit_columns(self) -> None:
        """The columns for the current waves and scope, fitted to the list's width."""
        width = self.query_one(AreaGrid).size.width or self.size.width
        self.columns = self.columns_layout.fit(list_columns(self.context), self.raw, width)

    # -- loading ----------------------------------------------------------------------------

    def reload(self, select: str | None = None, jump: str | None = None) -> None:
        """Fetch the list for the current state; keep the cursor, or move it to ``select`` (''= top)."""
        self._token += 1
        if select is None and self.view is not None:
            grid = self.query_one(AreaGrid)
            select = grid.current_code
            self._leaving = area_at(self.view, grid.cursor)
        detail = self.query_one(DetailPanel)
        answer = self.source.fetch(self._token, self.state.request(), self.state.parent, select, jump,
                                   detail.has_profile)
        if answer is not None:  # the view was at hand
            self.on_list_loaded(answer)
            return
        self._list_pending = True
        if self.view is None:
            self.query_one(AreaGrid).loading = True  # the first list; later ones replace the shown list when they come

    def on_release_known(self, msg: ReleaseKnown) -> None:
        self.source.sets, self.source.coverage = msg.sets, msg.coverage
        scope = self.state.scope
        gone = remembered.let_go(self.state, self.marks, msg.marks_held, msg.sets)
        if self.state.scope != scope:
            self.reload()
        if gone:
            self.notify(f"Not in this database any more, so let go: {', '.join(gone)}.", severity="warning",
                        timeout=6, markup=False)
        self._update_bars()

    def on_warmed_up(self, _msg: WarmedUp) -> None:
        if self._ahead_timer is None:  # the cursor rests: read ahead for `s` too now
            self._look_ahead()

    def on_unmount(self) -> None:
        state = remembered.Remembered.of(self.app.theme, self.state, self.marks, self.body.detail_mode,
                                         self.columns_layout)
        remembered.save(remembered.key_of(self.session.db.path, self.session.release.release), state)
        self.source.close()

    def on_list_loaded(self, msg: ListLoaded) -> None:
        if msg.token != self._token:
            return  # a newer request is on its way
        self._list_pending = False
        self.timings["query"] = msg.seconds
        self.state.parent = msg.parent
        self.raw = msg.table
        self.crumbs = msg.crumbs
        self.refit_columns()
        grid = self.query_one(AreaGrid)
        if grid.loading:
            grid.loading = False
            self.refresh_bindings()  # the footer shows the list's own keys again (⏎ Open)
        if msg.profile is not None:
            self.query_one(DetailPanel).remember(msg.profile)
        self.apply_view(select=msg.select)
        self.source.learn_release_soon(list(self.marks.codes))  # after the list is on screen

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A list query that failed unexpectedly is reported; the list stops waiting for it."""
        report_failure(self, event)
        if event.worker.group == "list" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._list_pending = False
            self.query_one(AreaGrid).loading = False

    def on_list_failed(self, msg: ListFailed) -> None:
        if msg.token == self._token:
            self._list_pending = False
            self.query_one(AreaGrid).loading = False
            self.notify(msg.error, severity="error", timeout=6, markup=False)

    def apply_view(self, select: str | None = None) -> None:
        """Filter and sort the rows in memory and show them (no query)."""
        if self.raw is None:
            return
        t0 = time.perf_counter()
        keep = select if select is not None else self.query_one(AreaGrid).current_code
        try:
            self.view = shape_rows(self.raw, session_of(self).release, self.state.request())
        except LeeftuiError as exc:  # a filter that no longer reads (remembered from another release): drop it
            self.state.filter = replace(self.state.filter, expression=None)
            self.notify(f"The filter was dropped: {exc}", severity="warning", timeout=8, markup=False)
            self.view = shape_rows(self.raw, session_of(self).release, self.state.request())
        if keep and self._leaving is not None and self._leaving[0] == keep:
            keep = nearest_row(self.view, *self._leaving) or ""  # a new scope: stay on the same place (or the top)
        self._leaving = None
        self._show(keep)
        self.timings["view"] = time.perf_counter() - t0
        self._update_bars()
        self.redraw_map()

    def _show(self, select: str | None) -> None:
        assert self.view is not None
        self.query_one(AreaGrid).set_view(self.view, self.columns, self.session.labels, set(self.marks.codes),
                                          select=select, sort_key=self.state.sort_col, sort_desc=self.state.sort_desc)

    def _update_bars(self) -> None:
        st, rel = self.state, self.session.release
        self.query_one("#crumbs", Static).update(crumbs_text(st, self.crumbs, rel.top_level), layout=False)
        label = next((c.label for c in self.columns if c.sort == st.sort_col), st.sort_col)
        status = status_text(st, self.view, self.raw, label, len(self.marks), rel.classes_source is not None,
                             self.source.coverage_text(self.state))
        self.query_one("#status", Static).update(status, layout=False)

    # -- detail and map ---------------------------------------------------------------------

    def _cursor_moved(self, index: int, code: str | None) -> None:
        """The grid's follower: the detail (and the map's outline) follow the cursor in the same frame."""
        grid = self.query_one(AreaGrid)
        self.query_one(DetailPanel).follow(code, self.state.wave_a, self.state.wave_b,
                                           grid.codes_around(index, DetailPanel.NEIGHBOURS))
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        self._ahead_timer = self.set_timer(AHEAD_AFTER, self._look_ahead)
        if self.body.map.mode:
            self.query_one(MapPanel).move_cursor(code)

    def _look_ahead(self) -> None:
        """While the cursor rests: read the views the next key would ask for and draw the profiles it would show
        (Enter on this row, ``[`` ``]``, ``s``)."""
        self._ahead_timer = None
        if self.view is None or self.raw is None or self._list_pending:
            return
        grid, rel = self.query_one(AreaGrid), self.session.release
        sort = self._next_sort() if self.source.warm.is_set() else None  # sorting ahead needs Arrow's compute
        ahead = next_keys(self.state, rel.waves, self.view, grid.cursor, self.raw.num_rows, sort)
        read_ahead(ahead, self.state.parent, self.raw, grid.current_code, rel, self.source, self.query_one(DetailPanel))

    def action_detail(self) -> None:
        self.body.cycle_detail(self.size)

    def redraw_map(self) -> None:
        """Show the list's rows on the map, if it is open."""
        if self.view is not None:
            self.body.draw_map(self.view, self.state.wave_a, self.state.wave_b)

    def _class_fields(self) -> tuple[str, ...]:
        return tuple(f.removeprefix("klasse_") for f in self.session.release.class_fields)

    def action_map(self) -> None:
        if self.view is not None:
            self.body.next_map(self.size, self._class_fields(), self.view, self.state.wave_a, self.state.wave_b)

    def action_map_size(self) -> None:
        if self.view is not None:
            self.body.large_map(self.size, self._class_fields(), self.view, self.state.wave_a, self.state.wave_b)

    # -- navigation -------------------------------------------------------------------------

    @on(AreaGrid.Activated)
    def _drill(self, msg: AreaGrid.Activated) -> None:
        if self.view is None:
            return
        if self.view.column("level")[msg.index].as_py() != "buurt":
            self.state.drill(msg.code)
            self.reload(select="")
        elif self.state.flat:
            self.jump_to(msg.code)
        else:
            self.notify("A buurt has no areas below it.", timeout=3)

    def action_up(self) -> None:
        if self.state.flat or (self.state.parent != "NL" and len(self.crumbs) >= 2):
            self.reload(select=self.state.up(self.crumbs))

    def jump_to(self, code: str) -> None:
        """Show ``code`` among its parent's children with the cursor on it."""
        self.state.choose(ScopeChoice("children"))
        self.reload(jump=code)

    def action_search(self) -> None:
        dialogs.search(self.app, self.jump_to)

    def action_scope(self) -> None:
        gemeente = next((a for a in self.crumbs if a.level == "gemeente"), None)
        parent_level = self.crumbs[-1].level if self.crumbs else "nederland"
        sets = self.source.sets  # known after the first list
        choices = scopes_for(self.session.release.levels, gemeente, parent_level == "gemeente", sets,
                             len(self.marks.codes))
        choice = choices[(self.state.chosen(choices) + 1) % len(choices)]
        self.state.choose(choice, tuple(self.marks.codes))
        self.notify(f"Scope: {choice.label}", timeout=2)
        self.reload()

    # -- waves, sort, filter, columns -------------------------------------------------------

    def set_waves(self, wave_a: int, wave_b: int) -> None:
        """Compare ``wave_a`` with ``wave_b``."""
        self.state.wave_a, self.state.wave_b = wave_a, wave_b
        self.reload()
        self.query_one(DetailPanel).follow(self.query_one(AreaGrid).current_code, wave_a, wave_b)

    def action_wave(self, side: str, step: int) -> None:
        """Move wave A or B (``side``) ``step`` waves on; A stays before B."""
        moved = self.state.stepped(self.session.release.waves, side, step)
        if isinstance(moved, str):
            self.notify(moved, timeout=3)
        elif moved != (self.state.wave_a, self.state.wave_b):
            self.set_waves(*moved)

    def action_waves(self) -> None:
        dialogs.waves(self.app, self.session.release, self.state, self.set_waves)

    def sort_by(self, column: str | None, descending: bool = False) -> None:
        """Sort the shown rows by an Arrow column (None: by name, as fetched)."""
        self.state.sort_col, self.state.sort_desc = column, descending
        self.apply_view(select="")  # a new order starts at its top
        if column is not None:
            self.query_one(AreaGrid).scroll_to_column(column)  # an off-screen sort column comes into view

    def _next_sort(self) -> str | None:
        """The column `s` sorts by next."""
        keys = [c.sort for c in sortable(self.columns)]
        if not keys:
            return None
        return keys[(keys.index(self.state.sort_col) + 1) % len(keys)] if self.state.sort_col in keys else keys[0]

    def action_sort(self) -> None:
        column = self._next_sort()
        if column is not None:
            self.sort_by(column, False)

    def action_reverse(self) -> None:
        self.sort_by(self.state.sort_col or "name", not self.state.sort_desc)

    @on(AreaGrid.HeaderClicked)
    def _header_clicked(self, msg: AreaGrid.HeaderClicked) -> None:
        same = msg.column.sort == self.state.sort_col
        self.sort_by(msg.column.sort, not self.state.sort_desc if same else False)

    def set_filter(self, f: ViewFilter) -> None:
        """Keep only rows passing ``f`` (in memory)."""
        self.state.filter = f
        self.apply_view()

    def action_filter(self) -> None:
        dialogs.edit_filter(self.app, self.session.release, self.state.filter, self.raw, self.set_filter)

    def action_clear_filter(self) -> None:
        self.set_filter(ViewFilter())

    def action_columns(self) -> None:
        def done(hidden: frozenset[str], jump: str | None) -> None:
            self.columns_layout.hidden = hidden
            self.refit_columns()
            self.apply_view()
            if jump is not None:
                self.query_one(AreaGrid).scroll_to_column(jump)

        dialogs.choose_columns(self.app, list_columns(self.context), self.columns_layout.hidden, done)

    def action_name_width(self, step: int) -> None:
        """Widen or narrow the name column by ``step`` characters (12 … 60)."""
        self.columns_layout.widen(self.columns, step)
        self.refit_columns()
        self.apply_view()
