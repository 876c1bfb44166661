"""`r` on the list: the one-page report of the area under the cursor (as `leeftui report`), to a file whose
suffix says the format (.html, .md, .pdf); written in a thread worker through the safe writer."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.worker import Worker

from leeftui.ui.failures import report_failure
from leeftui.ui.screens.ask import AskScreen
from leeftui.ui.session import session_of


class ReportScreen(AskScreen[Path]):
    """Ask where to write the report of ``code``, then write it."""

    def __init__(self, code: str, name: str) -> None:
        super().__init__(f"One-page report of {name} ({code})", "", "file (.html, .md or .pdf)",
                         value=f"leeftui-{code.lower()}.html")
        self.code, self.area_name = code, name

    def submitted(self, text: str) -> None:
        from leeftui.errors import UsageError
        from leeftui.export.files import output_path
        from leeftui.present.pagefile import KINDS

        try:
            path = output_path(text.strip() or "x")
        except UsageError as exc:
            self.say(str(exc))
            return
        if path.suffix.lower() not in KINDS:
            self.say("Give a name ending in .html, .md or .pdf.")
            return
        if path.exists():
            self.say(f"{path.name} exists: choose another name (the report never replaces a file).")
            return
        self.say("writing …")
        self._write(path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="report", name="the report", exit_on_error=False)
    def _write(self, path: Path) -> None:
        from leeftui.errors import LeeftuiError
        from leeftui.export import write_file
        from leeftui.present.pagefile import KINDS, render
        from leeftui.store.sheet import area_sheet

        session = session_of(self)
        try:
            body = render(area_sheet(session.db, session.release, self.code), KINDS[path.suffix.lower()])
            write_file(path, lambda fh: fh.write(body))
        except (LeeftuiError, OSError) as exc:
            self.app.call_from_thread(self.say, f"✗ {exc}")
            return
        self.app.call_from_thread(self._done, path)

    def _done(self, path: Path) -> None:
        if self.app.is_web:  # served in a browser: the page downloads there too
            self.app.deliver_binary(path, save_filename=path.name)
        self.app.notify(f"Wrote the report of {self.area_name} to {path}", timeout=5, markup=False)
        self.dismiss(path)
