"""`leeftui db …`: inspect, rebuild and download the database."""

from __future__ import annotations

import typer

app = typer.Typer(help="Inspect, rebuild and download the database.", no_args_is_help=True)
