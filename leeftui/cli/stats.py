"""`leeftui stats …`: the monitor's questions, one command each, as tables or files.

- `stats overview`: per wave, areas and residents over the nine classes, residents in problem areas, the
  inhabitant-weighted mean (with a chart of the class shares on a terminal);
- `stats problems`: residents and areas in areas with livability problems per wave (also for the 100 m grid);
- `stats set NAME --compare A:B`: an area set against the rest of the country and of its own gemeenten;
- `stats improvement A:B`: Δ per starting class — did the weakest areas improve most?
- `stats decliners A:B`: areas that declined while the national mean rose;
- `stats effect NAME --compare A:B`: did the set do better than comparable areas (matched controls, a
  difference-in-differences estimate, its interval and a placebo test)?

A report with several tables prints all of them on a terminal; `--table NAME` picks the one written to a pipe
or file (the notes saying what the figures stand on go to stderr).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from leeftui.cli.common import DbOption, ReleaseOption
from leeftui.cli.output import (
    ColumnsOption,
    ForceOption,
    FormatOption,
    OutputOption,
    emit_report,
    open_db,
    parse_compare,
    pick_columns,
    resolve_format,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import RenderableType

    from leeftui.model.measures import ProblemCriterion
    from leeftui.model.release import ReleaseInfo
    from leeftui.model.report import Report
    from leeftui.store.db import Database

app = typer.Typer(
    rich_markup_mode=None,  # plain click help: no markdown/rich-table imports (--help ≈ 60 ms faster)
    help="The monitor's questions: overview, problem areas, a set against the rest, where improvement happened, "
         "who declined.",
    no_args_is_help=True)

LevelOption = Annotated[str, typer.Option("--level", help="gemeente, wijk, buurt or pc4.")]
TableOption = Annotated[str | None, typer.Option(
    "--table", help="Which table of the report to write to a pipe or file (default: the first; a terminal shows "
                    "all).", show_default=False)]
BelowOption = Annotated[float | None, typer.Option(
    "--below", help="Count areas with a score (lbm; afw for LBM 2.0) below this value as problem areas instead of "
                    "classes (for releases without class boundaries).", show_default=False)]
ProblemOption = Annotated[str, typer.Option("--problem", help="Classes counted as livability problems: 1-4 "
                                                              "(the default), 1-3 or any range, e.g. 2-4.")]


SetNameArgument = Annotated[str, typer.Argument(help="Area set name (see `leeftui db info`).", show_default=False)]
CompareOption = Annotated[str, typer.Option("--compare", help="Base wave and wave, e.g. 2008:2024.",
                                            show_default=False)]
WeightOption = Annotated[str, typer.Option(
    "--weight", help="What weighted figures and resident counts count: inhabitants, or households where the CBS "
                     "files give them.")]


def _criterion(problem: str, below: float | None) -> ProblemCriterion:
    from leeftui.model.filters import parse_class_range
    from leeftui.model.measures import ProblemCriterion

    lo, hi = parse_class_range(problem)
    return ProblemCriterion(klasse_max=hi, below=below, klasse_min=lo)


@app.command("overview")
def overview_cmd(
    db: DbOption = None,
    release: ReleaseOption = None,
    level: LevelOption = "buurt",
    problem: ProblemOption = "1-4",
    below: BelowOption = None,
    weight: WeightOption = "inhabitants",
    table: TableOption = None,
    columns: ColumnsOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Per wave: areas and residents per class, residents in problem areas, the weighted mean and the national
    figure; above it, what the figures stand on (coverage)."""
    from leeftui.store.monitor import overview

    criterion = _criterion(problem, below)
    _report(db, release, fmt, output, force, columns, table, lambda d, r: overview(d, r, level, criterion, weight),
            chart=overview_chart)


def _report(db: str | None, release: str | None, fmt: str | None, output: str | None, force: bool,
            columns: str | None, table: str | None, compute: Callable[[Database, ReleaseInfo], Report],
            chart: Callable[[Report], RenderableType | None] | None = None) -> None:
    """Open the database, compute one of the monitor's reports and write it as the flags say (only the
    ``columns`` named, when given)."""
    out_fmt = resolve_format(fmt, output)
    database, rel = open_db(db, release)
    try:
        report = pick_columns(compute(database, rel), columns)
        emit_report(database, rel, report, out_fmt, output, force, table,
                    chart(report) if chart is not None and out_fmt == "table" else None)
    finally:
        database.close()


def overview_chart(report: Report) -> RenderableType | None:
    """The overview's charts (:func:`leeftui.present.report.overview_chart`) at the terminal's width."""
    from leeftui.cli.output import table_width
    from leeftui.present.report import overview_chart as chart

    return chart(report, min(72, table_width() - 8), height=10)


