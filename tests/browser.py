"""Headless Chromium for the tests of what a browser shows (Debian's `chromium`, which `.ci/run` installs). Where
no browser is installed, a test that needs one skips and says so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def chromium() -> str:
    """The browser's executable; skips the test (saying why) where there is none."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no headless browser: install Debian's chromium (.ci/run does) to run the browser tests")
    raise AssertionError  # not reached


def screenshot(url: str, target: Path, size: tuple[int, int] = (1200, 1600), timeout: float = 90) -> str:
    """Open ``url`` headless, save a screenshot at ``target``; returns what the browser logged (console messages
    and errors included)."""
    proc = subprocess.run([chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                           f"--window-size={size[0]},{size[1]}", f"--screenshot={target}", url],
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0 and target.exists(), proc.stderr[-2000:]
    return proc.stderr


def console_errors(log: str) -> list[str]:
    """The page's own errors in a browser log (not the browser's notes about its sandbox, GPU or D-Bus)."""
    return [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]
