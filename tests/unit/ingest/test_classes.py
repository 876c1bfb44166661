"""Classes for LBM 3.0: the reconstructed meting-2024 bounds leeftui ships, applied by default to that release
only, checked against the official class codes of 1,770 real buurten."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from leeftui.errors import UsageError
from leeftui.ingest import rebuild
from leeftui.ingest.extras import SHIPPED_CLASSES
from tests.dbquery import q
from tests.unit.ingest.helpers import score_row, write_csv

NORTH = "lbm3-meting2024-buurten-north"
OFFICIAL = {"klasse": "kscore", "klasse_afw": "kafw", "klasse_fys": "kfys", "klasse_onv": "konv",
            "klasse_soc": "ksoc", "klasse_vrz": "kvrz", "klasse_won": "kwon"}


@pytest.fixture()
def north(real: Path, tmp_path: Path) -> Path:
    rebuild([real / NORTH / "buurten_2024_official_layout.csv"], tmp_path / "north.duckdb")
    return tmp_path / "north.duckdb"


def test_every_real_buurt_gets_its_official_classes(north: Path, real: Path) -> None:
    with (real / NORTH / "buurten_2024_official_classes.csv").open(encoding="utf-8") as fh:
        official = {r["bu_code"]: r for r in csv.DictReader(fh)}
    assert len(official) == 1770
    cols = ", ".join(OFFICIAL)
    got = {code: row for code, *row in q(north, f"SELECT code, {cols} FROM scores WHERE jaar = 2024 AND official "
                                                "AND code LIKE 'BU%'")}
    assert set(got) == set(official)
    wrong = [(code, field, value, official[code][k]) for code, row in got.items()
             for (field, k), value in zip(OFFICIAL.items(), row, strict=True) if value != int(official[code][k])]
    assert wrong == []  # all 1,770 × 7 classes equal the official codes


def test_the_source_says_reconstructed_not_published(north: Path) -> None:
    (source,) = q(north, "SELECT classes_source FROM releases WHERE release = 'lbm3-2024'")[0]
    assert "reconstructed from the official class codes of meting 2024" in source
    assert "not the published table" in source and "leeftui/data/classes-lbm3-meting2024.csv" in source
    assert q(north, "SELECT kind, rows FROM sources WHERE file = 'leeftui/data/classes-lbm3-meting2024.csv'") == [
        ("classes", 63)]


def test_the_shipped_file_says_what_it_is() -> None:
    text = SHIPPED_CLASSES.read_text(encoding="utf-8")
    assert "RECONSTRUCTED from the official class codes, NOT THE PUBLISHED TABLE" in text.splitlines()[0]
    assert "lbm3:buurtscore24" in text and "Checked on wave 2024 of meting 2024 only" in text


def _meting(tmp_path: Path, last_wave: int) -> Path:
    rows = [score_row(f"WK9001{i:02d}", f"Wijk {i}", jaar, -0.3 + 0.1 * i) for i in range(1, 7)
            for jaar in (2020, last_wave)]
    return write_csv(tmp_path / f"wijken-{last_wave}.csv",
                     ("wk_code", "wk_naam", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won"), rows)


def test_no_classes_turns_them_off(tmp_path: Path) -> None:
    rebuild([_meting(tmp_path, 2024)], tmp_path / "off.duckdb", no_classes=True)
    assert q(tmp_path / "off.duckdb", "SELECT count(klasse), count(klasse_fys) FROM scores") == [(0, 0)]
    assert q(tmp_path / "off.duckdb", "SELECT classes_source FROM releases") == [(None,)]
    with pytest.raises(UsageError, match="not both"):
        rebuild([_meting(tmp_path, 2024)], tmp_path / "x.duckdb", classes=SHIPPED_CLASSES, no_classes=True)


def test_another_meting_gets_no_classes_and_a_warning(tmp_path: Path) -> None:
    report = rebuild([_meting(tmp_path, 2022)], tmp_path / "m22.duckdb")
    db = tmp_path / "m22.duckdb"
    assert q(db, "SELECT count(klasse) FROM scores") == [(0,)]
    assert q(db, "SELECT classes_source FROM releases") == [(None,)]
    (message,) = q(db, "SELECT message FROM build_warnings WHERE kind = 'classes-none'")[0]
    assert "lbm3-2022" in message and "not applied to another release" in message and "--classes" in message
    assert report.classes_source is None


def test_a_classes_file_overrides_the_shipped_bounds(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text("release,scale,klasse,lower,upper,label,source\n"
                   + "".join(f",lbm,{k},{'' if k == 1 else round(3.5 + 0.1 * k, 1)},"
                             f"{'' if k == 9 else round(3.6 + 0.1 * k, 1)},,my table\n"
                             for k in range(1, 10)), encoding="utf-8")
    rebuild([_meting(tmp_path, 2024)], tmp_path / "own.duckdb", classes=own)
    db = tmp_path / "own.duckdb"
    assert q(db, "SELECT classes_source FROM releases") == [("my table (own.csv)",)]
    assert q(db, "SELECT count(klasse), count(klasse_fys) FROM scores WHERE official") == [(12, 0)]
