"""leeftui.store.select: long and wide selections, filters, sorting, errors naming the value."""

from __future__ import annotations

import pytest

from leeftui.errors import EmptyResult, UsageError
from leeftui.model.selection import Selection
from leeftui.model.shapes import long_columns
from leeftui.store.select import select, wide_columns
from tests.tinydb import BUURTEN, DECLINER, GEMEENTEN, WAVES


def test_default_is_gemeenten_all_waves_long(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection())
    assert t.column_names == list(long_columns(tiny_db.default_release))
    assert t.num_rows == len(GEMEENTEN) * len(WAVES)
    assert set(t.column("level").to_pylist()) == {"gemeente"}
    assert t.column("official").to_pylist() == [False] * t.num_rows  # tiny gemeenten are derived


def test_long_buurten_waves_and_nulls(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection(level="buurt", waves=(2012, 2022)))
    assert t.num_rows == len(BUURTEN) * 2
    rows = t.to_pylist()
    assert {r["jaar"] for r in rows} == {2012, 2022}
    assert all(r["fys"] is None for r in rows if r["jaar"] == 2012)
    assert all(r["fys"] is not None for r in rows if r["jaar"] == 2022)
    assert all(r["klasse_label"] for r in rows)
    assert rows[0]["inwoners"] is not None


def test_in_code_and_level(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection(in_code="GM9001", level="buurt", waves=(2024,)))
    assert sorted(t.column("code").to_pylist()) == sorted(c for c in BUURTEN if c.startswith("BU9001"))
    children = select(tiny_db, tiny_db.default_release, Selection(in_code="gm9001", waves=(2024,)))
    assert set(children.column("level").to_pylist()) == {"wijk"}


def test_areas_set_and_search(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection(areas=("BU90010101", "WK900202"), waves=(2024,)))
    assert sorted(t.column("code").to_pylist()) == ["BU90010101", "WK900202"]
    s = select(tiny_db, tiny_db.default_release, Selection(set_name="testset", waves=(2024,)))
    assert sorted(s.column("code").to_pylist()) == ["WK900102"]  # WK900202 left the set after 2013
    wide = select(tiny_db, tiny_db.default_release, Selection(set_name="testset", compare=(2014, 2012)))
    assert sorted(wide.column("code").to_pylist()) == ["WK900102", "WK900202"]  # a member in wave B, 2012
    found = select(tiny_db, tiny_db.default_release, Selection(search="Kanaleneiland", level="wijk", waves=(2024,)))
    assert found.column("code").to_pylist() == ["WK900202"]


def test_declined_long(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection(level="buurt", declined=True))
    assert set(t.column("code").to_pylist()) == {DECLINER}


def test_class_long(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection(level="buurt", klasse=(1, 2)))
    assert t.num_rows > 0
    assert all(1 <= k <= 2 for k in t.column("klasse").to_pylist())


def test_wide_compare_names_and_values(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection(level="buurt", compare=(2012, 2022)))
    assert t.column_names == list(wide_columns(tiny_db.default_release, 2012, 2022))
    r = next(x for x in t.to_pylist() if x["code"] == DECLINER)
    assert r["delta_lbm"] == pytest.approx(r["lbm_2022"] - r["lbm_2012"])
    assert r["delta_lbm"] < 0
    assert r["klasse_label_2022"] == "zeer onvoldoende"
    assert r["delta_fys"] is None  # no dimensions in 2012
    assert "spark" not in t.column_names


def test_wide_filters_reuse_view(tiny_db):
    t = select(tiny_db, tiny_db.default_release, Selection(level="buurt", compare=(2014, 2024), declined=True))
    assert t.column("code").to_pylist() == [DECLINER]
    k = select(tiny_db, tiny_db.default_release, Selection(level="buurt", compare=(2014, 2024), klasse=(7, 9)))
    assert all(7 <= v <= 9 for v in k.column("klasse_2024").to_pylist())


def test_sort_columns_limit(tiny_db):
    t = select(tiny_db, tiny_db.default_release,
               Selection(level="buurt", compare=(2014, 2024), sort="-lbm_2024", limit=3,
                                  columns=("code", "lbm_2024")))
    assert t.column_names == ["code", "lbm_2024"]
    vals = t.column("lbm_2024").to_pylist()
    assert vals == sorted(vals, reverse=True) and len(vals) == 3
    asc = select(tiny_db, tiny_db.default_release, Selection(level="buurt", waves=(2024,), sort="lbm"))
    assert asc.column("code")[0].as_py() == DECLINER


