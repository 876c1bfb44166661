"""`leeftui db sets …`: review how an area set was matched, and decide what the matching could not.

``show`` lists per member what matched, by which rule and how sure, what was left out and the nearest names of
anything unmatched; ``accept`` and ``reject`` write those decisions to the override file (atomically; the
database changes with the next rebuild, or now with ``leeftui db add-set FILE``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from leeftui.cli.common import DbOption, SafeConsole, err_console
from leeftui.cli.output import (
    ColumnsOption,
    ForceOption,
    FormatOption,
    OutputOption,
    emit_report,
    open_db,
    pick_columns,
    resolve_format,
)

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                  help="Review how an area set was matched by name, and accept or reject areas.")

ReleaseOption = Annotated[str | None, typer.Option("--release", "-r", help="Release id (default: the database's "
                                                   "default release).", show_default=False)]
FileOption = Annotated[Path | None, typer.Option(
    "--file", help="The override file (default: sets/overrides.toml in the user-data folder, which a rebuild "
                   "reads).", show_default=False)]


@app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="The set, e.g. aandachtswijken-2007.", show_default=False)],
    release: ReleaseOption = None,
    only: Annotated[str | None, typer.Option("--only", help="Only members that are matched, uncertain or "
                                             "unmatched.", show_default=False)] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    table: Annotated[str | None, typer.Option("--table", help="For files: matches (one row per area found, "
                                              "left out or near; default) or members (one row per member).",
                                              show_default=False)] = None,
    columns: ColumnsOption = None,
    db: DbOption = None,
) -> None:
    """Per member: what matched, by which rule and how sure, what was left out, the nearest names."""
    from leeftui.store.sets import set_review

    chosen = resolve_format(fmt, output)
    database, rel = open_db(db, release)
    try:
        review = set_review(database, rel, name, only)
        if chosen != "table" or columns:  # chosen columns: as a table, not as the blocks per member
            emit_report(database, rel, pick_columns(review.report, columns), chosen, output, force,
                        table or ("matches" if chosen != "table" else None))
            return
        from rich.text import Text

        from leeftui.cli.output import print_notice, table_width
        from leeftui.present.setreview import blocks, headline

        print_notice(database, rel)
        console = SafeConsole(width=table_width(), highlight=False)
        console.print(review.report.title, style="bold", markup=False)
        console.print(headline(review))
        for block in blocks(review):
            console.print(block.lines[0])
            for line in block.lines[1:]:  # hanging indent, no trailing blanks
                for part in line.wrap(console, max(20, console.width - 4)):
                    part.rstrip()
                    console.print(Text("    ") + part)
        for note in review.report.notes:
            err_console.print(note, markup=False, highlight=False, soft_wrap=True, style="dim")
    finally:
        database.close()


def _decide(name: str, member: str, codes: list[str], file: Path | None, db: str | None, accept: bool) -> None:
    from leeftui.ingest.overrides import decide, override_path
    from leeftui.store.sets import check_decision

    database, rel = open_db(db)
    try:
        member, wanted = check_decision(database, name, member, tuple(codes))
    finally:
        database.close()
    path = (file or override_path()).expanduser()
    got = decide(path, name, member, accept=wanted if accept else (), reject=() if accept else wanted)
    say = partial(err_console.print, markup=False, highlight=False, soft_wrap=True)
    say(f"{'accepted' if accept else 'rejected'} {', '.join(wanted)} for {member} ({name}) in {path}; now "
        f"accepted: {', '.join(got.accept) or 'none'}, rejected: {', '.join(got.reject) or 'none'}.")
    say(f"The database changes with the next rebuild, or now: leeftui db add-set {path}")


@app.command("carry")
def carry_cmd(
    name: SetArgument,
    to: Annotated[str, typer.Option("--to", help="The level to carry the set to: buurt, wijk, gemeente or pc4.",
                                    show_default=False)],
    threshold: Annotated[float, typer.Option("--threshold", help="Percent of an area's surface that must lie "
                                             "inside the set.", min=1, max=100)] = 50,
    new_name: Annotated[str | None, typer.Option("--name", help="Name of the new set (default: NAME-LEVEL).",
                                                 show_default=False)] = None,
    release: ReleaseOption = None,
    db: DbOption = None,
) -> None:
    """Carry a set to another level by area overlap (outlines of both levels needed); written atomically."""
    from leeftui import paths
    from leeftui.cli.common import chosen_db
    from leeftui.errors import UsageError
    from leeftui.ingest.carry import carry_set

    resolved = paths.resolve_db(chosen_db(db))
    if resolved.origin == "bundled":
        raise UsageError("The bundled demo database is not changed; build your own (leeftui db rebuild) or pass "
                         "--db PATH.")
    database, rel = open_db(db, release)
    database.close()
    for added in carry_set(resolved.path, name, rel.release, to.strip().lower(), threshold / 100, new_name):
        err_console.print(f"{'replaced' if added.replaced else 'added'} area set {added.name!r}: {added.members} "
                          f"{to} areas of {rel.release} in {resolved.path} (leeftui db sets show {added.name})",
                          markup=False, highlight=False, soft_wrap=True)


CodesArgument = Annotated[list[str], typer.Argument(help="Wijk or buurt codes (a wijk stands for its buurten).",
                                                    show_default=False)]
MemberArgument = Annotated[str, typer.Argument(help="The member as the review names it, e.g. 'Utrecht "
                                                    "Kanaleneiland'.", show_default=False)]
SetArgument = Annotated[str, typer.Argument(help="The set.", show_default=False)]


@app.command("accept")
def accept_cmd(name: SetArgument, member: MemberArgument, codes: CodesArgument, file: FileOption = None,
               db: DbOption = None) -> None:
    """Put areas in a member (written to the override file; the database is not touched)."""
    _decide(name, member, codes, file, db, accept=True)


@app.command("reject")
def reject_cmd(name: SetArgument, member: MemberArgument, codes: CodesArgument, file: FileOption = None,
               db: DbOption = None) -> None:
    """Take areas out of a member (written to the override file; the database is not touched)."""
    _decide(name, member, codes, file, db, accept=False)
