"""The main screen: breadcrumb, the area list (children, or every wijk/buurt of the country), the
selected area's detail, and a status line with waves, sort, filter and marks.

The list's rows come from one store call for the state's :class:`~leeftui.store.view.ViewRequest`,
through :class:`~leeftui.ui.screens.main_source.ListSource` (a query in a worker until the release's
cube is in memory, then the cube); sorting and filtering re-use the rows in memory
(:func:`leeftui.store.view.shape_rows`). The detail panel loads its own profiles. The columns
(:mod:`~leeftui.ui.screens.main_columns`) and the map pane (:mod:`~leeftui.ui.screens.main_map`) have their keys
in bases of the screen.
"""

from __future__ import annotations

import time

import pyarrow as pa
from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from leeftui.model.area import Area
from leeftui.model.columns import Context
from leeftui.model.filters import ViewFilter
from leeftui.store.cube import Cube
from leeftui.store.view import shape_rows
from leeftui.ui.columns import Column, export_table, sortable
from leeftui.ui.failures import report_failure
from leeftui.ui.runtime import settle_memory
from leeftui.ui.screens.main_columns import ColumnActions
from leeftui.ui.screens.main_map import MapActions
from leeftui.ui.screens.main_messages import CubeLoaded, ListFailed, ListLoaded
from leeftui.ui.screens.main_source import ListSource
from leeftui.ui.screens.main_state import (
    MAIN_KEYS,
    Marks,
    ScopeChoice,
    ViewState,
    area_at,
    crumbs_text,
    nearest_row,
    scopes_for,
    status_text,
)
from leeftui.ui.session import Session, session_of
from leeftui.ui.transfer import copy_table, open_export
from leeftui.ui.widgets.detail import DetailPanel
from leeftui.ui.widgets.grid import AreaGrid
from leeftui.ui.widgets.mapview import MapPanel
from leeftui.ui.widgets.titlebar import TitleBar

DETAIL_MODES = ("split", "list", "detail")


