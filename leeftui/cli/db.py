"""`leeftui db …`: inspect, rebuild and download the database."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.text import Text

from leeftui import paths
from leeftui.cli import sets as _sets
from leeftui.cli.common import DbOption, chosen_db, err_console
from leeftui.errors import UsageError
from leeftui.text import printable

if TYPE_CHECKING:  # the build pipeline and rich.progress load only for the commands that use them
    from rich.progress import Progress, TaskID

    from leeftui.ingest import BuildReport

app = typer.Typer(
    rich_markup_mode=None,  # plain click help: no markdown/rich-table imports (--help ≈ 60 ms faster)
    help="Inspect, rebuild and download the database.", no_args_is_help=True)
app.add_typer(_sets.app, name="sets")


class _RichProgress:
    """Renders build progress as one rich bar per source file (on stderr)."""

    def __init__(self, progress: Progress) -> None:
        self._p = progress
        self._task: TaskID | None = None

    def file_started(self, name: str, index: int, total: int) -> None:
        """Start a bar for the file."""
        short = name if len(name) <= 60 else "…" + name[-59:]
        self._task = self._p.add_task(escape(f"[{index}/{total}] {short}"), total=1)  # a file name is no markup

    def file_done(self, name: str, rows: int) -> None:
        """Complete the file's bar."""
        if self._task is not None:
            self._p.update(self._task, completed=1, description=self._p.tasks[-1].description + f" ({rows} rows)")

    def step(self, message: str) -> None:
        """Show a build step."""
        task = self._p.add_task(escape(message), total=1)
        self._p.update(task, completed=1)


def _summary(report: BuildReport) -> None:
    from rich.table import Table

    table = Table(title=Text(printable(f"Built {report.target}")), show_header=True, header_style="bold")
    table.add_column("level")
    table.add_column("areas", justify="right")
    table.add_column("score rows", justify="right")
    from leeftui.schema import FLAT_LEVELS, GRID, LEVELS

    for level in (*LEVELS, *(lv for lv in (*FLAT_LEVELS, GRID) if report.areas_per_level.get(lv))):
        table.add_row("grid cells" if level == GRID else level, str(report.areas_per_level.get(level, 0)),
                      str(report.rows_per_level.get(level, 0)))
    err_console.print(table)
    # file names, headers and codes in these lines come from the user's files: never read them as markup
    say = partial(err_console.print, markup=False, highlight=False, soft_wrap=True)
    say(f"releases: {', '.join(report.releases)}; waves: {', '.join(map(str, report.waves))}")
    say(f"derived figures: {report.derived} score rows (official = false); "
        f"population years: {', '.join(map(str, report.population_years)) or 'none'}; "
        f"class boundaries: {report.classes_source or 'none loaded'}")
    for line in report.population_coverage:
        say(f"population: {line}")
    if report.ignored:
        say(f"skipped {len(report.ignored)} non-data files (e.g. {report.ignored[0]})")
    for line in report.set_matching:
        say(f"area set {line}")
    for line in report.class_check:
        say(line)
    say(f"warnings: {len(report.warnings)}")
    for w in report.warnings[:10]:
        err_console.print(Text.assemble("  ", ("warning:", "yellow"), f" {w}"), highlight=False, soft_wrap=True)


def _run_rebuild(sources: list[Path], target: Path, classes: Path | None, year: int | None, force: bool,
                 no_classes: bool = False) -> BuildReport:
    from rich.progress import BarColumn, Progress, TextColumn

    from leeftui.ingest import rebuild
    from leeftui.ingest.overrides import override_path

    decisions = override_path()
    if decisions.is_file() and not any(s.resolve() == decisions.resolve() for s in sources):
        sources = [*sources, decisions]  # the decisions of db sets accept/reject hold in every rebuild
        err_console.print(f"set decisions: {decisions} (leeftui db sets accept/reject)", markup=False,
                          highlight=False, soft_wrap=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), console=err_console, transient=False,
                  disable=not err_console.is_terminal) as bar:
        report = rebuild(sources, target, classes=classes, no_classes=no_classes, year=year, force=force,
                         progress=_RichProgress(bar))
    _summary(report)
    return report


@app.command("rebuild")
def rebuild_cmd(
    sources: Annotated[list[Path], typer.Argument(help="Open-data zip, folders or files (CSV, XLSX, JSON, TOML).",
                                                  show_default=False)],
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing database.")] = False,
    classes: Annotated[Path | None, typer.Option(
        "--classes", show_default=False,
        help="Class-boundary CSV (see db/README.md); without it LBM 3.0 meting 2024 gets leeftui's reconstructed "
             "bounds.")] = None,
    no_classes: Annotated[bool, typer.Option("--no-classes", help="Load no class boundaries at all.")] = False,
    year: Annotated[int | None, typer.Option("--year", min=1990, max=2100,
                                             help="Year of population files that do not state it (1990–2100).",
                                             show_default=False)] = None,
) -> None:
    """Build a new database from source files, atomically (the old one stays if anything fails)."""
    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        raise UsageError(f"Source {missing[0]} does not exist.")
    db = chosen_db(db)
    target = Path(db).expanduser() if db else paths.user_db_path()
    _run_rebuild(sources, target, classes, year, force, no_classes)


