"""The in-memory cube gives exactly the area table the SQL query gives, for every kind of scope."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from leeftui.errors import UsageError
from leeftui.store import open_database
from leeftui.store.cube import load_cube
from leeftui.store.scope import Scope
from tests.dbquery import area_table

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


@pytest.mark.parametrize("scope", SCOPES, ids=repr)
def test_view_equals_area_table(tiny_db, scope):
    cube = load_cube(tiny_db, tiny_db.default_release)
    for a, b in WAVE_PAIRS:
        got, want = cube.view(tiny_db, scope, a, b), area_table(tiny_db, scope, a, b)
        assert got.schema == want.schema
        assert got.equals(want), (scope, a, b)


def test_view_without_population(tmp_path, tiny_db_path):
    copy = tmp_path / "nopop.duckdb"
    shutil.copy(tiny_db_path, copy)
    con = duckdb.connect(str(copy))
    con.execute("DELETE FROM population")
    con.close()
    db = open_database(copy)
    cube = load_cube(db, db.default_release)
    got, want = cube.view(db, Scope(level="buurt"), 2014, 2024), area_table(db, Scope(level="buurt"), 2014, 2024)
    assert got.equals(want) and got.column("inwoners").null_count == got.num_rows


def test_view_errors_like_area_table(tiny_db):
    cube = load_cube(tiny_db, tiny_db.default_release)
    with pytest.raises(UsageError, match="Wave 2010"):
        cube.view(tiny_db, Scope(parent="NL"), 2010, 2024)
    with pytest.raises(UsageError, match="no areas below"):
        cube.view(tiny_db, Scope(parent="BU90010101"), 2014, 2024)


def test_areas_and_breadcrumb(tiny_db):
    cube = load_cube(tiny_db, tiny_db.default_release)
    area = cube.area("bu90020201")
    assert area is not None and area.name == "Singelrand"
    assert [a.code for a in cube.breadcrumb(area)] == ["NL", "GM9002", "WK900202", "BU90020201"]
    assert cube.sets == {"testset": {"WK900102": (2007, None), "WK900202": (2007, 2013)}}


def test_delta_is_the_same_in_python_and_arrow(tiny_db, monkeypatch):
    """Small views subtract in Python (no pyarrow.compute at start-up); the result equals Arrow's kernel."""
    import leeftui.model.measures as cube_mod

    cube = load_cube(tiny_db, tiny_db.default_release)
    small = cube.view(tiny_db, Scope(level="buurt"), 2002, 2024)
    monkeypatch.setattr(cube_mod, "SMALL_ROWS", -1)
    large = cube.view(tiny_db, Scope(level="buurt"), 2002, 2024)
    assert small.equals(large) and small.column("d_lbm").null_count < small.num_rows
