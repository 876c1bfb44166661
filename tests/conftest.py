"""Shared fixtures: a tiny database per test session, built in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tinydb import make_tiny_db


@pytest.fixture(autouse=True)
def _own_config_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with nothing remembered, and the explorer's state file and the user-data folder (set
    decisions, downloads) are temporary folders; and in a
    terminal of full colour whatever $TERM the suite runs under (TERM=xterm alone makes Rich and Textual draw in 16
    colours, where the map writes class digits): tests of 16 colours or none set them themselves."""
    monkeypatch.setenv("LEEFTUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")


@pytest.fixture(scope="session")
def tiny_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of the tiny demo database (read-only use only; shared by the session)."""
    return make_tiny_db(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")


@pytest.fixture(scope="session")
def tiny_official_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tiny database, marked as official data (no demo notice)."""
    return make_tiny_db(tmp_path_factory.mktemp("tiny-official") / "tiny.duckdb", synthetic=False)


@pytest.fixture(scope="session")
def no_classes_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny database without a class boundary table (klasse NULL, classes_source NULL)."""
    return make_tiny_db(tmp_path_factory.mktemp("noclasses") / "noclasses.duckdb", classes=False)


@pytest.fixture()
def tiny_db(tiny_db_path: Path):
    """An open read-only Database on the tiny database."""
    from leeftui.store import open_database

    db = open_database(tiny_db_path)
    yield db
    db.close()
