"""`leeftui stats …`: the national monitor's headline figures, as tables or files.

- `leeftui stats problems`: per wave, how many areas and residents are in areas with
  livability problems (classes 1–4, or below a score threshold where no classes are loaded);
- `leeftui stats set NAME --compare A:B`: an area set (e.g. the aandachtswijken) against
  the rest of the country.
"""

from __future__ import annotations

from typing import Annotated

import typer

from leeftui.cli.common import DbOption, ReleaseOption
from leeftui.cli.output import ForceOption, FormatOption, OutputOption, emit, open_db, parse_compare, resolve_format

app = typer.Typer(
    rich_markup_mode=None,  # plain click help: no markdown/rich-table imports (--help ≈ 60 ms faster)
    help="Headline figures: residents in problem areas; an area set against the rest.",
                  no_args_is_help=True)


@app.command("problems")
def problems_cmd(
    db: DbOption = None,
    release: ReleaseOption = None,
    level: Annotated[str, typer.Option(
        "--level", help="gemeente, wijk, buurt, pc4 or grid (100 m cells: counts only, no inhabitants).")] = "buurt",
    klasse: Annotated[int, typer.Option("--class-max", min=1, max=9,
                                        help="Classes 1..N count as problem areas.")] = 4,
    below: Annotated[float | None, typer.Option("--below", help="Count areas with a score (lbm; afw for LBM 2.0) "
                                                "below this value instead of classes (for releases without class "
                                                "boundaries).",
                                                show_default=False)] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Residents and areas in areas with livability problems, per wave."""
    from leeftui.store.stats import ProblemCriterion, problem_residents

    out_fmt = resolve_format(fmt, output)
    criterion = ProblemCriterion(klasse_max=klasse, below=below)
    database = open_db(db, release)
    try:
        table = problem_residents(database, level, criterion)
        what = "grid cells" if level == "grid" else f"{level} areas"
        emit(database, table, out_fmt, output, force,
             f"{what} with livability problems ({criterion.describe()}) per wave")
    finally:
        database.close()


@app.command("set")
def set_cmd(
    name: Annotated[str, typer.Argument(help="Area set name (see `leeftui db info`).", show_default=False)],
    compare: Annotated[str, typer.Option("--compare", help="Two waves, e.g. 2008:2024.", show_default=False)],
    db: DbOption = None,
    release: ReleaseOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """An area set against the rest of the country: mean score in both waves, change, improvers, decliners."""
    from leeftui.store.stats import set_vs_rest

    out_fmt = resolve_format(fmt, output)
    wave_a, wave_b = parse_compare(compare)
    database = open_db(db, release)
    try:
        table = set_vs_rest(database, name, wave_a, wave_b)
        emit(database, table, out_fmt, output, force, f"area set {name} against the rest, {wave_a} → {wave_b}")
    finally:
        database.close()
