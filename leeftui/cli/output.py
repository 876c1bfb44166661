"""Output plumbing shared by the data commands: options, opening the database, formats, writing.

stdout carries data only; notes, progress and the DEMO notice go to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from leeftui.cli.common import chosen_db, err_console
from leeftui.errors import UsageError
from leeftui.text import printable

if TYPE_CHECKING:
    import pyarrow as pa

    from leeftui.store.db import Database

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


def open_db(db_opt: str | None) -> Database:
    from leeftui.paths import resolve_db
    from leeftui.store import open_database

    return open_database(resolve_db(chosen_db(db_opt)).path)


def print_notice(db: Database) -> None:
    if db.notice:
        err_console.print(Text.assemble((f"{db.notice}:", "bold yellow"), " these are not real Leefbaarometer "
                                        f"figures ({db.release.label})."), soft_wrap=True, highlight=False)


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
    parts = text.replace("-", ":").split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise UsageError(f"--compare expects two waves like 2012:2022, not '{text}'.")
    a, b = int(parts[0]), int(parts[1])
    if a > b:
        raise UsageError(f"--compare takes the earlier wave first (Δ is the later minus the earlier): "
                         f"use {b}:{a}, not {text}.")
    return a, b


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


def print_table(table: pa.Table, title: str) -> None:
    import pyarrow.types as patypes
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = table.slice(0, TABLE_ROW_CAP)
    t = Table(title=Text(title), header_style="bold", show_lines=False)
    for f in table.schema:
        numeric = patypes.is_integer(f.type) or patypes.is_floating(f.type)
        t.add_column(Text(f.name), justify="right" if numeric else "left", overflow="fold")
    for row in shown.to_pylist():
        t.add_row(*(Text(printable(_cell(v))) for v in row.values()))  # names and codes: no markup, no controls
    (Console() if sys.stdout.isatty() else Console(width=200)).print(t)
    if table.num_rows > shown.num_rows:
        err_console.print(f"showing the first {shown.num_rows} of {table.num_rows} rows; use -o FILE or a pipe "
                          "for all of them.")


def emit(db: Database, table: pa.Table, fmt: str, output: str | None, force: bool, description: str) -> None:
    """Write ``table`` where the flags say: a terminal table, stdout, or a file (with progress)."""
    from leeftui.export import Provenance, write_table

    print_notice(db)
    if fmt in ("csv", "tsv", "table") and any(c.startswith("klasse") for c in table.column_names):
        # these formats have no place for provenance: say once, on stderr, where the classes come from
        err_console.print(f"classes: {db.release.classes_source or 'none loaded (class columns are empty)'}",
                          soft_wrap=True, markup=False, highlight=False, style="dim")
    if fmt == "table":
        print_table(table, description)
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


