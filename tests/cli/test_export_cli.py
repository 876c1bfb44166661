"""`leeftui export`: flags, formats, exit codes (CliRunner) and real pipes (subprocess)."""

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
from tests.tinydb import BUURTEN, DECLINER, GEMEENTEN, WAVES

runner = CliRunner()


def run(db, *args: str):
    return runner.invoke(app, ["export", "--db", str(db), *args])


def csv_rows(text: str) -> list[dict]:
    return pacsv.read_csv(io.BytesIO(text.encode())).to_pylist()


def test_default_pipe_is_csv_and_notice_on_stderr(tiny_db_path):
    r = run(tiny_db_path)
    assert r.exit_code == 0, r.output
    rows = csv_rows(r.stdout)
    assert len(rows) == len(GEMEENTEN) * len(WAVES)
    assert {row["notice"] for row in rows} == {"DEMO DATA — synthetic"}  # the data itself says so
    assert "DEMO DATA — synthetic" in r.stderr


def test_official_db_has_no_notice(tiny_official_db_path):
    r = run(tiny_official_db_path, "--waves", "2024")
    assert r.exit_code == 0 and "DEMO" not in r.stderr


@pytest.mark.parametrize("args,check", [
    (["--level", "buurt", "--waves", "2012,2022"], lambda rows: len(rows) == 2 * len(BUURTEN)),
    (["--in", "GM9002", "--level", "buurt", "--waves", "2024"],
     lambda rows: {r["code"][:6] for r in rows} == {"BU9002"}),
    (["--area", "BU90010101", "--area", "BU90020201", "--waves", "2024"], lambda rows: len(rows) == 2),
    # WK900202 left the set after 2013: in the 2024 rows it is no member, in those of 2012 it is
    (["--set", "testset", "--waves", "2024"], lambda rows: {r["code"] for r in rows} == {"WK900102"}),
    (["--set", "testset", "--waves", "2012,2024"], lambda rows: sorted((r["code"], r["jaar"]) for r in rows) == [
        ("WK900102", 2012), ("WK900102", 2024), ("WK900202", 2012)]),
    (["--search", "Kanaleneiland", "--level", "wijk", "--waves", "2024"],
     lambda rows: [r["code"] for r in rows] == ["WK900202"]),
    (["--level", "buurt", "--compare", "2014:2024", "--declined"],
     lambda rows: [r["code"] for r in rows] == [DECLINER]),
    (["--level", "buurt", "--compare", "2014:2024", "--class", "1-4"],
     lambda rows: rows and all(r["klasse_2024"] <= 4 for r in rows)),
    (["--level", "buurt", "--waves", "2024", "--sort", "-lbm", "--limit", "2", "--columns", "code,lbm"],
     lambda rows: len(rows) == 2 and list(rows[0]) == ["code", "lbm", "notice"] and rows[0]["lbm"] >= rows[1]["lbm"]),
])
def test_flags(tiny_db_path, args, check):
    r = run(tiny_db_path, *args)
    assert r.exit_code == 0, r.output
    assert check(csv_rows(r.stdout))


@pytest.mark.parametrize("args,code,named", [
    (["--level", "buurtt"], 2, "buurtt"),
    (["--area", "BU9001010"], 2, "BU9001010"),
    (["--in", "GM9009"], 2, "GM9009"),
    (["--waves", "2013"], 2, "2013"),
    (["--waves", "20x2"], 2, "20x2"),
    (["--compare", "2012-2023"], 2, "2023"),
    (["--compare", "2012"], 2, "2012"),
    (["--set", "nope"], 2, "nope"),
    (["--columns", "lbn"], 2, "lbn"),
    (["--sort", "lbn"], 2, "lbn"),
    (["--class", "0-12"], 2, "0-12"),
    (["--format", "parqet"], 2, "parqet"),
    (["-o", "out.txt"], 2, "out.txt"),
    (["--search", "zzzqqqxx"], 1, "zzzqqqxx"),
    (["--level", "buurt", "--waves", "2002", "--class", "9"], 1, "class=9-9"),
])
def test_errors_exit_codes(tiny_db_path, args, code, named):
    r = run(tiny_db_path, *args)
    assert r.exit_code == code, r.output
    assert named in r.stderr
    assert "Traceback" not in r.output
    assert r.stdout == ""


def test_missing_database_exit_3(tmp_path):
    r = run(tmp_path / "missing.duckdb")
    assert r.exit_code == 3 and "missing.duckdb" in r.stderr


