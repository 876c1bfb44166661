"""Shared pieces of the CLI: the --db option, consoles, and turning user errors into exit codes."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from leeftui.errors import LeeftuiError, UsageError
from leeftui.text import printable

err_console = Console(stderr=True, highlight=False)
"""Notes, warnings and errors go to stderr; stdout carries data only."""

DbOption = Annotated[
    str | None,
    typer.Option("--db", show_default=False,
                 help="Database file (default: $LEEFTUI_DB, then the user-data database, then the bundled demo)."),
]


def fail(message: str) -> None:
    """Print one clear error sentence on stderr (its text is never read as markup: it may quote user input)."""
    err_console.print(Text.assemble(("error:", "bold red"), " ", printable(message)), soft_wrap=True)


ROOT_DB: ContextVar[str | None] = ContextVar("leeftui_root_db", default=None)
"""The ``--db`` given before the command (``leeftui --db X export …``); the root callback sets it on every run."""


def chosen_db(db: str | None) -> str | None:
    """The ``--db`` of this command, else the one given before it (``leeftui --db X export …``).

    Raises UsageError when both are given and differ.
    """
    before = ROOT_DB.get()
    if db is not None and before is not None and db != before:
        raise UsageError(f"--db is given twice ({before} before the command, {db} after it); give it once.")
    return db if db is not None else before


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
