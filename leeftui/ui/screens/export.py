"""`e`: export exactly what the view shows, through leeftui.export.write_table, in a thread worker.

An existing file is never overwritten without a second, explicit confirmation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow as pa
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, RadioButton, RadioSet, Select, Static
from textual.worker import Worker

from leeftui.errors import UsageError
from leeftui.export import FORMATS, format_from_suffix, write_table
from leeftui.export.files import output_path
from leeftui.export.gis import GIS_FORMATS
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.footer import KeysFooter

SUFFIX = {"markdown": "md", "geoparquet": "parquet"}
"""The file suffix of a format where it is not the format's name (GeoParquet is a .parquet file: DuckDB and
GeoPandas read it by that name)."""


class ExportProgress(Message):
    """Rows written so far."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class ExportDone(Message):
    """The export worker finished."""

    def __init__(self, path: Path, rows: int, error: str | None, missing: int = 0) -> None:
        super().__init__()
        self.path, self.rows, self.error = path, rows, error
        self.missing = missing
        """Areas written without an outline (GIS formats)."""


class ExportScreen(ModalScreen[Path | None]):
    """Format and path; Enter/ctrl+s exports; a second confirmation is needed to overwrite."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export"),
    ]

    def __init__(self, table: pa.Table, description: str, default_name: str,
                 extra: tuple[tuple[str, pa.Table], ...] = (), marked: pa.Table | None = None,
                 coverage: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.coverage = coverage
        """What a report's figures stand on: carried in the files' provenance."""
        self.table = table
        self.all_rows = table
        self.marked = marked if marked is not None and marked.num_rows else None
        """The marked rows of the view (offered as 'only the marked rows')."""
        self.extra = extra
        """More tables of the same screen, written beside the file as ``<name>-<table><suffix>``."""
        self.description = description
        self.default_name = default_name
        self.fmt = "csv"
        self._confirmed_for: Path | None = None
        self._busy = False


    def compose(self) -> ComposeResult:
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with Vertical(id="export-box"):
            yield Static(f"Export {self.table.num_rows:,} rows × {self.table.num_columns} columns".replace(",", " "),
                         id="export-title")
            yield Static(self.description, id="export-desc")
            if not self.extra:  # one table: all its rows, the marked ones, or the first N
                with RadioSet(id="export-rows"):
                    yield RadioButton(f"all {self.all_rows.num_rows:,} rows".replace(",", " "), value=True,
                                      id="rows-all")
                    if self.marked is not None:
                        yield RadioButton(f"only the {self.marked.num_rows} marked rows", id="rows-marked")
                    yield RadioButton("the first … rows (give the number below)", id="rows-first")
                yield Input("", placeholder="number of rows, e.g. 100", id="export-first")
            if self.extra:
                yield Static(f"and {len(self.extra)} more tables beside it: "
                             + ", ".join(f"…-{n}" for n, _ in self.extra), id="export-extra")
            yield Label("format")
            with Horizontal(id="export-format-row"):
                yield Select([(f, f) for f in FORMATS], value=self.fmt, allow_blank=False, id="export-format")
                yield Checkbox("for a spreadsheet: ' before = + - @", id="export-safe",
                               tooltip="Text that begins like a formula gets a ' so a spreadsheet shows it as text "
                                       "(off: the data stay exact for DuckDB, pandas, R; xlsx is always literal)")
            yield Label("file")
            yield Input(str(Path.cwd() / f"{self.default_name}.csv"), id="export-path")
            yield Static("", id="export-message")
            yield ProgressBar(total=None, show_eta=False, id="export-progress")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        new = str(event.value)
        if new == self.fmt:
            return
        path_input = self.query_one("#export-path", Input)
        p = Path(path_input.value)
        old_suffix = "." + SUFFIX.get(self.fmt, self.fmt)
        if p.suffix == old_suffix:
            path_input.value = str(p.with_suffix("." + SUFFIX.get(new, new)))
        self.fmt = new
        self._confirmed_for = None
        self._show_safe()

    def _show_safe(self) -> None:
        """The spreadsheet option is offered for csv and tsv (xlsx cells are always literal text)."""
        self.query_one("#export-safe", Checkbox).display = self.fmt in ("csv", "tsv")

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._confirmed_for = None
        self.query_one("#export-go", Button).label = "Export"
        implied = format_from_suffix(event.value.strip())
        if implied == "parquet" and self.fmt == "geoparquet":
            implied = None  # a GeoParquet file is a .parquet file
        if implied is not None and implied != self.fmt:  # 'x.parquet' means parquet: the format follows the name
            self.fmt = implied
            self.query_one("#export-format", Select).value = implied
            self._show_safe()

    def _say(self, text: str) -> None:
        self.query_one("#export-message", Static).update(text)

    def _rows(self) -> pa.Table | str:
        """The rows chosen (all, the marked, the first N), or what is wrong with the number."""
        if self.extra or not self.query("#export-rows"):
            return self.all_rows
        pressed = self.query_one("#export-rows", RadioSet).pressed_button
        choice = pressed.id if pressed is not None else "rows-all"
        if choice == "rows-marked" and self.marked is not None:
            return self.marked
        if choice == "rows-first":
            text = self.query_one("#export-first", Input).value.strip()
            if not text.isdigit() or int(text) < 1:
                return "Give the number of rows (1 or more) for 'the first … rows'."
            return self.all_rows.slice(0, int(text))
        return self.all_rows

    def action_export(self) -> None:
        if self._busy:
            return
        rows = self._rows()
        if isinstance(rows, str):
            self._say(rows)
            return
        self.table = rows
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._say("Give a file name.")
            return
        try:
            path = output_path(raw)
        except UsageError as exc:
            self._say(str(exc))
            return
        overwrite = False
        sidecar = path.with_name(path.name + ".meta.json") if self.fmt == "jsonl" else None
        if any(p.exists() for p, _, _ in self._targets(path)) or (sidecar is not None and sidecar.exists()):
            if self._confirmed_for != path:
                self._confirmed_for = path
                self.query_one("#export-go", Button).label = "Overwrite"
                self._say(f"⚠ {path.name} exists. Press Export/Enter again to OVERWRITE it, or change the name.")
                return
            overwrite = True
        self._busy = True
        bar = self.query_one(ProgressBar)
        bar.update(total=sum(t.num_rows for _, t, _ in self._targets(path)) or 1, progress=0)  # a percentage at once
        bar.display = True
        self._say(f"writing {path.name} …")
        self._write(path, self.fmt, overwrite, self.query_one("#export-safe", Checkbox).value)

    def _targets(self, path: Path) -> list[tuple[Path, pa.Table, str]]:
        """Every file this export writes: the table at ``path``, each extra table beside it."""
        out = [(path, self.table, self.description)]
        for name, table in self.extra:
            out.append((path.with_name(f"{path.stem}-{name}{path.suffix}"), table,
                        f"{self.description.rsplit(' — ', 1)[0]} — {name}"))
        return out

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="export", name="the export", exit_on_error=False)
    def _write(self, path: Path, fmt_name: str, overwrite: bool, spreadsheet_safe: bool = False) -> None:
        targets = self._targets(path)
        total = sum(t.num_rows for _, t, _ in targets)
        done_before = 0
        missing = 0
        try:
            for target, table, description in targets:
                prov = replace(session_of(self).provenance(description), coverage=self.coverage)
                if fmt_name in GIS_FORMATS:  # the view's columns and each area's outline
                    from leeftui.store.outlines import with_geometry

                    table, lacking = with_geometry(session_of(self).db, table)
                    missing += lacking

                def progress(done: int, _total: int, before: int = done_before) -> None:
                    self.post_message(ExportProgress(before + done, total))

                write_table(table, target, fmt_name, prov, overwrite=overwrite, progress=progress,
                            spreadsheet_safe=spreadsheet_safe)
                done_before += table.num_rows
        except Exception as exc:  # user-facing: disk full, permission, refused overwrite
            self.post_message(ExportDone(path, 0, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
            return
        self.post_message(ExportDone(path, total, None, missing))

    def on_export_progress(self, msg: ExportProgress) -> None:
        self.query_one(ProgressBar).update(total=msg.total, progress=msg.done)

    def on_export_done(self, msg: ExportDone) -> None:
        self._busy = False
        self.query_one(ProgressBar).display = False
        if msg.error:
            self._say(f"✗ {msg.error}")
            self._confirmed_for = None
            return
        if self.app.is_web:  # served in a browser (leeftui serve): the file goes to the browser too
            self.app.deliver_binary(msg.path, save_filename=msg.path.name)
        more = f" and {len(self.extra)} more tables beside it" if self.extra else ""
        lacking = f"; {msg.missing} areas have no outline (kept, with an empty geometry)" if msg.missing else ""
        self.app.notify(f"Exported {msg.rows} rows to {msg.path}{more}{lacking}", timeout=4)
        self.dismiss(msg.path)

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
