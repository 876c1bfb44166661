"""Background work that fails is reported in the app and never takes the app down."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from leeftui.ui.app import create_app
from leeftui.ui.explorer.source import Views
from tests.ui.uihelpers import SMALL, WIDE, grid_rows, pilot_test, screen_text, settle


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("disk on fire")


@pilot_test
async def test_a_failing_detail_load_is_reported_and_the_app_lives_on(tiny_db_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("leeftui.ui.widgets.detail.area_profile", _boom)
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, failures_expected=True)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("disk on fire" in m for m in messages), messages
        assert "could not be loaded" in screen_text(app)
        await pilot.press("down")  # the explorer still answers keys
        await settle(pilot, failures_expected=True)
        assert app.is_running and app.screen.query_one("AreaGrid").cursor == 1


@pilot_test
async def test_a_failing_list_query_is_reported_and_the_app_lives_on(tiny_db_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        before = grid_rows(app)
        screen = app.screen
        monkeypatch.setattr("leeftui.ui.explorer.source.base_rows", _boom)
        screen.source.views = Views()  # nothing read ahead: Enter queries
        await pilot.press("enter")  # drill into the first gemeente: the query fails
        await settle(pilot, failures_expected=True)
        assert app.is_running
        assert any("loading the list failed: disk on fire" in n.message for n in app._notifications)
        assert not screen.query_one("AreaGrid").loading and grid_rows(app) == before


@pilot_test
async def test_sorting_ahead_waits_for_the_modules_loaded_after_the_first_second(
        tiny_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow's compute module (and the map's) load in a worker a while after the first list — their import holds
    the interpreter, and keys come fastest on the first screen; reading ahead for `s`, which sorts, waits for
    them and follows as soon as they are there."""
    import leeftui.ui.explorer.source as source_mod
    from leeftui.ui.widgets.detail import DetailPanel

    monkeypatch.setattr(source_mod, "WARM_AFTER", 3.0)
    asked: list[tuple[int, int]] = []
    ahead_of = DetailPanel.draw_ahead_of

    def recording(self: DetailPanel, find: object, wave_a: int, wave_b: int) -> None:
        asked.append((wave_a, wave_b))
        ahead_of(self, find, wave_a, wave_b)  # type: ignore[arg-type]

    monkeypatch.setattr(DetailPanel, "draw_ahead_of", recording)
    app = create_app(tiny_db_path, fresh=True)
    async with app.run_test(size=WIDE) as pilot:  # the detail beside the list: it draws what `s` would show
        await settle(pilot)
        source = app.screen.source
        if not source.warm.is_set():  # (a machine slow enough to settle after 3 s cannot tell)
            assert asked == []
        deadline = asyncio.get_running_loop().time() + 10
        while not asked and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        await settle(pilot)
        assert source.warm.is_set() and asked, "no reading ahead for `s` after the modules were loaded"
