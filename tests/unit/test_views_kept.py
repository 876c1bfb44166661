"""The explorer's kept views: least recently used first out, bounded in bytes; a view too large is not kept."""

from __future__ import annotations

import pyarrow as pa

from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest
from leeftui.ui.explorer.source import Listed, Views


def _listed(rows: int) -> Listed:
    return Listed(pa.table({"code": pa.array([f"BU{i:08d}" for i in range(rows)]),
                            "lbm": pa.array([float(i) for i in range(rows)])}), (), "NL")


def _request(code: str, wave_b: int = 2024) -> ViewRequest:
    return ViewRequest(Scope(parent=code), 2014, wave_b)


def test_the_least_recently_used_view_goes_first_when_the_bytes_run_out() -> None:
    one = _listed(1000)
    views = Views(limit=int(one.table.nbytes * 3.5))
    for code in ("GM1", "GM2", "GM3"):
        views.put(_request(code), _listed(1000))
    assert views.get(_request("GM1")) is not None  # GM1 is now the most recently used
    views.put(_request("GM4"), _listed(1000))
    assert views.get(_request("GM2")) is None
    assert all(views.get(_request(c)) is not None for c in ("GM1", "GM3", "GM4"))


def test_a_view_differs_by_its_waves_and_a_view_too_large_is_not_kept() -> None:
    views = Views(limit=_listed(100).table.nbytes * 3)
    views.put(_request("GM1"), _listed(100))
    assert views.get(_request("GM1", wave_b=2022)) is None
    views.put(_request("GM9"), _listed(1000))  # more than half the budget
    assert views.get(_request("GM9")) is None and views.get(_request("GM1")) is not None


def test_what_the_next_key_asks_for() -> None:
    """Enter on a gemeente asks for its wijken; [ and ] for the list at the neighbouring wave B (not for a large
    list); s for the next sort column; a buurt has nothing below it."""
    from leeftui.ui.explorer.ahead import AHEAD_ROWS, next_keys
    from leeftui.ui.explorer.state import ViewState

    state = ViewState()
    state.wave_a, state.wave_b = 2014, 2022
    waves = (2002, 2014, 2022, 2024)
    view = pa.table({"code": ["GM0001", "BU00010001"], "level": ["gemeente", "buurt"]})
    ahead = next_keys(state, waves, view, 0, 2, "d_lbm")
    assert ahead.pairs == ((2014, 2024),)  # B cannot move onto or before A
    assert [(r.scope, r.wave_a, r.wave_b) for r, _ in ahead.views] == [
        (Scope(parent="GM0001"), 2014, 2022), (state.scope_of(), 2014, 2024)]
    assert ahead.next_sort is not None and ahead.next_sort.sort == "d_lbm"
    on_buurt = next_keys(state, waves, view, 1, AHEAD_ROWS + 1, None)
    assert on_buurt.views == () and on_buurt.next_sort is None and on_buurt.pairs == ((2014, 2024),)
