"""The read side: opening a leeftui database read-only and every query the app and CLI run.

Never imports Textual. Values cross to the UI and CLI as frozen dataclasses or Arrow tables.
"""

from leeftui.model.release import ReleaseInfo
from leeftui.store.db import Database, open_database

__all__ = ["Database", "ReleaseInfo", "open_database"]
