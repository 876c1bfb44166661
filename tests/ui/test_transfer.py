"""Pilot tests of getting a view out of the explorer: copy (OSC 52) and the export dialog."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from leeftui.ui.app import create_app
from tests.ui.uihelpers import SMALL, WIDE, pilot_test, screen_text, settle


@pilot_test
async def test_copy_uses_osc52(tiny_db_path: Path) -> None:
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        written: list[str] = []
        original = app._driver.write
        app._driver.write = lambda data: (written.append(data), original(data))[1]  # type: ignore[method-assign]
        await pilot.press("y")
        await settle(pilot)
        rows = list(csv.reader(io.StringIO(app.clipboard), delimiter="\t"))  # the export's TSV
        assert rows[0][:3] == ["code", "name", "level"] and rows[0][-1] == "notice"
        assert [r[1] for r in rows[1:]] == ["Bergdorp", "Lindewaard"]
        assert all(r[-1] == "DEMO DATA — synthetic" for r in rows[1:])
        assert any("\x1b]52;c;" in w for w in written)
        assert any("Copied 2 rows as TSV" in n.message for n in app._notifications)
        await pilot.press("Y")
        await settle(pilot)
        assert app.clipboard.startswith("> DEMO DATA — synthetic")  # the export's Markdown, banner first
        assert "\n| code | name |" in app.clipboard


@pilot_test
async def test_copy_says_when_terminal_cannot(tiny_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    app = create_app(tiny_db_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Bergdorp" in app.clipboard
        assert any("cannot receive OSC 52" in n.message for n in app._notifications)


def test_missing_database_exits_3(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "leeftui", "--db", str(tmp_path / "nope.duckdb")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert "No database at" in proc.stderr
    assert "Traceback" not in proc.stderr


@pilot_test
async def test_export_writes_view_and_refuses_overwrite_without_confirm(tiny_db_path: Path, tmp_path: Path) -> None:
    import pyarrow.csv as pacsv

    app = create_app(tiny_db_path)
    target = tmp_path / "view.csv"
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a", "a")  # all buurten
        await settle(pilot)
        while app.screen.state.sort_col != "d_lbm":
            await pilot.press("s")
        await pilot.press("e")
        await settle(pilot)
        assert "Export 8 rows" in screen_text(app)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        assert target.exists()
        written = pacsv.read_csv(target, read_options=pacsv.ReadOptions(skip_rows=0))
        assert "delta_lbm" in written.column_names and "lbm_2002" in written.column_names
        codes = written.column("code").to_pylist()
        assert codes[0] == "BU90020201" and len(codes) == 8  # sorted as shown
        before = target.read_bytes()
        target.write_text("keep me")
        # second export to the same file: refused until confirmed
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        assert "exists" in screen_text(app) and "OVERWRITE" in screen_text(app)
        assert target.read_text() == "keep me"
        await pilot.press("ctrl+s")  # explicit confirm (a second click this soon would be a double click)
        await settle(pilot)
        assert target.read_bytes() == before


@pilot_test
async def test_export_format_follows_the_file_suffix(tiny_db_path: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    app = create_app(tiny_db_path)
    target = tmp_path / "x.parquet"
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.pause()
        assert app.screen.query_one("#export-format").value == "parquet"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert pq.read_table(target).column("code").to_pylist() == ["GM9001", "GM9002"]
    assert pq.read_metadata(target).metadata[b"leeftui.notice"] == "DEMO DATA — synthetic".encode()


@pilot_test
async def test_export_only_the_marked_rows_or_the_first_n(tiny_db_path: Path, tmp_path: Path) -> None:
    import pyarrow.csv as pacsv

    app = create_app(tiny_db_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "space", "space")  # all buurten, the first two marked
        await settle(pilot)
        marked = list(app.screen.marks.codes)
        await pilot.press("e")
        await settle(pilot)
        assert "only the 2 marked rows" in screen_text(app) and "all 8 rows" in screen_text(app)
        await pilot.click("#rows-marked")
        app.screen.query_one("#export-path").value = str(tmp_path / "marked.csv")
        await pilot.click("#export-go")
        await settle(pilot)
        assert pacsv.read_csv(tmp_path / "marked.csv").column("code").to_pylist() == sorted(
            marked, key=lambda c: app.screen.view.column("code").to_pylist().index(c))
        await pilot.press("e")
        await settle(pilot)
        await pilot.click("#rows-first")
        app.screen.query_one("#export-first").value = "x"
        app.screen.query_one("#export-path").value = str(tmp_path / "first.csv")
        await pilot.click("#export-go")
        await settle(pilot)
        assert "Give the number of rows" in screen_text(app)
        app.screen.query_one("#export-first").value = "3"
        await pilot.press("ctrl+s")  # (a second click this soon would be a double click)
        await settle(pilot)
        first = pacsv.read_csv(tmp_path / "first.csv").column("code").to_pylist()
        assert first == app.screen.view.column("code").to_pylist()[:3]
