"""Messages the main screen's workers post back to it (a worker never touches widgets)."""

from __future__ import annotations

import pyarrow as pa
from textual.message import Message

from leeftui.model.area import Area
from leeftui.model.profile import AreaProfile
from leeftui.store.headline import Coverage


class ListLoaded(Message):
    """A list query finished."""

    def __init__(self, token: int, table: pa.Table, crumbs: tuple[Area, ...], parent: str, select: str | None,
                 seconds: float, profile: AreaProfile | None = None) -> None:
        super().__init__()
        self.token, self.table, self.crumbs, self.parent, self.select = token, table, crumbs, parent, select
        self.seconds = seconds
        self.profile = profile
        """The profile of the row the cursor lands on, fetched with the list where the detail did not have it
        (list and detail then arrive in one frame)."""


class ListFailed(Message):
    """A list query failed with a user-facing error."""

    def __init__(self, token: int, error: str) -> None:
        super().__init__()
        self.token, self.error = token, error


class ReleaseKnown(Message):
    """What the screen learns of the release after its first list: its sets, which remembered marks it still
    has, and what each level's figures stand on."""

    def __init__(self, sets: tuple[str, ...], marks_held: set[str] | None,
                 coverage: dict[tuple[str, int], Coverage]) -> None:
        super().__init__()
        self.sets = sets
        self.marks_held = marks_held
        """The remembered marks the release has (None: not checked)."""
        self.coverage = coverage
        """What each level's figures stand on, per wave (:func:`leeftui.store.headline.coverage`)."""


class WarmedUp(Message):
    """The modules the first sort, filter, large list or map need are loaded (what reading ahead for ``s`` waited
    for)."""
