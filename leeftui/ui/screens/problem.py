"""`k` in the monitor: which classes count as livability problems — 1–4 (the letter's), 1–3, or any range."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from leeftui.errors import UsageError
from leeftui.model.filters import parse_class_range
from leeftui.ui.widgets.footer import KeysFooter

PRESETS = ("1-4", "1-3", "1-2", "2-4")
"""Offered by name: the letter's 1–4, the stricter 1–3 and 1–2, and 2–4 (problems short of the worst)."""


class ProblemClassesScreen(ModalScreen[tuple[int, int] | None]):
    """Ask for a class range; returns (low, high), or None when cancelled."""

    DEFAULT_CSS = """
    ProblemClassesScreen { align: center middle; }
    ProblemClassesScreen > Vertical { width: 64; max-width: 100%; height: auto; border: round $accent;
                                      padding: 0 1; background: $surface; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with Vertical():
            yield Static("Problem areas: which classes count", id="problem-title")
            yield Label(f"a range of classes 1–9, e.g. {', '.join(PRESETS)} (the letter's: 1-4)")
            yield Input(value=self.current, id="problem-range")
            yield Static("Enter: use it · Esc: keep the current classes", id="problem-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            chosen = parse_class_range(event.value)
        except UsageError as exc:
            self.query_one("#problem-message", Static).update(str(exc))
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
