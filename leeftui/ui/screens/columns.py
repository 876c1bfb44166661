"""`C`: the list's columns — type part of a name and Enter to jump to it, Space to hide or show a column."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from leeftui.ui.columns import Column
from leeftui.ui.widgets.footer import KeysFooter

FIXED_KEYS = ("mark", "name", "code")
"""Columns that always show (they say which area a row is)."""


@dataclass(frozen=True)
class ColumnChoice:
    """What the dialog decided: the columns to hide, and the one to jump to (None: stay)."""

    hidden: frozenset[str]
    jump: str | None


def find_column(columns: list[Column], text: str) -> Column | None:
    """The first column whose header or key starts with ``text`` (else contains it), ignoring case."""
    t = text.strip().lower()
    if not t:
        return None
    for test in (lambda c: c.label.lower().startswith(t) or c.key.lower().startswith(t),
                 lambda c: t in c.label.lower() or t in c.key.lower()):
        found = next((c for c in columns if c.key != "mark" and test(c)), None)
        if found is not None:
            return found
    return None


class ColumnsScreen(ModalScreen[ColumnChoice | None]):
    """Jump to a column by name; hide or show columns. Enter jumps (or applies), Esc cancels."""

    DEFAULT_CSS = """
    ColumnsScreen { align: center middle; }
    ColumnsScreen > Vertical { width: 60; max-width: 95%; height: auto; max-height: 90%; border: round $primary;
                               background: $surface; padding: 0 1; }
    ColumnsScreen SelectionList { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Apply")]

    def __init__(self, columns: list[Column], hidden: frozenset[str]) -> None:
        super().__init__()
        self.columns = [c for c in columns if c.key != "mark"]
        self.hidden = hidden

    def compose(self) -> ComposeResult:
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with Vertical():
            yield Static("Columns", classes="title")
            yield Label("jump to (type part of a name, Enter)")
            yield Input(placeholder="e.g. Δonv, Inw, afw", id="columns-jump")
            yield Label("shown (Space hides or shows; name and code always show)")
            yield SelectionList[str](*(Selection(c.label or c.key, c.key, c.key not in self.hidden,
                                                 disabled=c.key in FIXED_KEYS) for c in self.columns),
                                     id="columns-shown")
            yield Static("", id="columns-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _choice(self, jump: str | None) -> ColumnChoice:
        shown = set(self.query_one(SelectionList).selected)
        hidden = frozenset(c.key for c in self.columns if c.key not in shown and c.key not in FIXED_KEYS)
        return ColumnChoice(hidden, jump)

    @on(Input.Submitted, "#columns-jump")
    def _jump(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.action_apply()
            return
        found = find_column(self.columns, event.value)
        if found is None:
            self.query_one("#columns-message", Static).update(f"No column matches {event.value.strip()!r}.")
            return
        choice = self._choice(found.key)
        self.dismiss(ColumnChoice(choice.hidden - {found.key}, found.key))  # a column jumped to is shown

    def action_apply(self) -> None:
        self.dismiss(self._choice(None))

    def action_cancel(self) -> None:
        self.dismiss(None)
