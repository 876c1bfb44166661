"""Shown instead of a broken layout when the terminal is smaller than 60×15."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen):
    """A single clear message; disappears when the terminal grows."""

    BINDINGS = [("q", "app.quit", "Quit")]

    def on_resize(self) -> None:
        self.app.call_later(self.app._check_size)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static("terminal too small (need 60×15) — enlarge the window, or press q to quit", id="too-small")
