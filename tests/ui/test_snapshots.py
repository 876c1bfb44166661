"""SVG snapshots of the main screens at 80×24 (regenerate with `pytest tests/ui --snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

from leeftui.ui.app import create_app
from tests.ui.uihelpers import settle


async def _settled(pilot) -> None:
    await settle(pilot)


def test_snapshot_start(snap_compare, tiny_db_path: Path) -> None:
    assert snap_compare(create_app(tiny_db_path), terminal_size=(80, 24), run_before=_settled)


def test_snapshot_all_buurten_sorted_by_delta(snap_compare, tiny_db_path: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("a", "a")
        await settle(pilot)
        pilot.app.screen.sort_by("d_lbm")
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(create_app(tiny_db_path), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_search_typo(snap_compare, tiny_db_path: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        pilot.app.screen.query_one("Input").cursor_blink = False  # deterministic cursor
        await pilot.press(*"kanaleneilnd")
        await settle(pilot)

    assert snap_compare(create_app(tiny_db_path), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_compare(snap_compare, tiny_db_path: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("space", "space", "c")
        await settle(pilot)

    assert snap_compare(create_app(tiny_db_path), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_map(snap_compare) -> None:
    bundled = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"

    async def run_before(pilot) -> None:
        await _settled(pilot)
        await pilot.press("m")
        await _settled(pilot)
        await _settled(pilot)

    assert snap_compare(create_app(bundled, fresh=True), terminal_size=(80, 24), run_before=run_before)
