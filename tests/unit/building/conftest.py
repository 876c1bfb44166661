"""Fixtures for build tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "real"


@pytest.fixture()
def real() -> Path:
    """The real extracts beside the clone: skipped on a developer's machine without them, an error in CI."""
    if not REAL.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the real extracts at {REAL}")
        pytest.skip("shared/data/real is not beside the clone")
    return REAL
