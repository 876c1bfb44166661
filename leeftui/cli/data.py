"""`leeftui export` and `leeftui sql`: the headless, pipe-friendly commands.

stdout carries data only; notes, progress and the DEMO notice go to stderr. User errors are
raised as LeeftuiError subclasses; the root GuardedGroup turns them into one sentence and an
exit code.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from leeftui.cli import show as _show
from leeftui.cli import stats as _stats
from leeftui.cli.common import DbOption, ReleaseOption
from leeftui.cli.output import (
    ForceOption,
    FormatOption,
    OutputOption,
    SpreadsheetSafeOption,
    emit,
    open_db,
    parse_compare,
    parse_years,
    resolve_format,
)
from leeftui.errors import UsageError
from leeftui.schema import DIMENSION_CLASS_FIELDS

DIMENSION_NAMES = tuple(f.removeprefix("klasse_") for f in DIMENSION_CLASS_FIELDS)
"""Names `--class` accepts before a range (afw and the LBM 3.0 dimensions)."""


def export_cmd(
    db: DbOption = None,
    release: ReleaseOption = None,
    level: Annotated[str | None, typer.Option(
        "--level", help="gemeente, wijk, buurt, pc4 (postcode areas) or grid (100 m cells).",
        show_default=False)] = None,
    in_code: Annotated[str | None, typer.Option("--in", help="Only areas below this code (e.g. GM0599), or "
                                                "below any of several: GM0014,GM0034.",
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
    klasse: Annotated[str | None, typer.Option(
        "--class", show_default=False,
        help="Only classes in this range, e.g. 1-4; of afw or a dimension with its name, e.g. onv:1-4 "
             "(several: 1-4,onv:1-3).")] = None,
    below: Annotated[float | None, typer.Option("--below", help="Only scores below this value (lbm; afw for LBM "
                                                "2.0); stands in for --class where no class boundaries are loaded.",
                                                show_default=False)] = None,
    declined: Annotated[bool, typer.Option("--declined", help="Only areas whose score (lbm; afw for LBM 2.0) "
                                           "fell.")] = False,
    improved: Annotated[bool, typer.Option("--improved", help="Only areas whose score rose from A to B "
                                           "(with --compare).")] = False,
    change_below: Annotated[float | None, typer.Option(
        "--change-below", help="Only areas whose change A → B (lbm; the published development for LBM 2.0) is "
                               "below this value (with --compare).", show_default=False)] = None,
    change_above: Annotated[float | None, typer.Option(
        "--change-above", help="Only areas whose change A → B is above this value (with --compare).",
        show_default=False)] = None,
    sort: Annotated[str | None, typer.Option("--sort", help="Sort by this column ('-col' = descending).",
                                             show_default=False)] = None,
    where: Annotated[str | None, typer.Option(
        "--where", help="Only rows where this expression over the exported columns holds, e.g. "
                        "'delta_onv < 0 and delta_lbm > 0' or 'name ~ \"^Centrum\"' (the explorer's filter language).",
        show_default=False)] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many rows.", show_default=False)] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Export a selection of areas and waves (long, or wide with --compare) as a table or file."""
    from leeftui.model.filters import parse_class_filter
    from leeftui.model.selection import Selection
    from leeftui.store.select import select

    out_fmt = resolve_format(fmt, output)
    score_class, dimension_classes = parse_class_filter(klasse, DIMENSION_NAMES) if klasse else (None, ())
    sel = Selection(
        level=level, in_code=in_code, areas=tuple(area or ()), set_name=set_name, search=search,
        waves=parse_years(waves, "--waves") if waves is not None else None,
        compare=parse_compare(compare) if compare is not None else None,
        columns=tuple(c.strip() for c in columns.split(",") if c.strip()) if columns is not None else None,
        klasse=score_class, dimension_classes=dimension_classes,
        below=below, declined=declined, improved=improved, change_below=change_below, change_above=change_above,
        sort=sort, limit=limit, where=where,
    )
    database, rel = open_db(db, release)
    try:
        table = select(database, rel, sel)
        emit(database, rel, table, out_fmt, output, force, sel.describe(), spreadsheet_safe=spreadsheet_safe)
    finally:
        database.close()


def sql_cmd(
    query: Annotated[str | None, typer.Argument(help="One read-only SELECT query.", show_default=False)] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the documented tables and exit.")] = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Stop the query after this many seconds (0: no limit; "
                                           "at most a day).", min=0, max=86_400)] = 300.0,
    memory_limit: Annotated[str | None, typer.Option(
        "--memory-limit", show_default=False,
        help="Memory the query may use, e.g. 2GB (default: half the machine's memory, at most 4GB).")] = None,
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Run one read-only SQL query on the database (or print the documented tables with --schema)."""
    if schema:
        from leeftui.present.schema import schema_markdown

        text = schema_markdown()
        if sys.stdout.isatty():
            from rich.console import Console
            from rich.markdown import Markdown

            Console().print(Markdown(text))
        else:
            typer.echo(text)
        return
    if timeout != timeout:  # NaN slips through a range check
        raise UsageError("--timeout must be a number of seconds, not nan.")
    if not query or not query.strip():
        raise UsageError("Give a query, e.g. leeftui sql \"SELECT * FROM areas LIMIT 5\", or use --schema.")
    from leeftui.errors import EmptyResult
    from leeftui.store.db import default_memory_limit
    from leeftui.store.sqlguard import run_readonly_sql

    out_fmt = resolve_format(fmt, output)
    database, rel = open_db(db)
    try:
        table = run_readonly_sql(database, query, timeout=timeout or None,
                                 memory_limit=memory_limit or default_memory_limit())
        if table.num_rows == 0 and out_fmt == "table":
            raise EmptyResult("The query returned no rows.")
        emit(database, rel, table, out_fmt, output, force, query.strip(), spreadsheet_safe=spreadsheet_safe,
             choose="name them in the SELECT")
    finally:
        database.close()


def register(app: typer.Typer) -> None:
    """Add the data commands to the root app."""
    app.command("export")(export_cmd)
    app.command("show")(_show.show_cmd)
    app.command("sql")(sql_cmd)
    app.add_typer(_stats.app, name="stats")
    from leeftui.cli.views import app as views_app

    app.add_typer(views_app, name="view")
    from leeftui.cli.mapcmd import map_cmd

    app.command("map")(map_cmd)
    from leeftui.cli.report import report_cmd

    app.command("report")(report_cmd)
    from leeftui.cli.serve import serve_cmd

    app.command("serve")(serve_cmd)
