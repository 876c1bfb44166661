"""One declaration in the column model (leeftui.model.columns.DECLARATIONS) is all a new measure needs: declared
once, with its computation, it shows in the explorer's list, a CLI table, every export format, the filter's
completion and the monitor's tables — nothing else is edited."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.compute as pc
import pytest
from typer.testing import CliRunner

from leeftui.cli import app as cli_app
from leeftui.export import FORMATS
from leeftui.model import columns
from leeftui.model.columns import Declaration
from leeftui.model.sources import Derived
from leeftui.ui.app import create_app
from tests.ui.uihelpers import WIDE, grid_rows, pilot_test, settle

TWICE = Declaration(
    "twice_b", Derived(("lbm_b",), lambda c: pc.multiply(c["lbm_b"], 2.0)), "score", "double", "score",
    "twice_{B}", "2×{B}", "twice the score of wave B (a measure made up for this test)", width=6, list_at=12,
    report_at=12)


@pytest.fixture()
def twice(monkeypatch: pytest.MonkeyPatch) -> Declaration:
    monkeypatch.setattr(columns, "DECLARATIONS", [*columns.DECLARATIONS, TWICE])
    return TWICE


def _export(db: Path, out: Path, fmt: str, *extra: str) -> CliRunner:
    result = CliRunner().invoke(cli_app, ["export", "--db", str(db), "--level", "buurt", "--compare", "2014:2024",
                                          "--format", fmt, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result


def _read(path: Path, fmt: str) -> list[dict[str, object]]:
    if fmt in ("parquet", "geoparquet"):
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    if fmt == "gpkg":
        import pyogrio

        return pyogrio.read_arrow(path)[1].to_pylist()
    if fmt == "xlsx":
        from openpyxl import load_workbook

        rows = list(load_workbook(path, read_only=True)["data"].iter_rows(values_only=True))
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))["rows"]
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "markdown":
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
        head = [c.strip() for c in lines[0].strip("|").split("|")]
        return [dict(zip(head, (c.strip() for c in line.strip("|").split("|")), strict=True)) for line in lines[2:]]
    import pyarrow.csv as pacsv

    delimiter = "\t" if fmt == "tsv" else ","
    return pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter=delimiter)).to_pylist()


def test_every_export_format_writes_it(twice: Declaration, tiny_db_path: Path, tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"view.{fmt}"
        _export(tiny_db_path, out, fmt)
        rows = _read(out, fmt)
        assert rows and all("twice_2024" in r for r in rows), fmt
        for r in rows:
            if r["lbm_2024"] not in (None, ""):
                assert float(r["twice_2024"]) == pytest.approx(2 * float(r["lbm_2024"])), fmt  # type: ignore[arg-type]


def test_a_cli_table_shows_it(twice: Declaration, tiny_db_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["export", "--db", str(tiny_db_path), "--level", "buurt", "--compare",
                                          "2014:2024", "--columns", "code,lbm_2024,twice_2024", "--format", "table"],
                                env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "twice_2024" in result.stdout


def test_the_filter_language_reads_it(twice: Declaration, tiny_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "high.csv"
    _export(tiny_db_path, out, "csv", "--where", "twice_2024 > 8.4")
    rows = _read(out, "csv")
    assert rows and all(float(r["twice_2024"]) > 8.4 for r in rows)  # type: ignore[arg-type]


def test_the_monitor_table_shows_it(twice: Declaration, tiny_db) -> None:
    from leeftui.store.change import decliners

    table = decliners(tiny_db, tiny_db.default_release, 2014, 2024).tables["decliners"]
    assert table.column_names[-1] == "twice_2024"
    assert pc.all(pc.equal(table.column("twice_2024"), pc.multiply(table.column("lbm_2024"), 2.0))).as_py()


@pilot_test
async def test_the_list_the_filter_dialog_and_the_monitor_screen_show_it(twice: Declaration,
                                                                       tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path, fresh=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        grid = screen.query_one("AreaGrid")
        assert grid.columns[-1].label == "2×2024"  # the header, in its place
        lbm = screen.view.column("lbm_b")[0].as_py()
        assert grid_rows(app)[0].split()[-1] == f"{2 * lbm:.3f}"  # formatted as a score
        assert screen.current_export()[0].column_names[-1] == "twice_2024"
        await pilot.press("f")
        await settle(pilot)
        box = app.screen.query_one("#filter-expr")
        box.focus()
        box.value = "twic"
        box.cursor_position = len(box.value)
        await settle(pilot)
        await pilot.press("right")  # takes the completion
        assert box.value == "twice_b"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("p", "4")
        await settle(pilot)
        table = app.screen.query_one("#decliners-decliners")
        assert [str(c.label) for c in table.columns.values()][-1] == "twice_2024"

