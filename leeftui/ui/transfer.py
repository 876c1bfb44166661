"""Getting a view out of the explorer: the export dialog and the clipboard (OSC 52)."""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

import pyarrow as pa
from textual.app import App

if TYPE_CHECKING:
    from leeftui.export import Provenance


def open_export(app: App[None], table: pa.Table, description: str, default_name: str,
                marked: pa.Table | None = None) -> None:
    """Open the export dialog for ``table`` (exactly what the current view shows; ``marked``: its marked rows,
    offered as a choice)."""
    from leeftui.ui.screens.export import ExportScreen

    app.push_screen(ExportScreen(table, description, default_name, marked=marked))


def clipboard_reachable(app: App[None]) -> bool:
    """False where OSC 52 cannot reach a terminal (not a terminal, or TERM=dumb)."""
    return app.console.is_terminal and os.environ.get("TERM", "") != "dumb"


def copy_table(app: App[None], table: pa.Table, fmt_name: str, what: str, provenance: Provenance) -> None:
    """Copy ``table`` via OSC 52 as the export would write it, and say what happened.

    ``fmt_name`` is 'tsv' or 'markdown'; the text is :func:`leeftui.export.write_table`'s, so a copy of
    demo data carries its notice (the ``notice`` column, the Markdown banner) like a file does.
    """
    from leeftui.export import write_table  # not on the start-up path

    buf = io.BytesIO()
    write_table(table, buf, fmt_name, provenance)
    app.copy_to_clipboard(buf.getvalue().decode("utf-8"))
    kind = "Markdown" if fmt_name == "markdown" else "TSV"
    if clipboard_reachable(app):
        app.notify(f"Copied {table.num_rows} {what} as {kind} (OSC 52).", timeout=3)
    else:
        app.notify(f"Copied {table.num_rows} {what} as {kind} inside leeftui only: this terminal cannot "
                   "receive OSC 52 (not a terminal or TERM=dumb); use `e` to export to a file.",
                   severity="warning", timeout=6)
