"""Output plumbing shared by the data commands: options, opening the database, formats, writing.

stdout carries data only; notes, progress and the DEMO notice go to stderr.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from leeftui.cli.common import chosen_db, err_console
from leeftui.errors import UsageError

if TYPE_CHECKING:
    import pyarrow as pa
    from rich.console import RenderableType

    from leeftui.model.release import ReleaseInfo
    from leeftui.model.report import Report
    from leeftui.store.db import Database

TABLE_ROW_CAP = 1000
"""At most this many rows are drawn as a terminal table (use -o or a pipe for more)."""

FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", help="csv, tsv, parquet, json, jsonl, xlsx, markdown, gpkg, geoparquet (with "
                 "the areas' outlines) or table (default: from the -o suffix; a table on a terminal, CSV into a "
                 "pipe).", show_default=False),
]
OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file ('-' = stdout).", show_default=False),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
ColumnsOption = Annotated[str | None, typer.Option(
    "--columns", help="Only these columns, e.g. jaar,problem_inwoners (of every table that has them).",
    show_default=False)]


def pick_columns(report: Report, columns: str | None) -> Report:
    """``report`` with only the named ``columns`` in each of its tables (those a table has; a table with none of
    them keeps its first column); UsageError for a name no table has."""
    if not columns:
        return report
    from dataclasses import replace as _replace

    from leeftui.text import nearest

    wanted = [c.strip() for c in columns.split(",") if c.strip()]
    known = {c for t in report.tables.values() for c in t.column_names}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise UsageError(f"Unknown column '{unknown[0]}'.{nearest(unknown[0], sorted(known))} Columns: "
                         f"{', '.join(sorted(known))}.")
    tables = {}
    for name, t in report.tables.items():
        keep = [c for c in wanted if c in t.column_names] or t.column_names[:1]
        tables[name] = t.select(keep)
    return _replace(report, tables=tables)


def open_db(db_opt: str | None, release: str | None = None) -> tuple[Database, ReleaseInfo]:
    """Open the chosen database read-only, and the release the command reads: ``release`` when given (UsageError for
    one it does not hold), else the database's default."""
    from leeftui.paths import resolve_db
    from leeftui.store import open_database

    database = open_database(resolve_db(chosen_db(db_opt)).path)
    try:
        return database, database.release_of(release)
    except UsageError:
        database.close()
        raise


def print_notice(db: Database, rel: ReleaseInfo) -> None:
    """The DEMO notice on stderr, naming the release, for a synthetic database."""
    if db.notice:
        err_console.print(Text.assemble((f"{db.notice}:", "bold yellow"), " these are not real Leefbaarometer "
                                        f"figures ({rel.label})."), soft_wrap=True, highlight=False)


def parse_years(text: str, flag: str) -> tuple[int, ...]:
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


def parse_compare(text: str) -> tuple[int, int]:
    """``--compare A:B`` (:func:`leeftui.model.filters.parse_compare`, imported when a command runs)."""
    from leeftui.model.filters import parse_compare as parse

    return parse(text)


def resolve_format(fmt: str | None, output: str | None) -> str:
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
                             "jsonl, xlsx, markdown, gpkg, geoparquet).")
        return guessed
    if output is None and sys.stdout.isatty():
        return "table"
    return "csv"


