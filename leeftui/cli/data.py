"""`leeftui export`, `leeftui show`, `leeftui sql`: the headless, pipe-friendly commands.

stdout carries data only; notes, progress and the DEMO notice go to stderr. User errors are
raised as LeeftuiError subclasses; the root GuardedGroup turns them into one sentence and an
exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import typer

from leeftui.cli.common import DbOption, err_console
from leeftui.errors import UsageError

TABLE_ROW_CAP = 1000
"""At most this many rows are drawn as a terminal table (use -o or a pipe for more)."""

FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", help="csv, tsv, parquet, json, jsonl, xlsx, markdown or table "
                 "(default: from the -o suffix; a table on a terminal, CSV into a pipe).", show_default=False),
]
OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file ('-' = stdout).", show_default=False),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]


def _open(db_opt: str | None):  # noqa: ANN202 - Database
    from leeftui.paths import resolve_db
    from leeftui.store import open_database

    return open_database(resolve_db(db_opt).path)


def _notice(db) -> None:  # noqa: ANN001
    if db.notice:
        err_console.print(f"[bold yellow]{db.notice}:[/] these are not real Leefbaarometer figures "
                          f"({db.release.label}).", soft_wrap=True, markup=True, highlight=False)


def _ints(text: str, flag: str) -> tuple[int, ...]:
    out = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit():
            raise UsageError(f"{flag} expects years like 2012,2022; '{part}' is not a year.")
        out.append(int(part))
    if not out:
        raise UsageError(f"{flag} needs at least one year.")
    return tuple(out)


def _compare(text: str) -> tuple[int, int]:
    parts = text.replace("-", ":").split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise UsageError(f"--compare expects two waves like 2012:2022, not '{text}'.")
    return int(parts[0]), int(parts[1])


def _resolve_format(fmt: str | None, output: str | None) -> str:
    from leeftui.export import check_format, format_from_suffix

    if fmt is not None:
        if fmt.strip().lower() == "table":
            if output not in (None, "-"):
                raise UsageError("--format table draws on the terminal; choose a file format for -o.")
            return "table"
        return check_format(fmt)
    if output not in (None, "-"):
        guessed = format_from_suffix(output)
        if guessed is None:
            raise UsageError(f"Cannot tell the format from '{output}'; add --format (csv, tsv, parquet, json, "
                             "jsonl, xlsx, markdown).")
        return guessed
    if output is None and sys.stdout.isatty():
        return "table"
    return "csv"


def _cell(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.4f}"
    if isinstance(v, list):
        return " ".join(_cell(x) for x in v)
    return str(v)


def _print_table(table: pa.Table, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    shown = table.slice(0, TABLE_ROW_CAP)
    t = Table(title=title, header_style="bold", show_lines=False)
    for f in table.schema:
        numeric = pa.types.is_integer(f.type) or pa.types.is_floating(f.type)
        t.add_column(f.name, justify="right" if numeric else "left", overflow="fold")
    for row in shown.to_pylist():
        t.add_row(*(_cell(v) for v in row.values()))
    (Console() if sys.stdout.isatty() else Console(width=200)).print(t)
    if table.num_rows > shown.num_rows:
        err_console.print(f"showing the first {shown.num_rows} of {table.num_rows} rows; use -o FILE or a pipe "
                          "for all of them.")


def _emit(db, table: pa.Table, fmt: str, output: str | None, force: bool, description: str) -> None:  # noqa: ANN001
    """Write ``table`` where the flags say: a terminal table, stdout, or a file (with progress)."""
    from leeftui.export import Provenance, write_table

    _notice(db)
    if fmt == "table":
        _print_table(table, description)
        return
    prov = Provenance.from_db(db, description)
    if output in (None, "-"):
        sys.stdout.flush()
        write_table(table, sys.stdout.buffer, fmt, prov)
        sys.stdout.buffer.flush()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    path = Path(output).expanduser()
    with Progress(TextColumn("writing {task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(path.name, total=table.num_rows)
        write_table(table, path, fmt, prov, overwrite=force,
                    progress=lambda done, total: bar.update(task, completed=done, total=total))
    extra = f" (provenance in {path.name}.meta.json)" if fmt == "jsonl" else ""
    err_console.print(f"wrote {table.num_rows} rows × {table.num_columns} columns to {path}{extra}",
                      soft_wrap=True, highlight=False, markup=False)


def export_cmd(
    db: DbOption = None,
    level: Annotated[str | None, typer.Option("--level", help="gemeente, wijk or buurt.", show_default=False)] = None,
    in_code: Annotated[str | None, typer.Option("--in", help="Only areas below this code (e.g. GM0599).",
                                                show_default=False)] = None,
    area: Annotated[list[str] | None, typer.Option("--area", help="This area code (repeatable).",
                                                   show_default=False)] = None,
    set_name: Annotated[str | None, typer.Option("--set", help="Only members of this area set.",
                                                 show_default=False)] = None,
    search: Annotated[str | None, typer.Option("--search", help="Only areas whose name or code matches.",
                                               show_default=False)] = None,
    waves: Annotated[str | None, typer.Option("--waves", help="Long format: these waves, e.g. 2012,2022 "
                                              "(default: all).", show_default=False)] = None,
    compare: Annotated[str | None, typer.Option("--compare", help="Wide format: two waves side by side, e.g. "
                                                "2012:2022.", show_default=False)] = None,
    columns: Annotated[str | None, typer.Option("--columns", help="Only these columns, e.g. code,name,lbm.",
                                                show_default=False)] = None,
    klasse: Annotated[str | None, typer.Option("--class", help="Only classes in this range, e.g. 1-4.",
                                               show_default=False)] = None,
    declined: Annotated[bool, typer.Option("--declined", help="Only areas whose score fell.")] = False,
    sort: Annotated[str | None, typer.Option("--sort", help="Sort by this column ('-col' = descending).",
                                             show_default=False)] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many rows.", show_default=False)] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Export a selection of areas and waves (long, or wide with --compare) as a table or file."""
    from leeftui.store.select import Selection, select
    from leeftui.store.view import parse_class_range

    out_fmt = _resolve_format(fmt, output)
    sel = Selection(
        level=level, in_code=in_code, areas=tuple(area or ()), set_name=set_name, search=search,
        waves=_ints(waves, "--waves") if waves is not None else None,
        compare=_compare(compare) if compare is not None else None,
        columns=tuple(c.strip() for c in columns.split(",") if c.strip()) if columns is not None else None,
        klasse=parse_class_range(klasse) if klasse is not None else None,
        declined=declined, sort=sort, limit=limit,
    )
    database = _open(db)
    try:
        table = select(database, sel)
        _emit(database, table, out_fmt, output, force, sel.describe())
    finally:
        database.close()


