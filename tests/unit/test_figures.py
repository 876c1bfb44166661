"""A view's rows as read from ``view_figures`` equal what the build's own tables say, for every kind of scope."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from leeftui.errors import UsageError
from leeftui.store import open_database
from leeftui.store.figures import view_table
from leeftui.store.scope import Scope
from tests.tinydb import make_tiny_db

SCOPES = [
    Scope(parent="NL"),
    Scope(parent="GM9001"),
    Scope(parent="WK900202"),
    Scope(level="wijk"),
    Scope(level="buurt"),
    Scope(parent="GM9002", level="buurt"),
    Scope(set_name="testset"),
    Scope(set_name="no-such-set"),
    Scope(codes=("gm9001", "BU90010101")),
]
WAVE_PAIRS = [(2014, 2024), (2002, 2024), (2008, 2012), (2024, 2014), (2016, 2016)]

EXPECTED_CODES = """
    SELECT a.code FROM areas a WHERE a.release = $rel AND ({where})
    ORDER BY coalesce(a.name, a.code), a.code
"""
WHERES = {
    repr(Scope(parent="NL")): "a.level = 'gemeente'",
    repr(Scope(parent="GM9001")): "a.parent_code = 'GM9001'",
    repr(Scope(parent="WK900202")): "a.parent_code = 'WK900202'",
    repr(Scope(level="wijk")): "a.level = 'wijk'",
    repr(Scope(level="buurt")): "a.level = 'buurt'",
    repr(Scope(parent="GM9002", level="buurt")): "a.level = 'buurt' AND a.gemeente_code = 'GM9002'",
    repr(Scope(set_name="testset")): "a.code IN (SELECT code FROM area_set_members WHERE set_name = 'testset' "
                                     "AND coalesce(start_year, 0) <= $b AND coalesce(end_year, 9999) >= $b)",
    repr(Scope(set_name="no-such-set")): "false",
    repr(Scope(codes=("gm9001", "BU90010101"))): "a.code IN ('GM9001', 'BU90010101')",
}
"""Each scope in plain SQL on ``areas`` — written out by hand, not through the store's scope code."""


def _score(con: duckdb.DuckDBPyConnection, rel: str, code: str, wave: int, field: str) -> object:
    row = con.execute(f"SELECT {field} FROM scores WHERE release = ? AND code = ? AND jaar = ?",
                      [rel, code, wave]).fetchone()
    return row[0] if row else None


@pytest.mark.parametrize("scope", SCOPES, ids=repr)
def test_view_equals_the_build_tables(tiny_db, tiny_db_path, scope):
    rel = tiny_db.default_release
    con = duckdb.connect(str(tiny_db_path), read_only=True)
    try:
        for a, b in WAVE_PAIRS:
            got = view_table(tiny_db, rel, scope, a, b)
            want = [c for (c,) in con.execute(EXPECTED_CODES.format(where=WHERES[repr(scope)]),
                                              {"rel": rel.release, "b": b} if "$b" in WHERES[repr(scope)]
                                              else {"rel": rel.release}).fetchall()]
            assert got.column("code").to_pylist() == want, (scope, a, b)
            year = rel.population_year(b)
            for row in got.to_pylist():
                code = row["code"]
                for side, wave in (("a", a), ("b", b)):
                    assert row[f"lbm_{side}"] == _score(con, rel.release, code, wave, "lbm")
                    assert row[f"klasse_{side}"] == _score(con, rel.release, code, wave, "klasse")
                lbm_a, lbm_b = row["lbm_a"], row["lbm_b"]
                assert row["d_lbm"] == (None if lbm_a is None or lbm_b is None else pytest.approx(lbm_b - lbm_a))
                assert row["fys_b"] == _score(con, rel.release, code, b, "fys")
                pop = con.execute("SELECT inwoners FROM population WHERE code = ? AND jaar = ?",
                                  [code, year]).fetchone()
                assert row["inwoners"] == (pop[0] if pop else None)
                spark = [_score(con, rel.release, code, w, "lbm") for w in rel.waves]
                assert row["spark"] == (spark if any(v is not None for v in spark) else row["spark"])
    finally:
        con.close()


def test_view_without_population(tmp_path: Path):
    db_path = make_tiny_db(tmp_path / "nopop.duckdb", population=False)
    db = open_database(db_path)
    got = view_table(db, db.default_release, Scope(level="buurt"), 2014, 2024)
    assert got.num_rows and got.column("inwoners").null_count == got.num_rows


