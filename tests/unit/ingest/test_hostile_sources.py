"""Sources that must be refused, not silently accepted or dropped: a set file with a syntax error or a member
that ends before it starts, class bounds that overlap or leave a gap, zip bombs, and a huge file of the wrong
shape (refused from its header, before it is loaded)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from leeftui.errors import BuildError
from leeftui.ingest import rebuild, sources
from leeftui.ingest.extras import SHIPPED_CLASSES, read_bounds
from leeftui.ingest.report import Issues
from tests.unit.ingest.helpers import HEADER_WK, wijk_file, write_csv


def _rebuild_error(tmp_path: Path, *srcs: Path, **kw: object) -> str:
    target = tmp_path / "o.duckdb"
    with pytest.raises(BuildError) as caught:
        rebuild([tmp_path / "wijken.csv", *srcs], target, **kw)  # type: ignore[arg-type]
    assert not target.exists()
    return str(caught.value)


def test_set_file_with_a_toml_syntax_error_is_refused_with_its_line(tmp_path: Path) -> None:
    wijk_file(tmp_path)
    bad = tmp_path / "sets.toml"
    bad.write_text('[[set]]\nname = "focus"\nmembers = [WK900101]\n', encoding="utf-8")
    message = _rebuild_error(tmp_path, bad)
    assert "sets.toml: TOML syntax error" in message and "line 3" in message


def test_set_member_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    wijk_file(tmp_path)
    sets = tmp_path / "sets.toml"
    sets.write_text('[[set]]\nname = "focus"\nmembers = [{code = "WK900101", start = 2020, end = 2014}]\n',
                    encoding="utf-8")
    assert "WK900101: start 2020 is after end 2014" in _rebuild_error(tmp_path, sets)


def _bounds(tmp_path: Path, pairs: list[tuple[str, str]]) -> Path:
    path = tmp_path / "bounds.csv"
    lines = ["release,scale,klasse,lower,upper,label,source"]
    lines += [f",lbm,{k},{lo},{up},,test" for k, (lo, up) in enumerate(pairs, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _contiguous() -> list[tuple[str, str]]:
    edges = [f"{3.5 + 0.1 * k:.1f}" for k in range(1, 9)]
    return list(zip(["", *edges], [*edges, ""], strict=True))


def test_contiguous_bounds_pass_and_so_do_the_shipped_ones(tmp_path: Path) -> None:
    issues = Issues()
    assert len(read_bounds(_bounds(tmp_path, _contiguous()), issues)) == 9 and issues.error_count == 0
    read_bounds(SHIPPED_CLASSES, issues)
    assert issues.error_count == 0, issues.errors


@pytest.mark.parametrize(("k", "upper", "word"), [(3, "3.85", "overlap"), (3, "3.75", "leave a gap")])
def test_class_bounds_that_overlap_or_leave_a_gap_are_refused(tmp_path: Path, k: int, upper: str,
                                                              word: str) -> None:
    pairs = _contiguous()
    pairs[k - 1] = (pairs[k - 1][0], upper)
    issues = Issues()
    read_bounds(_bounds(tmp_path, pairs), issues)
    assert issues.error_count == 1
    assert f"classes {k} (upper {upper}) and {k + 1} (lower 3.8) {word}" in issues.errors[0]


def test_missing_bound_between_two_classes_is_refused(tmp_path: Path) -> None:
    pairs = _contiguous()
    pairs[4], pairs[5] = (pairs[4][0], ""), ("", pairs[5][1])
    issues = Issues()
    read_bounds(_bounds(tmp_path, pairs), issues)
    assert any("no bound between class 5 and 6" in e for e in issues.errors)


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Leefbaarometer-scores buurten 2002-2024.csv", b"bu_code\n" + b"0" * (64 << 20))
    wijk_file(tmp_path)
    message = _rebuild_error(tmp_path, bomb)
    assert "possible zip bomb" in message and "bomb.zip!Leefbaarometer-scores buurten" in message


def test_zip_member_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_MEMBER_BYTES", 1 << 10)
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("w.csv", ",".join(HEADER_WK) + "\n" + "x\n" * 2000)
    wijk_file(tmp_path)
    assert "more than leeftui's limit" in _rebuild_error(tmp_path, archive)


def test_huge_file_of_the_wrong_shape_is_refused_from_its_header(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from leeftui.ingest import readers

    loaded: list[str] = []
    for name in ("load_csv_typed", "load_file"):
        original = getattr(readers, name)
        monkeypatch.setattr(readers, name, lambda con, src, *a, _f=original, **k: (loaded.append(src.name),
                                                                                   _f(con, src, *a, **k))[1])
    write_csv(tmp_path / "one.csv", ("bu_code",), [["x"]] * 1000)
    wijk_file(tmp_path)
    assert "missing columns bu_naam, jaar" in _rebuild_error(tmp_path, tmp_path / "one.csv")
    names = [Path(n).name for n in loaded]
    # refused from the header, never loaded (a 2 GB one once took 6 GB of memory)
    assert "one.csv" not in names and "wijken.csv" in names


def test_xlsx_whose_sheet_xml_is_truncated_is_refused_with_its_row(tmp_path: Path) -> None:
    import openpyxl

    whole = tmp_path / "whole.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["GM_CODE", "KL16"])
    for i in range(2000):
        ws.append([f"GM{9000 + i % 999:04d}", 1 + i % 9])
    wb.save(whole)
    broken = tmp_path / "score_gemeente.xlsx"
    with zipfile.ZipFile(whole) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, data[: len(data) // 2] if info.filename.startswith("xl/worksheets/") else data)
    wijk_file(tmp_path)
    message = _rebuild_error(tmp_path, broken)
    assert "score_gemeente.xlsx:" in message and "damaged spreadsheet" in message