def _series_json(series) -> dict[str, object]:  # noqa: ANN001 - AreaSeries
    return {
        "code": series.area.code, "name": series.area.name, "level": series.area.level,
        "official": series.official,
        "waves": [{"jaar": w.jaar, "lbm": w.lbm, "afw": w.afw, "klasse": w.klasse, "klasse_label": w.klasse_label,
                   **dict(w.dimensions), "official": w.official} for w in series.waves],
    }


def profile_json(db, profile) -> dict[str, object]:  # noqa: ANN001
    """The area profile as a JSON-ready dict (NA → None), with the export provenance under ``meta``."""
    from leeftui.export import Provenance

    a = profile.series.area
    return {
        "meta": Provenance.from_db(db, f"show {a.code}").as_dict(),
        "area": {"code": a.code, "name": a.name, "level": a.level, "parent_code": a.parent_code,
                 "gemeente_code": a.gemeente_code, "official": profile.series.official},
        "path": [{"code": p.code, "name": p.name, "level": p.level} for p in profile.path],
        "inwoners": profile.inwoners, "population_year": profile.population_year,
        "sets": [{"name": n, "start_year": s, "end_year": e} for n, s, e in profile.sets],
        "waves": _series_json(profile.series)["waves"],
        "gemeente": _series_json(profile.gemeente) if profile.gemeente else None,
        "nederland": _series_json(profile.nederland) if profile.nederland else None,
    }


def _num(v: float | None, digits: int = 3, signed: bool = False) -> str:
    if v is None:
        return "—"
    return f"{v:+.{digits}f}" if signed else f"{v:.{digits}f}"


