"""Command-line conventions: `--version`, and help texts that name values (LEVEL, FILE, A:B) instead of showing
Python types (`<str>`, `<list[str]>`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import leeftui
from leeftui.cli import app

runner = CliRunner()


def test_version() -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"leeftui {leeftui.__version__}"


@pytest.mark.parametrize("command", [[], ["export"], ["show"], ["sql"], ["stats", "problems"], ["stats", "set"],
                                     ["db", "rebuild"], ["db", "info"], ["db", "download"]])
def test_help_names_values_not_python_types(command: list[str]) -> None:
    res = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert not re.search(r"<(str|int|float|bool|list|path)\b", res.output), res.output
    assert all(len(line) <= 80 for line in res.output.splitlines())


@pytest.mark.parametrize(("args", "suggestion"), [
    (["export", "--level", "wijken"], "Did you mean 'wijk'?"),
    (["stats", "problems", "--level", "wijken"], "Did you mean 'wijk'?"),
    (["show", "NL", "--format", "jsn"], "Did you mean 'json'?"),
    (["db", "info", "--format", "jsn"], "Did you mean 'json'?"),
    (["export", "--level", "gemeente", "--format", "parquett"], "Did you mean 'parquet'?"),
])
def test_did_you_mean_for_enum_options(tiny_db_path: Path, args: list[str], suggestion: str) -> None:
    res = runner.invoke(app, [*args, "--db", str(tiny_db_path)])
    assert res.exit_code == 2 and suggestion in res.output


def test_show_takes_a_name(tiny_db_path: Path) -> None:
    by_name = runner.invoke(app, ["show", "Kanaleneiland", "--db", str(tiny_db_path), "--format", "json"])
    assert by_name.exit_code == 0, by_name.output
    assert '"code": "WK900202"' in by_name.stdout
    typo = runner.invoke(app, ["show", "kanaleneilnd", "--db", str(tiny_db_path), "--format", "json"])
    assert typo.exit_code == 0 and '"code": "WK900202"' in typo.stdout  # fuzzy, as / finds it
    none = runner.invoke(app, ["show", "Zzzqqq", "--db", str(tiny_db_path)])
    assert none.exit_code == 2 and "No area is called or coded 'Zzzqqq'" in none.output


def test_show_lists_the_areas_an_ambiguous_name_fits(tiny_db_path: Path) -> None:
    res = runner.invoke(app, ["show", "buurt", "--db", str(tiny_db_path)])
    assert res.exit_code == 2 and "fits several areas; give the code of one:" in res.output
    assert "Kerkbuurt (BU90010102, buurt in Bergdorp)" in res.output and "Sluisbuurt (BU90020102" in res.output
