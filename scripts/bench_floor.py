"""The floor for the console-start figure: the least a Textual + DuckDB explorer does before its first row —
a Textual App with Header, DataTable and Footer showing 50 gemeenten from the database.

    python scripts/bench_floor.py DB
"""

from __future__ import annotations

import sys

import duckdb
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class Floor(App[None]):
    """Header, a 50-row table, Footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        con = duckdb.connect(sys.argv[1], read_only=True)
        rows = con.execute("SELECT name, code FROM areas WHERE level = 'gemeente' ORDER BY name, code "
                           "LIMIT 50").fetchall()
        table = self.query_one(DataTable)
        table.add_columns("name", "code")
        table.add_rows(rows)


if __name__ == "__main__":
    Floor().run()
