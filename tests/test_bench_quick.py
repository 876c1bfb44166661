"""Unit tests of the benchmark harness's pure helpers (scripts/bench_core.py).

CI runs `python scripts/bench.py --quick` on its own; these tests only check the arithmetic,
the verdicts and the shape of the JSON, so they take milliseconds.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from rich.console import Console

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


bc = _load("bench_core")


def test_median_odd_even_and_unsorted() -> None:
    assert bc.median([3.0, 1.0, 2.0]) == 2.0
    assert bc.median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert bc.median([7]) == 7.0
    with pytest.raises(ValueError):
        bc.median([])


def test_percentile_interpolates_like_numpy() -> None:
    xs = list(range(1, 21))  # 1..20
    assert bc.percentile(xs, 50) == 10.5
    assert bc.percentile(xs, 0) == 1
    assert bc.percentile(xs, 100) == 20
    assert bc.percentile(xs, 95) == pytest.approx(19.05)
    assert bc.percentile([5.0], 95) == 5.0
    with pytest.raises(ValueError):
        bc.percentile(xs, 101)
    with pytest.raises(ValueError):
        bc.percentile([], 50)


def test_ratio_and_verdict() -> None:
    assert bc.ratio(3.0, 2.0) == 1.5
    assert bc.ratio(None, 2.0) is None
    assert bc.ratio(1.0, 0.0) is None
    assert bc.verdict(2.0, 2.0) == bc.PASS
    assert bc.verdict(2.01, 2.0) == bc.FAIL
    assert bc.verdict(1.0, None) == bc.INFO
    assert bc.verdict(None, 2.0) == bc.UNAVAILABLE


def test_paired_runs_alternate_and_count() -> None:
    calls: list[str] = []

    def m() -> float:
        calls.append("m")
        return 2.0

    def b() -> float:
        calls.append("b")
        return 1.0

    ms, bs = bc.paired_runs(m, b, repeats=4, warmup=1)
    assert ms == [2.0] * 4 and bs == [1.0] * 4
    assert calls[:2] == ["b", "m"]  # warm-up round, thrown away
    assert calls[2:] == ["m", "b", "b", "m", "m", "b", "b", "m"]  # who goes first alternates


def test_fmt_value() -> None:
    assert bc.fmt_value(1.234, "x") == "1.23×"
    assert bc.fmt_value(12.04, "ms") == "12.0 ms"
    assert bc.fmt_value(3.214, "s") == "3.21 s"
    assert bc.fmt_value(87.46, "MB") == "87.5 MB"
    assert bc.fmt_value(None, "MB") == "—"


def test_ratio_figure_and_status() -> None:
    f = bc.ratio_figure("rebuild_ratio", "rebuild", [3.0, 4.0, 5.0], [2.0, 2.0, 2.0], target=2.0)
    assert f.value == 2.0 and f.measured == 4.0 and f.baseline == 2.0
    assert f.status == bc.PASS
    g = bc.ratio_figure("x", "x", [5.0], [2.0], target=2.0)
    assert g.status == bc.FAIL
    u = bc.unavailable("k", "label", "ms", 50.0, "module leeftui.ui.app missing")
    assert u.status == bc.UNAVAILABLE and u.note.startswith("unavailable: ")
    e = bc.errored("k", "label", "ms", 50.0, RuntimeError("boom\nsecond line"))
    assert e.status == bc.ERROR and e.note == "error: RuntimeError: boom"


def _figures():
    return [
        bc.ratio_figure("rebuild_ratio", "rebuild vs read_csv", [3.0, 4.0, 5.0], [2.0, 2.0, 2.0], 2.0),
        bc.Figure("keys_cursor_p95", "cursor p95", 12.5, "ms", 50.0),
        bc.Figure("db_size_national", "national db size", 80.0, "MB", None),
        bc.Figure("rss", "peak RSS", 250.0, "MB", 200.0),
        bc.unavailable("grid", "grid export", "x", 1.3, "not requested"),
        bc.errored("keys", "keys [x]", "ms", 50.0, ValueError("bad [thing]")),
    ]


def test_results_json_shape_roundtrips() -> None:
    figs = _figures()
    doc = bc.results_json(figs, {"quick": True, "scale": 0.1, "repeats": 3}, started=0.0, wall_s=12.3456)
    doc = json.loads(json.dumps(doc))  # must be plain JSON
    assert doc["schema"] == bc.JSON_SCHEMA
    assert doc["started_at"] == "1970-01-01T00:00:00Z"
    assert doc["wall_seconds"] == 12.346
    assert doc["settings"]["quick"] is True
    assert set(doc["environment"]) >= {"python", "platform", "cpus"}
    assert list(doc["figures"]) == [f.key for f in figs]
    r = doc["figures"]["rebuild_ratio"]
    assert r["status"] == "PASS" and r["value"] == 2.0 and r["samples"]["baseline"] == [2.0, 2.0, 2.0]
    assert set(r) >= {"key", "label", "value", "unit", "target", "measured", "baseline", "note", "status"}
    assert doc["summary"] == {"PASS": 2, "FAIL": 1, "INFO": 1, "UNAVAILABLE": 1, "ERROR": 1}


def test_tables_show_verdicts() -> None:
    figs = _figures()
    console = Console(record=True, width=160, color_system=None)
    console.print(bc.results_table(figs))
    text = console.export_text()
    for word in ("PASS", "FAIL", "INFO", "UNAVAILABLE", "ERROR", "bad [thing]", "≤ 2.00×", "≤ 50.0 ms", "2.00×"):
        assert word in text
    md = bc.markdown_table(figs)
    assert md.splitlines()[0].startswith("| figure |")
    # the spread: the lowest and highest ratio of one round (3/2 … 5/2)
    assert "| rebuild vs read_csv | 4.00 s | 2.00 s | 2.00× | 1.50–2.50× | ≤ 2.00× | PASS |" in md
    assert "UNAVAILABLE: not requested" in md


bd = _load("bench_data")  # imports bench_core by name: registered above


def test_need_tells_missing_from_broken() -> None:
    assert bd.need("json", "dumps") is json.dumps
    with pytest.raises(bd.Missing, match="module leeftui.no_such_module does not exist"):
        bd.need("leeftui.no_such_module")
    with pytest.raises(bd.Missing, match="json.no_such_function does not exist"):
        bd.need("json", "no_such_function")


def test_guarded_turns_missing_into_unavailable_and_errors_into_error() -> None:
    def missing():
        raise bd.Missing("module leeftui.ui.app does not exist")

    def broken():
        raise RuntimeError("the app crashed")

    [u] = bd.guarded("k", "label", "ms", 50.0, missing)
    assert u.status == bc.UNAVAILABLE and "leeftui.ui.app" in u.note
    [e] = bd.guarded("k", "label", "ms", 50.0, broken)
    assert e.status == bc.ERROR and e.note == "error: RuntimeError: the app crashed"
    ok = bd.guarded("k", "label", "ms", 50.0, lambda: [bc.Figure("a", "a", 1.0, "ms", 50.0)] * 2)
    assert [f.status for f in ok] == [bc.PASS, bc.PASS]
