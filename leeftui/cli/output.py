"""Output plumbing shared by the data commands: options, opening the database, formats, writing.

stdout carries data only; notes, progress and the DEMO notice go to stderr.
"""

from __future__ import annotations

import os
import re
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from leeftui.cli.common import chosen_db, err_console
from leeftui.errors import UsageError
from leeftui.text import printable

if TYPE_CHECKING:
    import pyarrow as pa
    from rich.console import RenderableType

    from leeftui.store.db import Database, ReleaseInfo
    from leeftui.store.monitor import Report

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


TEXT_MIN = 12
"""A text column (a name) narrower than its longest cell is cut, with an ellipsis, down to this width."""


PRIORITY = (("code", "name", "jaar", "group", "rank", "dimension"), ("lbm",),
            ("delta_lbm", "d_lbm", "problem_share", "problem_inwoners", "weighted_", "mean_delta", "share_"),
            ("klasse",), ("afw", "delta_", "d_", "inwoners"))
"""Which columns a narrow terminal keeps first (by name prefix): the area, its scores, their change, the class,
then deviations, dimension changes and inhabitants; everything else last."""


def priority(name: str) -> int:
    """The rank of a column in :data:`PRIORITY` (class labels, and the classes of afw and the dimensions, rank
    with the rest)."""
    if name.startswith("klasse"):
        return PRIORITY.index(("klasse",)) if re.fullmatch(r"klasse(_\d{4}|_[ab])?", name) else len(PRIORITY)
    if "label" not in name:
        for rank, prefixes in enumerate(PRIORITY):
            if name.startswith(prefixes):
                return rank
    return len(PRIORITY)


def fit_columns(names: list[str], widths: list[int], numeric: list[bool], total: int) -> dict[int, int]:
    """Which columns fit in ``total`` terminal cells — chosen by :func:`priority`, then in table order — and
    the width of each (by column index).

    A number is never cut or folded: a numeric column gets its full width or is left out. A text column may
    be cut to :data:`TEXT_MIN` when space is short. Each column costs its width plus 3 (padding and a border),
    and the table one more border.
    """
    chosen: dict[int, int] = {}
    spare = total - 1  # the table's last border
    # the first column names the row (an area's code, a wave, a group, a starting class): it always stays
    for i in sorted(range(len(names)), key=lambda i: (priority(names[i]) if i else -1, i)):
        w = widths[i] if numeric[i] else min(widths[i], TEXT_MIN)  # text first at its least, grown below
        if w + 3 <= spare:
            chosen[i] = w
            spare -= w + 3
    for i in sorted(chosen):  # what is left widens the cut text columns, in table order
        if not numeric[i]:
            grow = min(widths[i] - chosen[i], spare)
            chosen[i] += grow
            spare -= grow
    if not chosen and names:  # not even one column: show the first anyway (cut if text) rather than nothing
        chosen[0] = widths[0] if numeric[0] else max(1, min(widths[0], total - 4))
    return dict(sorted(chosen.items()))


def table_width() -> int:
    """The terminal's width; for a table piped on purpose (``--format table``), $COLUMNS or 200."""
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    try:
        return max(20, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 200


def print_table(table: pa.Table, title: str) -> None:
    """A terminal table of the first rows: the columns that fit the width, whole numbers in each; the columns
    left out are named on stderr with the ways to get them."""
    import pyarrow.types as patypes
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = table.slice(0, TABLE_ROW_CAP)
    rows = [[printable(_cell(v)) for v in row.values()] for row in shown.to_pylist()]  # no markup, no controls
    numeric = [patypes.is_integer(f.type) or patypes.is_floating(f.type) for f in table.schema]
    widths = [max([len(f.name), *(len(r[i]) for r in rows)]) for i, f in enumerate(table.schema)]
    width = table_width()
    fitted = fit_columns(table.column_names, widths, numeric, width)
    t = Table(title=Text(title), header_style="bold", show_lines=False)
    for i, w in fitted.items():
        t.add_column(Text(table.column_names[i]), justify="right" if numeric[i] else "left", no_wrap=True, width=w,
                     overflow="crop" if numeric[i] else "ellipsis")
    for r in rows:
        t.add_row(*(Text(r[i]) for i in fitted))
    Console(width=width).print(t)
    left = [c for i, c in enumerate(table.column_names) if i not in fitted]
    if left:
        err_console.print(f"{len(left)} of {table.num_columns} columns left out to fit {width} columns: "
                          f"{', '.join(left[:8])}{' …' if len(left) > 8 else ''} (choose with --columns, or write "
                          "all with -o FILE or a pipe)", markup=False, highlight=False, soft_wrap=True)
    if table.num_rows > shown.num_rows:
        err_console.print(f"showing the first {shown.num_rows} of {table.num_rows} rows; use -o FILE or a pipe "
                          "for all of them.")


def emit(db: Database, rel: ReleaseInfo, table: pa.Table, fmt: str, output: str | None, force: bool,
         description: str) -> None:
    """Write ``table`` where the flags say: a terminal table, stdout, or a file (with progress)."""
    from leeftui.export import Provenance, write_table

    print_notice(db, rel)
    if fmt in ("csv", "tsv", "table") and any(c.startswith("klasse") for c in table.column_names):
        # these formats have no place for provenance: say once, on stderr, where the classes come from
        err_console.print(f"classes: {rel.classes_source or 'none loaded (class columns are empty)'}",
                          soft_wrap=True, markup=False, highlight=False, style="dim")
    if fmt == "table":
        print_table(table, description)
        return
    prov = Provenance.from_db(db, rel, description)
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




def emit_report(db: Database, rel: ReleaseInfo, report: Report, fmt: str, output: str | None, force: bool,
                table: str | None, chart: RenderableType | None = None) -> None:
    """Write a :class:`leeftui.store.monitor.Report`: on a terminal (``--format table``) every table (or the one
    named) with its title, the chart and the notes; otherwise the table named by ``--table`` (default the first)
    to stdout or the file. The notes (what the figures stand on) go to stderr, keeping piped output clean."""
    say = partial(err_console.print, markup=False, highlight=False, soft_wrap=True, style="dim")
    if fmt == "table":
        names = [table] if table is not None else list(report.terminal or report.tables)
        for i, name in enumerate(names):
            t = report.table(name)
            if i == 0:
                emit(db, rel, t, fmt, output, force, f"{report.title} — {name}")
            else:
                print_table(t, f"{report.title} — {name}")
        if chart is not None:
            from rich.console import Console

            Console(width=table_width()).print(chart)
    else:
        name = table if table is not None else next(iter(report.tables))
        emit(db, rel, report.table(name), fmt, output, force, f"{report.title} — {name}")
        others = [n for n in report.tables if n != name]
        if others:
            say(f"tables of this report: {', '.join(report.tables)} (this one: {name}; others with --table NAME)")
    for note in report.notes:
        say(note)
