"""The main screen's components on their own, without an app: the column layout, the map pane, the marks and the
remembered state."""

from __future__ import annotations

import time

import pyarrow as pa
import pytest

from leeftui.model.columns import Context
from leeftui.model.filters import ViewFilter
from leeftui.model.release import ReleaseInfo
from leeftui.ui.columns import list_columns
from leeftui.ui.explorer.layout import NAME_MOST, NAME_WIDTH, ColumnLayout
from leeftui.ui.explorer.mappane import MapPane
from leeftui.ui.explorer.marks import Marks
from leeftui.ui.explorer.state import ViewState
from leeftui.ui.remembered import Remembered

REL = ReleaseInfo("lbm3-2024", "LBM 3.0", 2024, "Leefbaarometer 3.0, meting 2024", ("fys", "onv", "soc", "vrz", "won"),
                  (2014, 2018, 2024), (2014, 2018, 2024), "test", False, ("gemeente", "wijk", "buurt"))
COLUMNS = list_columns(Context(REL, 2014, 2024, 2024))


def _rows(*names: str) -> pa.Table:
    return pa.table({"code": [f"GM{i:04d}" for i in range(len(names))], "name": list(names)})


def test_the_name_column_grows_with_the_names_where_there_is_room() -> None:
    layout = ColumnLayout()
    short = layout.fit(COLUMNS, _rows("Aa", "Bb"), 200)
    assert next(c.width for c in short if c.key == "name") == NAME_WIDTH
    long = layout.fit(COLUMNS, _rows("Sint-Michielsgestel-Noord-Oost"), 200)
    assert next(c.width for c in long if c.key == "name") == len("Sint-Michielsgestel-Noord-Oost") + 1
    huge = layout.fit(COLUMNS, _rows("x" * 80), 200)
    assert next(c.width for c in huge if c.key == "name") == NAME_MOST
    narrow = layout.fit(COLUMNS, _rows("x" * 80), 76)  # no room after Name … Class: stays at its least
    assert next(c.width for c in narrow if c.key == "name") == NAME_WIDTH


def test_hidden_columns_and_a_set_width() -> None:
    layout = ColumnLayout(hidden=frozenset({"d_fys", "inwoners"}))
    keys = [c.key for c in layout.fit(COLUMNS, _rows("Aa"), 200)]
    assert "d_fys" not in keys and "inwoners" not in keys and "d_onv" in keys
    layout.widen(layout.fit(COLUMNS, _rows("Aa"), 200), 4)
    assert layout.name_width == NAME_WIDTH + 4
    assert next(c.width for c in layout.fit(COLUMNS, _rows("x" * 80), 200) if c.key == "name") == NAME_WIDTH + 4
    layout.widen(layout.fit(COLUMNS, None, 200), -100)
    assert layout.name_width == 12


def test_the_map_pane_cycles_through_its_colourings_and_opens_when_made_large() -> None:
    pane = MapPane()
    seen = [pane.cycle(("afw", "onv")) for _ in range(5)]
    assert seen == ["class", "delta", "afw", "onv", None]
    pane.toggle_large(("afw",))
    assert pane.mode == "class" and pane.large
    pane.toggle_large(("afw",))
    assert pane.mode == "class" and not pane.large


def test_marks_undo_and_a_linear_load() -> None:
    marks = Marks()
    marks.toggle("GM0001", "Aa")
    marks.toggle("GM0002", "Bb")
    marks.toggle("GM0001", "Aa")
    assert marks.codes == ("GM0002",)
    assert marks.undo() == "unmark Aa" and marks.codes == ("GM0001", "GM0002")
    many = [(f"BU{i:08d}", f"Buurt {i}") for i in range(100_000)]
    t0 = time.perf_counter()
    marks.load(many)
    assert time.perf_counter() - t0 < 1.0  # a dict, not a history entry per mark
    assert len(marks) == 100_000 and marks.undo() is None  # taken up, not an edit to undo


def test_remembered_state_round_trip_keeps_what_fits_the_release() -> None:
    state, marks, layout = ViewState(wave_a=2014, wave_b=2024), Marks(), ColumnLayout(frozenset({"d_won"}))
    state.sort_col, state.filter = "d_lbm", ViewFilter(declined=True)
    marks.toggle("BU00000001", "Een")
    saved = Remembered.of("nord", state, marks, "list", layout)
    assert saved.hidden == ["d_won"] and saved.marks == [["BU00000001", "Een"]]

    fresh_state, fresh_marks, fresh_layout = ViewState(wave_a=2014, wave_b=2024), Marks(), ColumnLayout()
    mode = saved.restore(REL, fresh_state, fresh_marks, fresh_layout, ("split", "list", "detail"))
    assert mode == "list" and fresh_state.sort_col == "d_lbm" and fresh_state.filter.declined
    assert fresh_marks.codes == ("BU00000001",) and fresh_layout.hidden == frozenset({"d_won"})

    gone = Remembered(wave_a=2010, wave_b=2024, sort_col="nope", scope=["pc4", None, "all postcode areas"])
    other = ViewState(wave_a=2014, wave_b=2024)
    assert gone.restore(REL, other, Marks(), ColumnLayout(), ("split",)) is None
    assert (other.wave_a, other.sort_col, other.scope) == (2014, None, "children")  # nothing that no longer fits


def test_a_remembered_state_that_does_not_read_leaves_the_view_as_it_was() -> None:
    broken = Remembered(scope=["set", 7, None], marks=[["BU1", "x"]], filter={"declined": True})
    state, marks = ViewState(wave_a=2014, wave_b=2024), Marks()
    broken.marks = [[1, 2, 3]]  # type: ignore[list-item]  # (a file edited by hand)
    assert broken.restore(REL, state, marks, ColumnLayout(), ("split",)) is None
    assert state == ViewState(wave_a=2014, wave_b=2024) and len(marks) == 0


@pytest.mark.parametrize("field_values", [
    {"marks": 5}, {"filter": [1, 2]}, {"scope": {"a": 1}}, {"hidden": 7}, {"wave_a": "2014", "wave_b": []},
    {"filter": {"where": "(" * 10_000 + "lbm > 1" + ")" * 10_000}}, {"filter": {"below": "x"}},
    {"sort_col": ["x"]}, {"detail_mode": {"a": 1}},
])
def test_a_remembered_state_with_fields_of_the_wrong_type_leaves_the_view_as_it_was(field_values: dict) -> None:
    """state.json edited by hand (or by another program): a field of the wrong type, a 10,000-deep filter."""
    state, marks = ViewState(wave_a=2014, wave_b=2024), Marks()
    odd = Remembered(**field_values)
    odd.restore(REL, state, marks, ColumnLayout(), ("split",))
    assert state.wave_a == 2014 and state.wave_b == 2024


def test_the_explorer_tunes_its_process_for_keys_over_workers() -> None:
    """The explorer's process: Arrow on the system allocator, rare full collections, and a short switch interval so
    a key's handling does not wait 5 ms at each hand-over while workers draw ahead."""
    import gc
    import sys

    import pyarrow as pa

    from leeftui.ui.runtime import GC_THRESHOLDS, SWITCH_INTERVAL, tune_process

    interval, thresholds = sys.getswitchinterval(), gc.get_threshold()
    try:
        tune_process()
        assert sys.getswitchinterval() == SWITCH_INTERVAL < 0.005
        assert gc.get_threshold() == GC_THRESHOLDS and pa.default_memory_pool().backend_name == "system"
    finally:
        sys.setswitchinterval(interval)
        gc.set_threshold(*thresholds)
