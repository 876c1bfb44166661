"""`p`: the monitor's headline figures — residents in areas with livability problems per wave,
and every area set against the rest of the country for the waves being compared."""

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
from leeftui.store.stats import ProblemCriterion, problem_residents, set_names, set_vs_rest
from leeftui.ui import fmt
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.transfer import open_export
from leeftui.ui.widgets.titlebar import TitleBar

LEVELS = ("buurt", "wijk", "gemeente")


class HeadlineLoaded(Message):
    """The headline tables are ready (or an error sentence)."""

    def __init__(self, problems: pa.Table | None, sets: list[tuple[str, pa.Table]], error: str | None) -> None:
        super().__init__()
        self.problems, self.sets, self.error = problems, sets, error


def _people(v: int | None) -> str:
    return fmt.NA if v is None else f"{v:,}".replace(",", " ")


def render_problems(t: pa.Table, level: str, criterion: ProblemCriterion) -> RenderableType:
    """Residents and areas in problem areas per wave."""
    table = Table(box=None, padding=(0, 1), header_style="bold", title_justify="left", title_style="bold",
                  title=f"Residents in areas with livability problems ({level}, {criterion.describe()})")
    for name in ("wave", "areas", "problem", "inwoners", "in problem areas", "share", "CBS year"):
        table.add_column(name, justify="left" if name == "wave" else "right")
    for r in t.to_pylist():
        share = fmt.NA if r["problem_share"] is None else f"{100 * r['problem_share']:.1f}%"
        table.add_row(str(r["jaar"]), str(r["areas"]), str(r["problem_areas"]), _people(r["inwoners"]),
                      _people(r["problem_inwoners"]), share, str(r["population_year"] or fmt.NA))
    return table


def render_set(name: str, t: pa.Table, wave_a: int, wave_b: int, score: str = "lbm") -> RenderableType:
    """One area set against the rest: mean score (``score``: lbm, or afw for LBM 2.0) in A and B and its
    change, improvers, decliners."""
    table = Table(box=None, padding=(0, 1), header_style="bold", title_justify="left", title_style="bold",
                  title=f"Area set '{name}' against the rest, {wave_a} → {wave_b}")
    mean = "mean" if score == "lbm" else "afw"
    for col in ("group", "areas", f"{mean} {wave_a}", f"{mean} {wave_b}", "Δ", "Δ weighted", "▲", "▼", "left"):
        table.add_column(col, justify="left" if col == "group" else "right")
    for r in t.to_pylist():
        d_txt, d_style = fmt.delta(r[f"d_{score}"])
        wa, wb = r[f"{score}_a_weighted"], r[f"{score}_b_weighted"]
        dw_txt, dw_style = fmt.delta(wb - wa if wa is not None and wb is not None else None)
        shown = fmt.score if score == "lbm" else fmt.signed
        table.add_row(r["group"], str(r["areas"]), shown(r[f"{score}_a"]), shown(r[f"{score}_b"]),
                      Text(d_txt, style=d_style), Text(dw_txt, style=dw_style), str(r["improved"]),
                      str(r["declined"]), str(r["left_during"]))
    return table


class HeadlineScreen(Screen[None]):
    """Headline figures; `v` cycles the level, `e` exports the problem-area table."""

    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("v", "level", "Level"),
        Binding("e", "export", "Export"),
    ]

    def __init__(self, wave_a: int, wave_b: int, below: float | None = None) -> None:
        super().__init__()
        self.wave_a, self.wave_b = wave_a, wave_b
        self.level = "buurt"
        self.below = below
        self.problems: pa.Table | None = None

    @property
    def criterion(self) -> ProblemCriterion:
        """Classes 1–4, or the list's score threshold where no class boundaries are loaded."""
        return ProblemCriterion(below=self.below) if self.below is not None else ProblemCriterion()

    def compose(self) -> ComposeResult:
        db = session_of(self).db
        yield TitleBar(db.release.label, db.notice, "headline figures", synthetic=db.synthetic or db.release.synthetic)
        with VerticalScroll(id="headline-body"):
            yield LoadingIndicator()
            yield Static("", id="headline-content")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._load(self.level)

    def action_level(self) -> None:
        self.level = LEVELS[(LEVELS.index(self.level) + 1) % len(LEVELS)]
        self.query_one(LoadingIndicator).display = True
        self._load(self.level)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="headline", name="computing the headline figures", exit_on_error=False)
    def _load(self, level: str) -> None:
        db = session_of(self).db
        problems = None
        error = None
        if self.criterion.below is None and db.release.classes_source is None:
            error = ("No class boundaries are loaded for this release, so problem areas need a score threshold: "
                     "on the list, press f and fill in 'score of wave B below', then press p again.")
        else:
            try:
                problems = problem_residents(db, level, self.criterion)
            except LeeftuiError as exc:
                error = str(exc)
        sets = []
        try:
            for name in set_names(db):
                sets.append((name, set_vs_rest(db, name, self.wave_a, self.wave_b)))
        except LeeftuiError as exc:
            error = f"{error} {exc}" if error else str(exc)
        self.post_message(HeadlineLoaded(problems, sets, error))

    def on_headline_loaded(self, msg: HeadlineLoaded) -> None:
        self.query_one(LoadingIndicator).display = False
        self.problems = msg.problems
        parts: list[RenderableType] = []
        if msg.problems is not None and msg.problems.num_rows:
            parts.append(render_problems(msg.problems, self.level, self.criterion))
            short = [r for r in msg.problems.to_pylist() if r["inwoners"] is not None
                     and r["areas_with_inwoners"] < r["areas"]]
            if short:
                parts.append(Text("Inhabitants known for " + "; ".join(
                    f"{r['areas_with_inwoners']} of {r['areas']} areas in {r['jaar']}" for r in short)
                    + ": the resident figures stand on those areas only.", style="yellow"))
        elif msg.problems is not None:
            parts.append(Text(f"This database holds no {self.level} scores: press v for another level.",
                              style="yellow"))
        if msg.error:
            parts.append(Text(msg.error, style="yellow"))
        for name, t in msg.sets:
            parts += [Text(""), render_set(name, t, self.wave_a, self.wave_b, session_of(self).db.release.score)]
            short = [r for r in t.to_pylist() if r["inwoners"] is not None and r["areas_with_inwoners"] < r["areas"]]
            if short:
                parts.append(Text("Weighted means stand on the areas with inhabitants: " + "; ".join(
                    f"{r['areas_with_inwoners']} of {r['areas']} ({r['group']})" for r in short) + ".",
                    style="yellow"))
        if not msg.sets:
            parts += [Text(""), Text("No area sets in this database (see db/README.md: area sets).", style="dim")]
        what = (f"a score below {self.criterion.below:g} in that wave (no class boundaries loaded)"
                if self.criterion.below is not None else "classes 1–4 ('onvoldoende' side plus 'zwak')")
        parts += [Text(""), Text(f"Problem areas: {what}. Inhabitants: CBS, the population year nearest to each "
                                 "wave. v: level · e: export.", style="dim")]
        self.query_one("#headline-content", Static).update(Group(*parts))

    def action_export(self) -> None:
        if self.problems is not None:
            open_export(self.app, self.problems, f"residents in {self.level} problem areas "
                                  f"({self.criterion.describe()}) per wave", f"leeftui-problems-{self.level}")
