"""Postcode areas (PC4) as a level of their own: the official meting 2022 PC4 table beside wijken of the same
release — a flat list below Nederland, in `a`'s scopes, found by postcode, exported with `--level pc4`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from tests.realdata import REAL as REAL_ROOT
from tests.realdata import need_real
from tests.ui.uihelpers import SMALL, grid_rows, pilot_test, screen_text, settle

REAL = REAL_ROOT / "lbm3-meting2022-pc4"
runner = CliRunner()


@pytest.fixture(scope="module")
def pc4_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_real("lbm3-meting2022-pc4")
    from leeftui.ingest import rebuild
    from tests.unit.ingest.helpers import wijk_file

    folder = tmp_path_factory.mktemp("pc4")
    rep = rebuild([wijk_file(folder), REAL / "scores.csv"], folder / "pc4.duckdb")
    assert rep.releases == ("lbm3-2022",)  # wijken and postcode areas of one meting: one release
    return folder / "pc4.duckdb"


def test_export_level_pc4(pc4_db: Path) -> None:
    res = runner.invoke(app, ["export", "--db", str(pc4_db), "--level", "pc4", "--waves", "2022", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    with (REAL / "scores.csv").open(encoding="utf-8") as f:
        expected = sum(1 for r in csv.DictReader(f) if r["jaar"] == "2022")
    assert len(rows) == expected > 4000
    first = next(r for r in rows if r["code"] == "1011")
    assert first["level"] == "pc4" and first["gemeente_code"] == "" and float(first["lbm"]) == 4.383845610413189
    shown = runner.invoke(app, ["show", "1012", "--db", str(pc4_db)], env={"COLUMNS": "120"})
    assert shown.exit_code == 0 and "1012 (1012) — pc4" in shown.output
    below = runner.invoke(app, ["export", "--db", str(pc4_db), "--in", "1012"])
    assert below.exit_code == 2 and "is a pc4: it has no areas below it" in below.output


@pilot_test
async def test_pc4_scope_and_search_by_postcode(pc4_db: Path) -> None:
    from leeftui.ui.app import create_app

    app_ = create_app(pc4_db)
    async with app_.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "(gemeenten)" in screen_text(app_).splitlines()[1]
        await pilot.press("a", "a")  # children → all wijken → all postcode areas (this release has no buurten)
        await settle(pilot)
        text = screen_text(app_)
        assert "all postcode areas" in text.splitlines()[1]
        assert grid_rows(app_)[0].split()[0].lstrip("▸") == "1011"
        await pilot.press("a")
        await settle(pilot)
        assert "(gemeenten)" in screen_text(app_).splitlines()[1]  # back to the children of Nederland
        await pilot.press("slash")
        await pilot.press(*"1012")
        await settle(pilot)
        assert "1012  pc4" in screen_text(app_)
