"""`X` (or the palette): name the view to save it — the answer goes back to the list, which saves it."""

from __future__ import annotations

from leeftui.ui.screens.ask import AskScreen


class SaveViewScreen(AskScreen[str]):
    """Ask for a view's name; dismiss with it (None: cancelled)."""

    def __init__(self, command: str) -> None:
        super().__init__("Save the view under a name (leeftui view run NAME replays it)", command,
                         "name (letters, digits, space, _ . -)", placeholder="e.g. declined-wijken")

    def submitted(self, text: str) -> None:
        from leeftui import savedviews
        from leeftui.errors import UsageError

        try:
            self.dismiss(savedviews.check_name(text))
        except UsageError as exc:
            self.say(str(exc))
