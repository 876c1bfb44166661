"""Residents in problem areas per wave (`stats problems`; the other reports: test_monitor.py)."""

from __future__ import annotations

import pytest

from leeftui.errors import UsageError
from leeftui.model.measures import ProblemCriterion
from leeftui.store import open_database
from leeftui.store.stats import problem_residents
from tests import tinydb


def test_problem_residents_by_class(tiny_db):
    rows = {r["jaar"]: r for r in problem_residents(tiny_db, tiny_db.default_release).to_pylist()}
    assert sorted(rows) == list(tinydb.WAVES)
    r = rows[2024]
    problem = [c for c in tinydb.BUURTEN if tinydb.klasse(tinydb.buurt_row(c, 2024)[0]) <= 4]
    assert r["areas"] == 8 and r["problem_areas"] == len(problem)
    assert r["problem_inwoners"] == sum(tinydb.INWONERS[c] for c in problem)
    assert r["inwoners"] == sum(tinydb.INWONERS.values())
    assert r["problem_share"] == pytest.approx(r["problem_inwoners"] / r["inwoners"])


def test_problem_residents_by_score_threshold(tiny_db):
    r = problem_residents(tiny_db, tiny_db.default_release, "buurt", ProblemCriterion(below=4.0)).to_pylist()[-1]
    below = [c for c in tinydb.BUURTEN if tinydb.buurt_row(c, 2024)[0] < 4.0]
    assert r["problem_areas"] == len(below)


def test_problem_residents_without_classes_needs_threshold(no_classes_db):
    db = open_database(no_classes_db)
    with pytest.raises(UsageError, match="no class boundaries loaded"):
        problem_residents(db, db.default_release)
    assert problem_residents(db, db.default_release,
                             criterion=ProblemCriterion(below=4.0)).num_rows == len(tinydb.WAVES)


def test_no_resident_in_a_problem_area_is_zero_not_unknown(tiny_db):
    # no buurt scores that low
    rows = problem_residents(tiny_db, tiny_db.default_release, "buurt", ProblemCriterion(below=0.5)).to_pylist()
    assert rows and all(r["problem_areas"] == 0 and r["problem_inwoners"] == 0 and r["problem_share"] == 0
                        for r in rows if r["inwoners"] is not None)