@app.command("download")
def download_cmd(
    url: Annotated[str, typer.Option("--url", help="Zip to fetch.")] = "",
    geometry_url: Annotated[str, typer.Option(
        "--geometry-url", help="The outlines' zip (default: geometrie-lbm3-2024.zip beside the scores' zip).")] = "",
    no_geometry: Annotated[bool, typer.Option("--no-geometry", help="Do not fetch the outlines (no map).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Download again even if the zip is already saved.")] = False,
) -> None:
    """Fetch the official open-data zip (and the outlines' zip beside it, for the map) into the user-data folder
    and rebuild the user database from them."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    from leeftui.ingest.download import DEFAULT_GEOMETRY_NAME, DEFAULT_URL, download, saved_download

    if chosen_db(None) is not None:
        raise UsageError("db download always builds the user-data database; to build elsewhere, download the zip "
                         "and run 'leeftui db rebuild ZIP --db PATH'.")
    url = url or DEFAULT_URL
    folder = paths.user_data_dir()

    def fetch(what: str, address: str) -> Path:
        saved = saved_download(address, folder)
        if saved is not None and not force:
            err_console.print(f"using the {what} saved earlier from {address}: {saved} (pass --force to download "
                              "again)", markup=False)
            return saved
        with Progress(TextColumn(f"downloading the {what}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                      console=err_console, disable=not err_console.is_terminal) as bar:
            task = bar.add_task("download", total=None)
            saved = download(address, folder,
                             on_progress=lambda done, total: bar.update(task, completed=done, total=total))
        err_console.print(f"saved {saved}", markup=False)
        return saved

    sources = [fetch("scores", url)]
    if not no_geometry:
        from urllib.parse import urljoin

        from leeftui.errors import LeeftuiError

        address = geometry_url or urljoin(url, DEFAULT_GEOMETRY_NAME)
        try:
            sources.append(fetch("outlines", address))
        except LeeftuiError as exc:  # the scores are what matters: build without a map, and say so
            err_console.print(f"warning: no outlines ({exc}); the map stays empty. Pass --geometry-url URL, or "
                              "--no-geometry.", markup=False, highlight=False, soft_wrap=True)
    _run_rebuild(sources, paths.user_db_path(), None, None, True)


@app.command("add-set")
def add_set_cmd(
    set_file: Annotated[Path, typer.Argument(help="A TOML file of [[set]] tables, or of [[override]] tables (the "
                                                  "decisions of db sets accept/reject; format: db/README.md).",
                                             show_default=False)],
    db: DbOption = None,
) -> None:
    """Add or replace area sets, or apply set decisions, without a rebuild (atomically: a failure changes
    nothing)."""
    from leeftui.ingest.add_set import add_sets

    resolved = paths.resolve_db(chosen_db(db))
    if resolved.origin == "bundled":
        raise UsageError("The bundled demo database is not changed; build your own (leeftui db rebuild) or pass "
                         "--db PATH.")
    say = partial(err_console.print, markup=False, highlight=False, soft_wrap=True)
    for added in add_sets(resolved.path, set_file):
        verb = "replaced" if added.replaced else "added"
        say(f"{verb} area set {added.name!r}: {added.members} members in {resolved.path}")
        if added.unknown:
            shown = ", ".join(added.unknown[:5]) + ("…" if len(added.unknown) > 5 else "")
            say(f"  warning: {len(added.unknown)} member codes have no area in this database ({shown}).")


@app.command("info")
def info_cmd(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Show what the database holds and where it came from."""
    from leeftui.store.db import open_database
    from leeftui.store.info import database_info

    if fmt not in ("text", "json"):
        from leeftui.text import nearest

        raise UsageError(f"--format must be text or json, not {fmt!r}.{nearest(fmt, ('text', 'json'))}")
    resolved = paths.resolve_db(chosen_db(db))
    database = open_database(resolved.path)
    try:
        info = database_info(database, origin=resolved.origin)
    finally:
        database.close()
    if fmt == "json":
        typer.echo(json.dumps(info.to_dict(), ensure_ascii=False, indent=2))
        return
    out = [f"database: {info.path} (chosen by {info.origin})"]
    if info.synthetic:
        out.append(f"notice: {info.notice or 'DEMO — synthetic'}")
    for r in info.releases:
        mark = " *" if r.release == info.default_release else ""
        out.append(f"release: {r.release}{mark}  {r.label}")
        out.append(f"  waves: {', '.join(map(str, r.waves))}")
        out.append("  areas: " + ", ".join(f"{'grid cells' if lv == 'grid' else lv} {n}"
                                           for lv, n in r.areas_per_level.items()))
        out.append("  score rows: " + ", ".join(f"{lv} {n}" for lv, n in r.scores_per_level.items())
                   + f" ({r.derived_rows} derived)")
        out.append(f"  class boundaries: {r.classes_source or 'none loaded'}")
    out.append(f"population years: {', '.join(map(str, info.population_years)) or 'none'}"
               + (f" ({info.population_note})" if info.population_note else ""))
    out += [f"  {line}" for line in info.population_coverage]
    if info.partial_figures:
        out.append(f"partial figures (derived from part of the area): {len(info.partial_figures)}")
        out += [f"  {line}" for line in info.partial_figures[:10]]
        if len(info.partial_figures) > 10:
            out.append(f"  … and {len(info.partial_figures) - 10} more "
                       "(leeftui sql \"SELECT * FROM coverage WHERE partial\")")
    out.append("area sets: " + (", ".join(f"{s.name} ({s.members} members)" for s in info.area_sets) or "none"))
    out += [f"  {line}" for line in info.set_matching]
    out.append("sources:")
    out += [f"  {s.file}  [{s.kind}, {s.rows} rows]  sha256 {s.sha256}" for s in info.sources]
    out.append(f"build warnings: {info.warnings}")
    out.append(f"built at: {info.built_at}  tool {info.tool_version}  schema {info.schema_version}")
    typer.echo(printable("\n".join(out)))
