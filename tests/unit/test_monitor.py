"""The monitor's reports against figures computed by hand from the tiny database's formulas (tests/tinydb.py) and
against independent SQL written here: residents in classes 1–4 per wave, a set with a leaver against the rest
and its own gemeenten, Δ per starting class, and the one buurt that declined while the country rose."""

from __future__ import annotations

import duckdb
import pytest

from leeftui.errors import UsageError
from leeftui.model.measures import ProblemCriterion
from leeftui.store import open_database
from leeftui.store.change import decliners, improvement
from leeftui.store.monitor import overview, set_report
from tests import tinydb

B = tinydb.BUURTEN


def lbm(code: str, jaar: int) -> float:
    return tinydb.buurt_row(code, jaar)[0]


def wijk_lbm(wk: str, jaar: int) -> float:
    vals = [lbm(c, jaar) for c in B if c[2:8] == wk[2:]]
    return sum(vals) / len(vals)


def wijk_inw(wk: str) -> int:
    return sum(v for c, v in tinydb.INWONERS.items() if c[2:8] == wk[2:])


def test_overview_residents_in_problem_classes_per_wave(tiny_db, tiny_db_path) -> None:
    report = overview(tiny_db, tiny_db.default_release)
    rows = {r["jaar"]: r for r in report.tables["summary"].to_pylist()}
    con = duckdb.connect(str(tiny_db_path), read_only=True)
    independent = dict(con.execute(
        "SELECT s.jaar, sum(p.inwoners) FILTER (WHERE s.klasse BETWEEN 1 AND 4) FROM scores s "
        "JOIN areas a USING (release, code) JOIN population p ON p.code = s.code WHERE a.level = 'buurt' "
        "GROUP BY s.jaar").fetchall())
    con.close()
    for jaar in tinydb.WAVES:
        by_hand = sum(tinydb.INWONERS[c] for c in B if tinydb.klasse(lbm(c, jaar)) <= 4)
        assert rows[jaar]["problem_inwoners"] == by_hand == (independent[jaar] or 0)
        weighted = sum(lbm(c, jaar) * tinydb.INWONERS[c] for c in B) / sum(tinydb.INWONERS.values())
        assert rows[jaar]["weighted_mean_lbm"] == pytest.approx(weighted, rel=1e-12)
        assert rows[jaar]["population_year"] == 2024 and rows[jaar]["population_year_exact"] == (jaar == 2024)
    classes = [r for r in report.tables["classes"].to_pylist() if r["jaar"] == 2024]
    assert [r["areas"] for r in classes] == [sum(tinydb.klasse(lbm(c, 2024)) == k for c in B) for k in range(1, 10)]
    assert sum(r["share_inwoners"] or 0 for r in classes) == pytest.approx(1.0)
    assert "2014: 2024 (nearest)" in " ".join(report.notes)  # the population year used, and that it is the nearest
    three = overview(tiny_db, tiny_db.default_release,
                     criterion=ProblemCriterion(klasse_max=3)).tables["summary"].to_pylist()[-1]
    assert three["problem_areas"] == sum(tinydb.klasse(lbm(c, 2024)) <= 3 for c in B)


def test_set_with_a_leaver_against_the_rest_and_its_own_gemeenten(tiny_db) -> None:
    report = set_report(tiny_db, tiny_db.default_release, "testset", 2012, 2024)
    g = {(r["group"], r["jaar"]): r for r in report.tables["groups"].to_pylist()}
    # Kanaleneiland (WK900202) left in 2013: a member up to 2012, in no group after
    assert g[("set", 2012)]["areas"] == 2 and g[("set", 2014)]["areas"] == 1
    assert g[("rest of the country", 2024)]["areas"] == 2  # WK900101 and WK900201, not the leaver
    assert g[("own gemeenten", 2024)]["areas"] == 2  # both gemeenten hold a member
    members_2012 = ("WK900102", "WK900202")
    w2012 = sum(wijk_lbm(w, 2012) * wijk_inw(w) for w in members_2012) / sum(wijk_inw(w) for w in members_2012)
    assert g[("set", 2012)]["weighted_mean_lbm"] == pytest.approx(w2012, rel=1e-12)
    assert g[("set", 2024)]["weighted_mean_lbm"] == pytest.approx(wijk_lbm("WK900102", 2024), rel=1e-12)
    assert g[("set", 2024)]["weighted_delta_since_a"] == pytest.approx(wijk_lbm("WK900102", 2024) - w2012)
    members = {r["code"]: r for r in report.tables["members"].to_pylist()}
    assert members["WK900202"]["counted_in_b"] is False and members["WK900102"]["counted_in_b"] is True
    assert members["WK900102"]["delta_lbm"] == pytest.approx(wijk_lbm("WK900102", 2024) - wijk_lbm("WK900102", 2012))
    assert "Kanaleneiland (WK900202) after 2013" in " ".join(report.notes)
    dims = {(r["group"], r["dimension"]): r for r in set_report(tiny_db, tiny_db.default_release, "testset", 2014, 2024)
            .tables["dimensions"].to_pylist()}
    fys = lambda w, j: sum(tinydb.buurt_row(c, j)[2] for c in B if c[2:8] == w[2:]) / 2  # noqa: E731
    assert dims[("set", "fys")]["weighted_delta"] == pytest.approx(fys("WK900102", 2024) - fys("WK900102", 2014))


