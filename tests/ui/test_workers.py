"""Background work that fails is reported in the app and never takes the app down."""

from __future__ import annotations

from pathlib import Path

import pytest

from leeftui.ui.app import create_app
from leeftui.ui.explorer.source import Views
from tests.ui.uihelpers import SMALL, grid_rows, pilot_test, screen_text, settle


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
