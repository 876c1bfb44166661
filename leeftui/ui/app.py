"""The explorer's App: the session (open database), the theme, the size guard and worker errors.

Screens live in ui/screens/, widgets in ui/widgets/, all styling in ui/app.tcss. Build it
with :func:`create_app` (launch, tests and benchmark use the same factory).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from leeftui.store import open_database
from leeftui.ui.commands import ActionsProvider
from leeftui.ui.runtime import settle_memory, tune_process
from leeftui.ui.screens.main import MainScreen
from leeftui.ui.screens.toosmall import TooSmallScreen
from leeftui.ui.session import Session

MIN_WIDTH, MIN_HEIGHT = 60, 15
THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light", "nord", "gruvbox", "solarized-light")


class LeeftuiApp(App[None]):
    """The Leefbaarometer explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "leeftui"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("t", "cycle_theme", "Theme", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.theme = "textual-dark"
        self._started = False

    def on_mount(self) -> None:
        self.push_screen(MainScreen())
        self._started = True
        self.check_size()
        self.call_after_refresh(settle_memory)

    def on_resize(self) -> None:
        self.check_size()

    def check_size(self) -> None:
        """Cover the screen with a clear message below 60×15; remove it when the terminal grows."""
        if not self._started:
            return
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
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


def create_app(db_path: Path | str) -> LeeftuiApp:
    """Open the database read-only (raising DatabaseError with one clear sentence) and build the app."""
    tune_process()
    app = LeeftuiApp(Session.open(open_database(db_path)))
    settle_memory()  # the imports are done: none of their objects need scanning again
    return app
