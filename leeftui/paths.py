"""Where databases live, and which one is opened.

Resolution order (first hit wins): ``--db PATH``, ``$LEEFTUI_DB``, the user-data
database (written by ``leeftui db download`` or ``leeftui db rebuild``), else the
database bundled with the package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DB_FILENAME = "leefbaarometer.duckdb"
ENV_VAR = "LEEFTUI_DB"
ENV_DATA_DIR = "LEEFTUI_DATA_DIR"


def user_data_dir() -> Path:
    """Return the per-user data directory (``$LEEFTUI_DATA_DIR`` overrides platformdirs)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs  # only when no --db names the database

    return Path(platformdirs.user_data_dir("leeftui", appauthor=False))


ENV_CONFIG_DIR = "LEEFTUI_CONFIG_DIR"


def config_dir() -> Path:
    """Return the per-user config directory (``$LEEFTUI_CONFIG_DIR`` overrides platformdirs): the explorer's
    remembered state, the saved views."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("leeftui", appauthor=False))


def user_db_path() -> Path:
    """Return the path of the user-data database (it may not exist yet)."""
    return user_data_dir() / DB_FILENAME


def bundled_db_path() -> Path:
    """Return the bundled demo database: inside the wheel, or ``db/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled" / DB_FILENAME
    if packaged.exists():
        return packaged
    return here.parent / "db" / DB_FILENAME


@dataclass(frozen=True)
class ResolvedDb:
    """A database path and why it was chosen."""

    path: Path
    """The database file."""
    origin: str
    """One of '--db', '$LEEFTUI_DB', 'user data', 'bundled'."""


def resolve_db(explicit: str | os.PathLike[str] | None = None) -> ResolvedDb:
    """Pick the database to open, following the documented resolution order."""
    if explicit:
        return ResolvedDb(Path(explicit).expanduser(), "--db")
    env = os.environ.get(ENV_VAR)
    if env:
        return ResolvedDb(Path(env).expanduser(), "$LEEFTUI_DB")
    user = user_db_path()
    if user.exists():
        return ResolvedDb(user, "user data")
    return ResolvedDb(bundled_db_path(), "bundled")
