"""`leeftui stats`: the monitor's commands in every format, through typer's runner and real pipes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from tests import tinydb

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


def test_set_through_a_pipe(tiny_db_path):
    proc = subprocess.run(
        [sys.executable, "-m", "leeftui", "stats", "set", "testset", "--compare", "2012:2024",
         "--db", str(tiny_db_path)],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = pacsv.read_csv(io.BytesIO(proc.stdout.encode())).to_pylist()
    assert [r["group"] for r in rows][:2] == ["set", "set"] and rows[0]["jaar"] == 2008
    assert {r["group"] for r in rows} == {"set", "own gemeenten", "rest of the country"}
    assert "tables of this report: groups, classes, dimensions, members" in proc.stderr
    members = subprocess.run(
        [sys.executable, "-m", "leeftui", "stats", "set", "testset", "--compare", "2012:2024", "--table", "members",
         "--db", str(tiny_db_path), "--format", "jsonl"], capture_output=True, text=True, timeout=60)
    assert [json.loads(line)["code"] for line in members.stdout.splitlines()] == ["WK900102", "WK900202"]


@pytest.mark.parametrize("command", [["overview"], ["set", "testset", "--compare", "2012:2024"],
                                     ["improvement", "2014:2024"], ["decliners", "2014:2024"]])
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "parquet", "markdown", "xlsx"])
def test_every_monitor_command_in_every_format(tiny_db_path, tmp_path, command, fmt):
    out = tmp_path / f"out.{'md' if fmt == 'markdown' else fmt}"
    args = ["stats", *command, "--db", str(tiny_db_path), "--format", fmt]
    r = runner.invoke(app, args if fmt == "table" else [*args, "-o", str(out)], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    if fmt == "table":
        titles = {"overview": "The national overview", "set": "Area set 'testset' against the rest",
                  "improvement": "Where did improvement happen?", "decliners": "Declined while the country improved"}
        assert titles[command[0]] in r.stdout and max(len(line) for line in r.stdout.splitlines()) <= 80
        assert "Coverage 2024:" in r.stdout and "National figure 2024:" in " ".join(r.stdout.split())
        return
    assert out.stat().st_size > 0
    assert "Coverage 2024:" in r.stderr and "Weighted figures: by inhabitants" in r.stderr
    if fmt == "parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(out)
        assert t.num_rows > 0 and t.schema.metadata[b"leeftui.synthetic"] == b"true"
        assert t.schema.metadata[b"leeftui.coverage"].decode().startswith("Coverage 20")
    if fmt == "json":
        assert json.loads(out.read_text(encoding="utf-8"))["meta"]["coverage"][0].startswith("Coverage 20")
    if fmt == "markdown":
        assert "Coverage: Coverage 20" in out.read_text(encoding="utf-8")
    if fmt == "xlsx":
        import openpyxl

        about = openpyxl.load_workbook(out, read_only=True)["about"]
        assert any(row[0] == "coverage" and str(row[1]).startswith("Coverage 20")
                   for row in about.iter_rows(values_only=True))


def test_table_format_fits_80_columns_and_shows_every_table(tiny_db_path):
    r = runner.invoke(app, ["stats", "overview", "--db", str(tiny_db_path), "--format", "table"],
                      env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert "— summary" in r.stdout and "— class_shares" in r.stdout and "waves at their years" in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    assert "2014: 2024 (nearest)" in r.stderr  # what the figures stand on, on stderr


def test_decliners_and_improvement_csv(tiny_db_path):
    r = runner.invoke(app, ["stats", "decliners", "2014:2024", "--db", str(tiny_db_path), "--format", "csv"])
    rows = pacsv.read_csv(io.BytesIO(r.stdout.encode())).to_pylist()
    assert [row["code"] for row in rows] == [tinydb.DECLINER]
    r = runner.invoke(app, ["stats", "improvement", "2014:2024", "--per", "gemeente", "--db", str(tiny_db_path),
                            "--format", "csv"])
    assert r.exit_code == 0 and "gemeente_code" in r.stdout.splitlines()[0]


def test_stats_errors(tiny_db_path):
    r = runner.invoke(app, ["stats", "set", "nope", "--compare", "2008:2024", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "Unknown area set 'nope'" in r.stderr
    r = runner.invoke(app, ["stats", "set", "testset", "--compare", "2009:2024", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "2009" in r.stderr
    r = runner.invoke(app, ["stats", "problems", "--level", "provincie", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "provincie" in r.stderr
    r = runner.invoke(app, ["stats", "overview", "--problem", "4-2", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "low to high" in r.stderr
    r = runner.invoke(app, ["stats", "overview", "--weight", "cars", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "Unknown weight 'cars'" in r.stderr
    r = runner.invoke(app, ["stats", "set", "testset", "--compare", "2012:2024", "--table", "member",
                            "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "Did you mean 'members'?" in r.stderr
    r = runner.invoke(app, ["stats", "improvement", "2014:2024", "--per", "provincie", "--db", str(tiny_db_path)])
    assert r.exit_code == 2 and "--per must be nederland or gemeente" in r.stderr
