"""The map on the real northern buurten with their real outlines, at 80×24 and 120×40: `z` gives the map the
screen with a strip of the cursor's row, the cursor's area named and outlined; the buurten the open data gives no
score for (withheld here for one buurt of each wijk of Groningen, as the official files do for small buurten) are
drawn in the 'no score' neutral with their legend entry; no legend entry is broken over two lines.

These check the screen's text rather than a stored snapshot: a snapshot would put real figures into the repo."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from leeftui.schema import CLASS_LABELS
from leeftui.ui.app import create_app
from tests.realdata import need_real
from tests.ui.uihelpers import SMALL, WIDE, pilot_test, screen_text, settle

SCORES = ("lbm", "afw", "fys", "onv", "soc", "vrz", "won")


@pytest.fixture(scope="module")
def groningen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The real buurten of the north with the outlines of the province of Groningen; in Groningen (GM0014) the last
    buurt of every wijk with two or more has its score withheld (an empty row, as in the official CSVs)."""
    north = need_real("lbm3-meting2024-buurten-north")
    from leeftui.ingest import rebuild

    work = tmp_path_factory.mktemp("groningen")
    with (north / "buurten_2024_official_layout.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    per_wijk: dict[str, list[str]] = {}
    for r in rows:
        if r["bu_code"].startswith("BU0014"):
            per_wijk.setdefault(r["bu_code"][:8], []).append(r["bu_code"])
    withheld = {codes[-1] for codes in per_wijk.values() if len(codes) >= 2}
    with (work / "buurten.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]), quoting=csv.QUOTE_NONNUMERIC)
        out.writeheader()
        for r in rows:
            out.writerow({**r, **dict.fromkeys(SCORES, "")} if r["bu_code"] in withheld else r)
    rebuild([work / "buurten.csv", north / "buurten_20.geojson"], work / "g.duckdb")
    return work / "g.duckdb", withheld


def _legend_whole(lines: list[str]) -> None:
    """Every class of the legend, and 'no score', stands whole on one line."""
    for k, label in CLASS_LABELS:
        assert any(f"{k}  {label}" in line for line in lines), (k, label)
    assert any("-  no score" in line for line in lines)


@pytest.mark.parametrize("size", [SMALL, WIDE])
@pilot_test
async def test_z_on_real_buurten_names_and_outlines_the_cursor_area(groningen: tuple[Path, set[str]],
                                                                    size: tuple[int, int]) -> None:
    from leeftui.ui.widgets.grid import AreaGrid

    db, withheld = groningen
    app = create_app(db, fresh=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(AreaGrid)
        grid.move_to(grid.table.column("code").index("GM0014").as_py())
        await pilot.press("enter")  # the wijken of Groningen
        await settle(pilot)
        await pilot.press("enter")  # the buurten of its first wijk
        await settle(pilot)
        codes = set(grid.table.column("code").to_pylist())
        assert codes & withheld and all(c.startswith("BU0014") for c in codes)
        await pilot.press("m", "z")
        await settle(pilot)
        await settle(pilot)
        panel = app.screen.query_one("MapPanel")
        for _ in range(2):  # the first buurt, then the next: the strip, the title and the outline follow
            lines = screen_text(app).splitlines()
            code = grid.current_code
            name = grid.table.column("name")[grid.cursor].as_py()
            assert grid.size.height == 2 and lines[3].startswith(f"▸ {name[:10]}") and code in lines[3]
            assert lines[5].startswith(f" ◆ {name}") and "map: class 2024" in lines[5]
            assert panel._cursor == code and sum(v == panel._raster.codes.index(code) for row in panel._raster.cells
                                                 for v in row) > 0  # the cursor's area is on the map
            assert "◆" in "".join(lines[6:-4])
            _legend_whole(lines)
            await pilot.press("down")
            await settle(pilot)
        unscored = sorted(codes & withheld)[0]
        grid.move_to(grid.table.column("code").index(unscored).as_py())
        await settle(pilot)
        assert screen_text(app).splitlines()[5].split("·")[0].endswith("- no score ")  # named without a class
        await pilot.press("z")  # back: the list has its rows again
        await settle(pilot)
        assert grid.size.height > 2
