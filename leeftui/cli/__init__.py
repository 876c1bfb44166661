"""The `leeftui` command: thin typer commands that parse, call store/ingest/export, and print.

`leeftui` with no command opens the explorer on the default database.
"""

from __future__ import annotations

from typing import Annotated

import typer

from leeftui import signals
from leeftui.cli import data as _data
from leeftui.cli import db as _db
from leeftui.cli.common import ROOT_DB, DbOption, GuardedGroup, err_console
from leeftui.text import encodable_output

app = typer.Typer(
    rich_markup_mode=None,  # plain click help: no markdown/rich-table imports (--help ≈ 60 ms faster)
    name="leeftui",
    cls=GuardedGroup,
    help="Terminal explorer for the Dutch Leefbaarometer (livability monitor).",
    no_args_is_help=False,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(_db.app, name="db")
_data.register(app)


def _print_version(value: bool) -> None:
    if value:
        import leeftui

        typer.echo(f"leeftui {leeftui.__version__}")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context, db: DbOption = None,
          fresh: Annotated[bool, typer.Option("--fresh", help="Open the explorer without the state it remembers "
                                              "for this database (waves, sort, filter, scope, marks, theme).")]
          = False,
          theme: Annotated[str | None, typer.Option("--theme", help="Open the explorer in this theme, e.g. "
                                                    "textual-light, ansi-dark (t cycles them).", show_default=False)]
          = None,
          version: Annotated[bool, typer.Option("--version", help="Print leeftui's version and exit.",
                                                is_eager=True, callback=_print_version)] = False) -> None:
    """Open the explorer (no command), or run one of the commands below."""
    ROOT_DB.set(db)  # every command's --db falls back to this one
    if ctx.invoked_subcommand is not None:
        return
    from leeftui.ui.launch import launch

    code = launch(db, fresh=fresh, theme=theme)
    if code:
        raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    encodable_output()
    signals.install()
    app(prog_name="leeftui")


__all__ = ["app", "main", "err_console"]
