"""The detail panel: the selected area's score and class per wave, a small chart, and its dimensions
next to its gemeente and Nederland."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from leeftui.errors import LeeftuiError
from leeftui.present import fmt
from leeftui.present.charts import line_chart
from leeftui.schema import DIMENSION_LABELS
from leeftui.store.areas import national_label
from leeftui.store.profile import AreaProfile, AreaSeries, area_profile
from leeftui.store.scope import nearest_year
from leeftui.text import printable
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of

PROFILES_KEPT = 500
"""Area profiles kept in memory (least recently used go first)."""

LEVEL_NL = {"nederland": "land", "gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}


def _wave_table(s: AreaSeries, waves: tuple[int, ...], wave_a: int, wave_b: int, has_classes: bool,
                score: str = "lbm") -> Table:
    with_score = score == "lbm"  # LBM 2.0 has no absolute score: afw is its score column
    t = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    t.add_column("wave", no_wrap=True, min_width=6)
    if with_score:
        t.add_column("score", justify="right", no_wrap=True, min_width=6)
    t.add_column("afw", justify="right", no_wrap=True, min_width=6)
    t.add_column("class", no_wrap=True)
    for w in waves:
        ws = s.at(w)
        mark = "A" if w == wave_a else ("B" if w == wave_b else "")
        if ws is None:
            t.add_row(f"{w} {mark}", *([fmt.NA] * (3 if with_score else 2)))
            continue
        if ws.klasse is not None:
            label = fmt.SHORT_LABELS.get(ws.klasse_label or "", ws.klasse_label or "")
            klass = Text.assemble((f" {ws.klasse} ", fmt.class_style(ws.klasse)), f" {label}")
        else:
            klass = Text(fmt.NA)
        derived = "" if ws.official else "≈"
        if with_score:
            t.add_row(f"{w} {mark}", f"{derived}{fmt.score(ws.lbm)}", fmt.signed(ws.afw), klass)
        else:
            t.add_row(f"{w} {mark}", f"{derived}{fmt.signed(ws.afw)}", klass)
    return t


def _dim_table(p: AreaProfile, wave: int) -> Table:
    own = p.series.at(wave)
    gm = p.gemeente.at(wave) if p.gemeente else None
    nl = p.nederland.at(wave) if p.nederland else None
    vals = dict(own.dimensions) if own else {}
    gvals = dict(gm.dimensions) if gm else {}
    nvals = dict(nl.dimensions) if nl else {}
    t = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    t.add_column(f"dimension {wave}")
    t.add_column("−.3  0  +.3", justify="center")  # one scale for every area (fmt.DIMENSION_SCALE)
    t.add_column("area", justify="right")
    if p.gemeente:
        t.add_column("gem.", justify="right")
    if p.nederland:
        t.add_column(national_label(p.nederland.area.name), justify="right")
    for dim, _ in (own.dimensions if own else ()):
        v = vals.get(dim)
        row: list[RenderableType] = [DIMENSION_LABELS.get(dim, dim),
                                     Text(fmt.zero_bar(v, half=5), style="green" if (v or 0) >= 0 else "red"),
                                     fmt.signed(v)]
        if p.gemeente:
            row.append(fmt.signed(gvals.get(dim)))
        if p.nederland:
            row.append(fmt.signed(nvals.get(dim)))
        t.add_row(*row)
    if own and all(v is None for _, v in own.dimensions):
        t.add_row(f"no dimension scores in {wave}", "", "")
    return t


def render_profile(p: AreaProfile, waves: tuple[int, ...], wave_a: int, wave_b: int, classes_source: str | None,
                   wide: bool, row: bool = False) -> RenderableType:
    """Everything the panel shows about one area; ``classes_source`` says where the class bounds came from.
    ``wide``: the roomy layout (the panel fills the screen); ``row``: a wide, low panel below the list — the
    figures on the left, the chart and the waves on the right."""
    has_classes = classes_source is not None
    a = p.series.area
    where = ""
    if len(p.path) >= 2 and a.level != "gemeente":
        where = f" in {printable(p.path[-2].name)}"
    head = Text.assemble((printable(a.name), "bold"),
                         f"  {printable(a.code)} · {LEVEL_NL.get(a.level, a.level)}{where}")
    status = Text()
    partial = b.partial if (b := p.series.at(wave_b)) is not None else None
    if partial:
        status.append(f"◐ {partial}", style="bold yellow")
        status.append(f" ({wave_b}; derived by leeftui, not published)")
    elif p.series.official:
        status.append("official figures", style="green")
    else:
        status.append("≈ derived", style="bold yellow")
        status.append(" — computed by leeftui from its parts, not published")
    # the same figure as the list's column: the CBS year nearest to wave B
    year = nearest_year(tuple(y for y, _ in p.population), wave_b)
    count = dict(p.population).get(year) if year is not None else None
    if count is not None:
        status.append(f" · inwoners {year}: {fmt.inwoners(count)}")
    else:
        status.append(" · inwoners unknown")
    parts: list[RenderableType] = [head, status]
    for name, start, end in p.sets:
        span = f" {start or ''}–{end or ''}" if (start or end) else ""
        parts.append(Text(f"in area set {name}{span}", style="italic"))
    b = p.series.at(wave_b)
    a_ = p.series.at(wave_a)
    shown = fmt.score if p.score == "lbm" else fmt.signed  # LBM 2.0: afw, its only score
    if b is not None:
        vb, va = p.value(b), p.value(a_)
        d = (vb - va) if (vb is not None and va is not None) else None
        txt, sty = fmt.delta(d)
        what = "" if p.score == "lbm" else "afw "
        line = Text.assemble(f"{what}{wave_b}: ", (shown(vb), "bold"), "  Δ since ", f"{wave_a}: ", (txt, sty))
        if p.nederland and (nb := p.value(p.nederland.at(wave_b))) is not None:
            line.append(f"  ({national_label(p.nederland.area.name)} {shown(nb)})", style="dim")
        parts.append(line)
    dev = next((d for d in p.developments if (d.from_jaar, d.to_jaar) == (wave_a, wave_b)), None)
    if dev is not None:  # LBM 2.0 publishes its own development figures between waves
        parts.append(Text.assemble(f"development {wave_a}→{wave_b} as published: class ",
                                   (str(dev.vklasse) if dev.vklasse is not None else fmt.NA, "bold"),
                                   " of 7", f", dlb {fmt.signed(dev.dlb)}" if dev.dlb is not None else ""))
    dims = _dim_table(p, wave_b)
    parts += [Text(""), dims]
    chart = line_chart(waves, [p.value(p.series.at(w)) for w in waves], width=30 if wide else 36, height=5,
                       label=shown)
    wave_t = _wave_table(p.series, waves, wave_a, wave_b, has_classes, p.score)
    right: list[RenderableType] = []
    if row:
        right = [chart, wave_t]
    elif wide:
        grid = Table.grid(padding=(0, 2))
        grid.add_row(wave_t, chart)
        parts += [Text(""), grid]
    else:
        parts += [Text(""), chart, Text(""), wave_t]
    if not has_classes:
        parts.append(Text("class —: no class boundaries loaded", style="dim"))
    else:
        if b is not None and any(k is not None for _, k in b.classes):
            line = Text(f"classes {wave_b}:")
            for name, k in b.classes:
                line.append(f" {name} ")
                line.append(fmt.NA if k is None else f" {k} ", style=fmt.class_style(k))
            parts.insert(parts.index(dims) + 1, line)
        parts.append(Text(f"classes: {classes_source}", style="dim"))
    if right:
        grid = Table.grid(padding=(0, 3))
        grid.add_row(Group(*parts), Group(*right))
        return grid
    return Group(*parts)


class DetailLoaded(Message):
    """A profile query finished (posted by the panel's worker to the panel)."""

    def __init__(self, code: str, profile: AreaProfile | None, error: str | None = None) -> None:
        super().__init__()
        self.code, self.profile, self.error = code, profile, error


class DetailPanel(VerticalScroll, can_focus=True):
    """Scrollable panel showing one area's profile; it loads profiles itself, off the UI thread.

    :meth:`follow` asks for an area at waves A and B; the panel redraws a moment later (after the
    list has been painted: the detail is the costly part of a frame), so a fast-moving cursor only
    loads and draws where it comes to rest. Profiles are kept in an LRU cache.
    """

    DEFAULT_CSS = """
    DetailPanel { height: 1fr; }
    DetailPanel > LoadingIndicator { height: 1; }
    """
    DELAY = 0.06
    """Seconds between a request and the redraw."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._profiles: LRUCache[str, AreaProfile] = LRUCache(PROFILES_KEPT)
        self._wanted: tuple[str, int, int] | None = None
        self._shown: tuple[str, int, int, bool, bool] | None = None
        self._timer: Timer | None = None
        self._loading: str | None = None
        self.wide = False
        self.row = False

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static("", id="detail-body")

    @property
    def pending(self) -> bool:
        """True while a requested profile is not drawn yet (a redraw is scheduled or a load runs)."""
        return self._timer is not None or self._loading is not None

    def follow(self, code: str | None, wave_a: int, wave_b: int) -> None:
        """Show ``code``'s profile at waves A and B, a moment from now (nothing when ``code`` is None)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if code is None:
            self._wanted = None
            return
        self._wanted = (code, wave_a, wave_b)
        if self._shown is not None and self._shown == (*self._wanted, self.wide, self.row):
            return  # same area, same waves (e.g. after a re-sort): nothing to redraw
        self._timer = self.set_timer(self.DELAY, self._due)

    def set_wide(self, wide: bool, row: bool = False) -> None:
        """Draw the roomy layout (the panel fills the screen), the row layout (a wide panel below the list) or
        the compact one; redraws now."""
        self.wide, self.row = wide, row
        if self._wanted is not None and self._wanted[0] in self._profiles:
            self._draw(self._profiles[self._wanted[0]])

    def _due(self) -> None:
        self._timer = None
        if self._wanted is None:
            return
        code = self._wanted[0]
        profile = self._profiles.get(code)
        if profile is not None:
            self._draw(profile)
        else:
            self._loading = code
            self._load(code)

    @work(thread=True, exclusive=True, group="detail", name="loading the profile", exit_on_error=False)
    def _load(self, code: str) -> None:
        try:
            profile = area_profile(session_of(self).db, session_of(self).release, code)
        except LeeftuiError as exc:
            self.post_message(DetailLoaded(code, None, str(exc)))
            return
        self.post_message(DetailLoaded(code, profile))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A profile load that failed unexpectedly is reported, and leaves a sentence here."""
        report_failure(self, event)
        if event.worker.group == "detail" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._loading = None
            if event.state == WorkerState.ERROR:
                self._shown = None
                self.show(Text("The profile could not be loaded (see the notification).", style="yellow"))

    def on_detail_loaded(self, msg: DetailLoaded) -> None:
        msg.stop()
        if self._loading == msg.code:
            self._loading = None
        if msg.profile is not None:
            self._profiles[msg.code] = msg.profile
        if self._wanted is None or msg.code != self._wanted[0]:
            return
        if msg.profile is None:
            self._shown = None
            self.show(Text(msg.error or "no profile"))
        else:
            self._draw(msg.profile)

    def _draw(self, profile: AreaProfile) -> None:
        assert self._wanted is not None
        rel = session_of(self).release
        _, wave_a, wave_b = self._wanted
        self._shown = (profile.series.area.code, wave_a, wave_b, self.wide, self.row)
        self.show(render_profile(profile, rel.waves, wave_a, wave_b, rel.classes_source, self.wide, self.row))

    def show_loading(self) -> None:
        """Show the spinner (the old profile stays until the new one arrives)."""
        self.query_one(LoadingIndicator).display = True

    def show(self, renderable: RenderableType) -> None:
        """Replace the body with ``renderable``."""
        self.query_one(LoadingIndicator).display = False
        self.query_one("#detail-body", Static).update(renderable)
