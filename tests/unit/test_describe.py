"""The statistics of a view: class histogram of waves A and B and per-column figures, against plain Python."""

from __future__ import annotations

import statistics

import pytest

from leeftui.store.describe import class_histogram, column_statistics
from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest, base_rows
from tests import tinydb


def test_histogram_and_statistics_of_all_buurten(tiny_db) -> None:
    view = base_rows(tiny_db, tiny_db.default_release, ViewRequest(Scope(level="buurt"), 2014, 2024))
    h = {r["klasse"]: r for r in class_histogram(view, 2014, 2024).to_pylist()}
    for wave in (2014, 2024):
        for k in range(1, 10):
            members = [c for c in tinydb.BUURTEN if tinydb.klasse(tinydb.buurt_row(c, wave)[0]) == k]
            assert h[k][f"areas_{wave}"] == len(members)
            assert h[k][f"inwoners_{wave}"] == (sum(tinydb.INWONERS[c] for c in members) if members else None)
    stats = {r["column"]: r for r in column_statistics(view, ["lbm_b", "d_lbm", "klasse_b", "name"]).to_pylist()}
    assert set(stats) == {"lbm_b", "d_lbm"}  # classes are in the histogram, text is not a figure
    values = [tinydb.buurt_row(c, 2024)[0] for c in tinydb.BUURTEN]
    weights = [tinydb.INWONERS[c] for c in tinydb.BUURTEN]
    s = stats["lbm_b"]
    assert (s["values"], s["min"], s["max"]) == (8, min(values), max(values))
    assert s["median"] == pytest.approx(statistics.median(values))
    assert s["mean"] == pytest.approx(statistics.fmean(values))
    assert s["weighted_mean"] == pytest.approx(sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights))
