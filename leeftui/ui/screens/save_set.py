"""ctrl+s on the list: save the marked areas as an area set — a set file, added to the database atomically.

The set file goes to the user-data folder (``sets/<name>.toml``, the rebuild's format, so a later rebuild can read
it too); then :func:`leeftui.ingest.add_set.add_sets` writes it into a copy of the open database and replaces it.
The explorer notices the new file and offers ctrl+r to reload. The bundled demo database is never changed: the
file is written and the way to use it is said.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import Worker

from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.footer import KeysFooter

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$")


class SaveSetScreen(ModalScreen[None]):
    """Ask for a name, then save the marked areas as a set."""

    DEFAULT_CSS = """
    SaveSetScreen { align: center middle; }
    SaveSetScreen > Vertical { width: 70; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
                               background: $surface; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, members: list[tuple[str, str]], what: str | None = None) -> None:
        super().__init__()
        self.members = members
        self.what = what or f"the {len(members)} marked areas"

    def compose(self) -> ComposeResult:
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with Vertical():
            yield Static(f"Save {self.what} as an area set", id="save-title", markup=False)
            yield Label("name (letters, digits, space, _ . -)")
            yield Input(placeholder="e.g. my-wijken", id="save-name")
            yield Static("", id="save-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not NAME.match(name):
            self.query_one("#save-message", Static).update("Give a name of letters, digits, space, _ . or -.")
            return
        self.query_one("#save-message", Static).update("saving …")
        self._save(name)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="save-set", name="saving the set", exit_on_error=False)
    def _save(self, name: str) -> None:
        from leeftui import paths
        from leeftui.errors import LeeftuiError
        from leeftui.ingest.add_set import add_sets, set_file_text

        session = session_of(self)
        db = session.db
        folder = paths.user_data_dir() / "sets"
        file = folder / (re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".toml")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            text = set_file_text(name, f"saved from the explorer ({session.release.label})", self.members)
            file.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.app.call_from_thread(self._done, f"Cannot write {file}: {exc.strerror or exc}.", "error")
            return
        if Path(db.path).resolve() == paths.bundled_db_path().resolve():
            self.app.call_from_thread(
                self._done, f"Wrote {file}. The bundled demo database is not changed: add the set to your own "
                            f"database with `leeftui db add-set {file} --db PATH`.", "warning")
            return
        try:
            added = add_sets(Path(db.path), file)
        except LeeftuiError as exc:
            self.app.call_from_thread(self._done, str(exc), "error")
            return
        self.app.call_from_thread(self._done, f"Saved area set '{added[0].name}' ({added[0].members} areas) in "
                                               f"{db.path} and {file}; ctrl+r reloads to use it.", "information")

    def _done(self, message: str, severity: str) -> None:
        self.app.notify(message, severity=severity, timeout=8, markup=False)  # type: ignore[arg-type]
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
