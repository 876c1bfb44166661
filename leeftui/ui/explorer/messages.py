"""Messages the main screen's workers post back to it (a worker never touches widgets)."""

from __future__ import annotations

import pyarrow as pa
from textual.message import Message

from leeftui.model.area import Area
from leeftui.store.cube import Cube
from leeftui.store.headline import Coverage


class ListLoaded(Message):
    """A list query finished."""

    def __init__(self, token: int, table: pa.Table, crumbs: tuple[Area, ...], parent: str, select: str | None,
                 seconds: float) -> None:
        super().__init__()
        self.token, self.table, self.crumbs, self.parent, self.select = token, table, crumbs, parent, select
        self.seconds = seconds


class ListFailed(Message):
    """A list query failed with a user-facing error."""

    def __init__(self, token: int, error: str) -> None:
        super().__init__()
        self.token, self.error = token, error


class CubeLoaded(Message):
    """The in-memory cube of the release is ready."""

    def __init__(self, cube: Cube, coverage: dict[tuple[str, int], Coverage]) -> None:
        super().__init__()
        self.cube = cube
        self.coverage = coverage
        """What each level's figures stand on, per wave (:func:`leeftui.store.headline.coverage`)."""
