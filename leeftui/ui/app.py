"""The explorer's App: the session (open database), the theme, the size guard and worker errors.

Screens live in ui/screens/, widgets in ui/widgets/, all styling in ui/app.tcss. Build it
with :func:`create_app` (launch, tests and benchmark use the same factory).
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size

from leeftui.errors import LeeftuiError
from leeftui.model.release import ReleaseInfo
from leeftui.store import Database, open_database
from leeftui.text import sixteen_colours
from leeftui.ui.commands import ActionsProvider, ViewsProvider
from leeftui.ui.runtime import settle_memory, tune_process
from leeftui.ui.screens.main import MainScreen
from leeftui.ui.screens.toosmall import TooSmallScreen
from leeftui.ui.session import Session
from leeftui.ui.widgets.titlebar import TitleBar

MIN_WIDTH, MIN_HEIGHT = 60, 15
THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light", "nord", "gruvbox", "solarized-light")


class LeeftuiApp(App[None]):
    """The Leefbaarometer explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "leeftui"
    COMMANDS = App.COMMANDS | {ActionsProvider, ViewsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("t", "cycle_theme", "Theme", show=False),
        Binding("ctrl+r", "reload", "Reload",
                tooltip="Reload: offered (title bar: OLD DATA) once a rebuild has replaced the open database"),
        Binding("R", "switch_release", "Switch release", show=False,
                tooltip="The database's next release; lists, marks and comparisons start over on it"),
    ]
    REPLACED_EVERY = 2.0
    """Seconds between checks whether the database file was replaced (one ``stat``)."""

    def __init__(self, session: Session, theme: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.theme = theme if theme in self.available_themes else self.default_theme()
        self._started = False

    def default_theme(self) -> str:
        """The theme remembered for this database, else an ANSI theme where Textual will draw in 16 colours (it uses
        the terminal's own palette, where textual-dark's colours would be rounded), else textual-dark."""
        remembered = self.session.remembered
        if remembered is not None and remembered.theme in self.available_themes:
            return remembered.theme
        return "ansi-dark" if sixteen_colours(self.console.color_system) else "textual-dark"

    def on_mount(self) -> None:
        self.push_screen(MainScreen())
        self._started = True
        self.check_size()
        self.call_after_refresh(settle_memory)
        self.set_interval(self.REPLACED_EVERY, self.check_replaced)

    def check_replaced(self) -> None:
        """When a rebuild has replaced the database file, say so (once, and in every title bar) and offer ctrl+r."""
        if self.session.stale or not self.session.db.replaced():
            return
        self.session.stale = True
        self.refresh_bindings()
        for screen in self.screen_stack:
            for bar in screen.query(TitleBar):
                bar.add_class("-stale")
        self.notify("The database file was replaced (rebuilt) after leeftui opened it: the figures shown are the "
                    "old ones. Press ctrl+r to reload.", title="Old data", severity="warning", timeout=30,
                    markup=False)

    def _stop_screens(self) -> None:
        """Close every screen above the base and stop their work (queries included), before starting over."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.workers.cancel_all()
        self.session.db.interrupt()

    def _start_over(self, db: Database, rel: ReleaseInfo | None, note: str) -> None:
        """A new session on release ``rel`` of ``db`` (None: its default): the first screen, as at start-up."""
        self.session = Session.open(db, rel)
        self.push_screen(MainScreen())
        self.check_size()
        self.refresh_bindings()
        self.notify(note, timeout=4, markup=False)

    def action_switch_release(self) -> None:
        """Show the database's next release (the title bar names it); figures are never mixed across releases:
        the lists, marks and comparisons start over on the new release's first screen."""
        db, rel = self.session.db, self.session.release
        if len(db.releases) < 2:
            self.notify(f"This database holds one release: {rel.label}.", timeout=4, markup=False)
            return
        following = db.releases[(db.releases.index(rel) + 1) % len(db.releases)]
        self._stop_screens()
        self._start_over(db, following, f"Release: {following.label}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reload is offered (and in the footer) once the database file was replaced."""
        if action == "reload":
            return self.session.stale
        return True

    def action_reload(self, attempt: int = 0) -> None:
        """Open the database file anew and start over on the first screen (marks, scope and waves reset)."""
        old = self.session.db
        self._stop_screens()
        try:
            old.close()  # DuckDB keeps one instance per path: the old one must go before the file is opened again
        except Exception:  # noqa: BLE001 - a worker's query is still stopping: try again shortly
            if attempt < 50:
                self.set_timer(0.05, lambda: self.action_reload(attempt + 1))
                return
        try:
            db = open_database(old.path)
        except LeeftuiError as exc:
            self.notify(str(exc), title="Cannot reload", severity="error", timeout=10, markup=False)
            return
        same = next((r for r in db.releases if r.release == self.session.release.release), None)  # else the default
        self._start_over(db, same, f"Reloaded {db.path.name}.")

    def on_resize(self, event: events.Resize) -> None:
        # this handler runs before App's own, which is what records the new size: use the event's
        self.check_size(event.size)

    def check_size(self, size: Size | None = None) -> None:
        """Cover the screen with a clear message below 60×15; remove it when the terminal grows."""
        if not self._started:
            return
        width, height = size or self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(self.check_size))
        elif not small and showing:
            self.pop_screen()

    def action_help(self) -> None:
        from leeftui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_cycle_theme(self) -> None:
        i = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.theme = THEMES[(i + 1) % len(THEMES)]
        self.notify(f"Theme: {self.theme}", timeout=2)


def create_app(db_path: Path | str, *, fresh: bool = False, theme: str | None = None) -> LeeftuiApp:
    """Open the database read-only (raising DatabaseError with one clear sentence) and build the app;
    ``fresh``: ignore the state remembered for it; ``theme``: start in this theme (UsageError if unknown)."""
    tune_process()
    if theme is not None:
        from textual.theme import BUILTIN_THEMES

        if theme not in BUILTIN_THEMES:  # before the database is opened: one sentence, nothing started
            import difflib

            from leeftui.errors import UsageError

            near = difflib.get_close_matches(theme, list(BUILTIN_THEMES), n=1)
            raise UsageError(f"Unknown theme '{theme}'." + (f" Did you mean '{near[0]}'?" if near else "")
                             + f" Themes: {', '.join(sorted(BUILTIN_THEMES))}.")
    session = Session.open(open_database(db_path))
    session.fresh = fresh
    if not fresh:  # read once: the theme and the main screen's view both start from it
        from leeftui.ui.remembered import key_of, load

        session.remembered = load(key_of(session.db.path, session.release.release))
    app = LeeftuiApp(session, theme)
    settle_memory()  # the imports are done: none of their objects need scanning again
    return app
