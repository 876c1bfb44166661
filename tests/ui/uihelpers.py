"""Helpers for the explorer's Pilot tests: build the app, let workers settle, read the screen as text."""

from __future__ import annotations

import asyncio
import functools
import io

from rich.console import Console


async def settle(pilot, rounds: int = 3) -> None:
    """Let timers, thread workers and their messages finish, then repaint."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app) -> str:
    """The current screen as plain text (what a person would read)."""
    update = app.screen._compositor.render_update(full=True)
    console = Console(file=io.StringIO(), width=app.size.width, record=True, color_system=None,
                      force_terminal=False, legacy_windows=False)
    console.print(update)
    return console.export_text()


def grid_rows(app) -> list[str]:
    """Plain text of every row of the area list."""
    grid = app.screen.query_one("AreaGrid")
    return [grid.row_text(i) for i in range(grid.row_count)]


def pilot_test(fn):
    """Run an async Pilot test with asyncio.run (no async pytest plugin needed); fixtures still apply."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
