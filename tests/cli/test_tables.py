"""Terminal tables (`--format table`) at 80 and 200 columns: only columns that fit, every number whole — never
split over two lines or cut — and the columns left out named on stderr."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leeftui.present.cells import table_cell
from leeftui.present.tables import fit_columns


def _run(db: Path, width: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leeftui", *args, "--db", str(db)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "COLUMNS": str(width)})


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("args", [("export", "--level", "buurt", "--compare", "2014:2024"),
                                  ("export", "--level", "wijk", "--waves", "2024")])
def test_no_number_is_split_and_the_rest_is_named(tiny_db_path: Path, width: int, args: tuple[str, ...]) -> None:
    shown = _run(tiny_db_path, width, *args, "--format", "table")
    assert shown.returncode == 0, shown.stderr
    lines = [ln for ln in shown.stdout.splitlines() if ln.strip()]
    assert all(len(ln) <= width for ln in lines)
    header = next(ln for ln in lines if ln.startswith("┃"))
    names = [c.strip() for c in header.strip("┃").split("┃")]
    rows = [[c.strip() for c in ln.strip("│").split("│")] for ln in lines if ln.startswith("│")]
    piped = _run(tiny_db_path, width, *args, "--format", "csv").stdout
    data = {r["code"]: r for r in csv.DictReader(io.StringIO(piped))}
    assert rows and all(len(r) == len(names) for r in rows)  # one line per row: nothing folded onto a second
    for r in rows:
        source = data[r[names.index("code")]]
        for name, cell in zip(names, r, strict=True):
            if name.endswith("…"):  # a text column cut to fit (its header with it)
                continue
            value = source[name]
            if value and value.lstrip("-").replace(".", "", 1).isdigit() and "." in value:
                assert cell == table_cell(name, float(value))[0], (name, cell, value)  # whole, as formatted
    left = len(set(data[next(iter(data))]) - {"notice"}) - len(names)  # (cut headers still count as shown)
    if left:
        assert f"{left} of" in shown.stderr and "columns left out" in shown.stderr and "--columns" in shown.stderr
    if width == 80:
        assert {"code", "name", "lbm_2014" if "--compare" in args else "lbm"} <= set(names)


def test_fit_keeps_numbers_whole_and_cuts_text_only() -> None:
    fitted = fit_columns(["code", "name", "lbm", "afw"], [10, 40, 6, 7], [False, False, True, True], 60)
    assert fitted[2] == 6 and fitted[3] == 7  # numbers whole
    assert 12 <= fitted[1] < 40  # the name cut to what is left
    assert fit_columns(["code", "lbm"], [10, 6], [False, True], 15) == {0: 10}  # no room for a whole number