def table_width() -> int:
    """The terminal's width; for a table piped on purpose (``--format table``), $COLUMNS or 200."""
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    try:
        return max(20, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 200


def print_table(table: pa.Table, title: str, choose: str = "choose with --columns") -> None:
    """A terminal table of the first rows (:func:`leeftui.present.tables.terminal_table`); the columns left out are
    named on stderr with the ways to get them."""
    from rich.console import Console

    from leeftui.present.tables import terminal_table

    width = table_width()
    shown = table.slice(0, TABLE_ROW_CAP)
    rendered, left = terminal_table(shown, title, width)
    Console(width=width).print(rendered)
    if left:
        err_console.print(f"{len(left)} of {table.num_columns} columns left out to fit {width} columns: "
                          f"{', '.join(left[:8])}{' …' if len(left) > 8 else ''} ({choose}, or write "
                          "all with -o FILE or a pipe)", markup=False, highlight=False, soft_wrap=True)
    if table.num_rows > shown.num_rows:
        err_console.print(f"showing the first {shown.num_rows} of {table.num_rows} rows; use -o FILE or a pipe "
                          "for all of them.")


SpreadsheetSafeOption = Annotated[bool, typer.Option(
    "--spreadsheet-safe", help="csv/tsv: put a ' before text that begins like a formula (= + - @) so a spreadsheet "
    "shows it as text (default off: the data stay exact for DuckDB, pandas, R). xlsx cells are always literal.")]


def emit(db: Database, rel: ReleaseInfo, table: pa.Table, fmt: str, output: str | None, force: bool,
         description: str, coverage: tuple[str, ...] = (), notice: bool = True, spreadsheet_safe: bool = False,
         choose: str = "choose with --columns") -> None:
    """Write ``table`` where the flags say: a terminal table, stdout, or a file (with progress)."""
    from leeftui.export import Provenance, write_table

    if notice:
        print_notice(db, rel)
    if fmt in ("csv", "tsv", "table") and any(c.startswith("klasse") for c in table.column_names):
        # these formats have no place for provenance: say once, on stderr, where the classes come from
        err_console.print(f"classes: {rel.classes_source or 'none loaded (class columns are empty)'}",
                          soft_wrap=True, markup=False, highlight=False, style="dim")
    if fmt == "table":
        print_table(table, description, choose)
        return
    from leeftui.export.gis import GIS_FORMATS

    if fmt in GIS_FORMATS:
        from leeftui.store.outlines import with_geometry

        table, missing = with_geometry(db, table)
        if missing:
            err_console.print(f"{missing} areas have no outline: kept, with an empty geometry.", markup=False,
                              highlight=False, soft_wrap=True)
    prov = replace(Provenance.from_db(db, rel, description), coverage=coverage)
    if output in (None, "-"):
        sys.stdout.flush()
        write_table(table, sys.stdout.buffer, fmt, prov, spreadsheet_safe=spreadsheet_safe)
        sys.stdout.buffer.flush()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from leeftui.export.files import output_path

    path = output_path(output)
    with Progress(TextColumn("writing {task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(path.name, total=table.num_rows)
        write_table(table, path, fmt, prov, overwrite=force, spreadsheet_safe=spreadsheet_safe,
                    progress=lambda done, total: bar.update(task, completed=done, total=total))
    extra = f" (provenance in {path.name}.meta.json)" if fmt == "jsonl" else ""
    err_console.print(f"wrote {table.num_rows} rows × {table.num_columns} columns to {path}{extra}",
                      soft_wrap=True, highlight=False, markup=False)




def emit_report(db: Database, rel: ReleaseInfo, report: Report, fmt: str, output: str | None, force: bool,
                table: str | None, chart: RenderableType | None = None) -> None:
    """Write a :class:`leeftui.store.monitor.Report`: on a terminal (``--format table``) every table (or the one
    named) with its title, the chart and the notes; otherwise the table named by ``--table`` (default the first)
    to stdout or the file. The notes (what the figures stand on) go to stderr, keeping piped output clean."""
    say = partial(err_console.print, markup=False, highlight=False, soft_wrap=True, style="dim")
    if fmt == "table":
        from rich.console import Console

        names = [table] if table is not None else list(report.terminal or report.tables)
        for i, name in enumerate(names):
            t = report.table(name)
            if i == 0:
                print_notice(db, rel)
                for line in report.coverage:  # what the figures stand on, above them
                    Console(width=table_width()).print(line, markup=False, highlight=False, style="bold")
                emit(db, rel, t, fmt, output, force, f"{report.title} — {name}", notice=False)
            else:
                print_table(t, f"{report.title} — {name}")
        if chart is not None:
            from rich.console import Console

            Console(width=table_width()).print(chart)
    else:
        name = table if table is not None else next(iter(report.tables))
        for line in report.coverage:
            say(line, style="")
        emit(db, rel, report.table(name), fmt, output, force, f"{report.title} — {name}", report.coverage)
        others = [n for n in report.tables if n != name]
        if others:
            say(f"tables of this report: {', '.join(report.tables)} (this one: {name}; others with --table NAME)")
    for note in report.notes:
        say(note)
