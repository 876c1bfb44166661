"""The `leeftui` command: thin typer commands that parse, call store/build/export, and print.

`leeftui` with no command opens the explorer on the default database.
"""

from __future__ import annotations

import codecs
import io
import sys

import typer

from leeftui import signals
from leeftui.cli import data as _data
from leeftui.cli import db as _db
from leeftui.cli.common import ROOT_DB, DbOption, GuardedGroup, err_console

app = typer.Typer(
    name="leeftui",
    cls=GuardedGroup,
    help="Terminal explorer for the Dutch Leefbaarometer (livability monitor).",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(_db.app, name="db")
_data.register(app)


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context, db: DbOption = None) -> None:
    """Open the explorer (no command), or run one of the commands below."""
    ROOT_DB.set(db)  # every command's --db falls back to this one
    if ctx.invoked_subcommand is not None:
        return
    from leeftui.ui.launch import launch

    code = launch(db)
    if code:
        raise typer.Exit(code)


ASCII_GLYPHS = {"—": "-", "–": "-", "▲": "^", "▼": "v", "█": "#", "│": "|", "┊": ":", "≈": "~", "◐": "(p)",
                "›": ">", "→": "->", "↗": "/", "↘": "\\", "Δ": "d", "…": "...", "●": "*", "▏": "|", "▕": "|",
                "◂": "<", "▸": ">", "·": "."}
"""Plain-ASCII stand-ins for leeftui's glyphs, for a terminal whose encoding lacks them."""


def _ascii_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start:err.end]
    return "".join(ASCII_GLYPHS.get(ch, "?") for ch in bad), err.end


def _encodable_output() -> None:
    """On stdout/stderr in an encoding without leeftui's glyphs (PYTHONIOENCODING=latin-1, a C locale), write
    ASCII stand-ins instead of failing; data written to pipes as bytes (csv, parquet) is unaffected."""
    codecs.register_error("leeftui-ascii", _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        try:
            "—▲▼█│≈◐".encode(stream.encoding or "utf-8")
        except (UnicodeEncodeError, LookupError):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="leeftui-ascii")


def main() -> None:
    """Console-script entry point."""
    _encodable_output()
    signals.install()
    app(prog_name="leeftui")


__all__ = ["app", "main", "err_console"]
