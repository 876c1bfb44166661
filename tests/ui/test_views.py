"""Every view as a command: `x` copies the `leeftui export …` of the list, and that command, run in a process,
exports exactly the rows shown (a scope, a filter and a sort); `X` saves the view, `leeftui view run` replays it,
and the palette opens it again in the list."""

from __future__ import annotations

import csv
import shlex
import subprocess
import sys
from pathlib import Path

from leeftui.model.filters import ViewFilter
from leeftui.ui.app import create_app
from tests.ui.uihelpers import WIDE, pilot_test, settle

BUNDLED = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"


def _run(argv: list[str]) -> list[dict[str, str]]:
    """Run a leeftui command line in its own process; its CSV rows."""
    assert argv[0] == "leeftui"
    proc = subprocess.run([sys.executable, "-m", "leeftui", *argv[1:], "--format", "csv"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(proc.stdout.splitlines()))


@pilot_test
async def test_the_copied_command_exports_the_rows_shown(tmp_path: Path) -> None:
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a")  # all wijken of the country
        await settle(pilot)
        screen = app.screen
        assert screen.state.scope == "wijk"
        screen.set_filter(ViewFilter(klasse_max=7, expression="Δonv < 0.02 and inwoners > 1000"))
        screen.sort_by("d_lbm", True)
        await settle(pilot)
        shown = screen.view.column("code").to_pylist()
        await pilot.press("x")
        await settle(pilot)
        copied = app.clipboard
    assert copied.startswith(f"leeftui export --db {BUNDLED} --release lbm3-2024 --level wijk --compare 2014:2024")
    assert "--class 1-7" in copied and "--sort -delta_lbm" in copied and "Δonv < 0.02 and inwoners > 1000" in copied
    rows = _run(shlex.split(copied))
    assert 5 < len(shown) < 60 and [r["code"] for r in rows] == shown  # the same rows, in the same order
    assert {"code", "name", "delta_lbm", "klasse_2024"} <= set(rows[0])


@pilot_test
async def test_a_saved_view_replays_in_the_cli_and_opens_from_the_palette(tmp_path: Path) -> None:
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("enter")  # the wijken of the first gemeente
        await settle(pilot)
        screen.set_filter(ViewFilter(declined=False, delta_above=0.05))
        screen.sort_by("lbm_b", False)
        await settle(pilot)
        shown = screen.view.column("code").to_pylist()
        await pilot.press("X")
        await settle(pilot)
        await pilot.press(*"rising wijken", "enter")
        await settle(pilot)
    rows = _run(["leeftui", "view", "run", "rising wijken", "--db", str(BUNDLED)])
    assert [r["code"] for r in rows] == shown and shown

    again = create_app(BUNDLED, fresh=True)
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        again.screen.open_view("rising wijken")
        await settle(pilot)
        assert again.screen.view.column("code").to_pylist() == shown
        assert again.screen.state.filter.delta_above == 0.05 and again.screen.state.sort_col == "lbm_b"
        again.screen.open_view("nope")
        await settle(pilot)
        assert any("No saved view 'nope'" in str(n.message) for n in again._notifications)


@pilot_test
async def test_the_palette_offers_each_saved_view(tmp_path: Path) -> None:
    from leeftui import savedviews
    from leeftui.ui.commands import ViewsProvider

    savedviews.save(savedviews.SavedView("declined wijken", ["--level", "wijk", "--compare", "2014:2024",
                                                              "--declined"], "lbm3-2024", [2014, 2024], ""))
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        provider = ViewsProvider(app.screen)
        hits = [hit async for hit in provider.search("declined")]
        assert [str(h.text) for h in hits] == ["Open saved view: declined wijken"]
        hits[0].command()  # as the palette runs it
        await settle(pilot)
        assert app.screen.state.scope == "wijk" and app.screen.state.filter.declined
        assert all(d < 0 for d in app.screen.view.column("d_lbm").to_pylist())
