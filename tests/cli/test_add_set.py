"""`leeftui db add-set FILE` adds or replaces area sets atomically; ctrl+s in the explorer saves marks as a set."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from leeftui.cli import app
from tests.ui.uihelpers import WIDE, pilot_test, settle

runner = CliRunner()


def _copy(tiny_db_path: Path, tmp_path: Path) -> Path:
    db = tmp_path / "own.duckdb"
    shutil.copy(tiny_db_path, db)
    return db


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _sets(db: Path) -> dict[str, list[str]]:
    fresh = db.with_name(db.stem + "-check.duckdb")  # DuckDB keeps one instance per path in a process: read a copy
    shutil.copy(db, fresh)
    con = duckdb.connect(str(fresh), read_only=True)
    try:
        return dict(con.execute("SELECT set_name, list(code ORDER BY code) FROM area_set_members GROUP BY ALL")
                    .fetchall())
    finally:
        con.close()
        fresh.unlink()


def test_add_and_replace_a_set(tiny_db_path: Path, tmp_path: Path) -> None:
    db = _copy(tiny_db_path, tmp_path)
    f = tmp_path / "sets.toml"
    f.write_text('[[set]]\nname = "mine"\nmembers = [{ code = "BU90010101" }, { code = "BU99999999" }]\n',
                 encoding="utf-8")
    r = runner.invoke(app, ["db", "add-set", str(f), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "added area set 'mine': 2 members" in r.stderr and "1 member codes have no area" in r.stderr
    assert _sets(db) == {"testset": ["WK900102", "WK900202"], "mine": ["BU90010101", "BU99999999"]}
    f.write_text('[[set]]\nname = "testset"\nmembers = [{ code = "WK900101", end = 2016 }]\n', encoding="utf-8")
    r = runner.invoke(app, ["db", "add-set", str(f), "--db", str(db)])
    assert r.exit_code == 0 and "replaced area set 'testset': 1 members" in r.stderr
    assert _sets(db)["testset"] == ["WK900101"]
    stats = runner.invoke(app, ["stats", "set", "testset", "--compare", "2014:2024", "--db", str(db), "--format",
                                "csv", "--table", "members"])
    assert stats.exit_code == 0 and "WK900101" in stats.stdout


def test_a_bad_set_file_changes_nothing(tiny_db_path: Path, tmp_path: Path) -> None:
    db = _copy(tiny_db_path, tmp_path)
    before = _sha(db)
    for text, message in (('[[set]]\nname = "x"\nmembers = [{ code = "NOPE" }]\n', "NOPE"),
                          ("[[set]\nname = 1\n", "line 1"),
                          ('title = "no sets here"\n', "holds no [[set]] or [[override]] tables")):
        f = tmp_path / "bad.toml"
        f.write_text(text, encoding="utf-8")
        r = runner.invoke(app, ["db", "add-set", str(f), "--db", str(db)])
        assert r.exit_code != 0 and message in r.stderr and "Traceback" not in r.output, r.output
        assert _sha(db) == before and not list(tmp_path.glob("*.tmp*"))
    r = runner.invoke(app, ["db", "add-set", str(tmp_path / "missing.toml"), "--db", str(db)])
    assert r.exit_code == 2 and "does not exist" in r.stderr


def test_the_bundled_database_is_never_changed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("LEEFTUI_DB", raising=False)
    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path / "data"))  # no user database: the bundled one is chosen
    f = tmp_path / "s.toml"
    f.write_text('[[set]]\nname = "x"\nmembers = [{ code = "BU90010101" }]\n', encoding="utf-8")
    r = runner.invoke(app, ["db", "add-set", str(f)])
    assert r.exit_code == 2 and "The bundled demo database is not changed" in r.stderr


@pilot_test
async def test_marked_areas_saved_as_a_set_from_the_explorer(tiny_db_path: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    from leeftui.ui.app import create_app

    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path / "data"))
    db = _copy(tiny_db_path, tmp_path)
    app_ = create_app(db)
    async with app_.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert any("Mark areas with Space first" in n.message for n in app_._notifications)
        await pilot.press("space", "space", "ctrl+s")
        await settle(pilot)
        await pilot.press(*"my gemeenten", "enter")
        await settle(pilot)
        await settle(pilot)
        assert any("Saved area set 'my gemeenten' (2 areas)" in n.message for n in app_._notifications)
    assert _sets(db)["my gemeenten"] == ["GM9001", "GM9002"]
    saved = tmp_path / "data" / "sets" / "my_gemeenten.toml"
    assert 'name = "my gemeenten"' in saved.read_text(encoding="utf-8")