def test_set_errors_are_one_sentence(tiny_db) -> None:
    with pytest.raises(UsageError, match="Unknown area set 'nope'; sets: testset"):
        set_report(tiny_db, tiny_db.default_release, "nope", 2012, 2024)
    with pytest.raises(UsageError, match="Wave 2010"):
        set_report(tiny_db, tiny_db.default_release, "testset", 2010, 2024)
    with pytest.raises(UsageError, match="earlier wave first"):
        set_report(tiny_db, tiny_db.default_release, "testset", 2024, 2012)


def test_improvement_per_starting_class(tiny_db) -> None:
    rows = {r["klasse_2014"]: r for r in improvement(tiny_db, tiny_db.default_release,
                                                     2014, 2024).tables["by_class"].to_pylist()}
    for k in {tinydb.klasse(lbm(c, 2014)) for c in B}:
        group = [c for c in B if tinydb.klasse(lbm(c, 2014)) == k]
        deltas = [lbm(c, 2024) - lbm(c, 2014) for c in group]
        assert rows[k]["areas"] == len(group)
        assert rows[k]["mean_delta"] == pytest.approx(sum(deltas) / len(deltas), rel=1e-9)
        assert rows[k]["share_declined"] == pytest.approx(sum(d < 0 for d in deltas) / len(deltas))
    per = improvement(tiny_db, tiny_db.default_release, 2014, 2024, per="gemeente").tables["by_class"]
    assert set(per.column("gemeente_code").to_pylist()) == {"GM9001", "GM9002"}
    assert sum(per.column("areas").to_pylist()) == len(B)
    within = improvement(tiny_db, tiny_db.default_release, 2014, 2024, set_name="testset").tables["by_class"]
    assert sum(within.column("areas").to_pylist()) == 1  # only the member still counted in 2024


def test_decliners_while_the_country_rose(tiny_db) -> None:
    report = decliners(tiny_db, tiny_db.default_release, 2014, 2024)
    t = report.tables["decliners"].to_pylist()
    assert [r["code"] for r in t] == [tinydb.DECLINER] and t[0]["rank"] == 1
    assert t[0]["delta_lbm"] == pytest.approx(lbm(tinydb.DECLINER, 2024) - lbm(tinydb.DECLINER, 2014))
    assert report.meta["rose"] is True
    # the country did not move: nobody declined "while it improved"
    stall = decliners(tiny_db, tiny_db.default_release, 2008, 2012)
    assert stall.tables["decliners"].num_rows == 0 and "did not improve" in " ".join(stall.notes)


def test_reports_need_classes_or_a_threshold(no_classes_db) -> None:
    db = open_database(no_classes_db)
    try:
        with pytest.raises(UsageError, match="no class boundaries loaded"):
            overview(db, db.default_release)
        assert "classes" not in overview(db, db.default_release, criterion=ProblemCriterion(below=4.0)).tables
        with pytest.raises(UsageError, match="no starting class"):
            improvement(db, db.default_release, 2014, 2024)
    finally:
        db.close()


def test_a_pair_without_a_published_development_is_refused(tiny_db) -> None:
    """Where a release publishes developments (LBM 2.0), a decline between two waves it publishes none for is
    refused: the difference of a relative score is no decline."""
    from dataclasses import replace

    rel = replace(tiny_db.default_release, developments=((2014, 2024),), development_scores=((2014, 2024),))
    for report in (decliners, improvement):
        with pytest.raises(UsageError, match="publishes developments for 2014:2024, not for 2008:2024"):
            report(tiny_db, rel, 2008, 2024)
    assert rel.change_measure(2014, 2024) == "the published development score (DLBRMTR)"
    assert tiny_db.default_release.change_measure(2014, 2024) == "the change of lbm (B − A)"
