"""`leeftui stats`: residents in problem areas, and an area set against the rest."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pyarrow.csv as pacsv
import tinydb
from typer.testing import CliRunner

from leeftui.cli import app

runner = CliRunner()


def test_problems_csv(tiny_db_path):
    r = runner.invoke(app, ["stats", "problems", "--db", str(tiny_db_path), "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = pacsv.read_csv(io.BytesIO(r.stdout.encode())).to_pylist()
    assert [row["jaar"] for row in rows] == list(tinydb.WAVES)
    last = rows[-1]
    problem = [c for c in tinydb.BUURTEN if tinydb.klasse(tinydb.buurt_row(c, 2024)[0]) <= 4]
    assert last["problem_inwoners"] == sum(tinydb.INWONERS[c] for c in problem)
    assert "DEMO DATA — synthetic" in r.stderr and {row["notice"] for row in rows} == {"DEMO DATA — synthetic"}


def test_problems_with_threshold_json(tiny_db_path):
    r = runner.invoke(app, ["stats", "problems", "--db", str(tiny_db_path), "--below", "4.0", "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    below = [c for c in tinydb.BUURTEN if tinydb.buurt_row(c, 2024)[0] < 4.0]
    assert doc["rows"][-1]["problem_areas"] == len(below)
    assert doc["meta"]["synthetic"] is True


def test_set_vs_rest_through_a_pipe(tiny_db_path):
    proc = subprocess.run(
        [sys.executable, "-m", "leeftui", "stats", "set", "testset", "--compare", "2008:2024",
         "--db", str(tiny_db_path)],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = pacsv.read_csv(io.BytesIO(proc.stdout.encode())).to_pylist()
    assert [r["group"] for r in rows] == ["set", "rest"]
    assert rows[0]["left_during"] == 1


def test_stats_errors(tiny_db_path):
    r = runner.invoke(app, ["stats", "set", "nope", "--compare", "2008:2024", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "Unknown area set 'nope'" in r.stderr
    r = runner.invoke(app, ["stats", "set", "testset", "--compare", "2009:2024", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "2009" in r.stderr
    r = runner.invoke(app, ["stats", "problems", "--level", "provincie", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "provincie" in r.stderr