def _print_profile(db, profile) -> None:  # noqa: ANN001
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from leeftui.schema import DIMENSION_LABELS

    series, area = profile.series, profile.series.area
    dims = db.release.dimensions
    t = Table(header_style="bold", box=None, padding=(0, 1))
    t.add_column("jaar", justify="right", no_wrap=True)
    t.add_column("lbm", justify="right", no_wrap=True)
    t.add_column("afw", justify="right", no_wrap=True)
    t.add_column("klasse", no_wrap=True)
    for d in dims:
        t.add_column(d, justify="right", no_wrap=True)
    if profile.gemeente:
        t.add_column("gemeente", justify="right", no_wrap=True)
    if profile.nederland:
        t.add_column("NL", justify="right", no_wrap=True)
    derived = False
    for w in series.waves:
        mark = "" if w.official else " *"
        derived = derived or not w.official
        klasse = f"{w.klasse} {w.klasse_label}" if w.klasse is not None else "—"
        row = [f"{w.jaar}{mark}", _num(w.lbm), _num(w.afw, signed=True), klasse,
               *(_num(v, signed=True) for _, v in w.dimensions)]
        for other in (profile.gemeente, profile.nederland):
            if other is not None:
                ow = other.at(w.jaar)
                row.append(_num(ow.lbm if ow else None))
        t.add_row(*row)
    crumbs = " › ".join(f"{p.name} ({p.code})" if p.code != "NL" else p.name for p in profile.path)
    lines = [Text(crumbs, style="dim")]
    pop = (f"{profile.inwoners:,}".replace(",", " ") + f" inwoners ({profile.population_year}; Bron: CBS)"
           if profile.inwoners is not None else "inwoners: —")
    if profile.gemeente:
        lines.append(Text(f"gemeente = lbm of {profile.gemeente.area.name} ({profile.gemeente.area.code}); "
                          "NL = lbm of Nederland", style="dim"))
    lines.append(Text(pop))
    if profile.sets:
        lines.append(Text("sets: " + "; ".join(
            f"{n} ({s or '…'}–{e or ''})" for n, s, e in profile.sets)))
    lines.append(t)
    legend = ", ".join(f"{d} = {DIMENSION_LABELS.get(d, d)}" for d in dims)
    lines.append(Text(legend, style="dim"))
    if not area.official:
        lines.append(Text("This area is derived, not official (implied by the codes of its parts).", style="yellow"))
    if derived:
        lines.append(Text("* derived, not official: computed by leeftui from the areas below.", style="yellow"))
    if db.notice:
        lines.append(Text(f"{db.notice}: these are not real Leefbaarometer figures.", style="bold yellow"))
    title = f"{area.name} ({area.code}) — {area.level}"
    console = Console() if sys.stdout.isatty() else Console(width=120)
    console.print(Panel(Group(*lines), title=title, subtitle=profile.release_label, expand=False))


def show_cmd(
    code: Annotated[str, typer.Argument(help="Area code, e.g. GM0599, WK059901, BU05990110 or NL.",
                                        show_default=False)],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one area's profile: all waves, class, dimensions, its gemeente and Nederland."""
    import json

    from leeftui.store.profile import area_profile
    from leeftui.store.select import nearest

    style = fmt.strip().lower()
    if style not in ("text", "json"):
        raise UsageError(f"Unknown format '{fmt}' for show; use text or json.{nearest(style, ('text', 'json'))}")
    database = _open(db)
    try:
        profile = area_profile(database, code)
        if style == "json":
            _notice(database)
            typer.echo(json.dumps(profile_json(database, profile), ensure_ascii=False, indent=2))
        else:
            _print_profile(database, profile)
    finally:
        database.close()


def sql_cmd(
    query: Annotated[str | None, typer.Argument(help="One read-only SELECT query.", show_default=False)] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the documented tables and exit.")] = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Run one read-only SQL query on the database (or print the documented tables with --schema)."""
    if schema:
        from leeftui.schema import markdown

        text = markdown()
        if sys.stdout.isatty():
            from rich.console import Console
            from rich.markdown import Markdown

            Console().print(Markdown(text))
        else:
            typer.echo(text)
        return
    if not query or not query.strip():
        raise UsageError("Give a query, e.g. leeftui sql \"SELECT * FROM areas LIMIT 5\", or use --schema.")
    from leeftui.errors import EmptyResult
    from leeftui.store.sqlguard import run_readonly_sql

    out_fmt = _resolve_format(fmt, output)
    database = _open(db)
    try:
        table = run_readonly_sql(database, query)
        if table.num_rows == 0 and out_fmt == "table":
            raise EmptyResult("The query returned no rows.")
        _emit(database, table, out_fmt, output, force, query.strip())
    finally:
        database.close()


def register(app: typer.Typer) -> None:
    """Add the data commands to the root app."""
    app.command("export")(export_cmd)
    app.command("show")(show_cmd)
    app.command("sql")(sql_cmd)