@app.command("problems")
def problems_cmd(
    db: DbOption = None,
    release: ReleaseOption = None,
    level: Annotated[str, typer.Option(
        "--level", help="gemeente, wijk, buurt, pc4 or grid (100 m cells: counts only, no inhabitants).")] = "buurt",
    problem: ProblemOption = "1-4",
    class_max: Annotated[int | None, typer.Option("--class-max", min=1, max=9, hidden=True,
                                                  help="Old name: classes 1..N (use --problem 1-N).",
                                                  show_default=False)] = None,
    below: BelowOption = None,
    weight: WeightOption = "inhabitants",
    columns: ColumnsOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Residents and areas in areas with livability problems, per wave."""
    from leeftui.store.stats import problems_report

    criterion = _criterion(problem if class_max is None else f"1-{class_max}", below)
    _report(db, release, fmt, output, force, columns, None,
            lambda d, r: problems_report(d, r, level, criterion, weight))


@app.command("set")
def set_cmd(
    name: SetNameArgument,
    compare: CompareOption,
    db: DbOption = None,
    release: ReleaseOption = None,
    problem: ProblemOption = "1-4",
    weight: WeightOption = "inhabitants",
    table: TableOption = None,
    columns: ColumnsOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """An area set per wave against the rest of the country and the rest of its own gemeenten; per dimension and
    per member from A to B (tables groups, classes, dimensions, members)."""
    from leeftui.store.monitor import set_report

    wave_a, wave_b = parse_compare(compare)
    criterion = _criterion(problem, None)
    _report(db, release, fmt, output, force, columns, table,
            lambda d, r: set_report(d, r, name, wave_a, wave_b, criterion, weight))


@app.command("improvement")
def improvement_cmd(
    waves: Annotated[str, typer.Argument(help="Two waves, e.g. 2014:2024.", show_default=False)],
    db: DbOption = None,
    release: ReleaseOption = None,
    level: LevelOption = "buurt",
    per: Annotated[str, typer.Option("--per", help="nederland (one row per class) or gemeente.")] = "nederland",
    set_name: Annotated[str | None, typer.Option("--set", help="Only the members of this area set.",
                                                 show_default=False)] = None,
    weight: WeightOption = "inhabitants",
    columns: ColumnsOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Where did improvement happen? Mean Δ and the shares improved and declined per class of the first wave."""
    from leeftui.store.change import improvement

    wave_a, wave_b = parse_compare(waves)
    _report(db, release, fmt, output, force, columns, None,
            lambda d, r: improvement(d, r, wave_a, wave_b, level, per, set_name, weight))


@app.command("effect")
def effect_cmd(
    name: SetNameArgument,
    compare: CompareOption,
    db: DbOption = None,
    release: ReleaseOption = None,
    level: Annotated[str | None, typer.Option("--level", help="The set's level (default: its members' level).",
                                              show_default=False)] = None,
    controls: Annotated[int, typer.Option("--controls", help="Comparable areas per member (nearest "
                                          "neighbours, with replacement).")] = 5,
    draws: Annotated[int, typer.Option("--draws", help="Bootstrap and placebo draws.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draws (the same seed, the same answer).")]
    = 20070322,
    within: Annotated[str, typer.Option("--within", help="Comparable areas from gemeenten without members "
                                        "(nederland) or from each member's own gemeente (gemeente).")] = "nederland",
    weight: WeightOption = "inhabitants",
    table: TableOption = None,
    columns: ColumnsOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Did the set do better than comparable areas? Matched controls, a difference-in-differences estimate with
    its 95 % interval and placebo p-value, per dimension and starting class (tables estimate, balance, by_class,
    controls, placebo)."""
    from leeftui.store.effect import effect

    wave_a, wave_b = parse_compare(compare)
    _report(db, release, fmt, output, force, columns, table,
            lambda d, r: effect(d, r, name, wave_a, wave_b, level, controls, draws, seed, within, weight),
            placebo_chart)


def placebo_chart(report: Report) -> RenderableType | None:
    """The placebo estimates as a histogram with the set's estimate marked, at the terminal's width."""
    from leeftui.cli.output import table_width
    from leeftui.present.report import placebo_chart as chart

    return chart(report, min(72, table_width() - 8))


@app.command("decliners")
def decliners_cmd(
    waves: Annotated[str, typer.Argument(help="Two waves, e.g. 2022:2024.", show_default=False)],
    db: DbOption = None,
    release: ReleaseOption = None,
    level: LevelOption = "buurt",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many areas.",
                                              show_default=False)] = None,
    significant: Annotated[bool, typer.Option("--significant", help="Only significant declines: the release's "
                                              "published development class 1–3 (LBM 2.0 VKL).")] = False,
    columns: ColumnsOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Areas that declined, most first, with each dimension's change: by the published development score where the
    release publishes one (LBM 2.0), else those whose score fell while the national mean rose."""
    from leeftui.store.change import decliners

    wave_a, wave_b = parse_compare(waves)
    _report(db, release, fmt, output, force, columns, None,
            lambda d, r: decliners(d, r, wave_a, wave_b, level, limit, significant))
