"""The detail panel: the selected area's score and class per wave, a small chart, and its dimensions
next to its gemeente and Nederland."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import LoadingIndicator
from textual.worker import Worker, WorkerState

from leeftui.errors import LeeftuiError
from leeftui.model.profile import AreaProfile
from leeftui.present.profile import render_profile
from leeftui.store.profile import area_profile
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.lines import Lines, LinesView, flatten

PROFILES_KEPT = 200
"""Area profiles kept in memory (least recently used go first): ≈ 35 kB each, a query of ≈ 18 ms to read again."""
DRAWN_KEPT = 100
"""Profiles drawn (at a width, waves and layout) kept: ≈ 60–90 kB each — 500 of them held ≈ 40 MB after a long
session; the cursor's neighbours, the other waves and the next sort's top row are a few dozen."""

class DetailLoaded(Message):
    """A profile query finished (posted by the panel's worker to the panel), with its drawing where the worker
    made one (``drawn``: the drawing's key and the lines)."""

    def __init__(self, code: str, profile: AreaProfile | None, error: str | None = None,
                 drawn: tuple[tuple[object, ...], Lines] | None = None) -> None:
        super().__init__()
        self.code, self.profile, self.error, self.drawn = code, profile, error, drawn


class DetailBody(LinesView):
    """The panel's lines, shown as drawn; when its width changes (a scrollbar came, the terminal was resized) the
    panel draws them again for it."""

    DEFAULT_CSS = "DetailBody { height: auto; }"

    def on_resize(self) -> None:
        parent = self.parent
        if isinstance(parent, DetailPanel):
            parent.redraw()


class DetailPanel(VerticalScroll, can_focus=True):
    """Scrollable panel showing one area's profile; it loads profiles itself, off the UI thread.

    :meth:`follow` asks for an area at waves A and B; a single key press draws it in the same frame as the list
    when its profile is at hand (the rows around the cursor are fetched ahead), while a held key only draws where
    the cursor comes to rest. Profiles are kept in an LRU cache.
    """

    DEFAULT_CSS = """
    DetailPanel { height: 1fr; }
    DetailPanel > LoadingIndicator { height: 1; }
    """
    DELAY = 0.06
    """Seconds between a request and the redraw while a key is held down (auto-repeat)."""
    REPEAT = 0.09
    """Requests closer together than this are a held key: only the last is drawn, when the key is let go."""
    NEIGHBOURS = 3
    """Rows above and below the cursor whose profiles are fetched ahead, so the next ↑/↓ draws at once."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._profiles: LRUCache[str, AreaProfile] = LRUCache(PROFILES_KEPT)
        self._drawn: LRUCache[tuple[object, ...], Lines] = LRUCache(DRAWN_KEPT)
        """Profiles drawn at a width and layout, by (code, wave A, wave B, wide, row, width)."""
        self._wanted: tuple[str, int, int] | None = None
        self._shown: tuple[str, int, int, bool, bool] | None = None
        self._timer: Timer | None = None
        self._loading: str | None = None
        self._last_request = 0.0
        self._shown_width = 0
        self.wide = False
        self.row = False

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield DetailBody(id="detail-body")

    @property
    def pending(self) -> bool:
        """True while a requested profile is not drawn yet (a redraw is scheduled or a load runs)."""
        return self._timer is not None or self._loading is not None

    def has_profile(self, code: str) -> bool:
        """Whether this area's profile is at hand (read by the list's worker: a dict lookup)."""
        return code in self._profiles

    def remember(self, profile: AreaProfile) -> None:
        """Keep a profile fetched elsewhere (with a new list: the row its cursor lands on)."""
        self._profiles[profile.series.area.code] = profile

    def follow(self, code: str | None, wave_a: int, wave_b: int, around: tuple[str, ...] = ()) -> None:
        """Show ``code``'s profile at waves A and B: in the same frame as the list where it is at hand (a single
        key press), a moment later while a key is held down; ``around``: the rows near the cursor, whose profiles
        are fetched ahead (nothing when ``code`` is None)."""
        import time

        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        now = time.monotonic()
        held = now - self._last_request < self.REPEAT
        self._last_request = now
        if code is None:
            self._wanted = None
            return
        self._wanted = (code, wave_a, wave_b)
        if self._shown is not None and self._shown == (*self._wanted, self.wide, self.row):
            return  # same area, same waves (e.g. after a re-sort): nothing to redraw
        if not self.display:  # the map stands in its place: drawn when it shows again (on_show), not on every key
            self._shown = None
            return
        if held:
            self._timer = self.set_timer(self.DELAY, self._due)
            return
        self._due()
        width = self._width()  # once per key: a DOM query
        ahead = tuple(c for c in around if (c, wave_a, wave_b, self.wide, self.row, width) not in self._drawn
                      and c != code)
        if ahead:
            self._prefetch(ahead, wave_a, wave_b)

    def on_resize(self) -> None:
        self.redraw()

    def on_show(self) -> None:
        """Shown again (the map closed): the area the list's cursor is on, if the panel does not show it."""
        if self._wanted is not None and self._shown != (*self._wanted, self.wide, self.row):
            self._due()

    def redraw(self) -> None:
        """Lines drawn for another width are drawn again for this one."""
        if self._wanted is None or self._timer is not None or self._wanted[0] not in self._profiles:
            return
        if self._shown_width != self._width():
            self._draw(self._profiles[self._wanted[0]])

    def set_wide(self, wide: bool, row: bool = False) -> None:
        """Draw the roomy layout (the panel fills the screen), the row layout (a wide panel below the list) or
        the compact one; redraws now when that changed (the map's `m` lays the screen out again, and drawing the
        same profile again cost ≈ 100 ms a key)."""
        if (wide, row) == (self.wide, self.row):
            return
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

    def _key(self, code: str, wave_a: int | None = None, wave_b: int | None = None) -> tuple[object, ...]:
        """The drawing's key: the area, the waves, the layout and the width it was drawn at."""
        if wave_a is None or wave_b is None:
            assert self._wanted is not None
            _, wave_a, wave_b = self._wanted
        return (code, wave_a, wave_b, self.wide, self.row, self._width())

    def _width(self) -> int:
        """The width the lines are drawn at: the body's, once it is laid out."""
        body = self.query("#detail-body")
        laid = body.first().size.width if body else 0
        return max(10, laid or self.scrollable_content_region.width)

    def draw_ahead(self, code: str, pairs: tuple[tuple[int, int], ...]) -> None:
        """Draw ``code``'s profile at other waves ahead, in a worker (the views of the next ``[`` or ``]``); nothing
        while the panel is hidden."""
        if not self.display:
            return
        width = self._width()
        jobs = tuple((code, a, b) for a, b in pairs if (code, a, b, self.wide, self.row, width) not in self._drawn)
        if jobs:
            self._draw_waves(jobs)

    @work(thread=True, exclusive=True, group="detail-top", name="drawing the profile of the next sort's top row",
          exit_on_error=False)
    def draw_ahead_of(self, find: Callable[[], str | None], wave_a: int, wave_b: int) -> None:
        """Draw ahead, in a worker, the profile of the area ``find()`` names there (the row the next sort puts at
        the top)."""
        code = find()
        if code is not None and (code, wave_a, wave_b, self.wide, self.row, self._width()) not in self._drawn:
            self._draw_jobs(((code, wave_a, wave_b),))

    def draw_here(self, code: str, wave_a: int, wave_b: int, profile: AreaProfile | None = None) -> None:
        """Draw ``code``'s profile at waves A and B in the calling worker's thread, unless drawn already (the row a
        list read ahead puts the cursor on: Enter then shows its lines without laying out its tables, ≈ 40 ms);
        ``profile``: the profile, where the caller has it."""
        if (code, wave_a, wave_b, self.wide, self.row, self._width()) in self._drawn:
            return
        if profile is not None:
            self._profiles[code] = profile
        self._draw_jobs(((code, wave_a, wave_b),))

    @work(thread=True, exclusive=True, group="detail-ahead", name="fetching profiles ahead", exit_on_error=False)
    def _prefetch(self, codes: tuple[str, ...], wave_a: int, wave_b: int) -> None:
        """Load and draw the profiles of the rows around the cursor (in this thread: the next ↑/↓ only shows
        lines)."""
        self._draw_jobs(tuple((code, wave_a, wave_b) for code in codes))

    @work(thread=True, exclusive=True, group="detail-waves", name="drawing the profile at other waves",
          exit_on_error=False)
    def _draw_waves(self, jobs: tuple[tuple[str, int, int], ...]) -> None:
        self._draw_jobs(jobs)

    def _draw_jobs(self, jobs: tuple[tuple[str, int, int], ...]) -> None:
        """Load (where not at hand) and draw profiles at waves, in the calling worker's thread, posting each."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        session = session_of(self)
        rel = session.release
        width = self._width()
        for code, wave_a, wave_b in jobs:
            if worker.is_cancelled:
                return
            try:
                profile = self._profiles.get(code) or area_profile(session.db, rel, code)
            except LeeftuiError:
                continue
            drawn = flatten(render_profile(profile, rel.waves, wave_a, wave_b, rel.classes_source, self.wide,
                                           self.row), width, self.app.console)
            self.post_message(DetailLoaded(code, profile, drawn=((code, wave_a, wave_b, self.wide, self.row, width),
                                                                 drawn)))

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
        if msg.drawn is not None:
            self._drawn[msg.drawn[0]] = msg.drawn[1]
        if self._wanted is None or msg.code != self._wanted[0]:
            return
        if msg.profile is not None and self._shown == (*self._wanted, self.wide, self.row):
            return  # drawn ahead for other waves, or again: what is shown stays (no frame for nothing)
        if msg.profile is None:
            self._shown = None
            self.show(Text(msg.error or "no profile"))
        else:
            self._draw(msg.profile)

    def _draw(self, profile: AreaProfile) -> None:
        assert self._wanted is not None
        rel = session_of(self).release
        code, wave_a, wave_b = self._wanted
        self._shown = (profile.series.area.code, wave_a, wave_b, self.wide, self.row)
        key = self._key(code)
        self._shown_width = int(key[-1])  # type: ignore[call-overload]
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = flatten(render_profile(profile, rel.waves, wave_a, wave_b,
                                                              rel.classes_source, self.wide, self.row), self._width(),
                                                      self.app.console)
        self.show(drawn)

    def show_loading(self) -> None:
        """Show the spinner (the old profile stays until the new one arrives)."""
        self.query_one(LoadingIndicator).display = True

    def show(self, drawn: RenderableType | Lines) -> None:
        """Replace the body with ``drawn`` (lines as many as before: no new layout of the screen)."""
        self.query_one(LoadingIndicator).display = False
        lines = drawn if isinstance(drawn, tuple) else flatten(drawn, self._width(), self.app.console)
        self.query_one("#detail-body", DetailBody).set_lines(lines)
