"""Shown instead of a broken layout when the terminal is smaller than 60×15."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    """A single clear message; disappears when the terminal grows (``check`` decides, on every resize)."""

    BINDINGS = [("q", "app.quit", "Quit")]

    def __init__(self, check: Callable[[], None]) -> None:
        super().__init__()
        self._check = check

    def on_resize(self) -> None:
        self.app.call_later(self._check)

    def compose(self) -> ComposeResult:
        yield Static("terminal too small (need 60×15) — enlarge the window, or press q to quit", id="too-small")
