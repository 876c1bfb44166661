"""Pilot tests of the explorer: each drives the real app and asserts on what the screen shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leeftui.ui.app import create_app
from tests.ui.uihelpers import SMALL, WIDE, grid_rows, pilot_test, screen_text, settle


@pilot_test
async def test_start_shows_gemeenten_release_and_demo_notice(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "DEMO DATA — synthetic" in text
        assert "Leefbaarometer 3.0" in text
        assert "Nederland" in text.splitlines()[1]
        rows = grid_rows(app)
        assert [r.split()[0].lstrip("▸≈") for r in rows] == ["Bergdorp", "Lindewaard"]
        assert "≈Bergdorp" in text  # derived gemeente figures are marked
        assert "Search" in text.splitlines()[-1]  # footer shows the keys


@pilot_test
async def test_official_database_has_no_demo_notice(tiny_official_db_path: Path) -> None:
    app = create_app(tiny_official_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "DEMO DATA" not in screen_text(app).splitlines()[0]


@pilot_test
async def test_drill_down_and_back_updates_breadcrumb(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert "Nederland › Lindewaard" in screen_text(app)
        assert {r.split()[0].lstrip("▸") for r in grid_rows(app)} == {"Havenkwartier", "Kanaleneiland"}
        await pilot.press("j", "enter")
        await settle(pilot)
        assert "Nederland › Lindewaard › Kanaleneiland" in screen_text(app)
        assert {r.split()[0] for r in grid_rows(app)} == {"Bruggenhof", "Singelrand"}
        await pilot.press("backspace")
        await settle(pilot)
        crumbs = screen_text(app).splitlines()[1]
        assert "Lindewaard" in crumbs and "Kanaleneiland" not in crumbs
        assert app.screen.query_one("AreaGrid").current_code == "WK900202"  # came from there
        await pilot.press("escape")
        await settle(pilot)
        assert screen_text(app).splitlines()[1].strip().startswith("Nederland  (gemeenten)")


@pilot_test
async def test_mouse_click_selects_and_double_click_drills(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("AreaGrid")
        await pilot.click("AreaGrid", offset=(5, 2))
        assert grid.current_code == "GM9002"
        await pilot.double_click("AreaGrid", offset=(5, 2))
        await settle(pilot)
        assert "Nederland › Lindewaard" in screen_text(app)


@pilot_test
async def test_search_with_typo_jumps_and_selects(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"kanaleneilnd")
        await settle(pilot)
        text = screen_text(app)
        assert "Kanaleneiland" in text and "wijk in Lindewaard" in text
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("AreaGrid").current_code == "WK900202"
        text = screen_text(app)
        assert "Nederland › Lindewaard  (wijken)" in text
        assert "▸ Kanaleneiland" in text


@pilot_test
async def test_waves_and_sort_by_delta_over_all_buurten(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "A 2014 → B 2024" in screen_text(app)  # first and last wave with dimensions
        await pilot.press("a", "a")
        await settle(pilot)
        assert app.screen.state.scope == "buurt"
        assert "all buurten" in screen_text(app)
        assert len(grid_rows(app)) == 8
        while app.screen.state.sort_col != "d_lbm":
            await pilot.press("s")
        await settle(pilot)
        rows = grid_rows(app)
        assert "BU90020201" in rows[0] and "▼" in rows[0]  # biggest decliner first
        assert "sort Δ▲" in screen_text(app)
        await pilot.press("S")
        await settle(pilot)
        assert "▲" in grid_rows(app)[0] and "BU90020201" in grid_rows(app)[-1]
        await pilot.press("left_square_bracket", "left_curly_bracket")
        await settle(pilot)
        assert "A 2012 → B 2022" in screen_text(app)
        header = screen_text(app).splitlines()[2]
        assert "2012" in header and "2022" in header


@pilot_test
async def test_wave_picker(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert "Compare wave A" in screen_text(app)
        await pilot.press("up", "up", "enter")  # B: 2024 → 2020
        await settle(pilot)
        assert "A 2014 → B 2020" in screen_text(app)


@pilot_test
async def test_decliner_filter_at_buurt_level(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a", "a")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.click("#trend-declined")
        await pilot.click("#filter-apply")
        await settle(pilot)
        rows = grid_rows(app)
        assert len(rows) == 1 and "BU90020201" in rows[0]
        assert "filter: declined" in screen_text(app)
        await pilot.press("F")
        await settle(pilot)
        assert len(grid_rows(app)) == 8


@pilot_test
async def test_class_range_filter(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "f")
        await settle(pilot)
        app.screen.query_one("#filter-class").value = "1-4"
        await pilot.click("#filter-apply")
        await settle(pilot)
        assert "class 1–4" in screen_text(app)
        rows = grid_rows(app)
        # the class cell reads 'A↗B label' or 'B label'; wave B's class must lie in 1–4 in every row
        classes_b = [re.search(r"(?:\d[↗↘])?([1-9]) [a-z]", r) for r in rows]
        assert rows and all(m is not None for m in classes_b), rows
        assert {m.group(1) for m in classes_b if m} <= set("1234"), rows
        kept = app.screen.view.column("klasse_b").to_pylist()
        assert len(kept) == len(rows) and all(1 <= k <= 4 for k in kept)
        everything = app.screen.raw.column("klasse_b").to_pylist()
        assert len(rows) == sum(1 for k in everything if k is not None and k <= 4) < len(everything)


@pilot_test
async def test_mark_and_compare(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("space")  # Bergdorp, cursor moves down
        await pilot.press("enter")  # into Lindewaard
        await settle(pilot)
        await pilot.press("down", "space")  # Kanaleneiland
        await settle(pilot)
        assert "◉ Kanaleneiland" in screen_text(app)  # the cursor on a marked row: a glyph of its own
        assert "2 marked" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        text = screen_text(app)
        assert "Comparing 2 areas" in text
        assert "Bergdorp" in text and "Kanaleneiland" in text
        assert "DEMO DATA — synthetic" in text
        await pilot.press("escape")
        await settle(pilot)
        assert "Comparing" not in screen_text(app)


@pilot_test
async def test_help_lists_keys_of_all_screens(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=(WIDE[0], 60)) as pilot:  # tall enough to show every section without scrolling
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        for needle in ("Everywhere", "Search", "Compare", "Export", "Ctrl+P", "Backspace / Esc"):
            assert needle in text
        await pilot.press("escape")
        await settle(pilot)
        assert "Everywhere" not in screen_text(app)


@pilot_test
async def test_command_palette_reaches_actions(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"scope")
        await settle(pilot)
        assert "Scope" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.state.scope == "wijk"


@pilot_test
async def test_no_color_keeps_meaning(tiny_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "d")  # all buurten, list only (full width)
        await settle(pilot)
        text = screen_text(app)
        assert app.no_color
        assert "▲" in text and "▼" in text
        assert "zeer onvold." in text or "voldoende" in text


@pilot_test
async def test_too_small_terminal_says_so(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(pilot)
        assert "terminal too small (need 60×15)" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "too small" not in screen_text(app)
        assert "Bergdorp" in screen_text(app)


@pilot_test
async def test_no_class_table_shows_dash_and_hint(no_classes_db: Path) -> None:
    app = create_app(no_classes_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "no class boundaries loaded" in text
        assert "--classes FILE" in text
        assert "voldoende" not in text
        await pilot.press("f")
        await settle(pilot)
        assert "score of wave B below" in screen_text(app)
        app.screen.query_one("#filter-score").value = "4.0"
        await pilot.click("#filter-apply")
        await settle(pilot)
        assert "score < 4" in screen_text(app)


@pilot_test
async def test_wide_detail_shows_dimensions_and_comparison(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter", "down", "enter")
        await settle(pilot)
        text = screen_text(app)
        for needle in ("fysieke omgeving", "woningvoorraad", "gem.", "NL", "official figure 2024", "inwoners 2024"):
            assert needle in text
        assert "2002" in text and "2024 B" in text and "2014 A" in text
        assert "classes 2024: afw  1  fys" in text  # the class of afw and of each dimension, wave B
        assert "classes: tiny test bounds" in text  # and where the bounds come from


@pilot_test
async def test_header_click_sorts_and_ansi_theme(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "d")  # all buurten, list only
        await settle(pilot)
        header = screen_text(app).splitlines()[2]
        x = header.index(" Δ ") + 1
        await pilot.click("AreaGrid", offset=(x, 0))
        await settle(pilot)
        assert app.screen.state.sort_col == "d_lbm" and "BU90020201" in grid_rows(app)[0]
        await pilot.click("AreaGrid", offset=(x, 0))
        await settle(pilot)
        assert app.screen.state.sort_desc and "BU90020201" in grid_rows(app)[-1]
        while app.theme != "ansi-dark":
            await pilot.press("t")
        await settle(pilot)
        assert "▼" in screen_text(app)


@pilot_test
async def test_each_view_is_read_with_the_detail_of_its_first_row(tiny_db_path: Path) -> None:
    """Drill-down, a wave switch and back each read their view; the list and the profile of the row the cursor
    lands on arrive together (nothing of the release is held in memory)."""
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        grid = screen.query_one("AreaGrid")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert {r.split()[0].lstrip("▸") for r in grid_rows(app)} == {"Havenkwartier", "Kanaleneiland"}
        detail = screen.query_one("DetailPanel")
        assert detail.has_profile(grid.current_code) and not detail.pending
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.state.wave_b == 2022
        assert "2022" in grid.row_text(0) or "2022" in screen_text(app)
        await pilot.press("backspace")
        await settle(pilot)
        assert screen_text(app).splitlines()[1].strip().startswith("Nederland  (gemeenten)")


@pilot_test
async def test_monitor_screen(tiny_db_path: Path) -> None:
    """`p`: the monitor's four tabs — overview, set, improvement, decliners; Enter opens an area."""
    from tests import tinydb

    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        text = screen_text(app)
        assert "The national overview (buurt, classes 1–4)" in text
        problem = [c for c in tinydb.BUURTEN if tinydb.klasse(tinydb.buurt_row(c, 2024)[0]) <= 4]
        people = str(sum(tinydb.INWONERS[c] for c in problem))
        row_2024 = next(line for line in text.splitlines() if line.split()[:1] == ["2024"] and "nearest" not in line)
        assert people in row_2024.split() and "DEMO DATA — synthetic" in text.splitlines()[0]
        await pilot.press("2")
        await settle(pilot)
        assert "Area set 'testset' against the rest, 2014 → 2024" in screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert "Where did improvement happen? 2014 → 2024, by starting class" in screen_text(app)
        await pilot.press("4")
        await settle(pilot)
        text = screen_text(app)
        assert "Declined while the country improved" in text and tinydb.DECLINER in text
        await pilot.press("enter")  # the first decliner, opened in the explorer
        await settle(pilot)
        text = screen_text(app)
        assert "Nederland › Lindewaard › Kanaleneiland" in text and "▸" in next(
            line for line in text.splitlines() if tinydb.DECLINER in line)
        await pilot.press("p", "v")
        await settle(pilot)
        assert "The national overview (wijk, classes 1–4)" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Nederland › Lindewaard › Kanaleneiland" in screen_text(app)


