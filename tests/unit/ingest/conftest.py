"""Fixtures for rebuild tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.realdata import need_real


@pytest.fixture()
def real() -> Path:
    """The real extracts beside the clone (:func:`tests.realdata.need_real`)."""
    return need_real()
