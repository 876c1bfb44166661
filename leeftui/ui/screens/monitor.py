"""`p`: the monitor's questions for the waves being compared — one tab each, computed in workers.

1 Overview: residents in problem areas per wave, the class shares (chart: waves at their years), the weighted
mean; 2 Set: an area set against the rest of the country and of its own gemeenten, per dimension, per member;
3 Improvement: Δ per starting class; 4 Decliners: areas that declined (by the published development where the
release publishes one); 5 Effect: did the set do better than comparable areas (matched controls, the estimate with
its interval and placebo p-value, the placebo distribution; computed in a worker with progress; ``s`` saves the
controls as a set). Under each title, what the figures stand on (coverage, the national figure, the weight).
``k`` chooses the problem classes (1–4, 1–3, any range), ``w`` the weight (inhabitants, households). Enter on a
row with an area opens it in the explorer; ``e`` exports every table of the tab. The figures come from
:mod:`leeftui.store.monitor` and :mod:`leeftui.store.change`, the same reports `leeftui stats` prints.
"""

from __future__ import annotations

import pyarrow as pa
from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, LoadingIndicator, Static, TabbedContent, TabPane
from textual.worker import Worker

from leeftui.errors import LeeftuiError
from leeftui.model.measures import ProblemCriterion
from leeftui.model.report import Report
from leeftui.present.report import cell, overview_chart, placebo_chart
from leeftui.store.change import decliners, improvement
from leeftui.store.effect import effect
from leeftui.store.monitor import overview, set_report
from leeftui.store.stats import set_names
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.footer import KeysFooter
from leeftui.ui.widgets.titlebar import TitleBar

LEVELS = ("buurt", "wijk", "gemeente", "pc4")
"""The levels ``v`` steps through, those of the release only, finest first."""
TABS = ("overview", "set", "improvement", "decliners", "effect")
NO_CLASSES = ("No class boundaries are loaded for this release, so problem areas need a score threshold: on the "
              "list, press f and fill in 'score of wave B below', then press p again.")


class ReportTable(DataTable[Text]):
    """A report's table: its first column (the area, wave or group each row is about) stays in view, and ← / →
    move by whole columns (a plain table scrolls one or two characters per key: 26 presses to reach a column)."""

    def action_cursor_right(self) -> None:
        self._by_column(1)

    def action_cursor_left(self) -> None:
        self._by_column(-1)

    def _by_column(self, step: int) -> None:
        widths = [c.get_render_width(self) for c in self.ordered_columns]
        starts, x = [], 0  # where each column right of the frozen ones begins in the scrolled part
        for w in widths[self.fixed_columns:]:
            starts.append(x)
            x += w
        now = round(self.scroll_x)
        if step > 0:
            target = next((s for s in starts if s > now), now)
        else:
            target = next((s for s in reversed(starts) if s < now), 0)
        self.scroll_to(x=target, animate=False)


class ReportLoaded(Message):
    """A tab's report is ready (or the one sentence why not)."""

    def __init__(self, tab: str, report: Report | None, error: str | None) -> None:
        super().__init__()
        self.tab, self.report, self.error = tab, report, error


