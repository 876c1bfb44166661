"""`leeftui serve`: the explorer in a browser, through textual-serve. Bound to 127.0.0.1 by default — reach it
from another machine with `ssh -L 8000:127.0.0.1:8000 server`; another address only with --public, and a
warning (anyone who reaches the port reads the database). Exports and reports download in the browser."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from typing import Annotated

import typer

from leeftui.cli.common import DbOption, err_console
from leeftui.errors import UsageError


def serve_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="The address to listen on (another than 127.0.0.1 / "
                                      "localhost needs --public).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port.", min=1, max=65535)] = 8000,
    public: Annotated[bool, typer.Option("--public", help="Allow an address other machines can reach.")] = False,
) -> None:
    """The explorer in a browser on http://HOST:PORT (each browser tab its own explorer)."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError("leeftui serve needs textual-serve: pip install textual-serve (it comes with leeftui's "
                         "own install).") from None
    from leeftui.cli.output import open_db

    database, _ = open_db(db)  # a missing or broken database is said here, not in every browser tab
    path = database.path
    database.close()
    if not _loopback(host) and not public:
        raise UsageError(f"{host} can be reached from other machines: pass --public to serve there, or keep the "
                         "default 127.0.0.1 and reach it with ssh -L.")
    if not _loopback(host):
        err_console.print(f"warning: serving on {host}: anyone who reaches port {port} can read {path.name} and "
                          "write files where leeftui runs (exports).", markup=False, highlight=False, style="bold")
    command = shlex.join([sys.executable, "-m", "leeftui", "--db", str(path)])
    err_console.print(f"leeftui in a browser: http://{host}:{port} (ctrl+c stops it)", markup=False,
                      highlight=False)
    Server(command, host=host, port=port, title="leeftui").serve()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
