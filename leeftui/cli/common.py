"""Shared pieces of the CLI: the --db option, consoles, and turning user errors into exit codes."""

from __future__ import annotations

import errno
import re
import signal
import sys
from contextvars import ContextVar
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperArgument, TyperGroup, TyperOption

from leeftui import signals
from leeftui.atomic import remove_pending
from leeftui.errors import EXIT_DATABASE, EXIT_EMPTY, EXIT_USAGE, LeeftuiError, UsageError
from leeftui.text import printable

try:  # typer ≥ 0.24 carries its own copy of click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer on click
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

class SafeConsole(Console):
    """A Console that never sends a control character from the user's text (a set name, a file name, an ``-o``
    path): strings and Text are written through :func:`leeftui.text.printable` (ESC shows as ``\\x1b``)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # noqa: D102 - Console.print
        super().print(*(_shown(o) for o in objects), **kwargs)


def _shown(o: Any) -> Any:
    if isinstance(o, str):
        return printable(o)
    if isinstance(o, Text) and printable(o.plain) != o.plain:
        return Text(printable(o.plain), style=o.style)  # its inner styles give way to the escapes
    return o


err_console = SafeConsole(stderr=True, highlight=False)
"""Notes, warnings and errors go to stderr; stdout carries data only."""

DbOption = Annotated[
    str | None,
    typer.Option("--db", show_default=False, metavar="PATH",
                 help="Database file (default: $LEEFTUI_DB, then the user-data database, then the bundled demo)."),
]


ReleaseOption = Annotated[
    str | None,
    typer.Option("--release", show_default=False, metavar="ID",
                 help="Release to read, e.g. lbm2-2016 or lbm3-2024 (see 'leeftui db info'; default: the "
                      "database's default release)."),
]


MAX_MESSAGE = 1000
"""Characters of an error sentence shown; one quoting a huge value (a 100 KB --search) is cut in the middle."""


def fail(message: str) -> None:
    """Print one clear error sentence on stderr (its text is never read as markup: it may quote user input)."""
    if len(message) > MAX_MESSAGE:
        cut = len(message) - 900
        message = f"{message[:700]} … ({cut:,} characters left out) … {message[-200:]}"
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


WRITE_ERRORS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exhausted",
                errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
                errno.EPERM: "permission denied", errno.EIO: "an input/output error",
                errno.EFBIG: "the file is too large"}
"""OS errors a user can cause by where they write (a full disk, ``> /dev/full``, a read-only folder)."""


def _os_sentence(exc: OSError) -> str:
    reason = WRITE_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
    where = f" {exc.filename}" if exc.filename else " the output"
    return f"Cannot write{where}: {reason}."


def _usage_sentence(exc: Any) -> str:
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "leeftui"
    message = exc.format_message().rstrip(".")
    return f"{message} (see '{command} --help')."


def _interrupted(signum: int) -> NoReturn:
    remove_pending()
    how = "Ctrl+C" if signum == signal.SIGINT else signal.Signals(signum).name
    try:
        fail(f"Interrupted by {how}; nothing was changed.")
    except OSError:
        pass
    sys.exit(signals.exit_code(signum))


METAVARS = {"--in": "CODE", "--area": "CODE", "--set": "NAME", "--search": "TEXT", "--waves": "YEARS",
            "--compare": "A:B", "--class": "RANGE", "--output": "FILE", "--memory-limit": "SIZE",
            "--timeout": "SECONDS", "--sort": "COLUMN", "--limit": "N", "--classes": "FILE", "--below": "SCORE",
            "--class-max": "N"}
"""The names the help gives the values of these options; any other option is named after itself."""


def name_metavars(group: Any) -> None:
    """Give every option that takes a value a name for it in the help (``--level LEVEL``, ``--output
    OUTPUT``) instead of a Python type (``<str>``); options that set one keep it (``--db PATH``). Arguments show
    their name in capitals (``leeftui show [OPTIONS] CODE``, not ``{code}``)."""
    stack = [group]
    while stack:
        command = stack.pop()
        stack.extend(getattr(command, "commands", {}).values())
        for param in command.params:
            if isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
                longest = max(param.opts, key=len)
                param.metavar = METAVARS.get(longest, longest.lstrip("-").upper().replace("-", "_"))
            elif isinstance(param, TyperArgument) and param.metavar is None and param.name:
                param.metavar = param.name.upper() + ("..." if param.nargs == -1 else "")


def _damaged(exc: BaseException) -> str | None:
    """One sentence for a database DuckDB finds damaged while reading it (an IO or corruption error raised from a
    query, past the open-time checks); None for anything else."""
    import duckdb

    if not isinstance(exc, duckdb.Error) or isinstance(exc, duckdb.InterruptException):
        return None
    text = str(exc)
    first = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, (duckdb.IOException, duckdb.SerializationException)) or re.search(
            r"corrupt|checksum|damaged|Failed to read|invalid block", text, re.IGNORECASE):
        return (f"The database could not be read: it looks damaged ({first}); rebuild it (leeftui db rebuild) or "
                "download it again.")
    return None


class GuardedGroup(TyperGroup):
    """A command group that turns :class:`LeeftuiError` into one sentence on stderr and its exit code.

    Used for the root app; nested groups are invoked inside it, so every command is covered,
    both from the console script and from typer's CliRunner. Usage errors (an unknown option, a
    missing argument), write errors (a full disk) and signals (Ctrl+C, SIGTERM: exit 128 + signal,
    temporary files removed) end the same way: one sentence, the documented exit code, no traceback.
    """

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:  # noqa: D401 - click API
        kwargs["standalone_mode"] = False
        name_metavars(self)
        code: Any = 0
        try:
            code = super().main(*args, **kwargs)
            sys.stdout.flush()  # a full disk behind `> file` shows here, not as an "Exception ignored" at exit
        except click_exceptions.UsageError as exc:
            fail(_usage_sentence(exc))
            code = exc.exit_code or EXIT_USAGE
        except click_exceptions.ClickException as exc:
            fail(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            code = signals.exit_code(signals.received() or signal.SIGINT)
        except KeyboardInterrupt:
            _interrupted(signals.received() or signal.SIGINT)
        except signals.Terminated as exc:
            _interrupted(exc.signum)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                code = 0
            elif exc.errno in WRITE_ERRORS:
                fail(_os_sentence(exc))
                code = EXIT_EMPTY
            else:
                raise
        finally:
            remove_pending()
        if signals.received() is not None:
            _interrupted(signals.received() or 0)
        if code == signals.exit_code(signal.SIGINT):
            _interrupted(signal.SIGINT)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:  # noqa: D401 - click API
        try:
            return super().invoke(ctx)
        except LeeftuiError as exc:
            if signals.received() is not None:  # e.g. "Query interrupted" wrapped as a build or SQL error
                _interrupted(signals.received() or 0)
            fail(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # the reader of a pipe went away (e.g. `| head`): not an error of ours
            raise typer.Exit(0) from None
        except Exception as exc:
            if signals.received() is not None:  # duckdb.InterruptException and anything it caused
                _interrupted(signals.received() or 0)
            damaged = _damaged(exc)
            if damaged is not None:  # damage DuckDB finds only when a query reads the damaged block
                fail(damaged)
                raise typer.Exit(EXIT_DATABASE) from None
            raise