@pilot_test
async def test_after_a_rest_enter_and_a_wave_switch_need_no_query(tiny_db_path: Path) -> None:
    """While the cursor rests, the views the next key asks for are read ahead: Enter and [ then show their list
    in the same frame, without a list query, and ⌫ comes back to a list already read."""
    import asyncio
    import time

    from leeftui.store.scope import Scope

    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        grid = screen.query_one("AreaGrid")
        queried = []
        query = screen.source._query  # noqa: SLF001 - counting the list queries is the point
        screen.source._query = lambda *a: (queried.append(a[1].scope), query(*a))  # noqa: SLF001

        async def read_ahead(request) -> None:  # noqa: ANN001 - a ViewRequest
            deadline = time.monotonic() + 10
            while screen.source.views.get(request) is None:
                assert time.monotonic() < deadline, f"{request} was not read ahead"
                await asyncio.sleep(0.02)
            await settle(pilot)

        await pilot.press("down")
        await read_ahead(screen.state.request(Scope(parent=grid.current_code)))  # the cursor rests
        await pilot.press("enter")  # no settle: nothing is to be waited for
        assert {r.split()[0].lstrip("▸") for r in grid_rows(app)} == {"Havenkwartier", "Kanaleneiland"}
        assert screen.query_one("DetailPanel").has_profile(grid.current_code)
        await pilot.press("backspace")
        assert screen_text(app).splitlines()[1].strip().startswith("Nederland  (gemeenten)")
        st = screen.state
        await read_ahead(type(st.request())(st.scope_of(), st.wave_a, 2022))
        await pilot.press("left_square_bracket")
        assert screen.state.wave_b == 2022 and "2022" in screen_text(app)
        await settle(pilot)
        assert queried == []
