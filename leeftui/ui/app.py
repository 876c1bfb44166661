"""The explorer's App: owns the open database, the theme, the clipboard and the export dialog.

Screens live in ui/screens/, widgets in ui/widgets/, all styling in ui/app.tcss. Build it
with :func:`create_app` (launch, tests and benchmark use the same factory).
"""

from __future__ import annotations

import gc
import os
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from leeftui.store import Database, open_database
from leeftui.store.areas import class_labels
from leeftui.ui.commands import ActionsProvider

if TYPE_CHECKING:
    import pyarrow as pa

    from leeftui.store.db import ReleaseInfo
    from leeftui.store.table import Scope

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

    def __init__(self, db: Database, first_list: FirstList | None = None) -> None:
        super().__init__()
        self.db = db
        self.labels: dict[int, str] = class_labels(db)
        self.theme = "textual-dark"
        self._started = False
        self._first_list = first_list

    def take_first_list(self, scope: Scope, wave_a: int, wave_b: int) -> pa.Table | None:
        """The list queried while the app started, if it is the one asked for (once; None otherwise)."""
        first, self._first_list = self._first_list, None
        return first.result(scope, wave_a, wave_b) if first is not None else None

    def on_mount(self) -> None:
        from leeftui.ui.screens.main import MainScreen

        self.push_screen(MainScreen())
        self._started = True
        self._check_size()
        self.call_after_refresh(settle_memory)

    def on_resize(self) -> None:
        self._check_size()

    def _check_size(self) -> None:
        """Cover the screen with a clear message below 60×15; remove it when the terminal grows."""
        from leeftui.ui.screens.toosmall import TooSmallScreen

        if not self._started:
            return
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
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

    def open_export(self, table: pa.Table, description: str, default_name: str) -> None:
        """Open the export dialog for ``table`` (exactly what the current view shows)."""
        from leeftui.ui.screens.export import ExportScreen

        self.push_screen(ExportScreen(table, description, default_name))

    def clipboard_reachable(self) -> bool:
        """False where OSC 52 cannot reach a terminal (not a terminal, or TERM=dumb)."""
        return self.console.is_terminal and os.environ.get("TERM", "") != "dumb"

    def copy_table(self, table: pa.Table, fmt_name: str, what: str) -> None:
        """Copy ``table`` as TSV or Markdown via OSC 52, and say what happened."""
        from leeftui.ui.columns import to_text

        text = to_text(table, fmt_name)
        self.copy_to_clipboard(text)
        kind = "Markdown" if fmt_name == "markdown" else "TSV"
        if self.clipboard_reachable():
            self.notify(f"Copied {table.num_rows} {what} as {kind} (OSC 52).", timeout=3)
        else:
            self.notify(f"Copied {table.num_rows} {what} as {kind} inside leeftui only: this terminal cannot "
                        "receive OSC 52 (not a terminal or TERM=dumb); use `e` to export to a file.",
                        severity="warning", timeout=6)


def default_waves(release: ReleaseInfo) -> tuple[int, int]:
    """Waves A and B the explorer opens with: the first and last wave with dimension scores
    (all waves when fewer than two have them)."""
    waves = release.dimension_waves if len(release.dimension_waves) >= 2 else release.waves
    return waves[0], waves[-1]


class FirstList:
    """The first screen's list (the gemeenten of Nederland, default waves), queried in a thread
    while Textual builds and mounts the app, so the list can show as soon as the screen is up."""

    def __init__(self, db: Database) -> None:
        from leeftui.store.table import Scope

        self.scope = Scope(parent="NL")
        self.waves = default_waves(db.release)
        self._future: Future[pa.Table] = Future()
        threading.Thread(target=self._run, args=(db,), name="leeftui-first-list").start()

    def _run(self, db: Database) -> None:
        from leeftui.store.table import area_table

        try:
            self._future.set_result(area_table(db, self.scope, *self.waves))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever asks; they query again
            self._future.set_exception(exc)

    def result(self, scope: Scope, wave_a: int, wave_b: int) -> pa.Table | None:
        """The table if it answers ``scope`` at these waves (waits for the query); None if not or if it failed."""
        if scope != self.scope or (wave_a, wave_b) != self.waves:
            return None
        try:
            return self._future.result()
        except Exception:  # noqa: BLE001 - the caller runs the query itself and reports its error
            return None


def interrupt_until(cursor: object, done: threading.Event, every: float = 0.01, limit: float = 5.0) -> None:
    """Interrupt the queries of ``cursor`` (a store cursor another thread runs on) until ``done`` is set.

    One interrupt is lost when it falls between two queries of a job, so a helper thread repeats
    it every ``every`` seconds (at most ``limit`` seconds); quitting the app then never waits for
    a background load to finish.
    """
    def repeat() -> None:
        deadline = time.monotonic() + limit
        while not done.wait(every) and time.monotonic() < deadline:
            cursor.interrupt()  # type: ignore[attr-defined]

    cursor.interrupt()  # type: ignore[attr-defined]
    threading.Thread(target=repeat, name="leeftui-interrupt", daemon=True).start()


def settle_memory() -> None:
    """Move every object alive now into the GC's permanent generation (``gc.freeze``).

    The explorer keeps tens of thousands of long-lived objects (Textual, Rich, the database engine, Arrow,
    the screens, the areas of the release); without this every full collection walks all of
    them again, a pause that lands in whatever key press happens to trigger it. Call it after
    the start and after big loads. Freezing is a constant-time list splice (no collection runs).
    """
    gc.freeze()


GC_THRESHOLDS = (700, 10, 100)
"""Python's defaults are (700, 10, 10). After ``gc.freeze`` the frozen objects no longer count as
long-lived, so the rule that keeps full collections rare stops working and one runs every ten
young-generation passes (20–100 ms each, in whatever key press it lands). 100 instead of 10 makes
them rare again; young collections stay small (≤ 8 ms). Keys benchmark (scale 0.1, 240 presses):
full collections 14–16 → 1, p95 of back/wave/national wave 80–120 → 42–61 ms."""


def use_system_allocator() -> None:
    """Let Arrow allocate with malloc instead of its default mimalloc pool.

    mimalloc keeps large per-thread segments committed after Arrow's compute kernels run
    (≈ 35 MB of resident memory for a 5 MB national view); malloc returns them.
    """
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def create_app(db_path: Path | str) -> LeeftuiApp:
    """Open the database read-only (raising DatabaseError with one clear sentence) and build the app."""
    use_system_allocator()
    gc.set_threshold(*GC_THRESHOLDS)
    db = open_database(db_path)
    app = LeeftuiApp(db, FirstList(db) if db.release.waves else None)
    settle_memory()  # the imports are done: none of their objects need scanning again
    return app
