"""Pilot tests of the explorer's rules for a view: waves, scope switches, class filters, headline texts and
partial figures."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from leeftui.model.filters import ViewFilter
from leeftui.ui.app import create_app
from tests.tinydb import rewrite_figures
from tests.ui.uihelpers import SMALL, WIDE, grid_rows, pilot_test, screen_text, settle


@pilot_test
async def test_wave_keys_keep_a_before_b(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        assert (screen.state.wave_a, screen.state.wave_b) == (2014, 2024)
        await pilot.press(*"}" * 8)  # A up until it would meet B
        await settle(pilot)
        assert (screen.state.wave_a, screen.state.wave_b) == (2022, 2024)
        await pilot.press("left_square_bracket")  # B down onto A: refused
        await settle(pilot)
        assert (screen.state.wave_a, screen.state.wave_b) == (2022, 2024)
        assert any("Wave B stays after wave A (2022)" in n.message for n in app._notifications)


@pilot_test
async def test_scope_switch_keeps_the_place_not_the_row_number(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        grid = screen.query_one("AreaGrid")
        await pilot.press("down")  # Lindewaard, GM9002
        await settle(pilot)
        assert grid.current_code == "GM9002"
        await pilot.press("a")  # all wijken: the first wijk of Lindewaard
        await settle(pilot)
        assert screen.state.scope == "wijk" and grid.current_code.startswith("WK9002")
        await pilot.press("down", "a")  # all buurten: a buurt of that wijk
        await settle(pilot)
        wijk = screen.view.column("parent_code")[grid.cursor].as_py()
        assert screen.state.scope == "buurt" and wijk.startswith("WK9002")
        await pilot.press("backspace")  # back to the gemeenten: on Lindewaard again
        await settle(pilot)
        assert screen.state.scope == "children" and grid.current_code == "GM9002"


@pilot_test
async def test_filter_on_a_dimension_class(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "f")
        await settle(pilot)
        app.screen.query_one("#filter-class").value = "fys:1-4"
        await pilot.click("#filter-apply")
        await settle(pilot)
        assert "fys class 1–4" in screen_text(app)
        kept = app.screen.view.column("klasse_fys_b").to_pylist()
        assert kept and all(1 <= k <= 4 for k in kept) and len(kept) < app.screen.raw.num_rows


@pilot_test
async def test_headline_without_classes_points_to_the_key(no_classes_db: Path) -> None:
    app = create_app(no_classes_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        text = " ".join(screen_text(app).split())  # sentences may wrap
        assert "press f and fill in 'score of wave B below'" in text and "--below" not in text
        await pilot.press("escape")
        await settle(pilot)
        app.screen.set_filter(ViewFilter(score_below=4.0))
        await pilot.press("p")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "The national overview (buurt, score < 4)" in text and "Problem areas: score < 4" in text
        assert "classes 1–4" not in text


@pilot_test
async def test_a_partial_gemeente_is_marked_in_the_list_and_the_detail(tmp_path: Path) -> None:
    from leeftui.ingest import rebuild

    header = "wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
    rows = "".join(f"WK9001{w:02d},W{w},{y},{4.1 + 0.01 * w},{0.01 * w},{0.002 * w},{0.002 * w},{0.002 * w},"
                   f"{0.002 * w},{0.002 * w}\n" for w in (1, 2) for y in (2020, 2022))
    (tmp_path / "w.csv").write_text(header + rows, encoding="utf-8")
    (tmp_path / "kwb.csv").write_text(
        "ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35\n1;GM9001    ;2022JJ00;5000;1\n"
        "2;WK900101  ;2022JJ00;1000;1\n3;WK900102  ;2022JJ00;2000;1\n4;WK900103  ;2022JJ00;2000;1\n", encoding="utf-8")
    rebuild([tmp_path / "w.csv", tmp_path / "kwb.csv"], tmp_path / "p.duckdb")
    app = create_app(tmp_path / "p.duckdb")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert grid_rows(app)[0].lstrip("▸ ").startswith("◐GM9001")
        await pilot.press("d", "d")  # the detail on its own, full width
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "◐ partial: 2 of 3 wijken, 3,000 of 5,000 inhabitants" in text and "derived by leeftui" in text
        assert [c.label for c in app.screen.columns][-1] == "Inw.2022"  # the column names its CBS year


@pilot_test
async def test_headline_says_what_weighted_set_means_stand_on(tiny_db_path: Path, tmp_path: Path) -> None:
    import shutil

    import duckdb

    db = tmp_path / "gaps.duckdb"
    shutil.copy(tiny_db_path, db)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM population WHERE code = 'WK900102'")  # a member of testset without inhabitants
    rewrite_figures(con)
    con.close()
    app = create_app(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("2")  # the set tab
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        # the member without inhabitants is the only member left in 2014 and 2024
        assert "Weighted means stand on the areas with inhabitants: 0 of 1 (set, 2014); 0 of 1 (set, 2024)." in text


@pilot_test
async def test_scopes_of_a_gemeente_a_set_and_the_marked_areas(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("enter", "enter")  # Bergdorp › Centrum: its buurten
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "all wijken of Bergdorp" in screen_text(app).splitlines()[1]
        assert screen.view.column("code").to_pylist() == ["WK900101", "WK900102"]
        assert len(grid_rows(app)) == 2
        await pilot.press("a")
        await settle(pilot)
        assert "all buurten of Bergdorp" in screen_text(app).splitlines()[1]
        assert len(screen.view) == 4 and all(c.startswith("BU9001") for c in screen.view.column("code").to_pylist())
        await pilot.press("a", "a")  # all wijken of NL, all buurten of NL
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "members of set 'testset'" in screen_text(app).splitlines()[1]
        assert screen.view.column("code").to_pylist() == ["WK900102"]  # WK900202 left the set after 2013
        await pilot.press("space")  # mark the member
        await pilot.press("a")
        await settle(pilot)
        assert "the 1 marked area" in screen_text(app).splitlines()[1]
        assert screen.view.column("code").to_pylist() == ["WK900102"]
        await pilot.press("a")
        await settle(pilot)
        assert screen.state.scope == "children"


@pilot_test
async def test_filter_by_an_expression_with_completion_and_errors(tiny_db_path: Path) -> None:
    from tests import tinydb

    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("a", "a")  # all buurten
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        box = app.screen.query_one("#filter-expr")
        box.focus()
        await pilot.press(*"Δon")
        await settle(pilot)
        assert box._suggestion == "Δonv"  # completes the column name (→ accepts it)
        await pilot.press("right", *" < 0 and Δ < 0x")
        await settle(pilot)
        assert "Unexpected 'x' at character 19 of the filter" in screen_text(app)
        await pilot.press("backspace", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "where Δonv < 0 and Δ < 0" in text
        codes = app.screen.view.column("code").to_pylist()
        assert codes == [tinydb.DECLINER]  # the one buurt whose score fell (nuisance and insecurity with it)


@pilot_test
async def test_statistics_of_the_view(tiny_db_path: Path) -> None:
    from tests import tinydb

    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "I")
        await settle(pilot)
        text = screen_text(app)
        assert "8 rows in view — all buurten of NL; waves 2014→2024" in text
        assert "Areas per class, 2014 (▇) and 2024 (█)" in text
        row = next(line for line in text.splitlines() if line.strip().startswith("lbm_b"))
        assert f"{max(tinydb.buurt_row(c, 2024)[0] for c in tinydb.BUURTEN):.3f}" in row
        await pilot.press("escape")
        await settle(pilot)
        assert "all buurten" in screen_text(app)


@pilot_test
async def test_layout_at_80x24_120x40_and_60x15(tiny_db_path: Path) -> None:
    for size in ((80, 24), (120, 40), (60, 15)):
        app = create_app(tiny_db_path, fresh=True)  # each size from the start
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            lines = screen_text(app).splitlines()
            header = lines[2]
            if size != (60, 15):
                assert " Δ " in header and "Class A→B" in header  # the side detail never hides them
                assert "e Export" in lines[-1] and "q Quit" in lines[-1]
            assert len(grid_rows(app)) == 2  # the list shows its rows, also at the documented minimum
            if size == (120, 40):
                assert "wave     score" in screen_text(app)  # the detail below: figures, chart and waves
                await pilot.press("a", "a")
                await settle(pilot)
                assert "Marktplein" in screen_text(app) and "…" not in grid_rows(app)[0]


@pilot_test
async def test_columns_move_jump_hide_and_widen(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("AreaGrid")
        await pilot.press("right")
        await settle(pilot)
        assert grid.scroll_offset.x == 11  # past the code column: a whole column (10 + its gap), not one cell
        await pilot.press("left")
        await settle(pilot)
        assert grid.scroll_offset.x == 0
        await pilot.press("C")
        await settle(pilot)
        await pilot.press(*"inw", "enter")  # jump to the inhabitants column, far to the right
        await settle(pilot)
        assert "Inw.2024" in screen_text(app).splitlines()[2]
        await pilot.press("C")
        await settle(pilot)
        await pilot.press("tab")  # to the list of columns
        await pilot.press("down", "down", "down", "space")  # hide a column after name and code
        await pilot.press("ctrl+s")
        await settle(pilot)
        (gone,) = app.screen.columns_layout.hidden
        assert gone not in ("name", "code") and gone not in [c.key for c in app.screen.columns]
        await pilot.press(">", ">")
        await settle(pilot)
        assert next(c.width for c in app.screen.columns if c.key == "name") >= 28
        await pilot.press("s")  # sort: the sorted column comes into view
        await settle(pilot)
        assert app.screen.state.sort_col is not None


@pilot_test
async def test_the_view_is_remembered_per_database_and_fresh_forgets_it(tiny_db_path: Path) -> None:
    from leeftui.ui.remembered import state_file

    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "space", "space", "s", "t", "]", "[", "{")  # buurten, 2 marks, sort, theme, waves
        await settle(pilot)
        theme, state = app.theme, app.screen.state
        remembered = (state.scope, state.sort_col, state.wave_a, state.wave_b, app.screen.marks.codes)
    assert state_file().exists()
    again = create_app(tiny_db_path)
    async with again.run_test(size=SMALL) as pilot:
        await settle(pilot)
        s = again.screen.state
        assert (s.scope, s.sort_col, s.wave_a, s.wave_b, again.screen.marks.codes) == remembered
        assert again.theme == theme and "all buurten" in screen_text(again)
        await pilot.press("M")  # clear the marks … and take it back
        await pilot.press("u")
        await settle(pilot)
        assert again.screen.marks.codes == remembered[-1]
        assert any("Undone: clear 2 marks (2 marked)" in n.message for n in again._notifications)
    fresh = create_app(tiny_db_path, fresh=True)
    async with fresh.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert fresh.screen.state.scope == "children" and not fresh.screen.marks.codes
        assert fresh.theme != theme or theme == "textual-dark"


def test_a_broken_state_file_is_ignored(tiny_db_path: Path) -> None:
    from leeftui.ui.remembered import Remembered, key_of, load, save, state_file

    state_file().parent.mkdir(parents=True, exist_ok=True)
    state_file().write_text("{not json", encoding="utf-8")
    assert load(key_of(tiny_db_path, "lbm3-2024")) is None
    save(key_of(tiny_db_path, "lbm3-2024"), Remembered(wave_a=2014, wave_b=2024))
    assert load(key_of(tiny_db_path, "lbm3-2024")).wave_a == 2014


def test_an_unknown_theme_is_one_sentence(tiny_db_path: Path) -> None:
    import pytest

    from leeftui.errors import UsageError

    with pytest.raises(UsageError, match="Unknown theme 'nordd'. Did you mean 'nord'?"):
        create_app(tiny_db_path, theme="nordd")


def test_the_ansi_theme_is_chosen_where_textual_draws_16_colours(tiny_db_path: Path, monkeypatch) -> None:
    """The theme follows the colour system Textual's console detects — the one the map follows too: `xterm` alone
    (PuTTY's default) is drawn in 16 colours, so it gets the ANSI theme; TEXTUAL_COLOR_SYSTEM overrides."""
    for term, colorterm, expected in (("linux", "", True), ("xterm-16color", "", True), ("xterm", "", True),
                                      ("screen", "", True), ("xterm-256color", "", False),
                                      ("xterm", "truecolor", False), ("tmux-256color", "", False)):
        monkeypatch.setenv("TERM", term)
        monkeypatch.setenv("COLORTERM", colorterm)
        app = create_app(tiny_db_path)
        assert (app.console.color_system == "standard") is expected, term
        assert app.theme == ("ansi-dark" if expected else "textual-dark"), term
    import subprocess
    import sys

    code = ("import sys; from leeftui.ui.app import create_app; "
            f"print(create_app({str(tiny_db_path)!r}).theme)")
    env = {"PATH": "/usr/bin:/bin", "TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "truecolor", "LEEFTUI_CONFIG_DIR": str(
        tiny_db_path.parent / "config-override")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0 and out.stdout.strip() == "textual-dark", out.stderr  # read when Textual loads


BUNDLED = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"


async def open_map(pilot: object, key: str = "m") -> None:
    """Let the explorer settle, press ``key`` (`m`, or `z`: the map large) and wait until the map is drawn (its worker,
    then the paint)."""
    await settle(pilot)
    await pilot.press(key)  # type: ignore[attr-defined]
    await settle(pilot)
    await settle(pilot)


@pilot_test
async def test_in_sixteen_colours_the_map_writes_class_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    """$TERM of 16 colours: the explorer's map writes each cell's class digit on the six-step palette (the nine
    colours would round to five), not half blocks."""
    monkeypatch.setenv("TERM", "xterm-16color")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_map(pilot)
        assert app.console.color_system == "standard"
        panel = app.screen.query_one("MapPanel")
        lines = [line for line in screen_text(app).splitlines() if re.search(r"[1-9]{6}", line)]
        assert len(lines) >= 5 and "▀" not in screen_text(app)
        assert all(c in panel._data.classes.values() for line in lines for c in map(int, re.findall(r"[1-9]", line))
                   if line.strip()[0].isdigit())


@pilot_test
async def test_z_makes_the_map_large_and_small_again() -> None:
    """At 80×24 `z` gives the map the screen: the list becomes a strip of its header and the cursor's row, the map
    names the cursor's area and outlines it, ↓ moves through the list and the map follows; `z` again puts it back
    below the list; a resized terminal redraws it too."""
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot, "z")
        panel, grid = app.screen.query_one("MapPanel"), app.screen.query_one("AreaGrid")
        large = len(panel._raster.cells)
        lines = screen_text(app).splitlines()
        assert grid.size.height == 2 and grid.has_focus and large >= 24  # the map takes the rest of the screen
        assert lines[3].startswith("▸ Aaldermond") and lines[4].startswith("─")  # the strip: the cursor's row
        assert lines[5].startswith(" ◆ Aaldermond 6 ruim voldoende · map: class 2024")  # named, with its class
        await pilot.press("down", "down", "down")  # the strip follows the cursor, the map outlines its area
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert lines[3].startswith("▸ Gasterkerk") and "GM9667" in lines[3] and lines[5].startswith(" ◆ Gasterkerk")
        assert panel._cursor == grid.current_code == "GM9667" and "◆" in "".join(lines[6:])
        await pilot.press("z")
        await settle(pilot)
        await settle(pilot)
        small = len(panel._raster.cells)
        assert small < large and grid.size.height > 2
        await pilot.resize_terminal(100, 40)
        await settle(pilot)
        await settle(pilot)
        assert len(panel._raster.cells) > small and len(panel._raster.cells[0]) == panel.size.width - 2


