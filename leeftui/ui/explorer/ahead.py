"""What the next key will ask for, worked out while the cursor rests (:func:`next_keys`): the areas below the
cursor's row (Enter), the list at the next and previous wave B (``[`` ``]``), and the order the next ``s`` gives —
a plain function of the view's state; and :func:`read_ahead`, which has the list's source read those views and
the detail draw the profiles those keys would show."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

import pyarrow as pa

from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest, first_shown
from leeftui.ui.explorer.state import ViewState

if TYPE_CHECKING:
    from leeftui.model.release import ReleaseInfo
    from leeftui.ui.explorer.source import Listed, ListSource
    from leeftui.ui.widgets.detail import DetailPanel

AHEAD_ROWS = 5000
"""Lists up to this many rows are also read ahead in the next and previous wave (a national buurt list, ≈ 5 MB a
wave, is read when asked for)."""
DRILLABLE = ("gemeente", "wijk")


@dataclass(frozen=True)
class NextKeys:
    """The views and waves the next key may ask for."""

    views: tuple[tuple[ViewRequest, str], ...]
    """Views to read ahead, each with the parent its list is below."""
    pairs: tuple[tuple[int, int], ...]
    """The waves (A, B) of the next ``[`` and ``]`` (where the state may move)."""
    next_sort: ViewRequest | None
    """The request after the next ``s`` (sorted by ``next_sort.sort``), or None without a column to sort by."""


def next_keys(state: ViewState, waves: tuple[int, ...], view: pa.Table, cursor: int, rows: int,
              sort_column: str | None) -> NextKeys:
    """What ``[``, ``]``, Enter on row ``cursor`` of ``view`` and ``s`` (to ``sort_column``) would ask for; ``rows``:
    the list's rows before filtering (large lists are not read ahead at other waves)."""
    views: list[tuple[ViewRequest, str]] = []
    if 0 <= cursor < view.num_rows and view.column("level")[cursor].as_py() in DRILLABLE:
        code = str(view.column("code")[cursor].as_py())
        views.append((state.request(Scope(parent=code)), code))
    pairs = tuple(moved for step in (-1, 1) if isinstance(moved := state.stepped(waves, "b", step), tuple)
                  and moved != (state.wave_a, state.wave_b))
    if rows <= AHEAD_ROWS:
        views += [(replace(state.request(), wave_a=a, wave_b=b), state.parent) for a, b in pairs]
    sort = replace(state.request(), sort=sort_column, descending=False) if sort_column is not None else None
    return NextKeys(tuple(views), pairs, sort)


def read_ahead(ahead: NextKeys, parent: str, rows: pa.Table, code: str | None, rel: ReleaseInfo, source: ListSource,
               detail: DetailPanel) -> None:
    """Read the views of ``ahead`` (the list below ``parent`` is ``rows``, unfiltered; the cursor on ``code``) and
    draw what those keys would show in the detail: the row Enter lands on (in the reading worker), the cursor's
    area at the waves of ``[`` and ``]``, the row the next ``s`` puts at the top. Nothing is drawn for a hidden
    detail (the map stands in its place)."""
    below = next((p for _, p in ahead.views if p != parent), None)

    def landed(listed: Listed, request: ViewRequest) -> None:  # in the reading worker: Enter's landing row, drawn
        if listed.parent == below and listed.landing is not None:
            detail.draw_here(listed.landing, request.wave_a, request.wave_b, listed.first)

    source.look_ahead(ahead.views, detail.has_profile, landed if detail.display else None)
    if code is not None:
        detail.draw_ahead(code, ahead.pairs)
    if ahead.next_sort is not None and detail.display:  # `s` puts another area at the top: its profile, drawn
        request = ahead.next_sort
        detail.draw_ahead_of(partial(first_shown, rows, rel, request), request.wave_a, request.wave_b)
