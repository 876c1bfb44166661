"""`--db` before the command applies to the command (it once exported the bundled demo instead), and an
error quoting user text prints that text as it is (never read as Rich markup)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from leeftui.cli import app

runner = CliRunner()


def test_root_db_applies_to_export_show_stats_and_info(tiny_db_path: Path, tmp_path: Path) -> None:
    db = str(tiny_db_path)
    r = runner.invoke(app, ["--db", db, "export", "--level", "gemeente", "--waves", "2024", "-o", "-",
                            "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert [row["code"] for row in csv.DictReader(io.StringIO(r.stdout))] == ["GM9001", "GM9002"]  # tiny, not demo
    assert runner.invoke(app, ["--db", db, "show", "WK900202"]).exit_code == 0
    assert runner.invoke(app, ["--db", db, "stats", "problems"]).exit_code == 0
    info = runner.invoke(app, ["--db", db, "db", "info", "--format", "json"])
    assert info.exit_code == 0 and json.loads(info.stdout)["path"] == db


def test_root_db_and_command_db_must_agree(tiny_db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    r = runner.invoke(app, ["--db", str(tiny_db_path), "show", "--db", str(other), "WK900202"])
    assert r.exit_code == 2 and "--db is given twice" in r.output
    same = runner.invoke(app, ["--db", str(tiny_db_path), "show", "--db", str(tiny_db_path), "WK900202"])
    assert same.exit_code == 0


def test_root_db_with_download_is_refused(tmp_path: Path) -> None:
    r = runner.invoke(app, ["--db", str(tmp_path / "x.duckdb"), "db", "download", "--url", "http://127.0.0.1:9/x.zip"])
    assert r.exit_code == 2 and "always builds the user-data database" in r.output


def test_a_code_that_looks_like_markup_is_printed_as_given(tiny_db_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "leeftui", "show", "--db", str(tiny_db_path), "GM[/]9999"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "GM[/]9999" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_compare_takes_the_earlier_wave_first(tiny_db_path: Path) -> None:
    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "--compare", "2024:2014", "-o", "-"])
    assert r.exit_code == 2 and "use 2014:2024" in r.output


def test_a_limit_beyond_64_bits_means_all_rows(tiny_db_path: Path) -> None:
    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "--level", "gemeente", "--waves", "2024",
                            "--limit", str(2 ** 70), "-o", "-", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert [row["code"] for row in csv.DictReader(io.StringIO(r.stdout))] == ["GM9001", "GM9002"]


def test_a_corrupt_database_is_not_called_locked(tiny_db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    shutil.copy(tiny_db_path, bad)
    with bad.open("r+b") as fh:  # a damaged header block: DuckDB's message speaks of a 'block'
        fh.seek(8192)
        fh.write(b"\xff" * 4096)
    proc = subprocess.run([sys.executable, "-m", "leeftui", "show", "--db", str(bad), "GM0001"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert "locked" not in proc.stderr and "cannot be opened" in proc.stderr
