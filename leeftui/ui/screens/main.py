"""The main screen: breadcrumb, the area list (children, or every wijk/buurt of the country), the
selected area's detail, and a status line with waves, sort, filter and marks.

Every query runs in a thread worker (one exclusive group per kind) that posts a message back;
sorting and filtering re-use the Arrow table in memory (leeftui.store.view).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static

from leeftui.errors import LeeftuiError
from leeftui.store.areas import Area, breadcrumb, get_area, national, national_area
from leeftui.store.cube import Cube, load_cube
from leeftui.store.profile import AreaProfile, area_profile
from leeftui.store.table import Scope, area_table
from leeftui.store.view import ViewFilter, apply_filter, sort_table
from leeftui.ui.columns import Column, list_columns, sortable
from leeftui.ui.screens.main_actions import PLURAL, MarkExportActions
from leeftui.ui.screens.main_messages import CubeLoaded, DetailLoaded, ListFailed, ListLoaded
from leeftui.ui.widgets.detail import DetailPanel, render_profile
from leeftui.ui.widgets.grid import AreaGrid
from leeftui.ui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from leeftui.ui.app import LeeftuiApp

SCOPES = ("children", "wijk", "buurt")
SCOPE_NAMES = {"children": "children", "wijk": "all wijken of NL", "buurt": "all buurten of NL"}
DETAIL_MODES = ("split", "list", "detail")
NO_CLASSES_HINT = "class —: no class boundaries loaded — `leeftui db rebuild … --classes FILE`"


@dataclass
class ViewState:
    """What the list shows."""

    parent: str = "NL"
    scope: str = "children"
    wave_a: int = 0
    wave_b: int = 0
    sort_col: str | None = None
    sort_desc: bool = False
    filter: ViewFilter = field(default_factory=ViewFilter)


class MainScreen(MarkExportActions, Screen):
    """Navigate, sort, filter, mark; open search, waves, filter, compare, export."""

    BINDINGS = [
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("backspace,escape", "up", "Up", key_display="⌫"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("space", "mark", "Mark", show=False),
        Binding("c", "compare", "Compare"),
        Binding("p", "headline", "Problem areas & sets", show=False),
        Binding("w", "waves", "Waves"),
        Binding("right_square_bracket", "wave_b(1)", "Wave B +1", show=False),
        Binding("left_square_bracket", "wave_b(-1)", "Wave B −1", show=False),
        Binding("right_curly_bracket", "wave_a(1)", "Wave A +1", show=False),
        Binding("left_curly_bracket", "wave_a(-1)", "Wave A −1", show=False),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse sort", show=False),
        Binding("f", "filter", "Filter"),
        Binding("F", "clear_filter", "Clear filter", show=False),
        Binding("a,L", "scope", "Scope"),
        Binding("d", "detail", "Detail", show=False),
        Binding("e", "export", "Export"),
        Binding("y", "copy('tsv')", "Copy", show=False),
        Binding("Y", "copy('markdown')", "Copy as Markdown", show=False),
        Binding("M", "clear_marks", "Clear marks", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = ViewState()
        self.raw: pa.Table | None = None
        self.view: pa.Table | None = None
        self.columns: list[Column] = []
        self.crumbs: tuple[Area, ...] = ()
        self.marked: dict[str, str] = {}
        self.detail_mode = "split"
        self._token = 0
        self._profiles: dict[str, AreaProfile] = {}
        self._shown_key: tuple[str, int, int] | None = None
        self._detail_timer = None
        self.timings: dict[str, float] = {}
        self.cube: Cube | None = None
        self._cube_requested = False
        self._cube_cursor = None
        self._cube_done = threading.Event()
        self._closing = False

    @property
    def lapp(self) -> LeeftuiApp:
        return self.app  # type: ignore[return-value]

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        db = self.lapp.db
        yield TitleBar(db.release.label, db.notice, synthetic=db.synthetic or db.release.synthetic)
        yield Static("Nederland", id="crumbs")
        with Container(id="body"):
            yield AreaGrid(id="grid")
            yield DetailPanel(id="detail")
        yield Static("", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from leeftui.ui.app import default_waves

        self.state.wave_a, self.state.wave_b = default_waves(self.lapp.db.release)
        self._layout()
        if self.lapp.db.release.classes_source is None:
            self.query_one("#status").styles.height = 2
        grid = self.query_one(AreaGrid)
        grid.loading = True
        grid.focus()
        self.reload()

    def on_resize(self) -> None:
        self._layout()
        self.app.call_later(self.lapp._check_size)

    def _layout(self) -> None:
        body = self.query_one("#body")
        body.set_class(self.size.width >= 110, "-wide")
        for mode in DETAIL_MODES:
            body.set_class(self.detail_mode == mode, f"-{mode}")

    # -- loading ----------------------------------------------------------------------------

    def _scope(self) -> Scope:
        if self.state.scope == "children":
            return Scope(parent=self.state.parent)
        return Scope(level=self.state.scope)

    def reload(self, select: str | None = None, jump: str | None = None) -> None:
        """Query the list for the current state (in a worker); keep or move the cursor to ``select``."""
        self._token += 1
        if select is None and self.view is not None:
            select = self.query_one(AreaGrid).current_code
        cube = self.cube
        if cube is not None:
            # everything is in memory: filter and pick columns now, no query, no loading overlay
            t0 = time.perf_counter()
            try:
                parent, scope, select = self._resolve_jump(jump, self.state.parent, self._scope(), select)
                table = cube.view(self.lapp.db, scope, self.state.wave_a, self.state.wave_b)
                here = cube.area(parent) if parent != "NL" else None
                crumbs = cube.breadcrumb(here) if here is not None else (cube.area("NL") or national_area(),)
            except LeeftuiError as exc:
                self.on_list_failed(ListFailed(self._token, str(exc)))
                return
            self.on_list_loaded(ListLoaded(self._token, table, crumbs, parent, select, time.perf_counter() - t0))
            return
        self.query_one(AreaGrid).loading = True
        self._load_list(self._token, self._scope(), self.state.wave_a, self.state.wave_b, self.state.parent,
                        select, jump)

    def _resolve_jump(self, jump: str | None, parent: str, scope: Scope,
                      select: str | None) -> tuple[str, Scope, str | None]:
        """For a jump (search result): the parent to list, its scope and the area to select."""
        if jump is None:
            return parent, scope, select
        cube = self.cube
        area = cube.area(jump) if cube is not None else get_area(self.lapp.db, jump)
        if area is None:
            raise LeeftuiError(f"Area {jump} is not in this release.")
        parent = area.parent_code or "NL"
        return parent, Scope(parent=parent), (area.code if area.level != "nederland" else None)

    @work(thread=True, exclusive=True, group="cube")
    def _load_cube(self) -> None:
        """Load every area with every wave into memory, after the first screen is up."""
        self._cube_cursor = self.lapp.db.cursor()  # the cursor load_cube runs on (this thread's)
        try:
            if self._closing:  # set before the cursor was known: on_unmount could not interrupt it
                return
            import pyarrow.compute  # noqa: F401 - cube views need it; import it here, not in the first key press
            cube = load_cube(self.lapp.db)
        except LeeftuiError:
            return  # keep querying per view; the list already works without the cube
        except Exception:
            if self._closing:
                return  # interrupted because the app is quitting
            raise
        finally:
            self._cube_done.set()
        self.post_message(CubeLoaded(cube))

    def on_cube_loaded(self, msg: CubeLoaded) -> None:
        from leeftui.ui.app import settle_memory

        self.cube = msg.cube
        settle_memory()  # the cube's areas are long-lived: keep them out of full collections

    def on_unmount(self) -> None:
        # quitting during the cube load must not wait for its query (~0.5 s nationally)
        from leeftui.ui.app import interrupt_until

        self._closing = True
        if self._cube_cursor is not None and not self._cube_done.is_set():
            interrupt_until(self._cube_cursor, self._cube_done)

    @work(thread=True, exclusive=True, group="list")
    def _load_list(self, token: int, scope: Scope, wave_a: int, wave_b: int, parent: str,
                   select: str | None, jump: str | None) -> None:
        db = self.lapp.db
        t0 = time.perf_counter()
        try:
            parent, scope, select = self._resolve_jump(jump, parent, scope, select)
            table = self.lapp.take_first_list(scope, wave_a, wave_b)  # queried while the app started
            if table is None:
                table = area_table(db, scope, wave_a, wave_b)
            here = get_area(db, parent) if parent != "NL" else None
            crumbs = breadcrumb(db, here) if here is not None else (national(db),)
        except LeeftuiError as exc:
            self.post_message(ListFailed(token, str(exc)))
            return
        self.post_message(ListLoaded(token, table, crumbs, parent, select, time.perf_counter() - t0))

    def on_list_loaded(self, msg: ListLoaded) -> None:
        if msg.token != self._token:
            return  # a newer query is on its way
        self.timings["query"] = msg.seconds
        self.state.parent = msg.parent
        self.raw = msg.table
        self.crumbs = msg.crumbs
        rel = self.lapp.db.release
        self.columns = list_columns(rel.dimensions, rel.waves, self.state.wave_a, self.state.wave_b,
                                    flat=self.state.scope != "children")
        grid = self.query_one(AreaGrid)
        if grid.loading:
            grid.loading = False
        self.apply_view(select=msg.select)
        if self.cube is None and not self._cube_requested:
            self._cube_requested = True
            self.call_after_refresh(self._load_cube)  # after the list is on screen

    def on_list_failed(self, msg: ListFailed) -> None:
        if msg.token == self._token:
            self.query_one(AreaGrid).loading = False
            self.notify(msg.error, severity="error", timeout=6)

    def apply_view(self, select: str | None = None) -> None:
        """Filter and sort the in-memory table and show it (no query)."""
        if self.raw is None:
            return
        t0 = time.perf_counter()
        grid = self.query_one(AreaGrid)
        keep = select if select is not None else grid.current_code
        view = apply_filter(self.raw, self.state.filter)
        if self.state.sort_col:
            view = sort_table(view, self.state.sort_col, self.state.sort_desc)
        self.view = view
        grid.set_view(view, self.columns, self.lapp.labels, set(self.marked), select=keep,
                      sort_key=self.state.sort_col, sort_desc=self.state.sort_desc)
        self.timings["view"] = time.perf_counter() - t0
        self._update_bars()

    def _update_bars(self) -> None:
        st = self.state
        crumbs = Text()
        for i, area in enumerate(self.crumbs):
            if i:
                crumbs.append(" › ", style="dim")
            crumbs.append(area.name, style="bold" if i == len(self.crumbs) - 1 else "")
        if st.scope == "children":
            here = self.crumbs[-1] if self.crumbs else None
            child = {"nederland": "gemeente", "gemeente": "wijk", "wijk": "buurt"}.get(here.level if here else "", "")
            crumbs.append(f"  ({PLURAL.get(child, 'areas')})", style="dim")
        else:
            crumbs = Text.assemble(("Nederland", ""), (" › ", "dim"), (f"all {PLURAL[st.scope]}", "bold"))
        self.query_one("#crumbs", Static).update(crumbs, layout=False)
        shown = self.view.num_rows if self.view is not None else 0
        total = self.raw.num_rows if self.raw is not None else 0
        label = next((c.label for c in self.columns if c.sort == st.sort_col), st.sort_col)
        status = Text.assemble(("A ", "dim"), (str(st.wave_a), "bold"), (" → B ", "dim"), (str(st.wave_b), "bold"))
        counted = f" · {shown:,} of {total:,}" if shown != total else f" · {total:,} rows"
        status.append(counted.replace(",", " "))
        if st.sort_col:
            status.append(f" · sort {label}{'▼' if st.sort_desc else '▲'}")
        if st.filter.active:
            status.append(" · filter: ", style="bold")
            status.append(st.filter.describe(), style="bold reverse")
        if self.marked:
            status.append(f" · ● {len(self.marked)} marked")
        if self.lapp.db.release.classes_source is None:
            status.append("\n" + NO_CLASSES_HINT, style="dim")
        self.query_one("#status", Static).update(status, layout=False)

    # -- detail -----------------------------------------------------------------------------

    @on(AreaGrid.CursorMoved)
    def _cursor_moved(self, msg: AreaGrid.CursorMoved) -> None:
        if msg.code is None or (msg.code, self.state.wave_a, self.state.wave_b) == self._shown_key:
            return  # same area, same waves (e.g. after a re-sort): nothing to redraw
        self._schedule_detail(msg.code)

    def _schedule_detail(self, code: str | None) -> None:
        """Redraw the detail a moment later, after the list has been painted (the detail is the costly
        part of a frame); a fast-moving cursor only loads and draws where it comes to rest."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if code is not None:
            self._detail_timer = self.set_timer(0.06, lambda: self._detail_for(code))

    def _detail_for(self, code: str) -> None:
        if code != self.query_one(AreaGrid).current_code:
            return
        if code in self._profiles:
            self._show_profile(self._profiles[code])
        else:
            self._load_detail(code)

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, code: str) -> None:
        try:
            profile = area_profile(self.lapp.db, code)
        except LeeftuiError as exc:
            self.post_message(DetailLoaded(code, None, str(exc)))
            return
        self.post_message(DetailLoaded(code, profile))

    def on_detail_loaded(self, msg: DetailLoaded) -> None:
        if msg.profile is not None:
            if len(self._profiles) > 500:
                self._profiles.clear()
            self._profiles[msg.code] = msg.profile
        if msg.code != self.query_one(AreaGrid).current_code:
            return
        if msg.profile is None:
            self.query_one(DetailPanel).show(Text(msg.error or "no profile"))
        else:
            self._show_profile(msg.profile)

    def _show_profile(self, profile: AreaProfile) -> None:
        self._shown_key = (profile.series.area.code, self.state.wave_a, self.state.wave_b)
        rel = self.lapp.db.release
        wide = self.detail_mode == "detail" and self.size.width >= 80
        self.query_one(DetailPanel).show(render_profile(profile, rel.waves, self.state.wave_a, self.state.wave_b,
                                                        rel.classes_source is not None, wide))

    # -- navigation -------------------------------------------------------------------------

    @on(AreaGrid.Activated)
    def _drill(self, msg: AreaGrid.Activated) -> None:
        if self.view is None:
            return
        level = self.view.column("level")[msg.index].as_py()
        if level == "buurt":
            if self.state.scope != "children":
                self.state.scope = "children"
                self.reload(jump=msg.code)
            else:
                self.notify("A buurt has no areas below it.", timeout=3)
            return
        self.state.scope = "children"
        self.state.parent = msg.code
        self.reload(select="")

    def action_up(self) -> None:
        if self.state.scope != "children":
            self.state.scope = "children"
            self.reload()
            return
        if self.state.parent == "NL" or len(self.crumbs) < 2:
            return
        came_from = self.state.parent
        self.state.parent = self.crumbs[-2].code
        self.reload(select=came_from)

    def jump_to(self, code: str) -> None:
        """Show ``code`` among its parent's children with the cursor on it."""
        self.state.scope = "children"
        self.reload(jump=code)

    def action_search(self) -> None:
        from leeftui.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(), lambda code: self.jump_to(code) if code else None)

    def action_scope(self) -> None:
        self.state.scope = SCOPES[(SCOPES.index(self.state.scope) + 1) % len(SCOPES)]
        self.notify(f"Scope: {SCOPE_NAMES[self.state.scope]}", timeout=2)
        self.reload()

    def action_detail(self) -> None:
        self.detail_mode = DETAIL_MODES[(DETAIL_MODES.index(self.detail_mode) + 1) % len(DETAIL_MODES)]
        self._layout()
        if self.detail_mode == "detail":
            self.query_one(DetailPanel).focus()
        else:
            self.query_one(AreaGrid).focus()
        code = self.query_one(AreaGrid).current_code
        if code in self._profiles:
            self._show_profile(self._profiles[code])

    # -- waves, sort, filter ----------------------------------------------------------------

    def set_waves(self, wave_a: int, wave_b: int) -> None:
        """Compare ``wave_a`` with ``wave_b`` (re-queries the list)."""
        self.state.wave_a, self.state.wave_b = wave_a, wave_b
        self.reload()
        self._schedule_detail(self.query_one(AreaGrid).current_code)

    def _step(self, wave: int, step: int) -> int:
        waves = self.lapp.db.release.waves
        i = max(0, min(len(waves) - 1, waves.index(wave) + step))
        return waves[i]

    def action_wave_b(self, step: int) -> None:
        self.set_waves(self.state.wave_a, self._step(self.state.wave_b, step))

    def action_wave_a(self, step: int) -> None:
        self.set_waves(self._step(self.state.wave_a, step), self.state.wave_b)

    def action_waves(self) -> None:
        from leeftui.ui.screens.waves import WavePicker

        def done(result: tuple[int, int] | None) -> None:
            if result:
                self.set_waves(*result)

        rel = self.lapp.db.release
        self.app.push_screen(WavePicker(rel.waves, rel.dimension_waves, self.state.wave_a, self.state.wave_b), done)

    def sort_by(self, column: str | None, descending: bool = False) -> None:
        """Sort the shown rows by an Arrow column (None: by name, as queried)."""
        self.state.sort_col, self.state.sort_desc = column, descending
        self.apply_view(select="")  # a new order starts at its top

    def action_sort(self) -> None:
        keys = [c.sort for c in sortable(self.columns)]
        if not keys:
            return
        nxt = keys[(keys.index(self.state.sort_col) + 1) % len(keys)] if self.state.sort_col in keys else keys[0]
        self.sort_by(nxt, False)

    def action_reverse(self) -> None:
        if self.state.sort_col is None:
            self.state.sort_col = "name"
        self.sort_by(self.state.sort_col, not self.state.sort_desc)

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

        has_classes = self.lapp.db.release.classes_source is not None
        self.app.push_screen(FilterScreen(self.state.filter, has_classes),
                             lambda f: self.set_filter(f) if f is not None else None)

    def action_clear_filter(self) -> None:
        self.set_filter(ViewFilter())
