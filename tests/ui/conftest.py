"""Fixtures of the explorer's tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tinydb import make_tiny_db


@pytest.fixture()
def no_classes_db(tmp_path: Path) -> Path:
    """A tiny database without a class boundary table (klasse NULL, classes_source NULL)."""
    path = make_tiny_db(tmp_path / "noclasses.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE scores SET klasse = NULL, klasse_source = NULL")
    con.execute("UPDATE releases SET classes_source = NULL")
    con.execute("DELETE FROM class_bounds")
    con.close()
    return path
