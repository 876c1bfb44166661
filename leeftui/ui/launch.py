"""Start the explorer on the resolved database."""

from __future__ import annotations

from leeftui.paths import resolve_db
from leeftui.store import open_database


def launch(db: str | None) -> None:
    """Open the database and run the explorer (until the explorer lands: print a summary)."""
    resolved = resolve_db(db)
    database = open_database(resolved.path)
    print(f"{database.release.label} — {resolved.path} ({resolved.origin}) {database.notice}")
