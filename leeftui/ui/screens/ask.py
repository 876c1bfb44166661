"""A small dialog that asks for one line (a name, a file): a title, what it is about, a field, a message line;
Enter hands the text to :meth:`AskScreen.submitted`, Escape cancels."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from leeftui.ui.widgets.footer import KeysFooter

T = TypeVar("T")


class AskScreen(ModalScreen[T | None], Generic[T]):
    """Ask for one line; subclasses say what to do with it."""

    DEFAULT_CSS = """
    AskScreen { align: center middle; }
    AskScreen > Vertical { width: 76; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
                           background: $surface; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, about: str, label: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._texts = (title, about, label, value, placeholder)

    def compose(self) -> ComposeResult:
        title, about, label, value, placeholder = self._texts
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with Vertical():
            yield Static(title, markup=False)
            if about:
                yield Static(about, id="ask-about", markup=False)
            yield Label(label)
            yield Input(value=value, placeholder=placeholder, id="ask-line")
            yield Static("", id="ask-message", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def say(self, text: str) -> None:
        """Show ``text`` under the field."""
        self.query_one("#ask-message", Static).update(text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.submitted(event.value)

    def submitted(self, text: str) -> None:
        """What Enter does with ``text``."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
