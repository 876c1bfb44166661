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
        top = " ".join(screen_text(app).split())
        # above the figures: what they stand on
        assert "Coverage 2014: 4 of 4 wijken scored" in top and "Residents 2024: 10,800 of 10,800" in top
        app.screen.query_one("#set-scroll").scroll_end(animate=False)
        await settle(pilot)
        text = " ".join(screen_text(app).split())  # below them, the fine print
        assert "a member counts in a wave from its start year up to and including its end year" in text
        assert "Left the set: Kanaleneiland (WK900202) after 2013" in text


@pilot_test
async def test_problem_classes_and_the_weight_are_chosen_in_the_monitor(tiny_db_path: Path) -> None:
    """`k` takes any class range, `w` weighs by households: the overview recomputes, says so in its title and
    coverage, and its figures equal the CLI's for the same choice."""
    import io

    from typer.testing import CliRunner

    from leeftui.cli import app as cli

    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        box = app.screen.query_one("#problem-range")
        assert box.value == "1-4"
        box.value = "9-2"
        await pilot.press("enter")
        await settle(pilot)
        assert "must lie within 1-9, low to high" in screen_text(app)  # one sentence, the dialog stays
        box.value = "2-4"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "The national overview (buurt, classes 2–4)" in text and "Weighted figures: by households" in text
        shown = app.screen.reports["overview"].table("summary")
    res = CliRunner().invoke(cli, ["stats", "overview", "--db", str(tiny_db_path), "--problem", "2-4", "--weight",
                                   "households", "--format", "csv"])
    written = pacsv.read_csv(io.BytesIO(res.stdout.encode())).drop_columns(["notice"])  # the demo's notice column
    assert written.to_pylist() == shown.to_pylist()
    assert "problem_huishoudens" in shown.column_names


@pilot_test
async def test_the_set_review_at_80x24_writes_decisions_to_the_override_file(tmp_path: Path) -> None:
    """r in the set tab: the matching of the 40 aandachtswijken on the real 2024 names, row by row; a accepts a
    candidate, x rejects a member's area — both into the override file, the open database untouched."""
    import os

    from leeftui.ingest import rebuild
    from leeftui.ui.screens.set_review import SetReviewScreen
    from tests.realdata import need_real

    real = need_real()
    db = tmp_path / "north.duckdb"
    rebuild([real / "lbm3-meting2024-buurten-north" / "buurten_2024_official_layout.csv",
             real / "cbs-kwb2024-buurt" / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"], db)
    before = db.read_bytes()
    app = create_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("p", "2")  # one wave only: the set's report cannot compare, its review still opens
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetReviewScreen)
        text = screen_text(app)
        assert "29 matched · 2 uncertain · 9 unmatched" in text
        assert "Accept" in text.splitlines()[-1] and "Reject" in text.splitlines()[-1]
        table = screen.query_one("#review-table")
        candidate = next(i for i, r in enumerate(screen.rows) if r["code"] == "BU03440821")
        table.move_cursor(row=candidate)
        await settle(pilot)
        assert "holds the words 'Kanaleneiland'" in " ".join(screen_text(app).split())
        await pilot.press("a")
        await settle(pilot)
        member = next(i for i, r in enumerate(screen.rows) if r["code"] == "BU03610308")
        table.move_cursor(row=member)
        await pilot.press("x")
        await settle(pilot)
        assert "→ no" in screen_text(app)  # after the next rebuild
        await pilot.press("f", "f")  # only the uncertain members
        await settle(pilot)
        assert "showing: uncertain" in screen_text(app)
        assert {r["status"] for r in screen.rows} == {"uncertain"}
    decisions = (Path(os.environ["LEEFTUI_DATA_DIR"]) / "sets" / "overrides.toml").read_text(encoding="utf-8")
    assert 'member = "Utrecht Kanaleneiland"\naccept = ["BU03440821"]' in decisions
    assert 'member = "Alkmaar Overdie"\nreject = ["BU03610308"]' in decisions
    assert db.read_bytes() == before


@pilot_test
async def test_the_effect_tab_at_80x24(tmp_path: Path) -> None:
    """5: did the demo set do better than comparable wijken — the sentence and its caveat above the figures, the
    balance, the placebo chart with the set marked; s saves the comparable areas as a set."""
    from leeftui.paths import bundled_db_path
    from leeftui.ui.screens.save_set import SaveSetScreen

    app = create_app(bundled_db_path())
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("p", "5")
        await settle(pilot)
        top = " ".join(screen_text(app).split())
        assert "From 2014 to 2024 the set's lbm changed by" in top and "comparable wijken by" in top
        assert "(95 % interval" in top
        assert "it does not show that policy caused the difference" in top
        assert "Effect" in screen_text(app).splitlines()[-1]
        app.screen.query_one("#effect-scroll").scroll_to_widget(app.screen.query_one("#effect-chart"),
                                                                animate=False, top=True)
        await settle(pilot)
        text = screen_text(app)
        assert "placebo sets' estimates" in text and "▲ the set" in text
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SaveSetScreen)
        assert "comparable areas as an area set" in " ".join(screen_text(app).split())


@pilot_test
async def test_report_tables_keep_their_first_column_and_move_by_whole_columns(tiny_db_path: Path) -> None:
    from leeftui.ui.screens.monitor import ReportTable

    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        table = app.screen.focused
        assert isinstance(table, ReportTable) and table.fixed_columns == 1
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        await pilot.press("right")
        await pilot.pause()
        assert round(table.scroll_x) == widths[1]  # one whole column (after the frozen first)
        await pilot.press("right")
        await pilot.pause()
        assert round(table.scroll_x) == widths[1] + widths[2]
        await pilot.press("left")
        await pilot.pause()
        assert round(table.scroll_x) == widths[1]
        assert screen_text(app).count("2024") >= 1  # the rows still name their wave