class MainScreen(MapActions, ColumnActions, Screen[None]):
    """Navigate, sort, filter, mark; open search, waves, filter, compare, export."""

    BINDINGS = MAIN_KEYS

    def __init__(self) -> None:
        super().__init__()
        self.state = ViewState()
        self.raw: pa.Table | None = None
        """The rows of the current scope and waves (unfiltered, name order)."""
        self.view: pa.Table | None = None
        """What the list shows: ``raw`` filtered and sorted."""
        self.columns: list[Column] = []
        self.crumbs: tuple[Area, ...] = ()
        self.marks = Marks()
        self.detail_mode = "split"
        self._longest: tuple[pa.Table | None, int] = (None, 0)
        self.map_mode: str | None = None
        self.hidden: frozenset[str] = frozenset()
        self.name_width: int | None = None  # (these four are documented where they are used: main_columns, main_map)
        self.timings: dict[str, float] = {}
        self._token = 0
        self._list_pending = False
        self._leaving: tuple[str, str | None, str | None] | None = None

    @property
    def session(self) -> Session:
        return session_of(self)

    @property
    def context(self) -> Context:
        """The release and waves the list shows (what its columns depend on)."""
        return Context(self.session.release, self.state.wave_a, self.state.wave_b, flat=self.state.flat)

    @property
    def busy(self) -> bool:
        """True while the list, the detail or the release's cube is still on its way."""
        return self._list_pending or self.query_one(DetailPanel).pending or self.source.cube_coming

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar.of(session_of(self))
        yield Static("Nederland", id="crumbs")
        with Container(id="body"):
            yield AreaGrid(id="grid")
            yield DetailPanel(id="detail")
            yield MapPanel(id="map")
        yield Static("", id="status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.source = ListSource(self, self.session)
        release = self.session.release
        self.state.wave_a, self.state.wave_b = release.default_waves() if release.waves else (0, 0)
        if self.session.remembered is not None:
            from leeftui.ui.screens.main_remember import restore

            try:
                restore(self, self.session.remembered, DETAIL_MODES)
            except (TypeError, ValueError):  # a state file edited by hand, or of another version: start clean
                self.state = ViewState(wave_a=self.state.wave_a, wave_b=self.state.wave_b)
                self.marks.clear()
        self._layout()
        if release.classes_source is None:
            self.query_one("#status").styles.height = 2
        grid = self.query_one(AreaGrid)
        grid.loading = True
        grid.focus()
        self.reload()

    def on_resize(self) -> None:
        self._layout()
        if self.view is not None and self.columns:  # the same rows: only the columns' widths follow the size
            self.refit_columns()
            grid = self.query_one(AreaGrid)
            grid.set_view(self.view, self.columns, self.session.labels, set(self.marks.codes),
                          select=grid.current_code, sort_key=self.state.sort_col, sort_desc=self.state.sort_desc)

    WIDE_FROM = 140
    """From this width the detail stands beside the list (58 columns) and the list keeps Name … Class; narrower,
    the detail goes below the list, so the list never loses its Δ and Class to it."""

    def _layout(self) -> None:
        body = self.query_one("#body")
        body.set_class(self.size.width >= self.WIDE_FROM, "-wide")
        body.set_class(self.size.height >= 36, "-tall")
        body.set_class(self.size.height < 20, "-short")  # (60×15, the minimum: the list keeps its rows; d shows it)
        body.set_class(self._row_detail(), "-row")
        self.query_one(DetailPanel).set_wide(self.detail_mode == "detail" and self.size.width >= 80,
                                             self._row_detail())
        for mode in DETAIL_MODES:
            body.set_class(self.detail_mode == mode, f"-{mode}")

    # -- loading ----------------------------------------------------------------------------

    def reload(self, select: str | None = None, jump: str | None = None) -> None:
        """Fetch the list for the current state; keep the cursor, or move it to ``select`` (''= top)."""
        self._token += 1
        if select is None and self.view is not None:
            grid = self.query_one(AreaGrid)
            select = grid.current_code
            self._leaving = area_at(self.view, grid.cursor)
        answer = self.source.fetch(self._token, self.state.request(), self.state.parent, select, jump)
        if answer is None:  # a query is on its way
            self.query_one(AreaGrid).loading = True
            self._list_pending = True
        elif isinstance(answer, ListFailed):
            self.on_list_failed(answer)
        else:
            self.on_list_loaded(answer)

    @property
    def cube(self) -> Cube | None:
        """The release in memory, once loaded."""
        return self.source.cube

    def on_cube_loaded(self, msg: CubeLoaded) -> None:
        self.source.cube = msg.cube
        settle_memory()  # the cube's areas are long-lived: keep them out of full collections

    def on_unmount(self) -> None:
        from leeftui.ui.remembered import key_of, save
        from leeftui.ui.screens.main_remember import remembered_of

        save(key_of(self.session.db.path, self.session.release.release), remembered_of(self))
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
        self.apply_view(select=msg.select)
        self.source.load_cube_soon()  # after the list is on screen

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
        grid = self.query_one(AreaGrid)
        keep = select if select is not None else grid.current_code
        self.view = shape_rows(self.raw, session_of(self).release, self.state.request())
        if keep and self._leaving is not None and self._leaving[0] == keep:
            keep = nearest_row(self.view, *self._leaving) or ""  # a new scope: stay on the same place (or the top)
        self._leaving = None
        grid.set_view(self.view, self.columns, self.session.labels, set(self.marks.codes), select=keep,
                      sort_key=self.state.sort_col, sort_desc=self.state.sort_desc)
        self.timings["view"] = time.perf_counter() - t0
        self._update_bars()
        self.redraw_map()

    def _update_bars(self) -> None:
        st = self.state
        self.query_one("#crumbs", Static).update(crumbs_text(st, self.crumbs, self.session.release.top_level),
                                                 layout=False)
        shown = self.view.num_rows if self.view is not None else 0
        total = self.raw.num_rows if self.raw is not None else 0
        label = next((c.label for c in self.columns if c.sort == st.sort_col), st.sort_col)
        has_classes = self.session.release.classes_source is not None
        self.query_one("#status", Static).update(status_text(st, shown, total, label, len(self.marks), has_classes),
                                                 layout=False)

    # -- detail -----------------------------------------------------------------------------

    @on(AreaGrid.CursorMoved)
    def _cursor_moved(self, msg: AreaGrid.CursorMoved) -> None:
        self.query_one(DetailPanel).follow(msg.code, self.state.wave_a, self.state.wave_b)
        if self.map_mode:
            self.query_one(MapPanel).move_cursor(msg.code)

    def action_detail(self) -> None:
        self.detail_mode = DETAIL_MODES[(DETAIL_MODES.index(self.detail_mode) + 1) % len(DETAIL_MODES)]
        self._layout()
        detail = self.query_one(DetailPanel)
        (detail if self.detail_mode == "detail" else self.query_one(AreaGrid)).focus()

    def _row_detail(self) -> bool:
        """The detail below the list on a wide, tall terminal: figures left, chart and waves right."""
        return self.detail_mode == "split" and 110 <= self.size.width < self.WIDE_FROM and self.size.height >= 36

    # -- navigation -------------------------------------------------------------------------

    @on(AreaGrid.Activated)
    def _drill(self, msg: AreaGrid.Activated) -> None:
        if self.view is None:
            return
        if self.view.column("level")[msg.index].as_py() == "buurt":
            if self.state.flat:
                self.jump_to(msg.code)
            else:
                self.notify("A buurt has no areas below it.", timeout=3)
            return
        self.state.choose(ScopeChoice("children"))
        self.state.parent = msg.code
        self.reload(select="")

    def action_up(self) -> None:
        if self.state.flat:
            self.state.choose(ScopeChoice("children"))
            self.reload()
            return
        if self.state.parent == "NL" or len(self.crumbs) < 2:
            return
        came_from = self.state.parent
        self.state.parent = self.crumbs[-2].code
        self.reload(select=came_from)

    def jump_to(self, code: str) -> None:
        """Show ``code`` among its parent's children with the cursor on it."""
        self.state.choose(ScopeChoice("children"))
        self.reload(jump=code)

    def action_search(self) -> None:
        from leeftui.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(), lambda code: self.jump_to(code) if code else None)

    def action_scope(self) -> None:
        gemeente = next((a for a in self.crumbs if a.level == "gemeente"), None)
        parent_level = self.crumbs[-1].level if self.crumbs else "nederland"
        sets = tuple(sorted(self.cube.sets)) if self.cube is not None else ()  # known once the release is in memory
        choices = scopes_for(self.session.release.levels, gemeente, parent_level == "gemeente", sets,
                             len(self.marks.codes))
        choice = choices[(self.state.chosen(choices) + 1) % len(choices)]
        self.state.choose(choice, tuple(self.marks.codes))
        self.notify(f"Scope: {choice.label}", timeout=2)
        self.reload()

    # -- waves, sort, filter ----------------------------------------------------------------

    def set_waves(self, wave_a: int, wave_b: int) -> None:
        """Compare ``wave_a`` with ``wave_b``."""
        self.state.wave_a, self.state.wave_b = wave_a, wave_b
        self.reload()
        self.query_one(DetailPanel).follow(self.query_one(AreaGrid).current_code, wave_a, wave_b)

    def action_wave_b(self, step: int) -> None:
        self._step_wave("b", step)

    def action_wave_a(self, step: int) -> None:
        self._step_wave("a", step)

    def _step_wave(self, side: str, step: int) -> None:
        moved = self.state.stepped(self.session.release.waves, side, step)
        if isinstance(moved, str):
            self.notify(moved, timeout=3)
        elif moved != (self.state.wave_a, self.state.wave_b):
            self.set_waves(*moved)

    def action_waves(self) -> None:
        from leeftui.ui.screens.waves import WavePicker

        def done(result: tuple[int, int] | None) -> None:
            if result:
                self.set_waves(*result)

        rel = self.session.release
        self.app.push_screen(WavePicker(rel.waves, rel.dimension_waves, self.state.wave_a, self.state.wave_b), done)

    def sort_by(self, column: str | None, descending: bool = False) -> None:
        """Sort the shown rows by an Arrow column (None: by name, as fetched)."""
        self.state.sort_col, self.state.sort_desc = column, descending
        self.apply_view(select="")  # a new order starts at its top
        if column is not None:
            self.query_one(AreaGrid).scroll_to_column(column)  # an off-screen sort column comes into view

    def action_sort(self) -> None:
        keys = [c.sort for c in sortable(self.columns)]
        if not keys:
            return
        nxt = keys[(keys.index(self.state.sort_col) + 1) % len(keys)] if self.state.sort_col in keys else keys[0]
        self.sort_by(nxt, False)

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
        from leeftui.ui.screens.filter import FilterScreen

        has_classes = self.session.release.classes_source is not None
        names = tuple(f.removeprefix("klasse_") for f in self.session.release.class_fields)
        schema = self.raw.schema if self.raw is not None else None
        self.app.push_screen(FilterScreen(self.state.filter, has_classes, names, schema,
                                          self.session.release.score),
                             lambda f: self.set_filter(f) if f is not None else None)

    def action_clear_filter(self) -> None:
        self.set_filter(ViewFilter())

    # -- marks, compare, headline, export, copy ---------------------------------------------

    def action_mark(self) -> None:
        grid = self.query_one(AreaGrid)
        code = grid.current_code
        if code is None or self.view is None:
            return
        self.marks.toggle(code, self.view.column("name")[grid.cursor].as_py())
        grid.refresh_marks(set(self.marks.codes))
        grid.action_cursor_down()
        self._update_bars()

    def action_undo_marks(self) -> None:
        """Take back the last change of the marks (a mark, an unmark, or M clearing them all)."""
        what = self.marks.undo()
        if what is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.query_one(AreaGrid).refresh_marks(set(self.marks.codes))
        self._update_bars()
        self.notify(f"Undone: {what} ({len(self.marks)} marked).", timeout=3)

    def action_clear_marks(self) -> None:
        self.marks.clear()
        self.query_one(AreaGrid).refresh_marks(set())
        self._update_bars()

    def action_describe(self) -> None:
        """The class histogram and the statistics of the rows in view."""
        if self.view is None:
            return
        from leeftui.ui.screens.describe import DescribeScreen

        shown = [c.sort for c in self.columns if c.sort]
        dims = self.session.release.dimensions
        extra = [f"{d}_b" for d in dims] + [f"d_{d}" for d in dims]
        names = list(dict.fromkeys(c for c in [*shown, *extra] if c in self.view.column_names))
        self.app.push_screen(DescribeScreen(self.view, names, self.state.wave_a, self.state.wave_b,
                                            self.state.describe(self.crumbs)))

    def action_save_set(self) -> None:
        """Save the marked areas as an area set (a set file, added to the database)."""
        if not self.marks.codes:
            self.notify("Mark areas with Space first; ctrl+s saves them as an area set.", timeout=4)
            return
        from leeftui.ui.screens.save_set import SaveSetScreen

        self.app.push_screen(SaveSetScreen(self.marks.named()))

    def action_compare(self) -> None:
        from leeftui.ui.screens.compare import CompareScreen

        codes = self.marks.codes
        if not codes:
            code = self.query_one(AreaGrid).current_code
            if code is None:
                return
            codes = (code,)
            self.notify("Mark areas with Space to compare them; showing the current one.", timeout=3)
        self.app.push_screen(CompareScreen(codes, self.state.wave_a, self.state.wave_b))

    def action_headline(self) -> None:
        """The monitor's questions for waves A → B; Enter on an area there opens it here."""
        from leeftui.ui.screens.monitor import MonitorScreen

        self.app.push_screen(MonitorScreen(self.state.wave_a, self.state.wave_b, self.state.filter.score_below),
                             lambda code: self.jump_to(code) if code else None)

    def current_export(self) -> tuple[pa.Table, str]:
        """The shown view as an export table (the shown columns, waves in their names), and its description."""
        assert self.view is not None
        table = export_table(self.view, self.columns, self.context)
        return table, self.state.describe(self.crumbs)

    def action_export(self) -> None:
        if self.view is not None:
            table, desc = self.current_export()
            marked = None
            if self.marks.codes:
                marked = export_table(self.marks.only(self.view), self.columns, self.context)
            open_export(self.app, table, desc, self.state.default_name(self.crumbs), marked)

    def action_copy(self, fmt_name: str) -> None:

        if self.view is None:
            return
        table, desc = self.current_export()
        if self.marks:
            table, desc = self.marks.only(table), f"{desc}; marked rows"
        copy_table(self.app, table, fmt_name, "marked rows" if self.marks else "rows",
                   self.session.provenance(desc))