@pilot_test
async def test_z_back_to_the_list_is_one_frame() -> None:
    """`z` back from the large map lays the screen out and paints it in one frame, the list's scrollbars in their
    new place included (Textual would paint them again in a frame of their own). The key is posted as a terminal
    sends it and the frames counted until 0.4 s after the first, without the Pilot's own waits (which paint
    whatever is dirty)."""
    from textual import events

    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot, "z")
        await pilot.pause(0.4)
        await settle(pilot)
        screen = app.screen
        frames: list[list[str]] = []
        painted = screen._compositor_refresh

        def counting() -> None:
            frames.append([type(w).__name__ for w in screen._dirty_widgets])
            painted()

        screen._compositor_refresh = counting  # type: ignore[method-assign]
        app.post_message(events.Key("z", "z"))
        deadline = asyncio.get_running_loop().time() + 10
        while not frames and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.4)  # Textual's frame for the scrollbars would come 20–40 ms after the layout's
        grid = screen.query_one("AreaGrid")
        assert grid.size.height > 2 and len(frames) == 1, frames
        assert grid.vertical_scrollbar.region.height == grid.size.height - grid.scrollbar_size_horizontal


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (150, 45)])
@pilot_test
async def test_z_shows_a_raster_drawn_ahead_at_the_size_it_gives_the_map(size: tuple[int, int]) -> None:
    """While the map shows, the raster `z` needs is drawn ahead: the body works out the pane's size after `z` from
    the stylesheet's rules (below the list, and beside it from 140 columns) — the size the pane then has — and `z`
    (and `z` back) shows a raster that was there before the key."""
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=size) as pilot:
        await open_map(pilot)
        body, panel = app.screen.query_one("#body"), app.screen.query_one("MapPanel")
        for _ in range(2):
            await pilot.pause(0.4)  # the raster ahead is drawn a moment after the map (not competing with its frame)
            await settle(pilot)
            after = body.map_size_after_z()
            kept = dict(panel._rasters)
            await pilot.press("z")
            await settle(pilot)
            await settle(pilot)
            assert panel.size == after
            assert panel._raster is next(r for (_, w, h), r in kept.items()
                                         if (w, h) == (after.width - 2, max(4, after.height - 4)))


