"""The 100 m grid: a grid table is read into grid_scores exactly, classified with the release's bounds, counted in
the build summary and db info, and selected by `export --level grid` (long and wide) and `stats --level grid`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.errors import BuildError
from leeftui.ingest import rebuild
from tests.dbquery import q
from tests.unit.ingest.helpers import wijk_file, write_csv

HEADER = ("grid_id", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won")
BOUNDS = (3.9, 4.0, 4.05, 4.1, 4.15, 4.2, 4.25, 4.3)
runner = CliRunner()


def _cell(grid_id: str, jaar: int, afw: float, dims: bool = True) -> list[str]:
    parts = [round(afw / 5 + 0.001 * i, 6) for i in range(-2, 3)]  # sums to afw (6 decimals)
    total = round(sum(parts), 6)
    return [grid_id, str(jaar), f"{4.1 + total:.8f}", f"{total:.6f}",
            *([f"{p:.6f}" for p in parts] if dims else ["NA"] * 5)]


CELLS = {"E1200N4800": (-0.25, -0.1), "E1201N4800": (0.05, 0.12), "1012": (0.2, 0.15), "cell_7.a:b-1": (0.0, 0.0)}
"""grid_id → afw in 2020 and 2022 (ids of several shapes: kept exactly as given, '1012' is not a postcode)."""


def _grid_rows() -> list[list[str]]:
    return [_cell(g, jaar, afw) for g, vals in CELLS.items() for jaar, afw in zip((2020, 2022), vals, strict=True)]


def _classes(folder: Path) -> Path:
    rows = [["", "klasse", "lbm", str(k), "" if k == 1 else str(BOUNDS[k - 2]), "" if k == 9 else str(BOUNDS[k - 1]),
             "", "test bounds"] for k in range(1, 10)]
    return write_csv(folder / "bounds.csv", ("release", "field", "scale", "klasse", "lower", "upper", "label",
                                             "source"), rows)


@pytest.fixture()
def grid_db(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    wijk_file(src)
    write_csv(src / "Leefbaarometer-scores grids 2002-2022.csv", HEADER, _grid_rows())
    rep = rebuild([src], tmp_path / "g.duckdb", classes=_classes(tmp_path))
    assert rep.releases == ("lbm3-2022",)  # wijken and grid of one meting: one release
    assert rep.areas_per_level["grid"] == 4 and rep.rows_per_level["grid"] == 8
    assert rep.areas_per_level["wijk"] == 4  # the cells are not areas
    return tmp_path / "g.duckdb"


def _klasse(lbm: float) -> int:
    return 1 + sum(lbm >= b for b in BOUNDS)


def test_cells_are_stored_exactly_and_classified(grid_db: Path) -> None:
    got = {(g, j): rest for g, j, *rest in q(grid_db, "SELECT grid_id, jaar, lbm, afw, fys, onv, soc, vrz, won, "
                                                      "klasse FROM grid_scores WHERE release = 'lbm3-2022'")}
    rows = _grid_rows()
    assert len(got) == len(rows)
    for r in rows:
        values = got[(r[0], int(r[1]))]
        assert values[:7] == [float(x) for x in r[2:]]  # every digit as in the file
        assert values[7] == _klasse(float(r[2]))
    assert q(grid_db, "SELECT count(*) FROM areas WHERE code IN ('1012', 'E1200N4800')") == [(0,)]
    (kinds,) = q(grid_db, "SELECT list(kind ORDER BY kind) FROM sources WHERE release = 'lbm3-2022'")[0]
    assert kinds == ["scores-grid", "scores-wijk"]


def test_export_grid_long_and_wide(grid_db: Path) -> None:
    res = runner.invoke(app, ["export", "--db", str(grid_db), "--level", "grid", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0])[:4] == ["grid_id", "jaar", "lbm", "afw"] and "name" not in rows[0]
    assert [(r["grid_id"], r["jaar"]) for r in rows] == sorted((g, str(j)) for g in CELLS for j in (2020, 2022))
    source = {(r[0], r[1]): r for r in _grid_rows()}
    for r in rows:
        given = source[(r["grid_id"], r["jaar"])]
        assert [float(r[c]) for c in HEADER[2:]] == [float(x) for x in given[2:]]
        assert int(r["klasse"]) == _klasse(float(r["lbm"]))
    wide = runner.invoke(app, ["export", "--db", str(grid_db), "--level", "grid", "--compare", "2020:2022",
                               "--declined", "--format", "json"])
    assert wide.exit_code == 0, wide.output
    declined = json.loads(wide.stdout)["rows"]
    assert [r["grid_id"] for r in declined] == ["1012"]  # the only cell whose score fell
    assert declined[0]["delta_afw"] == pytest.approx(-0.05)
    one = runner.invoke(app, ["export", "--db", str(grid_db), "--level", "grid", "--area", "cell_7.a:b-1",
                              "--waves", "2022", "--columns", "grid_id,lbm,klasse", "--format", "csv"])
    assert one.exit_code == 0 and one.stdout.splitlines()[1].startswith('"cell_7.a:b-1",4.1,')


def test_grid_selection_errors_are_one_sentence(grid_db: Path) -> None:
    for args, text in ((["--in", "GM9001"], "--in does not apply to grid cells"),
                       (["--area", "E9999N9999"], "No grid cell 'E9999N9999'"),
                       (["--level", "gird"], "Did you mean 'grid'?")):
        res = runner.invoke(app, ["export", "--db", str(grid_db), "--level", "grid", *args])
        assert res.exit_code == 2 and text in res.output and "Traceback" not in res.output


def test_stats_problems_counts_cells(grid_db: Path) -> None:
    res = runner.invoke(app, ["stats", "problems", "--db", str(grid_db), "--level", "grid", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    expected = {j: sum(_klasse(4.1 + round(v[i], 6)) <= 4 for v in CELLS.values()) for i, j in enumerate((2020, 2022))}
    assert {int(r["jaar"]): int(r["problem_areas"]) for r in rows} == expected
    assert all(r["areas"] == "4" and r["inwoners"] == "" for r in rows)


def test_db_info_counts_cells(grid_db: Path) -> None:
    res = runner.invoke(app, ["db", "info", "--db", str(grid_db)])
    assert "grid cells 4" in res.output and "grid 8" in res.output
    facts = json.loads(runner.invoke(app, ["db", "info", "--db", str(grid_db), "--format", "json"]).stdout)
    assert facts["releases"][0]["areas_per_level"]["grid"] == 4


def test_a_database_without_grid_says_so(tmp_path: Path) -> None:
    rebuild([wijk_file(tmp_path)], tmp_path / "w.duckdb")
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "w.duckdb"), "--level", "grid"])
    assert res.exit_code == 2 and "holds no 100 m grid cells" in res.output


def test_bad_grid_rows_name_file_and_line(tmp_path: Path) -> None:
    rows = _grid_rows()
    rows[3] = ["E1 200", *rows[3][1:]]
    rows.append(list(rows[0]))
    bad = write_csv(tmp_path / "grid.csv", HEADER, rows)
    with pytest.raises(BuildError) as info:
        rebuild([bad], tmp_path / "x.duckdb")
    assert "grid.csv:5: grid_id 'E1 200' is not an id" in str(info.value)
    rows[3] = _cell("E1 200".replace(" ", ""), 2022, 0.0)
    with pytest.raises(BuildError, match=r"grid\.csv:10: duplicate \(code, jaar\) \('E1200N4800', 2020\)"):
        rebuild([write_csv(tmp_path / "grid.csv", HEADER, rows)], tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()


def test_a_grid_alone_is_a_release(tmp_path: Path) -> None:
    rows = [_cell(g, 2022, 0.01, dims=False) for g in ("A1", "A2")]
    rep = rebuild([write_csv(tmp_path / "grid.csv", HEADER, rows)], tmp_path / "g.duckdb")
    assert rep.releases == ("lbm3-2022",) and rep.waves == (2022,)
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "g.duckdb"), "--level", "grid", "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.count("\n") == 3 and ",NA," not in res.stdout