@pytest.mark.parametrize("sel,named,suggested", [
    (Selection(level="buurtt"), "buurtt", "buurt"),
    (Selection(areas=("BU9001010",)), "BU9001010", "BU90010101"),
    (Selection(in_code="GM9003"), "GM9003", "GM9001"),
    (Selection(waves=(2013,)), "2013", "2012"),
    (Selection(compare=(2012, 2023)), "2023", "2022"),
    (Selection(set_name="testst"), "testst", "testset"),
    (Selection(columns=("lbn",)), "lbn", "lbm"),
    (Selection(sort="-jaarr"), "jaarr", "jaar"),
])
def test_unknown_values_named_with_suggestion(tiny_db, sel, named, suggested):
    with pytest.raises(UsageError) as exc:
        select(tiny_db, tiny_db.default_release, sel)
    assert named in str(exc.value) and suggested in str(exc.value)
    assert exc.value.exit_code == 2


def test_conflicts_and_empty(tiny_db):
    with pytest.raises(UsageError, match="either"):
        select(tiny_db, tiny_db.default_release, Selection(waves=(2012,), compare=(2012, 2022)))
    with pytest.raises(UsageError, match="limit"):
        select(tiny_db, tiny_db.default_release, Selection(limit=0))
    with pytest.raises(EmptyResult) as exc:
        select(tiny_db, tiny_db.default_release, Selection(level="buurt", waves=(2002,), klasse=(9, 9)))
    assert exc.value.exit_code == 1
    with pytest.raises(EmptyResult, match="zzzqqq"):
        select(tiny_db, tiny_db.default_release, Selection(search="zzzqqq"))


def test_describe():
    d = Selection(level="buurt", compare=(2012, 2022), declined=True).describe()
    assert "level=buurt" in d and "compare=2012:2022" in d and "declined" in d


def test_afw_and_dimension_classes_in_long_and_wide(tiny_db):
    from tests.tinydb import buurt_row, dim_klasse

    long = select(tiny_db, tiny_db.default_release, Selection(level="buurt", waves=(2012, 2024))).to_pylist()
    fields = ("klasse_afw", "klasse_fys", "klasse_onv", "klasse_soc", "klasse_vrz", "klasse_won")
    for r in long:
        vals = buurt_row(r["code"], r["jaar"])
        assert tuple(r[f] for f in fields) == tuple(dim_klasse(v) for v in vals[1:7])
    assert all(r["klasse_fys"] is None for r in long if r["jaar"] == 2012)  # no dimensions, no class
    wide = select(tiny_db, tiny_db.default_release, Selection(level="buurt", compare=(2014, 2024))).to_pylist()
    for r in wide:
        vals = buurt_row(r["code"], 2024)
        assert tuple(r[f"{f}_2024"] for f in fields) == tuple(dim_klasse(v) for v in vals[1:7])
    assert set(wide_columns(tiny_db.default_release, 2014, 2024)) >= {f"{f}_2024" for f in fields}


def test_filter_on_a_dimension_class(tiny_db):
    from leeftui.model.filters import parse_class_filter
    from tests.tinydb import buurt_row, dim_klasse

    assert parse_class_filter("1-4, onv:2-3", ("afw", "onv")) == ((1, 4), (("onv", 2, 3),))
    with pytest.raises(UsageError, match="Unknown class 'zzz'"):
        parse_class_filter("zzz:1-4", ("afw", "onv"))
    wide = select(tiny_db, tiny_db.default_release,
                  Selection(level="buurt", compare=(2014, 2024), dimension_classes=(("fys", 1, 4),)))
    want = {c for c in BUURTEN if dim_klasse(buurt_row(c, 2024)[2]) <= 4}
    assert set(wide.column("code").to_pylist()) == want and 0 < len(want) < len(BUURTEN)
    long = select(tiny_db, tiny_db.default_release,
                  Selection(level="buurt", waves=(2024,), dimension_classes=(("fys", 1, 4),)))
    assert set(long.column("code").to_pylist()) == want
    with pytest.raises(UsageError, match="no class of 'bev'"):
        select(tiny_db, tiny_db.default_release, Selection(level="buurt", dimension_classes=(("bev", 1, 4),)))
