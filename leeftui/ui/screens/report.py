"""`r` on the list: the one-page report of the area under the cursor (as `leeftui report`), to a file whose
suffix says the format (.html, .md, .pdf); written in a thread worker through the safe writer."""

from __future__ import annotations

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


class ReportScreen(ModalScreen[Path | None]):
    """Ask where to write the report of ``code``, then write it."""

    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > Vertical { width: 76; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
                              background: $surface; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, code: str, name: str) -> None:
        super().__init__()
        self.code, self.area_name = code, name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"One-page report of {self.area_name} ({self.code})", markup=False)
            yield Label("file (.html, .md or .pdf)")
            yield Input(value=f"leeftui-{self.code.lower()}.html", id="report-path")
            yield Static("", id="report-message", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from leeftui.errors import UsageError
        from leeftui.export.files import output_path

        try:
            path = output_path(event.value.strip() or "x")
        except UsageError as exc:
            self._say(str(exc))
            return
        from leeftui.present.sheet import KINDS

        if path.suffix.lower() not in KINDS:
            self._say("Give a name ending in .html, .md or .pdf.")
            return
        if path.exists():
            self._say(f"{path.name} exists: choose another name (the report never replaces a file).")
            return
        self._say("writing …")
        self._write(path)

    def _say(self, text: str) -> None:
        self.query_one("#report-message", Static).update(text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="report", name="the report", exit_on_error=False)
    def _write(self, path: Path) -> None:
        from leeftui.errors import LeeftuiError
        from leeftui.export import write_file
        from leeftui.present.sheet import KINDS, render
        from leeftui.store.sheet import area_sheet

        session = session_of(self)
        try:
            body = render(area_sheet(session.db, session.release, self.code), KINDS[path.suffix.lower()])
            write_file(path, lambda fh: fh.write(body))
        except (LeeftuiError, OSError) as exc:
            self.app.call_from_thread(self._say, f"✗ {exc}")
            return
        self.app.call_from_thread(self._done, path)

    def _done(self, path: Path) -> None:
        if self.app.is_web:  # served in a browser: the page downloads there too
            self.app.deliver_binary(path, save_filename=path.name)
        self.app.notify(f"Wrote the report of {self.area_name} to {path}", timeout=5, markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
