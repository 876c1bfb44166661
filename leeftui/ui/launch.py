"""Start the explorer on the resolved database (errors surface before the terminal is taken over)."""

from __future__ import annotations

from leeftui.paths import resolve_db


def launch(db: str | None) -> None:
    """Open the database (DatabaseError, exit 3, on failure) and run the explorer."""
    from leeftui.ui.app import create_app

    create_app(resolve_db(db).path).run()
