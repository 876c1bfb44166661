"""Bad inputs: each ends in a clear error naming file and line, and the previous database stays byte-for-byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from leeftui.errors import BuildError, UsageError
from leeftui.ingest import derive, rebuild
from tests.unit.ingest.helpers import HEADER_WK, sha, wijk_file, wijk_rows, write_csv


@pytest.fixture()
def previous(tmp_path: Path) -> tuple[Path, str]:
    """An existing good database and its sha256."""
    target = tmp_path / "db" / "lbm.duckdb"
    rebuild([wijk_file(tmp_path)], target)
    return target, sha(target)


def _fails(tmp_path: Path, previous: tuple[Path, str], sources: list[Path], exc: type, pattern: str | None,
           year: int | None = None) -> str:
    target, digest = previous
    with pytest.raises(exc, match=pattern) as info:
        rebuild(sources, target, force=True, year=year)
    assert sha(target) == digest
    assert sorted(p.name for p in target.parent.iterdir()) == ["lbm.duckdb"]  # no temp files left
    return str(info.value)


def _bad(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    rows = wijk_rows()
    header = list(HEADER_WK)
    header, rows = edit(header, rows) or (header, rows)
    return write_csv(tmp_path / "bad.csv", header, rows)


def test_missing_source(tmp_path: Path, previous: tuple[Path, str]) -> None:
    _fails(tmp_path, previous, [tmp_path / "nope.csv"], UsageError, r"nope\.csv does not exist")


def test_existing_target_needs_force(tmp_path: Path, previous: tuple[Path, str]) -> None:
    target, digest = previous
    with pytest.raises(UsageError, match="--force"):
        rebuild([wijk_file(tmp_path)], target)
    assert sha(target) == digest


def test_missing_and_unknown_columns_named(tmp_path: Path, previous: tuple[Path, str]) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        h[h.index("soc")] = "sociaal"
        return h, rows
    msg = _fails(tmp_path, previous, [_bad(tmp_path, edit)], BuildError, r"bad\.csv:1: missing column soc")
    assert "'sociaal'" in msg


def test_broken_csv_line(tmp_path: Path, previous: tuple[Path, str]) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        rows[2].append("0.5")
    _fails(tmp_path, previous, [_bad(tmp_path, edit)], BuildError,
           r"bad\.csv:4: malformed CSV row: expected 10 fields, found 11")


def test_bad_code_for_level(tmp_path: Path, previous: tuple[Path, str]) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        rows[4][0] = "BU90020101"
    _fails(tmp_path, previous, [_bad(tmp_path, edit)], BuildError,
           r"bad\.csv:6: code 'BU90020101' does not fit level wijk")


def test_duplicate_code_jaar(tmp_path: Path, previous: tuple[Path, str]) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        rows.append(list(rows[1]))
    _fails(tmp_path, previous, [_bad(tmp_path, edit)], BuildError,
           r"bad\.csv:10: duplicate \(code, jaar\) \('WK900101', 2022\)")


def test_unparseable_number(tmp_path: Path, previous: tuple[Path, str]) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        rows[0][3] = "4.1x"
        rows[5][4] = "abc"
    msg = _fails(tmp_path, previous, [_bad(tmp_path, edit)], BuildError,
                 r"2 errors.*bad\.csv:2: unparseable number '4\.1x' in column lbm")
    assert "bad.csv:7: unparseable number 'abc' in column afw" in msg


def test_wave_out_of_range(tmp_path: Path, previous: tuple[Path, str]) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        rows[3][2] = "2202"
    _fails(tmp_path, previous, [_bad(tmp_path, edit)], BuildError, r"bad\.csv:5: wave '2202' is not a year")


def test_no_score_file(tmp_path: Path, previous: tuple[Path, str]) -> None:
    write_csv(tmp_path / "x.csv", ("a", "b"), [["1", "2"]])
    _fails(tmp_path, previous, [tmp_path / "x.csv"], BuildError, "No Leefbaarometer score file")


def test_interrupt_leaves_previous(tmp_path: Path, previous: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt
    monkeypatch.setattr(derive, "derive", boom)
    _fails(tmp_path, previous, [wijk_file(tmp_path)], KeyboardInterrupt, None)


def test_invariant_violations_are_warnings(tmp_path: Path) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        rows[0][5] = "0.5"  # fys no longer sums to afw
    rep = rebuild([_bad(tmp_path, edit)], tmp_path / "o.duckdb")
    assert any("afw differs" in w for w in rep.warnings)


def test_class_template_is_refused(tmp_path: Path) -> None:
    template = Path(__file__).resolve().parents[3] / "db" / "classes-template.csv"
    with pytest.raises(BuildError, match="neither a lower nor an upper bound"):
        rebuild([wijk_file(tmp_path)], tmp_path / "o.duckdb", classes=template)
    assert not (tmp_path / "o.duckdb").exists()


@pytest.mark.parametrize(("column", "value", "line"), [("lbm", "inf", 2), ("afw", "nan", 3), ("onv", "-1e300", 4),
                                                         ("lbm", "-4.1", 5)])
def test_non_finite_or_implausible_scores_are_refused(tmp_path: Path, previous: tuple[Path, str], column: str,
                                                      value: str, line: int) -> None:
    def edit(h, rows):  # type: ignore[no-untyped-def]
        rows[line - 2][h.index(column)] = value
    msg = _fails(tmp_path, previous, [_bad(tmp_path, edit)], BuildError,
                 rf"bad\.csv:{line}: '{value}' in column {column} is not a finite score")
    assert "untouched" in msg


@pytest.mark.parametrize("count", ["nan", "inf", "-5", "99999999999999999999999", "1e30"])
def test_population_counts_that_are_no_counts_are_refused(tmp_path: Path, previous: tuple[Path, str],
                                                          count: str) -> None:
    pop = tmp_path / "pop.csv"
    pop.write_text("ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35\n"
                   f"1;WK900101  ;2022JJ00;{count};10\n2;WK900102  ;2022JJ00;1200;500\n", encoding="utf-8")
    _fails(tmp_path, previous, [wijk_file(tmp_path), pop], BuildError,
           rf"pop\.csv:2: '{count}' in column \w+ is not a count")


def test_population_json_counts_that_are_no_counts_are_refused(tmp_path: Path, previous: tuple[Path, str]) -> None:
    pop = tmp_path / "kwb.json"
    pop.write_text('{"WK900101": {"AantalInwoners_5": NaN}, "WK900102": {"AantalInwoners_5": 1e400}, '
                   '"WK900201": {"AantalInwoners_5": 123456789012345678901234567890}}', encoding="utf-8")
    msg = _fails(tmp_path, previous, [wijk_file(tmp_path), pop], BuildError, r"kwb\.json.*is not a count", year=2022)
    assert msg.count("is not a count") == 3