def test_view_errors(tiny_db):
    rel = tiny_db.default_release
    with pytest.raises(UsageError, match="Wave 2010"):
        view_table(tiny_db, rel, Scope(parent="NL"), 2010, 2024)
    with pytest.raises(UsageError, match="no areas below"):
        view_table(tiny_db, rel, Scope(parent="BU90010101"), 2014, 2024)
    with pytest.raises(UsageError, match="Unknown area code 'GM9999'"):
        view_table(tiny_db, rel, Scope(parent="GM9999"), 2014, 2024)


def test_a_later_release_adds_its_columns(tmp_path: Path, tiny_db_path: Path):
    """A database of two releases holds the union of their columns; each release reads its own waves."""
    from leeftui.ingest import figures

    copy = tmp_path / "two.duckdb"
    shutil.copy(tiny_db_path, copy)
    con = duckdb.connect(str(copy))
    con.execute("DROP TABLE view_figures")
    rel = con.execute("SELECT release FROM releases").fetchone()[0]
    con.execute("INSERT INTO releases SELECT * REPLACE ('other' AS release, meting + 1 AS meting) FROM releases")
    con.execute("INSERT INTO areas SELECT * REPLACE ('other' AS release) FROM areas WHERE release = ?", [rel])
    con.execute("INSERT INTO scores SELECT * REPLACE ('other' AS release, jaar + 1 AS jaar) FROM scores "
                "WHERE release = ? AND jaar = 2024", [rel])
    figures.write(con)
    con.close()
    db = open_database(copy)
    other = db.release_of("other")
    assert other.waves == (2025,)
    got = view_table(db, other, Scope(level="buurt"), 2025, 2025)
    first = view_table(db, db.release_of(rel), Scope(level="buurt"), 2024, 2024)
    assert got.column("code").to_pylist() == first.column("code").to_pylist()
    assert got.column("lbm_b").to_pylist() == first.column("lbm_b").to_pylist()


def test_delta_is_the_same_in_python_and_arrow(tiny_db, monkeypatch):
    """Small views subtract in Python (no pyarrow.compute at start-up); the result equals Arrow's kernel."""
    import leeftui.model.measures as measures_mod

    rel = tiny_db.default_release
    small = view_table(tiny_db, rel, Scope(level="buurt"), 2002, 2024)
    monkeypatch.setattr(measures_mod, "SMALL_ROWS", -1)
    large = view_table(tiny_db, rel, Scope(level="buurt"), 2002, 2024)
    assert small.equals(large) and small.column("d_lbm").null_count < small.num_rows


def test_finding_a_row_is_the_same_in_python_and_arrow(monkeypatch):
    """Small columns are searched in Python (the first screen's cursor needs no pyarrow.compute), large ones with
    Arrow's kernel: the same row either way, -1 where the value is not there."""
    import pyarrow as pa

    import leeftui.model.measures as measures_mod

    codes = pa.chunked_array([["GM0001", "GM0002"], ["GM0003", "GM0002"]])
    asked = ["GM0002", "GM0003", "GM0001", "GM9999"]
    small = [measures_mod.row_of(codes, code) for code in asked]
    monkeypatch.setattr(measures_mod, "SMALL_ROWS", -1)
    assert [measures_mod.row_of(codes, code) for code in asked] == small == [1, 2, 0, -1]


def test_a_database_of_grid_cells_only_lists_no_areas_and_says_so(tmp_path: Path):
    """A release built from a grid file alone has waves but no areas: its lists are empty (not a missing column),
    and an export of them says so in one sentence."""
    from typer.testing import CliRunner

    from leeftui import demo
    from leeftui.cli import app
    from leeftui.ingest import rebuild

    files = demo.generate(tmp_path / "src", seed=5, scale=0.005, grid=True)
    assert files.grid is not None
    target = tmp_path / "grid.duckdb"
    rebuild(sources=[files.grid], target=target, synthetic=True, force=True)
    db = open_database(target)
    rel = db.default_release
    assert rel.waves and rel.grid and view_table(db, rel, Scope(parent="NL"), 2014, 2024).num_rows == 0
    db.close()
    r = CliRunner().invoke(app, ["export", "--db", str(target), "--level", "gemeente", "--compare", "2014:2024",
                                 "-f", "csv"])
    assert r.exit_code != 0 and "Nothing matches the selection" in r.output and "Traceback" not in r.output
