"""Text from the user's files — area names, codes, file names, headers — is printed as it is, never read as
Rich markup (a name like 'Oud [/]Zuid' once ended in a traceback)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.tinydb import rewrite_figures

NAME = "Oud [/]Zuid [bold]x"


@pytest.fixture(scope="module")
def odd_names(tiny_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("odd") / "odd.duckdb"
    shutil.copy(tiny_db_path, db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE areas SET name = ? WHERE code = 'BU90020201'", [NAME])
    rewrite_figures(con)
    con.close()
    return db


def _leeftui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leeftui", *args], capture_output=True, text=True, timeout=60,
                          env={"COLUMNS": "200", "PATH": ""})


@pytest.mark.parametrize("args", [
    ("show", "BU90020201"),
    ("export", "--level", "buurt", "--waves", "2024", "--format", "table", "--columns", "code,name"),
    ("export", "--level", "buurt", "--waves", "2024", "--format", "markdown"),
])
def test_names_that_look_like_markup(odd_names: Path, args: tuple[str, ...]) -> None:
    proc = _leeftui(*args, "--db", str(odd_names))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and NAME in proc.stdout


def test_a_header_and_a_folder_that_look_like_markup(tmp_path: Path) -> None:
    folder = tmp_path / "br[/x]"  # a folder 'br[' holding 'x]': the path reads as a closing tag
    folder.mkdir(parents=True)
    (folder / "w.csv").write_text('"wk_code","wk_naam","jaar","lbm","afw","fys","onv","soc","vrz","won"\n'
                                  '"WK036201","Randwijck",2022,4.25,0.15,0.03,0.03,0.03,0.03,0.03\n', encoding="utf-8")
    (folder / "odd.csv").write_text("code,[/]weird,x\nGM0001,1,2\n", encoding="utf-8")
    proc = _leeftui("db", "rebuild", str(folder), "--db", str(tmp_path / "x.duckdb"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "(header: code, [/]weird, x)" in proc.stderr


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    """An ESC or BEL in a name is shown as its escape ('\\x1b'), in show, table output and the explorer's list."""
    import asyncio

    from leeftui.ingest import rebuild
    from leeftui.ui.app import create_app

    src = tmp_path / "w.csv"
    src.write_text('wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n'
                   'WK900101,"Evil\x1b[31mRed\x07",2022,4.2,0.1,0.02,0.02,0.02,0.02,0.02\n', encoding="utf-8")
    db = tmp_path / "esc.duckdb"
    rebuild([src], db)
    for args in (("show", "WK900101"), ("export", "--level", "wijk", "--format", "table", "--columns", "code,name")):
        proc = _leeftui(*args, "--db", str(db))
        assert proc.returncode == 0, proc.stderr
        assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout and "Evil\\x1b[31mRed\\x07" in proc.stdout
    csv_out = _leeftui("export", "--level", "wijk", "--format", "csv", "-o", "-", "--db", str(db)).stdout
    assert "Evil\x1b[31mRed\x07" in csv_out  # exports keep the text as it is

    async def list_row() -> str:
        app = create_app(db)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            while app.screen.query_one("AreaGrid").row_count == 0 or app.screen.query_one("AreaGrid").loading:
                await pilot.pause(0.02)
            await pilot.press("enter")  # the wijken of GM9001
            while app.screen.state.parent != "GM9001" or app.screen.query_one("AreaGrid").loading:
                await pilot.pause(0.02)
            return app.screen.query_one("AreaGrid").row_text(0)

    row = asyncio.run(list_row())
    assert "\x1b" not in row and "Evil\\x1b[31mRed" in row


@pytest.mark.parametrize("args", [("show", "WK900202"), ("export", "--level", "wijk", "--format", "table")])
def test_a_terminal_without_utf8_gets_ascii_glyphs(tiny_db_path: Path, args: tuple[str, ...]) -> None:
    proc = subprocess.run([sys.executable, "-m", "leeftui", *args, "--db", str(tiny_db_path)], capture_output=True,
                          timeout=60, env={"PYTHONIOENCODING": "latin-1", "COLUMNS": "200", "PATH": ""})
    out, err = proc.stdout.decode("latin-1"), proc.stderr.decode("latin-1")
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "DEMO DATA - synthetic" in out + err and "?" not in out.replace("(?", "")
