"""Every source format the build reads, from tiny files in tmp_path."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from leeftui.errors import UsageError
from leeftui.ingest import rebuild
from tests.dbquery import q
from tests.unit.ingest.helpers import HEADER_WK, population_json, score_row, wijk_file, wijk_rows, write_csv


def test_comma_csv_with_index_column_and_na(tmp_path: Path) -> None:
    rows = [["1", *r] for r in wijk_rows()]
    rows[0][6:] = ["NA"] * 5
    write_csv(tmp_path / "w.csv", ("1", *HEADER_WK), rows)
    rep = rebuild([tmp_path / "w.csv"], tmp_path / "o.duckdb")
    assert rep.releases == ("lbm3-2022",)
    assert rep.rows_per_level["wijk"] == 8
    (row,) = q(tmp_path / "o.duckdb", "SELECT lbm, fys, won FROM scores WHERE code='WK900101' AND jaar=2020")
    assert row[0] == float(wijk_rows()[0][3]) and row[1] is None and row[2] is None


@pytest.mark.parametrize("bom", [False, True])
def test_semicolon_decimal_comma_cp1252(tmp_path: Path, bom: bool) -> None:
    rows = [[v.replace(".", ",") for v in r] for r in wijk_rows()]
    rows[0][1] = rows[1][1] = "Café Zuid"
    write_csv(tmp_path / "w.csv", HEADER_WK, rows, delim=";", encoding="cp1252", bom=bom)
    rebuild([tmp_path / "w.csv"], tmp_path / "o.duckdb")
    (name,) = q(tmp_path / "o.duckdb", "SELECT name FROM areas WHERE code='WK900101'")[0]
    assert name == "Café Zuid"
    (lbm,) = q(tmp_path / "o.duckdb", "SELECT lbm FROM scores WHERE code='WK900101' AND jaar=2020")[0]
    assert lbm == float(wijk_rows()[0][3])


def test_xlsx(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(HEADER_WK))
    for r in wijk_rows():
        ws.append([r[0], r[1], int(r[2]), *map(float, r[3:])])
    wb.save(tmp_path / "w.xlsx")
    rebuild([tmp_path / "w.xlsx"], tmp_path / "o.duckdb")
    (lbm,) = q(tmp_path / "o.duckdb", "SELECT lbm FROM scores WHERE code='WK900102' AND jaar=2022")[0]
    assert lbm == pytest.approx(float(wijk_rows()[3][3]), rel=1e-12)  # openpyxl writes 15 digits


def test_zip_ignores_non_data_and_warns_unknown(tmp_path: Path) -> None:
    wijk_file(tmp_path)
    write_csv(tmp_path / "other.csv", ("a", "b"), [["1", "2"]])
    with zipfile.ZipFile(tmp_path / "open-data.zip", "w") as zf:
        zf.write(tmp_path / "wijken.csv", "dir/Leefbaarometer-scores wijken.csv")
        zf.write(tmp_path / "other.csv", "dir/other.csv")
        zf.writestr("dir/toelichting.pdf", b"%PDF-1.4")
    rep = rebuild([tmp_path / "open-data.zip"], tmp_path / "o.duckdb")
    assert rep.rows_per_level["wijk"] == 8
    assert sorted(rep.ignored) == ["open-data.zip!dir/toelichting.pdf"]
    assert [w for w in rep.warnings if "other.csv" in w and "not a recognised" in w]
    assert not [w for w in rep.warnings if "pdf" in w]
    files = [f for (f,) in q(tmp_path / "o.duckdb", "SELECT file FROM sources")]
    assert files == ["open-data.zip!dir/Leefbaarometer-scores wijken.csv"]


def test_folder_recursive_with_population_json(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "deep").mkdir(parents=True)
    wijk_file(src / "deep")
    population_json(src / "cbs")
    rep = rebuild([src], tmp_path / "o.duckdb")
    assert rep.population_years == (2022,)
    assert q(tmp_path / "o.duckdb", "SELECT inwoners, woningen FROM population WHERE code='WK900102'") == [(2000, 800)]
    detail = q(tmp_path / "o.duckdb", "SELECT detail FROM sources WHERE kind='population'")[0][0]
    assert "TableInfos.json" in detail


def test_a_population_json_given_alone_reads_the_tableinfos_beside_it(tmp_path: Path) -> None:
    folder = population_json(tmp_path / "cbs", year=2024)
    rep = rebuild([wijk_file(tmp_path), folder / "data.json"], tmp_path / "o.duckdb")
    assert rep.population_years == (2024,)
    detail = q(tmp_path / "o.duckdb", "SELECT detail FROM sources WHERE kind='population'")[0][0]
    assert "TableInfos.json" in detail


def test_statline_csv_padded_codes_perioden(tmp_path: Path) -> None:
    wijk_file(tmp_path)
    header = ("ID", "WijkenEnBuurten", "Perioden", "AantalInwoners_5", "Woningvoorraad_35")
    rows = [["0", "NL01    ", "2023JJ00", "17811291", "8000000"], ["1", "GM9001  ", "2023JJ00", "3100", "."],
            ["2", "WK900101", "2023JJ00", " 1010", "510"]]
    write_csv(tmp_path / "statline.csv", header, rows, delim=";")
    rebuild([tmp_path / "wijken.csv", tmp_path / "statline.csv"], tmp_path / "o.duckdb")
    got = q(tmp_path / "o.duckdb", "SELECT code, jaar, inwoners, woningen FROM population ORDER BY code")
    assert got == [("GM9001", 2023, 3100, None), ("WK900101", 2023, 1010, 510)]


def test_kwb_needs_year_then_uses_it(tmp_path: Path) -> None:
    wijk_file(tmp_path)
    header = ("gwb_code", "regio", "recs", "a_inw", "a_woning")
    rows = [["GM9001", "Bergdorp", "Gemeente", "3000", "1300"], ["900102", "Oost", "Wijk", "2000", "800"]]
    write_csv(tmp_path / "kwb-gemeenten.csv", header, rows)
    with pytest.raises(UsageError, match=r"kwb-gemeenten\.csv.*--year"):
        rebuild([tmp_path / "wijken.csv", tmp_path / "kwb-gemeenten.csv"], tmp_path / "o.duckdb")
    assert not (tmp_path / "o.duckdb").exists()
    rebuild([tmp_path / "wijken.csv", tmp_path / "kwb-gemeenten.csv"], tmp_path / "o.duckdb", year=2021)
    assert q(tmp_path / "o.duckdb", "SELECT code, jaar, inwoners FROM population ORDER BY code") == [
        ("GM9001", 2021, 3000), ("WK900102", 2021, 2000)]
    assert "--year" in q(tmp_path / "o.duckdb", "SELECT detail FROM sources WHERE kind='population'")[0][0]


def test_area_set_toml(tmp_path: Path) -> None:
    wijk_file(tmp_path)
    (tmp_path / "sets.toml").write_text(
        '[[set]]\nname = "focus"\ndescription = "test set"\n'
        'members = [{code = "WK900101", start = 2007, end = 2013, note = "Centrum"}, {code = "WK900201"}]\n',
        encoding="utf-8")
    rebuild([tmp_path / "wijken.csv", tmp_path / "sets.toml"], tmp_path / "o.duckdb")
    assert q(tmp_path / "o.duckdb", "SELECT * FROM area_sets") == [("focus", "test set", str(tmp_path / "sets.toml"))]
    assert q(tmp_path / "o.duckdb", "SELECT * FROM area_set_members ORDER BY code") == [
        ("focus", "WK900101", 2007, 2013, "Centrum", None), ("focus", "WK900201", None, None, None, None)]


def test_class_bounds(tmp_path: Path) -> None:
    wijk_file(tmp_path)
    lines = ["# test bounds", "release,scale,klasse,lower,upper,label,source",
             ",lbm,1,,4.2,,test table", ",lbm,2,4.2,4.3,,test table", ",lbm,3,4.3,,,test table"]
    (tmp_path / "classes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rep = rebuild([tmp_path / "wijken.csv"], tmp_path / "o.duckdb", classes=tmp_path / "classes.csv")
    db = tmp_path / "o.duckdb"
    for code, jaar, lbm, klasse, src in q(db, "SELECT code, jaar, lbm, klasse, klasse_source FROM scores"):
        assert klasse == (1 if lbm < 4.2 else 2 if lbm < 4.3 else 3) and src == "bounds", (code, jaar)
    assert q(db, "SELECT label FROM class_bounds WHERE klasse = 1") == [("zeer onvoldoende",)]
    assert "test table" in q(db, "SELECT classes_source FROM releases")[0][0]
    assert rep.classes_source


def test_no_bounds_means_no_classes_but_labels(tmp_path: Path) -> None:
    rebuild([wijk_file(tmp_path)], tmp_path / "o.duckdb")
    db = tmp_path / "o.duckdb"
    assert q(db, "SELECT count(klasse) FROM scores") == [(0,)]
    assert q(db, "SELECT classes_source FROM releases") == [(None,)]
    assert q(db, "SELECT count(*), sum(problem::INT) FROM class_labels") == [(9, 4)]


def test_lbm2_wide_dims_and_a_pc4_row(tmp_path: Path) -> None:
    header = ["GBD"] + [f"{d}{y}" for y in ("12", "14") for d in
                        ("RLBRMTR", "RLBWON", "RLBBEV", "RLBVRZ", "RLBVEI", "RLBFYS")]
    vals = ["0.15", "0.01", "0.02", "0.03", "0.04", "0.05"]
    write_csv(tmp_path / "dim.csv", header, [["WK900101", *vals, *vals], ["1011", *vals, *vals]])
    write_csv(tmp_path / "kl.csv", ["CODE", "KL12", "KL14", "VKL1214"], [["WK900101", "6", "7", "5"]])
    rep = rebuild([tmp_path / "dim.csv", tmp_path / "kl.csv"], tmp_path / "o.duckdb")
    assert rep.releases == ("lbm2-2014",)
    db = tmp_path / "o.duckdb"
    # a postcode (PC4) row is an area of its own level, directly below Nederland
    assert q(db, "SELECT level, parent_code, gemeente_code FROM areas WHERE code = '1011'") == [("pc4", "NL", None)]
    assert q(db, "SELECT jaar, afw FROM scores WHERE code = '1011' ORDER BY jaar") == [(2012, 0.15), (2014, 0.15)]
    assert q(db, "SELECT jaar, afw, bev, klasse, klasse_source FROM scores WHERE code='WK900101' ORDER BY jaar") == [
        (2012, 0.15, 0.02, 6, "file"), (2014, 0.15, 0.02, 7, "file")]
    assert q(db, "SELECT release, code, from_jaar, to_jaar, vklasse FROM developments") == [
        ("lbm2-2014", "WK900101", 2012, 2014, 5)]


def test_synthetic_marks(tmp_path: Path) -> None:
    rebuild([wijk_file(tmp_path)], tmp_path / "o.duckdb", synthetic=True)
    db = tmp_path / "o.duckdb"
    meta = dict(q(db, "SELECT key, value FROM meta"))
    assert meta["synthetic"] == "true" and meta["notice"] == "DEMO DATA — synthetic"
    assert q(db, "SELECT synthetic, label FROM releases") == [
        (True, "Leefbaarometer 3.0, meting 2022 (DEMO — synthetic)")]


def test_progress_events(tmp_path: Path) -> None:
    events: list[tuple] = []

    class P:
        def file_started(self, name: str, index: int, total: int) -> None:
            events.append(("start", index, total))

        def file_done(self, name: str, rows: int) -> None:
            events.append(("done", rows))

        def step(self, message: str) -> None:
            events.append(("step",))

    rebuild([wijk_file(tmp_path)], tmp_path / "o.duckdb", progress=P())
    assert events[:2] == [("start", 1, 1), ("done", 8)]


def test_json_not_population_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(json.dumps({"a": 1}), encoding="utf-8")
    rep = rebuild([wijk_file(tmp_path), tmp_path / "x.json"], tmp_path / "o.duckdb")
    assert any("x.json" in w for w in rep.warnings)
    _ = score_row


def test_sources_the_demo_generator_wrote_build_a_synthetic_database(tmp_path: Path) -> None:
    import zipfile

    from leeftui import demo

    files = demo.generate(tmp_path / "gen", seed=7, scale=0.005)
    rebuild([files.out_dir], tmp_path / "folder.duckdb")  # no synthetic flag: the marker beside the files says it
    zipped = tmp_path / "gen.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        for p in sorted(files.out_dir.iterdir()):
            zf.write(p, p.name)
    rebuild([zipped], tmp_path / "zip.duckdb")
    for db in (tmp_path / "folder.duckdb", tmp_path / "zip.duckdb"):
        meta = dict(q(db, "SELECT key, value FROM meta"))
        assert meta["synthetic"] == "true" and meta["notice"] == "DEMO DATA — synthetic"
        assert q(db, "SELECT synthetic FROM releases") == [(True,)]
