"""The real extracts beside the clone (../shared/data/real), for tests outside tests/unit/building."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


def need_real(name: str) -> Path:
    """The folder of one real extract: skipped on a developer's machine without them, an error in CI."""
    folder = REAL / name
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the real extracts at {folder}")
        pytest.skip("shared/data/real is not beside the clone")
    return folder
