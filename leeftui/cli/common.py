"""Shared pieces of the CLI: the --db option, consoles, and turning user errors into exit codes."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from leeftui.errors import LeeftuiError

err_console = Console(stderr=True, highlight=False)
"""Notes, warnings and errors go to stderr; stdout carries data only."""

DbOption = Annotated[
    str | None,
    typer.Option("--db", show_default=False,
                 help="Database file (default: $LEEFTUI_DB, then the user-data database, then the bundled demo)."),
]


def fail(message: str) -> None:
    """Print one clear error sentence on stderr."""
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True, markup=True)


class GuardedGroup(TyperGroup):
    """A command group that turns :class:`LeeftuiError` into one sentence on stderr and its exit code.

    Used for the root app; nested groups are invoked inside it, so every command is covered,
    both from the console script and from typer's CliRunner.
    """

    def invoke(self, ctx: Any) -> Any:  # noqa: D401 - click API
        try:
            return super().invoke(ctx)
        except LeeftuiError as exc:
            fail(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # the reader of a pipe went away (e.g. `| head`): not an error of ours
            raise typer.Exit(0) from None