@pilot_test
async def test_the_detail_is_not_drawn_behind_the_map_and_shows_the_cursor_s_area_when_it_closes() -> None:
    """The map stands in the detail's place: moving the cursor draws no profile there; when the map closes the
    detail shows the area the cursor is on."""
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_map(pilot)
        detail, grid = app.screen.query_one("DetailPanel"), app.screen.query_one("AreaGrid")
        shown = detail._shown
        await pilot.press("down", "down")
        await settle(pilot)
        assert detail._shown in (shown, None) and not detail.display
        for _ in range(12):  # the map's colourings, then off
            await pilot.press("m")
            await settle(pilot)
            if detail.display:
                break
        await settle(pilot)
        name = grid.table.column("name")[grid.cursor].as_py()
        assert detail.display and detail._shown[0] == grid.current_code and name in screen_text(app)


@pilot_test
async def test_the_map_pane_follows_the_list(tmp_path: Path) -> None:
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_map(pilot)
        text = screen_text(app)
        assert "map: class 2024 · m: next colouring · z: size · click selects" in text and "1  zeer onvoldoende" in text
        panel = app.screen.query_one("MapPanel")
        first = panel._raster
        await pilot.press("down")  # the cursor moves: the same raster, another area outlined
        await settle(pilot)
        assert panel._raster is first and panel._cursor == app.screen.query_one("AreaGrid").current_code
        await pilot.press("[")  # another wave: the same raster, the classes of that wave
        await settle(pilot)
        assert panel._raster is first and "map: class 2022" in screen_text(app)
        await pilot.press("enter")  # drilling down: the map of the gemeente's wijken
        await settle(pilot)
        await settle(pilot)
        assert panel._raster is not first and all(c.startswith("WK") for c in panel._data.codes)
        raster, here = panel._raster, app.screen.query_one("AreaGrid").current_code
        x, y, target = next((x, y, raster.codes[v]) for y, row in enumerate(raster.cells) if y % 2 == 0
                            for x, v in enumerate(row)
                            if v >= 0 and raster.codes[v] in panel._data.codes and raster.codes[v] != here)
        await pilot.click("MapPanel", offset=(x + 1, y // 2 + 1))  # a click selects that area in the list
        await settle(pilot)
        assert app.screen.query_one("AreaGrid").current_code == target
        await pilot.press("m")
        await settle(pilot)
        assert "map: Δ" in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert "map: class of afw 2022" in screen_text(app)


@pilot_test
async def test_an_official_figure_is_never_labelled_derived_and_a_mixed_change_is_marked(
        tiny_db_path: Path, tmp_path: Path) -> None:
    """Bergdorp publishes its 2024 figure, its 2014 one is derived: the list shows the 2024 name plainly, its Δ
    2014 → 2024 carries ≈ (derived against published), the detail says which waves are derived, `show` too."""
    import shutil

    import duckdb
    from typer.testing import CliRunner

    from leeftui.cli import app as cli
    from tests import tinydb

    db = tmp_path / "mixed.duckdb"
    shutil.copy(tiny_db_path, db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE areas SET official = true WHERE code = 'GM9001'")
    con.execute("UPDATE scores SET official = true WHERE code = 'GM9001' AND jaar = 2024")
    rewrite_figures(con)
    con.close()
    app = create_app(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        rows = {r.split()[0].lstrip("▸≈"): r for r in grid_rows(app)}
        bergdorp, lindewaard = rows["Bergdorp"], rows["Lindewaard"]
        assert "≈Bergdorp" not in bergdorp and "≈Lindewaard" in lindewaard  # B is 2024: official vs derived
        assert re.search(r"[+−-]0\.\d{3}≈", bergdorp)  # Δ from a derived 2014 to a published 2024
        assert not re.search(r"\d≈", lindewaard)  # derived in both waves: the same kind of figure
        text = screen_text(app)
        assert "official figure 2024 (derived in 2002" in " ".join(text.split())
    code = next(c for c in tinydb.BUURTEN if c.startswith("BU9001"))
    shown = CliRunner().invoke(cli, ["show", code, "--db", str(db)], env={"COLUMNS": "200"})
    text = " ".join(shown.stdout.replace("│", " ").split())
    assert "Bergdorp (GM9001) (derived in 2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022; official in the other " \
           "waves)" in text
