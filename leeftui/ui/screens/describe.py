"""`I`: the distributions and statistics of the rows in view — the class histogram of waves A and B side by
side (areas and inhabitants per class) and min / median / max / mean / weighted mean of the numeric columns.
Computed from the list in memory (:mod:`leeftui.store.describe`) in a worker; `e` exports both tables."""

from __future__ import annotations

import pyarrow as pa
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static
from textual.worker import Worker

from leeftui.present import fmt
from leeftui.store.describe import class_histogram, column_statistics
from leeftui.text import printable
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.footer import KeysFooter
from leeftui.ui.widgets.titlebar import TitleBar

BAR = 24
"""Width of the longest histogram bar."""


class Described(Message):
    def __init__(self, histogram: pa.Table, stats: pa.Table) -> None:
        super().__init__()
        self.histogram, self.stats = histogram, stats


def histogram_table(h: pa.Table, wave_a: int, wave_b: int, has_classes: bool, bar: int = BAR) -> Table | Text:
    """Areas per class in A and B as bars side by side ('▇' for A, '█' for B), with the inhabitants."""
    if not has_classes:
        return Text("No class boundaries are loaded: no class histogram (the statistics below still hold).",
                    style="yellow")
    rows = h.to_pylist()
    top = max([r[f"areas_{wave_a}"] for r in rows] + [r[f"areas_{wave_b}"] for r in rows] + [1])
    t = Table(box=None, padding=(0, 1), header_style="bold")
    for col, justify in (("class", "left"), (str(wave_a), "right"), ("", "left"), (str(wave_b), "right"),
                         ("", "left"), (f"inw. {wave_a}", "right"), (f"inw. {wave_b}", "right")):
        t.add_column(col, justify=justify, no_wrap=True, min_width=len(col))  # type: ignore[arg-type]
    for r in rows:
        a, b = r[f"areas_{wave_a}"], r[f"areas_{wave_b}"]
        label = fmt.SHORT_LABELS.get(r["label"], r["label"])
        swatch = Text(f"{r['klasse']} ", style=fmt.class_style(r["klasse"])) + Text(f" {label}")
        t.add_row(swatch, str(a), Text("▇" * round(bar * a / top), style="dim"), str(b),
                  Text("█" * round(bar * b / top)), fmt.inwoners(r.get(f"inwoners_{wave_a}")),
                  fmt.inwoners(r.get(f"inwoners_{wave_b}")))
    return t


def stats_table(s: pa.Table) -> Table:
    """min / median / max / mean / weighted mean per numeric column."""
    t = Table(box=None, padding=(0, 1), header_style="bold")
    for col in ("column", "values", "min", "median", "max", "mean", "weighted"):
        t.add_column(col, justify="left" if col == "column" else "right")
    for r in s.to_pylist():
        shown = fmt.signed if r["column"].startswith(("d_", "afw", "fys", "onv", "soc", "vrz", "won", "bev",
                                                      "vei")) else fmt.score
        t.add_row(printable(r["column"]), str(r["values"]), shown(r["min"]), shown(r["median"]), shown(r["max"]),
                  shown(r["mean"]), shown(r["weighted_mean"]))
    return t


class DescribeScreen(Screen[None]):
    """Statistics of the list's rows; Esc goes back, e exports both tables."""

    BINDINGS = [Binding("escape,backspace,I", "back", "Back"), Binding("e", "export", "Export")]

    def __init__(self, view: pa.Table, columns: list[str], wave_a: int, wave_b: int, where: str) -> None:
        super().__init__()
        self.view, self.columns, self.wave_a, self.wave_b, self.where = view, columns, wave_a, wave_b, where
        self.histogram: pa.Table | None = None
        self.stats: pa.Table | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar.of(session_of(self), "statistics of the view")
        with VerticalScroll():
            yield LoadingIndicator()
            yield Static("", id="describe-body")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self._compute()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="describe", name="the statistics of the view", exit_on_error=False)
    def _compute(self) -> None:
        self.post_message(Described(class_histogram(self.view, self.wave_a, self.wave_b),
                                    column_statistics(self.view, self.columns)))

    def on_described(self, msg: Described) -> None:
        self.histogram, self.stats = msg.histogram, msg.stats
        self.query_one(LoadingIndicator).display = False
        has_classes = session_of(self).release.classes_source is not None
        n = self.view.num_rows
        classed = sum(msg.histogram.column(f"areas_{self.wave_b}").to_pylist())
        head = Text.assemble((f"{n:,} rows in view".replace(",", " "), "bold"), " — ", printable(self.where))
        parts = [head, Text(""), Text(f"Areas per class, {self.wave_a} (▇) and {self.wave_b} (█)", style="bold"),
                 histogram_table(msg.histogram, self.wave_a, self.wave_b, has_classes,
                                 bar=max(4, min(BAR, (self.size.width - 52) // 2)))]
        if has_classes and classed < n:
            parts.append(Text(f"{n - classed} rows have no class in {self.wave_b}.", style="dim"))
        parts += [Text(""), Text("Numeric columns (weighted: by inhabitants, over the rows with both)", style="bold"),
                  stats_table(msg.stats), Text(""), Text("e: export both tables · Esc: back", style="dim")]
        self.query_one("#describe-body", Static).update(Group(*parts))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        if self.histogram is None or self.stats is None:
            return
        from leeftui.ui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.histogram, f"class histogram of {self.where}",
                                          "leeftui-classes", extra=(("statistics", self.stats),)))
