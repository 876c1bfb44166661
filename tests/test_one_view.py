"""One definition of a view's rows (the column model's sources, computed by leeftui.store.figures.view_table; the change
B − A is leeftui.model.measures.change) feeds the explorer's list, the export of that list and the CLI's --compare
selection: change the definition and all three change."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from typer.testing import CliRunner

import leeftui.model.measures as measures_module
from leeftui.cli import app as cli_app
from leeftui.ui.app import create_app
from tests.ui.uihelpers import settle

SHIFT = 100.0


def shifted_delta(later: pa.ChunkedArray, earlier: pa.ChunkedArray) -> pa.ChunkedArray:
    """A changed definition of Δ (B − A + 100), impossible to produce any other way."""
    return pc.add(pc.subtract(later, earlier), SHIFT)


def _list_and_export(db: Path) -> tuple[list[float], list[float]]:
    async def run() -> tuple[list[float], list[float]]:
        app = create_app(db, fresh=True)  # each run starts from the same view
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("a", "a")  # all buurten
            await settle(pilot)
            screen = app.screen
            assert screen.view is not None
            shown = screen.view.column("d_lbm").to_pylist()
            exported = screen.current_export()[0].column("delta_lbm").to_pylist()
            return shown, exported

    return asyncio.run(run())


def _cli(db: Path) -> list[float]:
    result = CliRunner().invoke(cli_app, ["export", "--db", str(db), "--level", "buurt", "--compare", "2014:2024",
                                          "--format", "csv", "-o", "-"])
    assert result.exit_code == 0, result.output
    return [float(r["delta_lbm"]) for r in csv.DictReader(io.StringIO(result.stdout)) if r["delta_lbm"]]


def test_list_export_and_cli_share_one_view_definition(tiny_db_path: Path, monkeypatch) -> None:
    shown, exported = _list_and_export(tiny_db_path)
    cli = _cli(tiny_db_path)
    assert shown and max(abs(d) for d in shown if d is not None) < 1  # plain B − A first
    assert sorted(d for d in shown if d is not None) == sorted(cli)

    monkeypatch.setattr(measures_module, "change", shifted_delta)
    shown2, exported2 = _list_and_export(tiny_db_path)
    cli2 = _cli(tiny_db_path)
    for before, after in ((shown, shown2), (exported, exported2)):
        assert [None if b is None else round(b + SHIFT, 9) for b in before] == \
               [None if a is None else round(a, 9) for a in after]
    assert sorted(round(d, 9) for d in cli2) == sorted(round(d + SHIFT, 9) for d in cli)
