"""`c`: the marked areas side by side over all waves — scores and classes per wave, a shared-scale
chart, and the dimensions of wave B."""

from __future__ import annotations

import pyarrow as pa
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static
from textual.worker import Worker

from leeftui.errors import LeeftuiError
from leeftui.model.columns import Context
from leeftui.model.profile import AreaProfile
from leeftui.present.compare import render_compare
from leeftui.store.profile import area_profile
from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest, view_rows
from leeftui.ui.columns import export_table, list_columns
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.transfer import copy_table, open_export
from leeftui.ui.widgets.footer import KeysFooter
from leeftui.ui.widgets.titlebar import TitleBar


class CompareLoaded(Message):
    """Profiles and the two-wave table of the compared areas."""

    def __init__(self, profiles: list[AreaProfile], table: pa.Table | None, error: str | None = None) -> None:
        super().__init__()
        self.profiles, self.table, self.error = profiles, table, error


class CompareScreen(Screen[None]):
    """Compare the marked areas; `e` exports them, `y` copies them."""

    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("e", "export", "Export"),
        Binding("y", "copy('tsv')", "Copy"),
        Binding("Y", "copy('markdown')", "Copy as Markdown", show=False),
    ]

    def __init__(self, codes: tuple[str, ...], wave_a: int, wave_b: int) -> None:
        super().__init__()
        self.codes, self.wave_a, self.wave_b = codes, wave_a, wave_b
        self.table: pa.Table | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar.of(session_of(self), "compare")
        yield Static(f"Comparing {len(self.codes)} areas · A {self.wave_a} → B {self.wave_b} · "
                     "≈ = derived figures", id="compare-title")
        with VerticalScroll(id="compare-body"):
            yield LoadingIndicator()
            yield Static("", id="compare-content")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self._load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="compare", name="loading the comparison", exit_on_error=False)
    def _load(self) -> None:
        db, rel = session_of(self).db, session_of(self).release
        try:
            profiles = [area_profile(db, rel, c) for c in self.codes]
            table = view_rows(db, rel, ViewRequest(Scope(codes=self.codes), self.wave_a, self.wave_b))
        except LeeftuiError as exc:
            self.post_message(CompareLoaded([], None, str(exc)))
            return
        self.post_message(CompareLoaded(profiles, table))

    def on_compare_loaded(self, msg: CompareLoaded) -> None:
        self.query_one(LoadingIndicator).display = False
        content = self.query_one("#compare-content", Static)
        if msg.error:
            content.update(msg.error)
            return
        order = {c: i for i, c in enumerate(self.codes)}
        table = msg.table
        if table is not None:
            codes = table.column("code").to_pylist()
            idx = sorted(range(table.num_rows), key=lambda i: order.get(codes[i], 0))
            self.table = table.take(pa.array(idx, pa.int64()))
        content.update(render_compare(msg.profiles, session_of(self).release.waves, self.wave_a, self.wave_b))

    def export_view(self) -> pa.Table | None:
        """The compared areas as an export table (same columns as the list)."""
        if self.table is None:
            return None
        context = Context(session_of(self).release, self.wave_a, self.wave_b, flat=True)
        return export_table(self.table, list_columns(context), context)

    def action_export(self) -> None:
        table = self.export_view()
        if table is not None:
            open_export(self.app, table, f"compared areas {', '.join(self.codes)}; "
                        f"waves {self.wave_a}→{self.wave_b}", f"leeftui-compare-{self.wave_a}-{self.wave_b}")

    def action_copy(self, fmt_name: str) -> None:
        table = self.export_view()
        if table is not None:
            copy_table(self.app, table, fmt_name, "compared areas",
                       session_of(self).provenance(f"compared areas {', '.join(self.codes)}"))
