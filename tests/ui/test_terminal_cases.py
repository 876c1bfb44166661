"""The explorer under the things a terminal and a shared server do to it: the database file replaced by a
rebuild while it is open, a terminal from 20 columns wide, and a storm of resizes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from leeftui.ui.app import create_app
from leeftui.ui.screens.toosmall import TooSmallScreen
from tests.tinydb import rewrite_figures
from tests.ui.uihelpers import SMALL, grid_rows, pilot_test, screen_text, settle


@pilot_test
async def test_database_replaced_while_open_is_said_and_ctrl_r_reloads(tiny_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.duckdb"
    shutil.copy(tiny_db_path, db)
    app = create_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.check_replaced()
        assert "OLD DATA" not in screen_text(app) and not app.check_action("reload", ())
        rebuilt = tmp_path / ".live.new"
        shutil.copy(tiny_db_path, rebuilt)
        con = duckdb.connect(str(rebuilt))
        con.execute("UPDATE areas SET name = 'Nieuwdorp' WHERE code = 'GM9001'")
        rewrite_figures(con)
        con.close()
        os.replace(rebuilt, db)  # what a rebuild does
        app.check_replaced()  # the app's timer calls this every 2 s
        await settle(pilot)
        text = screen_text(app)
        assert "OLD DATA: ctrl+r reloads" in text.splitlines()[0]  # never stale silently
        assert app.check_action("reload", ())
        assert any(r.split()[0].lstrip("▸≈") == "Bergdorp" for r in grid_rows(app))  # still the old figures
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = screen_text(app)
        assert "OLD DATA" not in text
        assert [r.split()[0].lstrip("▸≈") for r in grid_rows(app)] == ["Lindewaard", "Nieuwdorp"]


@pilot_test
async def test_too_small_message_fits_every_width_from_20_columns(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for width, height in ((59, 24), (40, 10), (30, 6), (20, 5)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)
            text = screen_text(app)
            words = " ".join(text.split())
            assert "too small" in words and "60×15" in words and "q" in words, (width, text)
            assert all(len(line.rstrip()) <= width for line in text.splitlines())
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        assert not isinstance(app.screen, TooSmallScreen) and grid_rows(app)


@pilot_test
async def test_fifty_resizes_in_a_row_leave_a_working_list(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for i in range(50):
            await pilot.resize_terminal(20 + (i * 37) % 140, 5 + (i * 13) % 45)
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert "▸ ≈Lindewaard" in screen_text(app)


@pilot_test
async def test_the_chosen_search_result_carries_a_glyph_not_only_a_shade(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"WK9001")
        await settle(pilot)
        hits = [ln for ln in screen_text(app).splitlines() if "WK9001" in ln and " wijk " in ln]
        assert len(hits) >= 2
        assert [("▸ " in ln) for ln in hits][:2] == [True, False]  # the first hit, marked without colour
        await pilot.press("down")
        await settle(pilot)
        hits = [ln for ln in screen_text(app).splitlines() if "WK9001" in ln and " wijk " in ln]
        assert [("▸ " in ln) for ln in hits][:2] == [False, True]  # the marker moved with the choice


@pilot_test
async def test_footer_at_80_columns_shows_export_and_quit(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert "e Export" in lines[-1] and "q Quit" in lines[-1]
        assert "(w)" in lines[-2]  # the wave picker's key, named where the waves are shown


@pilot_test
async def test_a_filter_of_9000_conditions_in_the_filter_box_is_one_sentence(tiny_db_path: Path) -> None:
    """The filter box with 9,000 conditions joined by 'or' (a segfault before) and 600 parentheses deep: the
    screen says which limit, the list stays as it was."""
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        before = screen_text(app).splitlines()[3:6]
        for text, needle in ((" or ".join(["lbm > 1"] * 9000), "characters"),
                             ("(" * 600 + "lbm > 1" + ")" * 600, "nests more than 50 levels"),
                             ("(" * 60 + "lbm > 1" + ")" * 60, "nests more than 50 levels")):
            await pilot.press("f")
            await settle(pilot)
            app.screen.query_one("#filter-expr").value = text
            await pilot.click("#filter-apply")
            await settle(pilot)
            assert needle in " ".join(screen_text(app).split())
            await pilot.press("escape")
            await settle(pilot)
        assert screen_text(app).splitlines()[3:6] == before


@pilot_test
async def test_a_remembered_state_naming_what_is_gone_opens_with_a_notice(tiny_db_path: Path) -> None:
    """A state remembered for this database that names a vanished column (in its filter), wave, sort column,
    set scope, parent, marks and hidden columns: the explorer opens — never a traceback — and says what it let go."""
    from leeftui.ui import remembered

    key = remembered.key_of(tiny_db_path, "lbm3-2024")
    remembered.save(key, remembered.Remembered(
        wave_a=2013, wave_b=2024, sort_col="nope", filter={"expression": "nope > 1"},
        scope=["set", "gone-set", "members of gone"], parent="GM0000", marks=[["BU00000000", "Weg"]],
        hidden=["nope_col"]))
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await settle(pilot)
        said = " ".join(n.message for n in app._notifications)  # the toasts shown
        assert "The filter was dropped: Unknown column 'nope'" in said
        assert "let go: 1 marked area, the set 'gone-set'" in said
        assert "Bergdorp" in screen_text(app)  # the list of gemeenten, not an empty set
