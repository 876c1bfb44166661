"""Property-based tests (hypothesis): random valid sources rebuild into a database whose answers equal them —
codes and their hierarchy, numbers written with a decimal point or comma, every spelling of "missing" — and
random invalid codes and numbers are refused with file:line, never stored."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leeftui.errors import BuildError
from leeftui.ingest import rebuild
from leeftui.schema import CODE_PATTERNS

HEADER = ("bu_code", "bu_naam", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won")
WAVES = (2014, 2016, 2018, 2020, 2022, 2024)
MISSING = ("NA", "", "#N/A", " NA ", "  ")
"""Every spelling of a missing value the official files and Excel exports use (trimmed before comparing)."""

settings.register_profile("leeftui", max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile("leeftui")

part = st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
gemeente = st.integers(0, 9999).map(lambda n: f"{n:04d}")
buurt_code = st.tuples(gemeente, part, part).map(lambda t: f"BU{t[0]}{t[1]}{t[2]}")
score = st.floats(0.0, 10.0, allow_nan=False, allow_infinity=False)  # validate.SCORE_LIMITS
deviation = st.floats(-5.0, 5.0, allow_nan=False, allow_infinity=False)  # validate.DEVIATION_LIMITS
value = st.one_of(deviation, st.none())
name = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30).filter(
    lambda s: s.strip() == s and s not in ("NA", "#N/A") and '"' not in s)


@st.composite
def score_files(draw: st.DrawFn) -> tuple[list[tuple[str, str, int, list[float | None]]], str]:
    """Rows (code, name, wave, [lbm, afw, fys, onv, soc, vrz, won]) and the delimiter style."""
    codes = draw(st.lists(buurt_code, min_size=1, max_size=12, unique=True))
    rows = []
    for code in codes:
        naam = draw(name)
        for jaar in draw(st.lists(st.sampled_from(WAVES), min_size=1, max_size=3, unique=True)):
            lbm = draw(score)
            rows.append((code, naam, jaar, [lbm, *draw(st.lists(value, min_size=6, max_size=6))]))
    return rows, draw(st.sampled_from(["comma", "semicolon"]))


def _write(path: Path, rows: list[tuple[str, str, int, list[float | None]]], style: str,
           missing: st.DataObject) -> None:
    delim = "," if style == "comma" else ";"

    def num(v: float | None) -> str:
        if v is None:
            return missing.draw(st.sampled_from(MISSING))
        text = repr(v)
        return text.replace(".", ",") if style == "semicolon" else text  # ';' files write a decimal comma

    def cell(t: str) -> str:
        return f'"{t}"' if delim in t or t.startswith(" ") else t

    lines = [delim.join(HEADER)]
    lines += [delim.join([code, cell(naam), str(jaar), *map(num, vals)]) for code, naam, jaar, vals in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@given(files=score_files(), missing=st.data())
def test_random_valid_sources_rebuild_into_equal_answers(files: tuple[list, str], missing: st.DataObject) -> None:
    rows, style = files
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "Leefbaarometer-scores buurten 2002-2024.csv"
        _write(src, rows, style, missing)
        db = Path(d) / "o.duckdb"
        rebuild([src], db, no_classes=True)
        con = duckdb.connect(str(db), read_only=True)
        try:
            got = {(c, j): list(v) for c, j, *v in con.execute(
                "SELECT code, jaar, lbm, afw, fys, onv, soc, vrz, won FROM scores WHERE code LIKE 'BU%'").fetchall()}
            areas = {c: (lv, n, p, g) for c, lv, n, p, g in con.execute(
                "SELECT code, level, name, parent_code, gemeente_code FROM areas").fetchall()}
        finally:
            con.close()
    assert got == {(code, jaar): vals for code, _n, jaar, vals in rows}  # to the last digit; missing is NULL
    for code, naam, _j, _v in rows:
        gm, wk = f"GM{code[2:6]}", f"WK{code[2:8]}"
        assert areas[code] == ("buurt", naam or None, wk, gm)  # hierarchy from the code alone
        assert areas[wk][0] == "wijk" and areas[wk][2:] == (gm, gm)
        assert areas[gm][0] == "gemeente" and areas[gm][2] == "NL"


bad_code = st.one_of(
    st.text(min_size=1, max_size=12).filter(lambda s: not re.match(CODE_PATTERNS["buurt"], s.strip())),
    st.tuples(gemeente, part).map(lambda t: f"BU{t[0]}{t[1]}"),  # a wijk-length code in a buurt file
    st.tuples(gemeente, part, part).map(lambda t: f"bu{t[0]}{t[1]}{t[2]}"),  # lower case
).filter(lambda s: '"' not in s)
bad_number = st.sampled_from(["abc", "1..2", "4,1,2", "--1", "1e", "NaN", "inf", "-inf", "1e309", "0x10"])


@given(code=bad_code, line=st.integers(0, 4))
def test_invalid_buurt_codes_are_refused_with_their_line(code: str, line: int, tmp_path: Path) -> None:
    rows = [f"BU0001000{i},x,2024,4.1,0.0,0,0,0,0,0" for i in range(5)]
    rows[line] = f'"{code}",x,2024,4.1,0.0,0,0,0,0,0'
    src = tmp_path / "b.csv"
    src.write_text(",".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        rebuild([src], tmp_path / "o.duckdb", no_classes=True, force=True)
    assert f"b.csv:{line + 2}" in str(caught.value)
    assert not (tmp_path / "o.duckdb").exists()


@given(text=bad_number, column=st.integers(3, 9), style=st.sampled_from([",", ";"]))
def test_invalid_numbers_are_refused_with_their_line_never_stored(text: str, column: int, style: str,
                                                                   tmp_path: Path) -> None:
    row = ["BU00010001", "x", "2024", "4.1", "0.0", "0", "0", "0", "0", "0"]
    if style == ";":
        row = [v.replace(".", ",") for v in row]
    row[column] = text.replace(",", ";") if style == "," and "," in text else text
    if style == "," and "," in text:
        row[column] = f'"{text}"'
    src = tmp_path / "n.csv"
    src.write_text(style.join(HEADER) + "\n" + style.join(row) + "\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        rebuild([src], tmp_path / "o.duckdb", no_classes=True, force=True)
    assert "n.csv:2" in str(caught.value)
