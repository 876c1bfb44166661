"""Nothing cut silently in the area list: drawn at 60, 80, 120 and 200 columns (and scrolled sideways), every
number shows whole — its column as wide as the list's widest value, a column the screen's edge would cut left
blank until → brings it in — and every cut text ends in '…'."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from leeftui.ui.app import create_app
from leeftui.ui.columns import NUMBERS, Column, number_widths
from tests.ui.uihelpers import pilot_test, screen_text, settle

BUNDLED = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"


def _check_list(app) -> int:  # noqa: ANN001 - the running app; returns the cells checked
    from leeftui.ui.widgets.grid import FIXED, AreaGrid

    grid = app.screen.query_one(AreaGrid)
    lines = screen_text(app).splitlines()
    x0, y0 = grid.region.x, grid.region.y
    inner = grid.scrollable_content_region.width
    top = int(grid.scroll_offset.y)
    fixed_width = sum(c.width + 1 for c in grid.columns[:FIXED])
    placed: list[tuple[int, Column, int]] = []
    pos = 0
    for col in grid.columns[:FIXED]:
        placed.append((pos, col, col.width))
        pos += col.width + 1
    for x, i, w in grid.placed(inner - fixed_width):
        col = grid.columns[i]
        assert w == col.width or (col.model is not None and col.model.kind not in NUMBERS)  # numbers: whole
        placed.append((fixed_width + x, col, w))
    checked = 0
    for k in range(min(grid.scrollable_content_region.height - 1, grid.row_count - top)):
        line = lines[y0 + 1 + k][x0:x0 + inner]
        full = grid.row_cells(top + k)
        for (at, col, w), (want, _) in ((p, full[grid.columns.index(p[1])]) for p in placed):
            if col.model is None:
                continue  # the marks (and the cursor's ▸)
            shown = line[at:at + w].strip()
            want = want.strip()
            if col.model is not None and col.model.kind in NUMBERS:
                assert shown == want, (col.key, shown, want)  # a number whole, never cut
            elif shown != want:
                assert shown.endswith("…") and want.startswith(shown[:-1]), (col.key, shown, want)
            checked += 1
        last = max(at + w for at, _, w in placed)
        assert line[last:].strip() == "", line  # no column in part at the edge
    return checked


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pilot_test
async def test_every_cell_of_the_list_is_whole_or_ends_in_an_ellipsis(width: int) -> None:
    app = create_app(BUNDLED, fresh=True)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        checked = _check_list(app)  # the gemeenten
        for _ in range(4):
            if "all buurten" in screen_text(app).splitlines()[1]:
                break
            await pilot.press("a")
            await settle(pilot)
        assert "all buurten" in screen_text(app).splitlines()[1]
        checked += _check_list(app)
        for _ in range(3):  # sideways, a whole column at a time
            await pilot.press("right")
            await settle(pilot)
            checked += _check_list(app)
        await pilot.press("end")
        await settle(pilot)
        checked += _check_list(app)
        assert checked > 50


def test_a_number_column_widens_to_the_widest_value() -> None:
    """The country's inhabitants (17 942 039) need ten cells: the column grows to them, never shows '17 942 0…'."""
    from leeftui.model.columns import Context
    from leeftui.store import open_database
    from leeftui.ui.columns import list_columns

    db = open_database(BUNDLED)
    try:
        rel = db.default_release
        columns = list_columns(Context(rel, 2014, 2024))
    finally:
        db.close()
    inw = next(c for c in columns if c.key == "inwoners")
    rows = pa.table({"inwoners": pa.array([435, 17_942_039, None], pa.int64()),
                     "lbm_b": pa.array([4.1, 3.9, None])})
    widths = number_widths(columns, rows)
    assert widths["inwoners"] == len("17 942 039") > inw.width
    assert "lbm_b" not in widths  # 4.100 fits its own five cells
