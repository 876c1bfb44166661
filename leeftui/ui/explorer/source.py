"""Where the main screen's list comes from: one store query per view, in a thread worker (only the view's rows and
columns are read: nothing holds the release in memory), with the profile of the row the cursor lands on when the
detail does not have it yet, so list and detail arrive in one frame.

The last views read are kept (:class:`Views`, bounded in bytes), and while the cursor rests the views the next key
would ask for — the areas below the cursor's row (Enter), the list in the next and previous wave (``[`` ``]``) —
are read ahead in a worker; a key that asks for a view at hand shows it in the same frame, without a query.

Results reach the screen as messages (:class:`ListLoaded`, :class:`ListFailed`, :class:`ReleaseKnown`,
:class:`WarmedUp`); a worker never touches a widget.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from leeftui.errors import LeeftuiError
from leeftui.model.area import Area
from leeftui.model.profile import AreaProfile
from leeftui.store import headline
from leeftui.store.areas import breadcrumb, get_area, held_codes, national
from leeftui.store.profile import area_profile
from leeftui.store.scope import Scope
from leeftui.store.stats import set_names
from leeftui.store.view import ViewRequest, base_rows, first_shown
from leeftui.ui.explorer.messages import ListFailed, ListLoaded, ReleaseKnown, WarmedUp
from leeftui.ui.explorer.state import ViewState, national_level
from leeftui.ui.session import Session

if TYPE_CHECKING:
    import pyarrow as pa  # noqa: TC004 - only in annotations (the module stays light to import)


WARM_AFTER = 1.0
"""Seconds after the first list that the modules the first sort, filter, large list or map need are loaded, in a
worker. Not sooner: their import holds the interpreter (≈ 80–120 ms, Cython module set-up), and a key pressed
meanwhile waits for it — on the first screen that is where keys come fastest (a key held down, keys typed ahead)."""

VIEWS_KEPT_BYTES = 24 * 2**20
"""At most this many bytes of views are kept for the keys that come back to them (the national buurt list is
≈ 5 MB; the list on screen is held by the screen anyway)."""


@dataclass(frozen=True)
class Listed:
    """A view as read: its rows, the breadcrumb of its parent, and the profile of its first row (read ahead)."""

    table: pa.Table
    crumbs: tuple[Area, ...]
    parent: str
    first: AreaProfile | None = None
    landing: str | None = None
    """The code of the row the list puts the cursor on when shown afresh (its first as filtered and sorted)."""


class Views:
    """The last views read, by (scope, wave A, wave B), least recently used first out; safe across threads."""

    def __init__(self, limit: int = VIEWS_KEPT_BYTES) -> None:
        self._kept: OrderedDict[tuple[object, ...], Listed] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    @staticmethod
    def key(request: ViewRequest) -> tuple[object, ...]:
        return (request.scope, request.wave_a, request.wave_b)

    def get(self, request: ViewRequest) -> Listed | None:
        with self._lock:
            found = self._kept.get(self.key(request))
            if found is not None:
                self._kept.move_to_end(self.key(request))
            return found

    def put(self, request: ViewRequest, listed: Listed) -> None:
        if listed.table.nbytes > self._limit // 2:
            return  # a view this large is read again when asked for
        with self._lock:
            self._kept[self.key(request)] = listed
            self._kept.move_to_end(self.key(request))
            while sum(v.table.nbytes for v in self._kept.values()) > self._limit and len(self._kept) > 1:
                self._kept.popitem(last=False)


class ListSource:
    """Fetches the rows of a view for ``node`` (the screen that receives the messages)."""

    def __init__(self, node: DOMNode, session: Session) -> None:
        self.node = node
        self.session = session
        self.sets: tuple[str, ...] = ()
        """The release's area sets (known after the first list)."""
        self.coverage: dict[tuple[str, int], headline.Coverage] = {}
        """What each level's figures stand on per wave (computed after the first list, in a worker)."""
        self.views = Views()
        self._known_requested = False
        self._known_done = threading.Event()
        self.warm = threading.Event()
        """Set once :meth:`_warm_up` has loaded Arrow's compute module (what reading ahead for ``s`` needs)."""
        self._closing = False

    @property
    def release_coming(self) -> bool:
        """True while what the screen learns of the release after its first list has not arrived and still may."""
        return bool(self.session.release.waves) and not self._known_done.is_set()

    def fetch(self, token: int, request: ViewRequest, parent: str, select: str | None, jump: str | None,
              has_profile: Callable[[str], bool]) -> ListLoaded | None:
        """The list for ``request`` (below ``parent``; for a ``jump``: around that area): at once when the view is at
        hand, else None and a worker queries and posts it; ``has_profile(code)``: whether the detail already holds
        that area's profile."""
        listed = self.views.get(request) if jump is None else None
        first = self.session.take_first_list(request) if jump is None and listed is None else None
        if first is not None:  # the start screen's list, read as the session opened: no worker hop
            listed = Listed(first[0], (first[1],), parent)
            self.views.put(request, listed)
        if listed is not None:
            profile = listed.first if listed.first is not None and not has_profile(listed.first.series.area.code) \
                else None
            return ListLoaded(token, listed.table, listed.crumbs, listed.parent, select, 0.0, profile)
        self.node.run_worker(partial(self._query, token, request, parent, select, jump, has_profile), thread=True,
                             exclusive=True, group="list", name="loading the list", exit_on_error=False)
        return None

    def look_ahead(self, requests: tuple[tuple[ViewRequest, str], ...], has_profile: Callable[[str], bool],
                   read: Callable[[Listed, ViewRequest], None] | None = None) -> None:
        """Read the views of ``requests`` (each with the parent its list is below) that are not at hand, with the
        profile of each one's first row, in a worker (a newer call replaces an older one); ``read`` is called
        with each view as read, in that worker."""
        wanted = tuple((r, p) for r, p in requests if self.views.get(r) is None)
        if wanted:
            self.node.run_worker(partial(self._ahead, wanted, has_profile, read), thread=True, exclusive=True,
                                 group="list-ahead", name="reading the next views ahead", exit_on_error=False)

    def _ahead(self, requests: tuple[tuple[ViewRequest, str], ...], has_profile: Callable[[str], bool],
               read: Callable[[Listed, ViewRequest], None] | None) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        for request, parent in requests:
            if worker.is_cancelled or self._closing:
                return
            try:
                listed, _ = self._read(request, parent, "", has_profile)
            except LeeftuiError:
                continue  # asked for in earnest, the same error is said then
            if read is not None:
                read(listed, request)

    def _read(self, request: ViewRequest, parent: str, select: str | None,
              has_profile: Callable[[str], bool]) -> tuple[Listed, AreaProfile | None]:
        """Query one view (rows, breadcrumb, the profile of the row the cursor lands on) and keep it."""
        db, rel = self.session.db, self.session.release
        started = self.session.take_first_list(request)  # read as the session opened
        table = started[0] if started is not None else base_rows(db, rel, request)
        here = get_area(db, rel, parent) if parent != "NL" else None
        crumbs: tuple[Area, ...] = (breadcrumb(db, rel, here) if here is not None
                                    else (started[1] if started is not None else national(db, rel),))
        code, profile = self._landing(table, request, select, has_profile)
        listed = Listed(table, crumbs, parent, profile if select == "" else None, code if select == "" else None)
        self.views.put(request, listed)
        return listed, profile

    def coverage_text(self, state: ViewState) -> str:
        """What a national list (:func:`national_level`) stands on in wave B; '' for any other list, or before the
        worker has computed it."""
        level = national_level(state, self.session.release.top_level)
        found = self.coverage.get((level, state.wave_b)) if level is not None else None
        return found.short() if found is not None else ""

    def resolve_jump(self, jump: str | None, parent: str, scope: Scope,
                     select: str | None) -> tuple[str, Scope, str | None]:
        """For a jump (search result): the parent to list, its scope and the area to select."""
        if jump is None:
            return parent, scope, select
        area = get_area(self.session.db, self.session.release, jump)
        if area is None:
            raise LeeftuiError(f"Area {jump} is not in this release.")
        parent = area.parent_code or "NL"
        return parent, Scope(parent=parent), (area.code if area.level != "nederland" else None)

    def _query(self, token: int, request: ViewRequest, parent: str, select: str | None, jump: str | None,
               has_profile: Callable[[str], bool]) -> None:
        t0 = time.perf_counter()
        try:
            parent, scope, select = self.resolve_jump(jump, parent, request.scope, select)
            listed, profile = self._read(replace(request, scope=scope), parent, select, has_profile)
        except LeeftuiError as exc:
            self.node.post_message(ListFailed(token, str(exc)))
            return
        self.node.post_message(ListLoaded(token, listed.table, listed.crumbs, listed.parent, select,
                                          time.perf_counter() - t0, profile))

    def _landing(self, table: pa.Table, request: ViewRequest, select: str | None,
                 has_profile: Callable[[str], bool]) -> tuple[str | None, AreaProfile | None]:
        """The row a new list puts the cursor on (the one asked for, or the first as the list shows it) and its
        profile, unless the detail has it; (None, None) where the cursor stays where it is (``select`` None)."""
        if select is None or not table.num_rows:
            return None, None
        code = select or first_shown(table, self.session.release, request)
        if code is None or has_profile(code):
            return code, None
        try:
            return code, area_profile(self.session.db, self.session.release, code)
        except LeeftuiError:
            return code, None

    def learn_release_soon(self, marks: list[str]) -> None:
        """Once, after the next refresh: the release's sets, which of the remembered ``marks`` it has, and what
        each level's figures stand on (posted as :class:`ReleaseKnown`); :data:`WARM_AFTER` seconds later, the
        modules the first sort, filter, large list or map need (:meth:`_warm_up`)."""
        if not self._known_requested:
            self._known_requested = True
            self.node.call_after_refresh(lambda: self.node.run_worker(
                partial(self._learn, marks), thread=True, exclusive=True, group="release",
                name="reading the release's sets and coverage", exit_on_error=False))
            self.node.set_timer(WARM_AFTER, lambda: self.node.run_worker(
                self._warm_up, thread=True, exclusive=True, group="warm-up", name="loading modules ahead",
                exit_on_error=False))

    def _learn(self, marks: list[str]) -> None:
        db, rel = self.session.db, self.session.release
        try:
            if self._closing:
                return
            sets = set_names(db, rel)
            held = held_codes(db, rel, marks) if marks else None
            coverage = {(c.level, c.wave): c for level in rel.levels if level in ("gemeente", "wijk", "buurt", "pc4")
                        for c in headline.coverage(db, rel, level, rel.waves)}
        except LeeftuiError:
            return  # the list works without them
        except Exception:
            if self._closing:
                return  # interrupted because the app is quitting
            raise  # reported by the app (exit_on_error=False); the list keeps working
        finally:
            self._known_done.set()
        self.node.post_message(ReleaseKnown(sets, held, coverage))

    def _warm_up(self) -> None:
        """Load Arrow's compute module (sorting, filtering, lists over 2,000 rows: ≈ 80 ms) and, where the database
        has outlines, the map's modules (≈ 50 ms), so that the key that first needs them does not wait."""
        if self._closing:
            return
        import pyarrow.compute  # noqa: F401 - see above

        self.warm.set()
        self.node.post_message(WarmedUp())
        self._warm_map()

    def _warm_map(self) -> None:
        """Where the database has outlines, load the map's modules (shapely, the rasteriser: ≈ 50 ms)."""
        from leeftui.store.outlines import has_outlines

        try:
            if self._closing or not has_outlines(self.session.db):
                return
        except Exception:
            if self._closing or isinstance(sys.exc_info()[1], LeeftuiError):
                return  # quitting, or no map to prepare for
            raise
        import shapely  # noqa: F401 - what the first map would import

        import leeftui.present.choropleth  # noqa: F401

    def close(self) -> None:
        """Stop a query under way (quitting must not wait for it)."""
        self._closing = True
        if self._known_requested and not self._known_done.is_set():
            self.session.db.interrupt(until=self._known_done)