class MonitorScreen(Screen[str | None]):
    """The monitor's four questions; returns the code of an area to open, or None."""

    DEFAULT_CSS = """
    MonitorScreen #monitor-tabs { height: 1fr; }
    MonitorScreen TabPane { height: 1fr; padding: 0; }
    MonitorScreen TabPane > VerticalScroll { height: 1fr; }
    MonitorScreen Vertical { height: auto; }
    MonitorScreen DataTable { margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape,backspace", "back", "Back"),
        Binding("1", "tab('overview')", "Overview"),
        Binding("2", "tab('set')", "Set"),
        Binding("3", "tab('improvement')", "Improvement"),
        Binding("4", "tab('decliners')", "Decliners"),
        Binding("5", "tab('effect')", "Effect", tooltip="Did the set do better than comparable areas?"),
        Binding("v", "level", "Level"),
        Binding("k", "problem_classes", "Classes", tooltip="Which classes count as problem areas (1–4, 1–3, any "
                "range)"),
        Binding("w", "weight", "Weight", tooltip="Weigh by inhabitants or by households (where the CBS files give "
                "them)"),
        Binding("n", "next_set", "Next set", show=False),
        Binding("s", "save_controls", "Save controls", show=False, tooltip="Effect tab: save the comparable areas "
                "as an area set (to open them in the explorer and on the map)"),
        Binding("r", "review", "Review", show=False, tooltip="Set tab: how the set was matched by name, and accept "
                "or reject areas"),
        Binding("e", "export", "Export", tooltip="Export every table of the tab (the first at the path, the others "
                "beside it as NAME-TABLE.ext)"),
    ]

    def __init__(self, wave_a: int, wave_b: int, below: float | None = None) -> None:
        super().__init__()
        self.wave_a, self.wave_b = wave_a, wave_b
        self.level = "buurt"
        self.below = below
        self.problem_classes = (1, 4)
        """The classes that count as problem areas (low, high)."""
        self.weight = "inwoners"
        """What weighted figures count: ``inwoners`` or ``huishoudens``."""
        self.set_index = 0
        self.set_shown: str | None = None
        """The set the set tab is about (known once its worker started)."""
        self.reports: dict[str, Report] = {}
        self.loading_tabs: set[str] = set()

    @property
    def criterion(self) -> ProblemCriterion:
        """The chosen classes (1–4 at first), or the list's score threshold where no class boundaries are
        loaded."""
        if self.below is not None:
            return ProblemCriterion(below=self.below)
        return ProblemCriterion(klasse_min=self.problem_classes[0], klasse_max=self.problem_classes[1])

    def compose(self) -> ComposeResult:
        yield TitleBar.of(session_of(self), f"monitor {self.wave_a} → {self.wave_b}")
        with TabbedContent(initial="overview", id="monitor-tabs"):
            for tab in TABS:
                with TabPane(f"{TABS.index(tab) + 1} {tab.capitalize()}", id=tab), \
                        VerticalScroll(id=f"{tab}-scroll"):
                    yield LoadingIndicator(id=f"{tab}-loading")
                    if tab == "effect":
                        yield Static("", id="effect-progress")
                    yield Vertical(id=f"{tab}-body")
        yield KeysFooter(compact=True)

    @property
    def levels(self) -> tuple[str, ...]:
        """The monitor's levels the release has (all of them before a release is known)."""
        have = session_of(self).release.levels
        return tuple(lv for lv in LEVELS if lv in have) or LEVELS

    def on_mount(self) -> None:
        self.level = self.levels[0]
        self._start("overview")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    # -- loading -----------------------------------------------------------------------------------

    def _start(self, tab: str) -> None:
        self.loading_tabs.add(tab)
        self.query_one(f"#{tab}-loading", LoadingIndicator).display = True
        self._load(tab, self.level, self.set_index)

    @work(thread=True, exclusive=False, group="monitor", name="computing the monitor's figures", exit_on_error=False)
    def _load(self, tab: str, level: str, set_index: int) -> None:
        db, rel = session_of(self).db, session_of(self).release
        try:
            if tab == "overview":
                if self.criterion.below is None and rel.classes_source is None:
                    raise LeeftuiError(NO_CLASSES)
                report = overview(db, rel, level, self.criterion, self.weight)
            elif tab == "set":
                names = set_names(db)
                if not names:
                    raise LeeftuiError("No area sets in this database (see db/README.md: area sets, or save marked "
                                       "areas as a set with ctrl+s on the list).")
                criterion = self.criterion if rel.classes_source is not None else ProblemCriterion()
                self.set_shown = names[set_index % len(names)]  # r reviews it, even when its report fails
                report = set_report(db, rel, self.set_shown, self.wave_a, self.wave_b, criterion, self.weight)
            elif tab == "effect":
                names = set_names(db)
                if not names:
                    raise LeeftuiError("No area sets in this database: the effect compares a set with comparable "
                                       "areas.")
                self.set_shown = names[set_index % len(names)]
                report = effect(db, rel, self.set_shown, self.wave_a, self.wave_b, weight=self.weight,
                                progress=lambda share: self.app.call_from_thread(self._progress, share))
            elif tab == "improvement":
                report = improvement(db, rel, self.wave_a, self.wave_b, level, weight=self.weight)
            else:
                report = decliners(db, rel, self.wave_a, self.wave_b, level)
        except LeeftuiError as exc:
            self.post_message(ReportLoaded(tab, None, str(exc)))
            return
        self.post_message(ReportLoaded(tab, report, None))

    def _progress(self, share: float) -> None:
        self.query_one("#effect-progress", Static).update(
            Text(f"matching and drawing 1,000 placebo sets … {share:.0%}" if share < 1 else "", style="dim"))

    async def on_report_loaded(self, msg: ReportLoaded) -> None:
        self.loading_tabs.discard(msg.tab)
        self.query_one(f"#{msg.tab}-loading", LoadingIndicator).display = False
        body = self.query_one(f"#{msg.tab}-body", Vertical)
        await body.remove_children()
        if msg.report is None:
            self.reports.pop(msg.tab, None)
            await body.mount(Static(Text(msg.error or "", style="yellow"), classes="monitor-note"))
            return
        self.reports[msg.tab] = msg.report
        hints = {"overview": "v: level · k: classes · w: weight",
                 "set": "n: next set · r: review the matching · k: classes · w: weight",
                 "improvement": "v: level · w: weight", "decliners": "v: level · Enter: open the area",
                 "effect": "n: next set · s: save the comparable areas as a set · w: weight"}
        widgets: list[Static | DataTable[Text]] = [
            Static(Text(msg.report.title, style="bold")),
            Static(Text("\n".join(msg.report.coverage)), classes="monitor-coverage")]
        chart = self._chart(msg.tab, msg.report)
        names = list(msg.report.terminal or msg.report.tables)
        for i, name in enumerate(names):
            if i:
                widgets.append(Static(Text(name.replace("_", " "), style="bold")))
            widgets.append(self._table(msg.report.tables[name], f"{msg.tab}-{name}"))
            if i == 0 and chart is not None:
                widgets.append(Static(chart, id=f"{msg.tab}-chart"))
        # the fine print below the figures: what the headline lines above do not say
        widgets.append(Static(Text("\n".join((*msg.report.notes, f"{hints[msg.tab]} · e: export every table of "
                                              "this tab")), style="dim")))
        await body.mount(*widgets)
        if msg.tab == self.tab:
            self._focus_table()

    def _focus_table(self) -> None:
        tables = self.query_one(f"#{self.tab}-body", Vertical).query(DataTable)
        if tables:
            tables.first().focus(scroll_visible=False)  # keep the title and notes in view

    def _table(self, t: pa.Table, id_: str) -> DataTable[Text]:
        table = ReportTable(id=id_, zebra_stripes=True, cursor_type="row", fixed_columns=1)
        table.add_columns(*(Text(c, justify="left") for c in t.column_names))
        for row in t.to_pylist():
            table.add_row(*(cell(k, v) for k, v in row.items()))
        table.styles.height = min(t.num_rows, 12) + 2  # the header, and room for a horizontal scrollbar
        return table

    def _chart(self, tab: str, report: Report) -> RenderableType | None:
        width = max(30, min(72, self.size.width - 10))
        if tab == "effect":
            return placebo_chart(report, width)
        return overview_chart(report, width) if tab == "overview" else None

    # -- keys --------------------------------------------------------------------------------------

    @property
    def tab(self) -> str:
        """The tab shown."""
        return str(self.query_one(TabbedContent).active)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if self.tab not in self.reports and self.tab not in self.loading_tabs:
            self._start(self.tab)
        else:
            self._focus_table()

    def action_tab(self, tab: str) -> None:
        self.set_focus(None)  # a focused table in the pane left behind would pull its pane back
        self.query_one(TabbedContent).active = tab

    def action_level(self) -> None:
        if self.tab in ("set", "effect"):
            self.notify("The set's level is its members' level.", timeout=3)
            return
        levels = self.levels
        self.level = levels[(levels.index(self.level) + 1) % len(levels)] if self.level in levels else levels[0]
        self.notify(f"Level: {self.level}", timeout=2)
        for tab in ("overview", "improvement", "decliners"):
            self.reports.pop(tab, None)
        self._start(self.tab)

    def _reload_all(self) -> None:
        """Recompute every tab (the shown one now, the others when shown)."""
        self.reports.clear()
        self._start(self.tab)

    def action_problem_classes(self) -> None:
        if self.below is not None:
            self.notify(f"Problem areas are those with a score below {self.below:g} (no class boundaries are "
                        "loaded): change it with f on the list.", timeout=4)
            return
        from leeftui.ui.screens.problem import ProblemClassesScreen

        def chosen(classes: tuple[int, int] | None) -> None:
            if classes is not None and classes != self.problem_classes:
                self.problem_classes = classes
                self.notify(f"Problem areas: {self.criterion.describe()}", timeout=2)
                self._reload_all()

        self.app.push_screen(ProblemClassesScreen(self.criterion.range_text), chosen)

    def action_weight(self) -> None:
        self.weight = "huishoudens" if self.weight == "inwoners" else "inwoners"
        self.notify(f"Weight: {'households' if self.weight == 'huishoudens' else 'inhabitants'}", timeout=2)
        self._reload_all()

    def action_next_set(self) -> None:
        self.set_index += 1
        tab = self.tab if self.tab == "effect" else "set"
        self.reports.pop("effect" if tab == "set" else "set", None)
        self.action_tab(tab)
        self._start(tab)

    def action_save_controls(self) -> None:
        report = self.reports.get("effect")
        if self.tab != "effect" or report is None:
            self.notify("Open the effect tab (5) first: s saves its comparable areas as a set.", timeout=3)
            return
        from leeftui.ui.screens.save_set import SaveSetScreen

        rows = report.tables["controls"].to_pylist()
        controls: dict[str, str] = {}
        for r in rows:
            controls.setdefault(str(r["control"]), f"{r['control_name']} — comparable to {r['member_name']}")
        self.app.push_screen(SaveSetScreen(sorted(controls.items()), f"the {len(controls)} comparable areas"))

    def action_review(self) -> None:
        name = self.set_shown
        if self.tab != "set" or name is None:
            self.notify("Open the set tab (2) first: r reviews the set shown there.", timeout=3)
            return
        from leeftui.ui.screens.set_review import SetReviewScreen

        self.app.push_screen(SetReviewScreen(name))

    def action_back(self) -> None:
        self.dismiss(None)

    @on(DataTable.RowSelected)
    def _open_area(self, event: DataTable.RowSelected) -> None:
        report = self.reports.get(self.tab)
        if report is None or event.data_table.id is None:
            return
        name = event.data_table.id.removeprefix(f"{self.tab}-")
        t = report.tables.get(name)
        if t is None or "code" not in t.column_names:
            self.notify("This table has no areas to open.", timeout=2)
            return
        self.dismiss(str(t.column("code")[event.cursor_row].as_py()))

    def action_export(self) -> None:
        report = self.reports.get(self.tab)
        if report is None:
            self.notify("Nothing to export yet.", timeout=2)
            return
        from leeftui.ui.screens.export import ExportScreen

        names = list(report.tables)
        extra = tuple((n, report.tables[n]) for n in names[1:])
        self.app.push_screen(ExportScreen(report.tables[names[0]], f"{report.title} — {names[0]}",
                                          f"leeftui-{self.tab}-{names[0]}", extra=extra, coverage=report.coverage))
