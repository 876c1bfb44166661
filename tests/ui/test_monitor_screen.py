"""The monitor screen exports every table of a tab, and shows at 80×24 what its figures stand on."""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv

from leeftui.ui.app import create_app
from tests.ui.uihelpers import SMALL, pilot_test, screen_text, settle


@pilot_test
async def test_export_writes_every_table_of_the_tab(tiny_db_path: Path, tmp_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("p", "2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "and 3 more tables beside it: …-classes, …-dimensions, …-members" in screen_text(app)
        box = app.screen.query_one("#export-path")
        box.value = str(tmp_path / "set.csv")
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
    groups = pacsv.read_csv(tmp_path / "set.csv").to_pylist()
    members = pacsv.read_csv(tmp_path / "set-members.csv").to_pylist()
    assert {r["group"] for r in groups} == {"set", "own gemeenten", "rest of the country"}
    assert [r["code"] for r in members] == ["WK900102", "WK900202"]
    assert (tmp_path / "set-classes.csv").exists() and (tmp_path / "set-dimensions.csv").exists()
    assert {r["notice"] for r in members} == {"DEMO DATA — synthetic"}


@pilot_test
async def test_the_tab_says_what_it_stands_on_at_80x24(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("p", "2")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "a member counts in a wave from its start year up to and including its end year" in text
        assert "Left the set: Kanaleneiland (WK900202) after 2013" in text
