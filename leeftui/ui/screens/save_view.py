"""`X` (or the palette): name the view to save it — the answer goes back to the list, which saves it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class SaveViewScreen(ModalScreen[str | None]):
    """Ask for a view's name; dismiss with it (None: cancelled)."""

    DEFAULT_CSS = """
    SaveViewScreen { align: center middle; }
    SaveViewScreen > Vertical { width: 76; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
                                background: $surface; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, command: str, taken: tuple[str, ...]) -> None:
        super().__init__()
        self.command, self.taken = command, taken

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Save the view under a name (leeftui view run NAME replays it)", markup=False)
            yield Static(self.command, id="view-command", markup=False)
            yield Label("name (letters, digits, space, _ . -)")
            yield Input(placeholder="e.g. declined-wijken", id="view-name")
            yield Static("", id="view-message", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from leeftui import savedviews
        from leeftui.errors import UsageError

        try:
            name = savedviews.check_name(event.value)
        except UsageError as exc:
            self.query_one("#view-message", Static).update(str(exc))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
