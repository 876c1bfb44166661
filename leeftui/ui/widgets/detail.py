"""The detail panel: the selected area's score and class per wave, a small chart, and its dimensions
next to its gemeente and Nederland."""

from __future__ import annotations

from rich.console import RenderableType
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
from leeftui.model.profile import AreaProfile
from leeftui.present.profile import render_profile
from leeftui.store.profile import area_profile
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of

PROFILES_KEPT = 500
"""Area profiles kept in memory (least recently used go first)."""

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
