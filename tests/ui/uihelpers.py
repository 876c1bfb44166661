"""Helpers for the explorer's Pilot tests: build the app, let workers settle, read the screen as text."""

from __future__ import annotations

import asyncio
import functools
import io
import time

from rich.console import Console
from textual.worker import WorkerCancelled, WorkerFailed

SMALL = (80, 24)
"""The terminal size the explorer must work at."""
WIDE = (120, 40)
"""A roomy terminal (detail beside the list from 110 columns)."""

SETTLE_TIMEOUT = 15.0
"""Seconds a screen may take to settle before the test fails (generous: CI machines are shared)."""


def busy(app) -> bool:
    """True while a worker runs or a screen still waits for something (its list, its detail, or what it learns
    of the release after its first list)."""
    return any(not w.is_finished for w in app.workers) or any(getattr(s, "busy", False) for s in app.screen_stack)


async def settle(pilot, failures_expected: bool = False) -> None:
    """Wait until the app is idle — no worker running, no screen waiting for its list, its detail or what
    it learns of the release — with every message handled and the screen repainted. Waits on the app's state,
    not the clock.

    A worker that failed fails the test, unless ``failures_expected`` (the app reports it and lives on).
    """
    app = pilot.app
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # a newer request replaced it (exclusive workers: a list, a map, a report): wait for that one
        except WorkerFailed:
            if not failures_expected:
                raise
        await pilot.pause()
        if not busy(app):
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not settle within {SETTLE_TIMEOUT:g} s")
        await asyncio.sleep(0.01)  # a timer (the detail's redraw) is due shortly
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
