"""`leeftui show` and `leeftui sql`: profile text/JSON, read-only SQL refusals, schema print."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.store.sqlguard import run_readonly_sql
from tests.tinydb import DECLINER, WAVES

runner = CliRunner()


def test_show_text(tiny_db_path):
    r = runner.invoke(app, ["show", "--db", str(tiny_db_path), DECLINER])
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Singelrand" in out and "Lindewaard" in out and "Nederland" in out
    assert "zeer onvoldoende" in out and "—" in out  # NA dimensions print as a dash
    assert "1 600 inwoners (2024" in out
    assert "DEMO DATA — synthetic" in out
    for w in WAVES:
        assert str(w) in out
    assert "classes: tiny test bounds" in out and "class of afw and of each dimension" in out


def test_show_text_derived_and_sets(tiny_db_path):
    r = runner.invoke(app, ["show", "--db", str(tiny_db_path), "gm9001"])
    assert r.exit_code == 0 and "derived, not official" in r.stdout
    s = runner.invoke(app, ["show", "--db", str(tiny_db_path), "WK900202"])
    assert "testset (2007–2013)" in s.stdout


def test_show_json(tiny_db_path):
    r = runner.invoke(app, ["show", "--db", str(tiny_db_path), DECLINER, "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["area"]["code"] == DECLINER and doc["area"]["level"] == "buurt"
    assert [w["jaar"] for w in doc["waves"]] == list(WAVES)
    w2012 = next(w for w in doc["waves"] if w["jaar"] == 2012)
    assert w2012["fys"] is None and w2012["klasse_label"] == "zeer onvoldoende"
    assert doc["gemeente"]["code"] == "GM9002" and doc["gemeente"]["official"] is False
    assert doc["nederland"]["code"] == "NL"
    assert doc["inwoners"] == 1600 and doc["population_year"] == 2024
    assert doc["meta"]["notice"] == "DEMO DATA — synthetic"
    assert "DEMO" in r.stderr


@pytest.mark.parametrize("args,code,named", [
    (["BU9001010"], 2, "BU90010101"),
    (["BU90010101", "--format", "jsn"], 2, "jsn"),
])
def test_show_errors(tiny_db_path, args, code, named):
    r = runner.invoke(app, ["show", "--db", str(tiny_db_path), *args])
    assert r.exit_code == code and named in r.stderr and "Traceback" not in r.output


def sql(db, *args: str):
    return runner.invoke(app, ["sql", "--db", str(db), *args])


def test_sql_select_csv(tiny_db_path):
    r = sql(tiny_db_path, "SELECT code, jaar, fys FROM scores WHERE jaar = 2012 ORDER BY code")
    assert r.exit_code == 0, r.output
    t = pacsv.read_csv(io.BytesIO(r.stdout.encode()))
    assert t.column_names == ["code", "jaar", "fys", "notice"] and t.column("fys").null_count == t.num_rows
    assert "DEMO" in r.stderr and set(t.column("notice").to_pylist()) == {"DEMO DATA — synthetic"}


def test_sql_to_parquet_file(tiny_db_path, tmp_path):
    out = tmp_path / "q.parquet"
    q = "SELECT code, lbm FROM scores WHERE jaar = 2024"
    r = sql(tiny_db_path, q, "-o", str(out))
    assert r.exit_code == 0, r.output
    assert pq.read_metadata(out).metadata[b"leeftui.query"].decode() == q
    assert sql(tiny_db_path, q, "-o", str(out)).exit_code == 2


@pytest.mark.parametrize("query,reason", [
    ("ATTACH 'other.duckdb' AS o", "ATTACH"),
    ("COPY (SELECT * FROM scores) TO 'out.csv'", "COPY"),
    ("CREATE TABLE t (a INT)", "CREATE"),
    ("INSERT INTO meta VALUES ('a', 'b')", "INSERT"),
    ("DROP TABLE scores", "DROP"),
    ("INSTALL httpfs", "LOAD"),
    ("SET threads = 1", "SET"),
    ("EXPORT DATABASE 'x'", "EXPORT"),
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("SELECT * FROM '/etc/passwd'", "/etc/passwd"),
    ("SELECT * FROM 'https://example.org/x.parquet'", "https://example.org/x.parquet"),
    ("SELECT read_text('/etc/hostname')", "read_text"),
    ("SELECT * FROM glob('*')", "glob"),
    ("SELECT getenv('HOME')", "getenv"),
    ("SELECT 1; SELECT 2", "one statement"),
])
def test_sql_refusals(tiny_db_path, query, reason):
    r = sql(tiny_db_path, query)
    assert r.exit_code == 1, r.output
    assert reason in r.stderr and r.stdout == "" and "Traceback" not in r.output


def test_sql_errors_one_sentence(tiny_db_path):
    r = sql(tiny_db_path, "SELECT nope FROM scores")
    assert r.exit_code == 1 and "SQL error" in r.stderr and "nope" in r.stderr
    assert len(r.stderr.strip().splitlines()) <= 3 and "Traceback" not in r.output
    empty = sql(tiny_db_path)
    assert empty.exit_code == 2 and "--schema" in empty.stderr


def test_external_access_off_after_query(tiny_db):
    run_readonly_sql(tiny_db, "SELECT 1 AS one")
    assert tiny_db.one("SELECT current_setting('enable_external_access')")[0] is False


def test_sql_schema(tiny_db_path):
    r = runner.invoke(app, ["sql", "--schema"])
    assert r.exit_code == 0
    assert "### `scores`" in r.stdout and "| `lbm` | DOUBLE |" in r.stdout


def test_sql_subprocess_pipe(tiny_db_path):
    proc = subprocess.run([sys.executable, "-m", "leeftui", "sql", "--db", str(tiny_db_path),
                           "SELECT count(*) AS n FROM areas", "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["rows"] == [{"n": 15}] and doc["meta"]["synthetic"] is True
    assert "DEMO DATA — synthetic" in proc.stderr
