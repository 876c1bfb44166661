"""The one place that finds the real public files beside the clone (``../shared/data/real``).

A new user's clone has no ``../shared``: a test that needs the files then skips, saying why. CI has them, and with
``CI`` set a missing folder fails the test instead (a real-data test must never go quietly missing there).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
"""Where the real extracts are: ``shared/data/real`` beside the clone."""


def need_real(name: str | None = None) -> Path:
    """The folder of the real extracts (or of one of them, ``name``); skips the test where they are absent, fails it
    where ``CI`` is set."""
    folder = REAL / name if name else REAL
    if not folder.is_dir():
        why = f"needs the real public files at {folder} (../shared/data/real beside the clone)"
        if os.environ.get("CI"):
            pytest.fail(f"CI {why}")
        pytest.skip(f"real data absent: this test {why}; CI runs it")
    return folder
