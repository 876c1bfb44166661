"""Where the main screen's list comes from: a store query per view (in a thread worker) until the
release's cube is in memory, then the cube (an Arrow filter of milliseconds, on the spot).

Results reach the screen as messages (:class:`ListLoaded`, :class:`ListFailed`, :class:`CubeLoaded`);
a worker never touches a widget.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from textual.dom import DOMNode

from leeftui.errors import LeeftuiError
from leeftui.model.area import Area
from leeftui.store import headline
from leeftui.store.areas import breadcrumb, get_area, national, national_area
from leeftui.store.cube import Cube, load_cube
from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest, base_rows, shape_rows
from leeftui.ui.explorer.messages import CubeLoaded, ListFailed, ListLoaded
from leeftui.ui.explorer.state import ViewState, national_level
from leeftui.ui.session import Session


class ListSource:
    """Fetches the rows of a view for ``node`` (the screen that receives the messages)."""

    def __init__(self, node: DOMNode, session: Session) -> None:
        self.node = node
        self.session = session
        self.cube: Cube | None = None
        """The release in memory, once loaded (None until then, or when the load failed)."""
        self.coverage: dict[tuple[str, int], headline.Coverage] = {}
        """What each level's figures stand on per wave (computed with the cube, in its worker)."""
        self._cube_requested = False
        self._cube_done = threading.Event()
        self._closing = False

    @property
    def cube_coming(self) -> bool:
        """True while the cube has not arrived and still may (a release with waves, not failed, not closing)."""
        return self.cube is None and bool(self.session.release.waves) and not self._cube_done.is_set()

    def fetch(self, token: int, request: ViewRequest, parent: str, select: str | None,
              jump: str | None) -> ListLoaded | ListFailed | None:
        """The list for ``request`` (below ``parent``; for a ``jump``: around that area).

        With the cube in memory the answer is returned at once; otherwise a worker queries and posts
        it, and this returns None.
        """
        cube = self.cube
        if cube is None:
            self.node.run_worker(partial(self._query, token, request, parent, select, jump), thread=True,
                                 exclusive=True, group="list", name="loading the list", exit_on_error=False)
            return None
        t0 = time.perf_counter()
        try:
            parent, scope, select = self.resolve_jump(jump, parent, request.scope, select)
            table = base_rows(self.session.db, self.session.release, replace(request, scope=scope), cube)
            here = cube.area(parent) if parent != "NL" else None
            crumbs = cube.breadcrumb(here) if here is not None else (cube.area("NL") or national_area(),)
        except LeeftuiError as exc:
            return ListFailed(token, str(exc))
        return ListLoaded(token, table, crumbs, parent, select, time.perf_counter() - t0)

    def first_below(self, code: str | None, state: ViewState) -> Callable[[], str | None] | None:
        """Where Enter on ``code`` would put the cursor — the first of its children as the list would show them
        (this filter, this sort) — as a function a worker calls; None without the cube in memory, where finding it
        would cost a query on every move."""
        cube = self.cube
        if cube is None or code is None or state.flat or code == "NL":
            return None
        area = cube.area(code)
        if area is None or area.level in ("buurt", "pc4"):
            return None
        request = state.request(Scope(parent=code))
        db, rel = self.session.db, self.session.release

        def first() -> str | None:
            try:
                rows = shape_rows(base_rows(db, rel, request, cube), rel, request)
            except LeeftuiError:
                return None
            return str(rows.column("code")[0].as_py()) if rows.num_rows else None

        return first

    def coverage_text(self, state: ViewState) -> str:
        """What a national list (:func:`national_level`) stands on in wave B; '' for any other list, or before the
        cube's worker has computed it."""
        level = national_level(state, self.session.release.top_level)
        found = self.coverage.get((level, state.wave_b)) if level is not None else None
        return found.short() if found is not None else ""

    def resolve_jump(self, jump: str | None, parent: str, scope: Scope,
                     select: str | None) -> tuple[str, Scope, str | None]:
        """For a jump (search result): the parent to list, its scope and the area to select."""
        if jump is None:
            return parent, scope, select
        area = self.cube.area(jump) if self.cube is not None else get_area(self.session.db, self.session.release, jump)
        if area is None:
            raise LeeftuiError(f"Area {jump} is not in this release.")
        parent = area.parent_code or "NL"
        return parent, Scope(parent=parent), (area.code if area.level != "nederland" else None)

    def _query(self, token: int, request: ViewRequest, parent: str, select: str | None, jump: str | None) -> None:
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
        except LeeftuiError as exc:
            self.node.post_message(ListFailed(token, str(exc)))
            return
        self.node.post_message(ListLoaded(token, table, crumbs, parent, select, time.perf_counter() - t0))

    def load_cube_soon(self) -> None:
        """Start loading the whole release into memory (once), after the next refresh of the screen."""
        if self.cube is None and not self._cube_requested:
            self._cube_requested = True
            self.node.call_after_refresh(self._start_cube)

    def _start_cube(self) -> None:
        self.node.run_worker(self._load_cube, thread=True, exclusive=True, group="cube",
                             name="loading the release into memory", exit_on_error=False)

    def _load_cube(self) -> None:
        try:
            if self._closing:
                return
            import pyarrow.compute  # noqa: F401 - cube views need it; import it here, not in the first key press

            cube = load_cube(self.session.db, self.session.release)
            rel = self.session.release
            coverage = {(c.level, c.wave): c for level in rel.levels if level in ("gemeente", "wijk", "buurt", "pc4")
                        for c in headline.coverage(self.session.db, rel, level, rel.waves)}
        except LeeftuiError:
            return  # keep querying per view; the list already works without the cube
        except Exception:
            if self._closing:
                return  # interrupted because the app is quitting
            raise  # reported by the app (exit_on_error=False); the list keeps working without the cube
        finally:
            self._cube_done.set()
        self.node.post_message(CubeLoaded(cube, coverage))

    def close(self) -> None:
        """Stop a cube load under way (quitting must not wait for its query, ~0.5 s nationally)."""
        self._closing = True
        if self._cube_requested and not self._cube_done.is_set():
            self.session.db.interrupt(until=self._cube_done)
