"""`c`: the marked areas side by side over all waves — scores and classes per wave, a shared-scale
chart, and the dimensions of wave B."""

from __future__ import annotations

import pyarrow as pa
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static
from textual.worker import Worker

from leeftui.errors import LeeftuiError
from leeftui.model.columns import Context
from leeftui.present import fmt
from leeftui.present.charts import lines_chart
from leeftui.schema import DIMENSION_LABELS
from leeftui.store.profile import AreaProfile, area_profile
from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest, view_rows
from leeftui.text import printable
from leeftui.ui.columns import export_table, list_columns
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.transfer import copy_table, open_export
from leeftui.ui.widgets.titlebar import TitleBar

PALETTE = ("cyan", "magenta", "yellow", "green", "blue", "red")


class CompareLoaded(Message):
    """Profiles and the two-wave table of the compared areas."""

    def __init__(self, profiles: list[AreaProfile], table: pa.Table | None, error: str | None = None) -> None:
        super().__init__()
        self.profiles, self.table, self.error = profiles, table, error


def render_compare(profiles: list[AreaProfile], waves: tuple[int, ...], wave_a: int, wave_b: int) -> RenderableType:
    """Scores/classes per wave, a shared-scale chart, and dimensions of wave B, one column per area."""
    names = [f"{printable(p.series.area.name)}{'' if p.series.official else ' ≈'}" for p in profiles]
    what = "score" if not profiles or profiles[0].score == "lbm" else "afw"  # LBM 2.0: no absolute score
    scores = Table(box=None, padding=(0, 1), header_style="bold", title=f"{what} (class) per wave",
                   title_justify="left", title_style="bold")
    scores.add_column("wave")
    for i, n in enumerate(names):
        header = Text.assemble((f"{i + 1}", PALETTE[i % len(PALETTE)]), f" {n}")  # a name is never markup
        scores.add_column(header, justify="right", max_width=18)
    for w in waves:
        row: list[RenderableType] = [f"{w}{' A' if w == wave_a else ' B' if w == wave_b else ''}"]
        for p in profiles:
            ws = p.series.at(w)
            v = p.value(ws)
            if ws is None or v is None:
                row.append(fmt.NA)
            else:
                k = f" ({ws.klasse})" if ws.klasse is not None else ""
                row.append(f"{v:.3f}{k}" if p.score == "lbm" else f"{v:+.3f}{k}")
        scores.add_row(*row)
    delta_row: list[RenderableType] = [f"Δ {wave_a}→{wave_b}"]
    for p in profiles:
        va, vb = p.value(p.series.at(wave_a)), p.value(p.series.at(wave_b))
        d = vb - va if (va is not None and vb is not None) else None
        txt, sty = fmt.delta(d)
        delta_row.append(Text(txt, style=sty))
    scores.add_row(*delta_row)

    values = [[p.value(p.series.at(w)) for w in waves] for p in profiles]
    present = [v for vs in values for v in vs if v is not None]
    chart = Text(f"{what} over all waves (one axis; waves at their years)\n", style="bold")
    if present:
        for i, n in enumerate(names):
            chart.append(f"{i + 1} ", style=PALETTE[i % len(PALETTE)])
            chart.append(f"{n[:24]}   ")
        chart.append("\n")
        series = [(str(i + 1)[-1], PALETTE[i % len(PALETTE)], vs) for i, vs in enumerate(values)]
        shown = fmt.score if profiles and profiles[0].score == "lbm" else fmt.signed
        chart.append_text(lines_chart(waves, series, width=44, height=7, label=shown))

    dims = Table(box=None, padding=(0, 1), header_style="bold", title=f"dimensions {wave_b}",
                 title_justify="left", title_style="bold")
    dims.add_column("dimension")
    for i in range(len(names)):
        dims.add_column(f"{i + 1}", justify="right")
    first = profiles[0].series.waves[0].dimensions if profiles and profiles[0].series.waves else ()
    for dim in (name for name, _ in first):
        cells = [DIMENSION_LABELS.get(dim, dim)]
        for p in profiles:
            at_b = p.series.at(wave_b)
            cells.append(fmt.signed(dict(at_b.dimensions).get(dim) if at_b else None))
        dims.add_row(*cells)
    return Group(scores, Text(""), chart, Text(""), dims)


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
        yield Footer(compact=True)

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
