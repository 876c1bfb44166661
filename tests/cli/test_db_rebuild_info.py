"""`leeftui db rebuild` and `leeftui db info` through CliRunner and one real subprocess."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui import schema
from leeftui.cli import app

HEADER = "wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won"
ROWS = ["WK900101,Centrum,2020,4.25,0.15,0.01,0.02,0.03,0.04,0.05",
        "WK900102,Oost,2020,4.35,0.25,0.03,0.04,0.05,0.06,0.07"]


def _src(tmp_path: Path, rows: list[str] = ROWS, name: str = "w.csv") -> Path:
    p = tmp_path / name
    p.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return p


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LEEFTUI_DB", raising=False)
    return tmp_path


def test_rebuild_then_info(env: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["db", "rebuild", str(_src(env))])
    assert res.exit_code == 0, res.output
    assert "wijk" in res.stderr and "derived figures" in res.stderr
    assert res.stdout == ""
    db = env / "data" / "leefbaarometer.duckdb"
    assert db.exists()
    res = runner.invoke(app, ["db", "info"])
    assert res.exit_code == 0
    assert "chosen by user data" in res.stdout and "lbm3-2020" in res.stdout and "none loaded" in res.stdout
    res = runner.invoke(app, ["db", "info", "--format", "json", "--db", str(db)])
    info = json.loads(res.stdout)
    assert info["origin"] == "--db" and info["releases"][0]["areas_per_level"]["wijk"] == 2
    assert info["sources"][0]["sha256"] == _sha(env / "w.csv")


def test_rebuild_errors_exit_codes_and_untouched(env: Path) -> None:
    runner = CliRunner()
    db = env / "x.duckdb"
    assert runner.invoke(app, ["db", "rebuild", str(_src(env)), "--db", str(db)]).exit_code == 0
    digest = _sha(db)
    res = runner.invoke(app, ["db", "rebuild", str(env / "missing.csv"), "--db", str(db), "--force"])
    assert res.exit_code == 2 and "missing.csv does not exist" in res.stderr
    res = runner.invoke(app, ["db", "rebuild", str(_src(env)), "--db", str(db)])
    assert res.exit_code == 2 and "--force" in res.stderr
    broken = _src(env, [ROWS[0], ROWS[1] + ",9"], "broken.csv")
    res = runner.invoke(app, ["db", "rebuild", str(broken), "--db", str(db), "--force"])
    assert res.exit_code == 1 and "broken.csv:3: malformed CSV row" in res.stderr
    assert "Traceback" not in res.output
    wrong = env / "wrong.csv"
    wrong.write_text(HEADER.replace("won", "wonen") + "\n" + ROWS[0] + "\n", encoding="utf-8")
    res = runner.invoke(app, ["db", "rebuild", str(wrong), "--db", str(db), "--force"])
    assert res.exit_code == 1 and "missing column won" in res.stderr and "'wonen'" in res.stderr
    assert _sha(db) == digest


def test_info_bad_format_and_missing_db(env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "info", "--format", "xml", "--db", str(env / "n.duckdb")]).exit_code == 2
    res = runner.invoke(app, ["db", "info", "--db", str(env / "n.duckdb")])
    assert res.exit_code == 3 and "No database" in res.stderr


def test_info_json_subprocess(env: Path) -> None:
    db = env / "s.duckdb"
    assert CliRunner().invoke(app, ["db", "rebuild", str(_src(env)), "--db", str(db)]).exit_code == 0
    out = subprocess.run([sys.executable, "-m", "leeftui", "db", "info", "--format", "json", "--db", str(db)],
                         capture_output=True, text=True, timeout=60, check=True)
    info = json.loads(out.stdout)
    assert info["path"] == str(db) and info["synthetic"] is False
    assert info["schema_version"] == str(schema.SCHEMA_VERSION)
    assert info["releases"][0]["waves"] == [2020] and info["releases"][0]["derived_rows"] == 2
