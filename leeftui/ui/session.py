"""What every screen of the explorer shares: the open database, its class labels, the first list.

Screens reach it with :func:`session_of` (typed, and without importing the app module, so the
app and its screens form no import circle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa
from textual.dom import DOMNode

from leeftui.model.area import Area
from leeftui.model.release import ReleaseInfo
from leeftui.store import Database
from leeftui.store.areas import class_labels, national
from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest, base_rows

if TYPE_CHECKING:
    from leeftui.export import Provenance
    from leeftui.ui.remembered import Remembered


class FirstList:
    """The first screen's list (the gemeenten of Nederland, default waves) and the Nederland area above it, read when
    the session opens, before Textual starts: the screen shows it when it mounts, in its first frame. (Read in a
    thread while Textual started, it took 60–75 ms instead of 12–16: the two contend for the interpreter; the first
    rows were painted 30–70 ms later.)"""

    def __init__(self, db: Database, rel: ReleaseInfo) -> None:
        self.release = rel
        self.request = ViewRequest(Scope(parent="NL"), *rel.default_waves())
        try:
            self._found: tuple[pa.Table, Area] | None = (base_rows(db, rel, self.request), national(db, rel))
        except Exception:  # noqa: BLE001 - the screen queries again, in a worker, and reports the error
            self._found = None

    def result(self, rel: ReleaseInfo, request: ViewRequest) -> tuple[pa.Table, Area] | None:
        """The rows and the Nederland area if they answer ``request`` on ``rel``; None if not, or if the query
        failed."""
        asked = (rel, request.scope, request.wave_a, request.wave_b)
        if asked != (self.release, self.request.scope, self.request.wave_a, self.request.wave_b):
            return None
        return self._found


@dataclass
class Session:
    """The explorer's shared state (one per app)."""

    db: Database
    """The open database (read-only)."""
    release: ReleaseInfo
    """The release this session shows: every view, report and export of it names this release. Switching release
    starts a new session on the same database (the explorer never mixes releases)."""
    labels: dict[int, str] = field(default_factory=dict)
    """Class labels by class number."""
    first_list: FirstList | None = None
    """The start screen's list, read as the session opened (taken once)."""
    stale: bool = False
    """True once the database file was replaced (rebuilt) while open: what is shown is the old state."""
    fresh: bool = False
    """Start without the state remembered for this database (``leeftui --fresh``)."""
    remembered: Remembered | None = None
    """The state remembered for this database and release (read once at start; None with ``fresh``)."""

    @classmethod
    def open(cls, db: Database, rel: ReleaseInfo | None = None) -> Session:
        """A session on release ``rel`` of ``db`` (None: the database's default release), with its first list when
        the release has waves."""
        rel = rel or db.default_release
        return cls(db, rel, class_labels(db), FirstList(db, rel) if rel.waves else None)

    def provenance(self, description: str) -> Provenance:
        """The provenance of an export of this session's release, described as ``description``."""
        from leeftui.export import Provenance  # not on the start-up path (pyarrow's csv and parquet writers)

        return Provenance.from_db(self.db, self.release, description)

    def take_first_list(self, request: ViewRequest) -> tuple[pa.Table, Area] | None:
        """The list read as the session opened and the Nederland area above it, if it is the one asked for (once;
        None otherwise)."""
        first, self.first_list = self.first_list, None
        return first.result(self.release, request) if first is not None else None


def session_of(node: DOMNode) -> Session:
    """The session of the app ``node`` belongs to."""
    session = getattr(node.app, "session", None)
    if not isinstance(session, Session):
        raise TypeError(f"{type(node.app).__name__} has no leeftui session")
    return session
