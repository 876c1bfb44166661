"""`leeftui view`: views saved under a name — the options of `leeftui export` that give their rows — to list, run
on this or a newer release, and delete. The explorer saves them too (`x`, then the palette's "Save the view")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from leeftui.cli.common import DbOption, ReleaseOption, err_console
from leeftui.cli.output import ForceOption, FormatOption, OutputOption, SpreadsheetSafeOption, open_db

if TYPE_CHECKING:
    import pyarrow as pa

    from leeftui.model.release import ReleaseInfo
    from leeftui.model.viewspec import ViewArgs
    from leeftui.store.db import Database

app = typer.Typer(help="Views saved under a name: save, list, run (also on a newer release), delete.",
                  no_args_is_help=True, rich_markup_mode=None)


@app.command("save")
def save_cmd(
    name: Annotated[str, typer.Argument(help="The view's name.", show_default=False)],
    options: Annotated[list[str] | None, typer.Argument(help="After --: the options of `leeftui export`, e.g. "
                                                        "-- --level buurt --compare 2014:2024 --declined.",
                                                        show_default=False)] = None,
    db: DbOption = None,
    release: ReleaseOption = None,
) -> None:
    """Save the options of `leeftui export --compare A:B …` as a view (checked on the database first)."""
    from leeftui import savedviews
    from leeftui.model.viewspec import ViewArgs

    name = savedviews.check_name(name)
    args = ViewArgs.parse(options or [])
    database, rel = open_db(db, release)
    try:
        _select(database, rel, args)  # a view that does not select on its own database is refused now
    finally:
        database.close()
    savedviews.save(savedviews.SavedView(name, args.args(), rel.release, list(rel.waves),
                                         datetime.now(UTC).isoformat(timespec="seconds")))
    err_console.print(f"saved view '{name}': {args.command()}", markup=False, highlight=False, soft_wrap=True)


@app.command("list")
def list_cmd() -> None:
    """Every saved view: its name, the release it was saved on, and its command."""
    from leeftui import savedviews
    from leeftui.model.viewspec import ViewArgs

    views = savedviews.load()
    if not views:
        err_console.print("No saved views yet: save one with `leeftui view save NAME -- …` or from the explorer "
                          "(x copies the view as a command; the palette saves it).", markup=False, highlight=False)
        return
    for view in views.values():
        typer.echo(f"{view.name}\t{view.release}\t{ViewArgs.parse(view.args).command()}")


@app.command("run")
def run_cmd(
    name: Annotated[str, typer.Argument(help="The saved view.", show_default=False)],
    db: DbOption = None,
    release: ReleaseOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    spreadsheet_safe: SpreadsheetSafeOption = False,
) -> None:
    """Export a saved view's rows: on the release it was saved on, or on another one — its waves kept where that
    release has them, else taken at the same places from its latest wave (or refused in one sentence)."""
    from leeftui import savedviews
    from leeftui.cli.output import emit, resolve_format
    from leeftui.model.viewspec import ViewArgs, map_waves

    views = savedviews.load()
    view = views.get(name.strip())
    if view is None:
        from leeftui.errors import UsageError

        raise UsageError(savedviews.unknown(name, views))
    args = ViewArgs.parse(view.args)
    out_fmt = resolve_format(fmt, output)
    database, rel = open_db(db, release)
    try:
        waves, note = map_waves(args.compare, view.waves, rel.waves)
        if note:
            err_console.print(f"view '{view.name}' (saved on {view.release}): {note}.", markup=False,
                              highlight=False, soft_wrap=True)
        from dataclasses import replace

        args = replace(args, compare=waves)
        table = _select(database, rel, args)
        emit(database, rel, table, out_fmt, output, force, f"view '{view.name}': {args.command()}",
             spreadsheet_safe=spreadsheet_safe)
    finally:
        database.close()


@app.command("delete")
def delete_cmd(name: Annotated[str, typer.Argument(help="The saved view.", show_default=False)]) -> None:
    """Forget a saved view."""
    from leeftui import savedviews

    savedviews.delete(name.strip())
    err_console.print(f"deleted view '{name.strip()}'", markup=False, highlight=False)


def _select(database: Database, rel: ReleaseInfo, args: ViewArgs) -> pa.Table:
    """The rows of a view: exactly `leeftui export` with its options."""
    from leeftui.store.select import select

    return select(database, rel, args.selection())
