"""Where the main screen's list comes from: one store query per view, in a thread worker (only the view's rows and
columns are read: nothing holds the release in memory), with the profile of the row the cursor lands on when the
detail does not have it yet, so list and detail arrive in one frame.

Results reach the screen as messages (:class:`ListLoaded`, :class:`ListFailed`, :class:`ReleaseKnown`);
a worker never touches a widget.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
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
from leeftui.store.sets import set_names
from leeftui.store.view import ViewRequest, base_rows, shape_rows
from leeftui.ui.explorer.messages import ListFailed, ListLoaded, ReleaseKnown
from leeftui.ui.explorer.state import ViewState, national_level
from leeftui.ui.session import Session

if TYPE_CHECKING:
    import pyarrow as pa


class ListSource:
    """Fetches the rows of a view for ``node`` (the screen that receives the messages)."""

    def __init__(self, node: DOMNode, session: Session) -> None:
        self.node = node
        self.session = session
        self.sets: tuple[str, ...] = ()
        """The release's area sets (known after the first list)."""
        self.coverage: dict[tuple[str, int], headline.Coverage] = {}
        """What each level's figures stand on per wave (computed after the first list, in a worker)."""
        self._known_requested = False
        self._known_done = threading.Event()
        self._closing = False

    @property
    def release_coming(self) -> bool:
        """True while what the screen learns of the release after its first list has not arrived and still may."""
        return bool(self.session.release.waves) and not self._known_done.is_set()

    def fetch(self, token: int, request: ViewRequest, parent: str, select: str | None, jump: str | None,
              has_profile: Callable[[str], bool]) -> None:
        """Query the list for ``request`` (below ``parent``; for a ``jump``: around that area) in a worker, which
        posts it; ``has_profile(code)``: whether the detail already holds that area's profile."""
        self.node.run_worker(partial(self._query, token, request, parent, select, jump, has_profile), thread=True,
                             exclusive=True, group="list", name="loading the list", exit_on_error=False)

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
        db, rel = self.session.db, self.session.release
        t0 = time.perf_counter()
        try:
            parent, scope, select = self.resolve_jump(jump, parent, request.scope, select)
            request = replace(request, scope=scope)
            table = self.session.take_first_list(request)  # queried while the app started
            if table is None:
                table = base_rows(db, rel, request)
            here = get_area(db, rel, parent) if parent != "NL" else None
            crumbs: tuple[Area, ...] = breadcrumb(db, rel, here) if here is not None else (national(db, rel),)
            profile = self._landing_profile(table, request, select, has_profile)
        except LeeftuiError as exc:
            self.node.post_message(ListFailed(token, str(exc)))
            return
        self.node.post_message(ListLoaded(token, table, crumbs, parent, select, time.perf_counter() - t0, profile))

    def _landing_profile(self, table: pa.Table, request: ViewRequest, select: str | None,
                         has_profile: Callable[[str], bool]) -> AreaProfile | None:
        """The profile of the row a new list puts the cursor on (the one asked for, or the first as the list
        shows it), unless the detail has it; None where the cursor stays where it is (``select`` None)."""
        if select is None or not table.num_rows:
            return None
        code = select
        if not code:
            try:
                shaped = shape_rows(table, self.session.release, request)
            except LeeftuiError:
                return None  # the screen drops the filter and says so
            if not shaped.num_rows:
                return None
            code = str(shaped.column("code")[0].as_py())
        if has_profile(code):
            return None
        try:
            return area_profile(self.session.db, self.session.release, code)
        except LeeftuiError:
            return None

    def learn_release_soon(self, marks: list[str]) -> None:
        """Once, after the next refresh: the release's sets, which of the remembered ``marks`` it has, and what
        each level's figures stand on (posted as :class:`ReleaseKnown`)."""
        if not self._known_requested:
            self._known_requested = True
            self.node.call_after_refresh(lambda: self.node.run_worker(
                partial(self._learn, marks), thread=True, exclusive=True, group="release",
                name="reading the release's sets and coverage", exit_on_error=False))

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

    def close(self) -> None:
        """Stop a query under way (quitting must not wait for it)."""
        self._closing = True
        if self._known_requested and not self._known_done.is_set():
            self.session.db.interrupt(until=self._known_done)