def test_output_file_suffix_force(tiny_db_path, tmp_path):
    out = tmp_path / "x.parquet"
    r = run(tiny_db_path, "--level", "buurt", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    t = pq.read_table(out)
    assert t.num_rows == len(BUURTEN) * len(WAVES)
    assert pq.read_metadata(out).metadata[b"leeftui.notice"].decode() == "DEMO DATA — synthetic"
    assert b"level=buurt" in pq.read_metadata(out).metadata[b"leeftui.query"]
    again = run(tiny_db_path, "-o", str(out))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert pq.read_table(out).num_rows == t.num_rows
    forced = run(tiny_db_path, "-o", str(out), "--force")
    assert forced.exit_code == 0 and pq.read_table(out).num_rows == len(GEMEENTEN) * len(WAVES)


def test_format_table_and_jsonl_sidecar(tiny_db_path, tmp_path):
    r = run(tiny_db_path, "--format", "table", "--waves", "2016", "--columns", "code,name,fys")
    assert r.exit_code == 0 and "Bergdorp" in r.stdout and "GM9001" in r.stdout and "—" in r.stdout
    out = tmp_path / "x.jsonl"
    r = run(tiny_db_path, "-o", str(out))
    assert r.exit_code == 0
    assert json.loads((tmp_path / "x.jsonl.meta.json").read_text())["synthetic"] is True
    bad = run(tiny_db_path, "--format", "table", "-o", str(tmp_path / "t.csv"))
    assert bad.exit_code == 2


def _cmd(db, *args: str) -> list[str]:
    return [sys.executable, "-m", "leeftui", "export", "--db", str(db), *args]


def test_subprocess_csv_pipe_into_python(tiny_db_path):
    producer = subprocess.Popen(_cmd(tiny_db_path, "--level", "buurt", "--compare", "2012:2022"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader = ("import csv, sys, json; rows = list(csv.DictReader(sys.stdin)); "
              "print(json.dumps({'n': len(rows), 'cols': list(rows[0]), 'd': rows[0]['delta_lbm'], "
              "'null': rows[0]['delta_fys']}))")
    consumer = subprocess.run([sys.executable, "-c", reader], stdin=producer.stdout, capture_output=True,
                              timeout=60)
    producer.stdout.close()
    err = producer.stderr.read().decode()
    assert producer.wait(timeout=60) == 0, err
    assert consumer.returncode == 0, consumer.stderr
    got = json.loads(consumer.stdout)
    assert got["n"] == len(BUURTEN) and got["cols"][:2] == ["code", "name"]
    float(got["d"])
    assert got["null"] == ""
    assert "DEMO DATA — synthetic" in err


def test_subprocess_parquet_to_stdout(tiny_db_path):
    proc = subprocess.run(_cmd(tiny_db_path, "--level", "buurt", "-o", "-", "--format", "parquet"),
                          capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    t = pq.read_table(io.BytesIO(proc.stdout))
    assert t.num_rows == len(BUURTEN) * len(WAVES)
    assert t.schema.field("jaar").type.bit_width == 16
    assert pq.read_metadata(io.BytesIO(proc.stdout)).metadata[b"leeftui.synthetic"] == b"true"
    assert "DEMO DATA — synthetic" in proc.stderr.decode()


def test_subprocess_error_no_traceback(tiny_db_path):
    proc = subprocess.run(_cmd(tiny_db_path, "--level", "buurtt"), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "buurtt" in proc.stderr and "Traceback" not in proc.stderr


def test_subprocess_head_closes_pipe(tiny_db_path):
    producer = subprocess.Popen(_cmd(tiny_db_path, "--level", "buurt"), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    first = producer.stdout.readline()
    producer.stdout.close()
    producer.wait(timeout=60)
    assert first.startswith(b'"code"')
    assert b"Traceback" not in producer.stderr.read()


def test_below_is_the_score_threshold(tiny_db_path):
    r = run(tiny_db_path, "--level", "buurt", "--compare", "2014:2024", "--below", "4.0", "--columns", "code,lbm_2024")
    assert r.exit_code == 0, r.output
    rows = csv_rows(r.stdout)
    assert rows and all(row["lbm_2024"] < 4.0 for row in rows)
    r = run(tiny_db_path, "--level", "buurt", "--waves", "2024", "--below", "4.0", "--columns", "code,lbm")
    assert r.exit_code == 0 and {row["code"] for row in csv_rows(r.stdout)} == {row["code"] for row in rows}


def test_class_without_boundaries_points_to_below(no_classes_db):
    r = run(no_classes_db, "--level", "buurt", "--class", "1-4")
    assert r.exit_code == 2 and "has none loaded" in r.stderr.replace("\n", " ") and "--below" in r.stderr


def test_every_export_says_where_the_classes_come_from(tiny_db_path, tmp_path):
    import pyarrow.parquet as pq

    from leeftui.store import open_database

    db = open_database(tiny_db_path)
    source = db.default_release.classes_source
    db.close()
    assert source
    base = [sys.executable, "-m", "leeftui", "export", "--db", str(tiny_db_path), "--level", "wijk"]
    subprocess.run([*base, "-o", str(tmp_path / "w.parquet")], check=True, capture_output=True, timeout=60)
    assert pq.read_metadata(tmp_path / "w.parquet").metadata[b"leeftui.classes"].decode() == source
    md = subprocess.run([*base, "--format", "markdown"], capture_output=True, text=True, timeout=60, check=True)
    assert f"> Classes: {source}" in md.stdout
    piped = subprocess.run(base, capture_output=True, text=True, timeout=60, check=True)
    assert f"classes: {source}" in piped.stderr and source not in piped.stdout


def test_export_where_takes_the_filter_language(tiny_db_path):
    from tests import tinydb

    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "--level", "buurt", "--compare", "2014:2024",
                            "--where", "Δonv < 0 and Δ < 0", "--columns", "code", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[1:] == [f'"{tinydb.DECLINER}","DEMO DATA — synthetic"']
    long = runner.invoke(app, ["export", "--db", str(tiny_db_path), "--level", "buurt", "--where",
                               'jaar = 2024 and klasse <= 2 and name ~ "^S"', "--columns", "code,klasse",
                               "--format", "csv"])
    expected = sorted(c for c, n in tinydb.BUURTEN.items() if n.startswith("S")
                      and tinydb.klasse(tinydb.buurt_row(c, 2024)[0]) <= 2)
    assert sorted(line.split(",")[0].strip('"') for line in long.stdout.splitlines()[1:]) == expected
    bad = runner.invoke(app, ["export", "--db", str(tiny_db_path), "--where", "lbm > 'x' or"])
    assert bad.exit_code == 2 and "compares number with text" in bad.stderr and "Traceback" not in bad.output
