"""A derived figure says what it stands on: a gemeente from part of its wijken is partial, a national mean over
part of the country is not called Nederland."""

from __future__ import annotations

from pathlib import Path

import pytest

from leeftui.ingest import rebuild
from leeftui.model.selection import Selection
from leeftui.store import open_database
from leeftui.store.profile import area_profile
from leeftui.store.select import select
from tests.dbquery import q
from tests.unit.ingest.helpers import wijk_file


def _population(folder: Path) -> Path:
    """CBS 2022: two gemeenten; GM9001 has three wijken, the score file only two of them."""
    rows = [("GM9001", 5000), ("GM9002", 400), ("WK900101", 1000), ("WK900102", 2000), ("WK900103", 2000),
            ("WK900201", 300), ("WK900202", 100)]
    path = folder / "kwb.csv"
    path.write_text("ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35\n"
                    + "".join(f"{i};{c:<10};2022JJ00;{n};1\n" for i, (c, n) in enumerate(rows)), encoding="utf-8")
    return path


@pytest.fixture()
def partial(tmp_path: Path) -> Path:
    rebuild([wijk_file(tmp_path), _population(tmp_path)], tmp_path / "p.duckdb")
    return tmp_path / "p.duckdb"


def test_a_gemeente_from_part_of_its_wijken_is_partial(partial: Path) -> None:
    rows = q(partial, "SELECT code, parts, parts_expected, inwoners_parts, inwoners_whole, partial, description "
                      "FROM coverage WHERE jaar = 2022 ORDER BY code")
    assert rows == [
        ("GM9001", 2, 3, 3000, 5000, True, "partial: 2 of 3 wijken, 3,000 of 5,000 inhabitants"),
        ("GM9002", 2, 2, 400, 400, False, "all 2 wijken"),
        ("NL", 2, 2, 5400, 5400, False, "all 2 gemeenten"),
    ]
    warnings = [m for (m,) in q(partial, "SELECT message FROM build_warnings WHERE kind = 'partial'")]
    assert len(warnings) == 1 and "GM9001 in 2022" in warnings[0] and "2 of 3 wijken" in warnings[0]
    assert q(partial, "SELECT name FROM areas WHERE code = 'NL'") == [("Nederland",)]  # the whole country


def test_partial_shows_in_exports_and_the_profile(partial: Path) -> None:
    db = open_database(partial)
    try:
        long = {(r["code"], r["jaar"]): r for r in select(db, db.default_release,
                                                          Selection(level="gemeente")).to_pylist()}
        assert long[("GM9001", 2022)]["partial"].startswith("partial: 2 of 3 wijken")
        assert long[("GM9002", 2022)]["partial"] is None
        wide = select(db, db.default_release, Selection(level="gemeente", compare=(2020, 2022))).to_pylist()
        assert [r["partial_2022"] is not None for r in wide] == [True, False]
        p = area_profile(db, db.default_release, "GM9001")
        assert p.series.at(2022).partial == "partial: 2 of 3 wijken, 3,000 of 5,000 inhabitants"
    finally:
        db.close()


def test_an_extract_is_not_nederland(real: Path, tmp_path: Path) -> None:
    cbs = real / "cbs-kwb2024-gemeente-wijk"
    rebuild([real / "lbm3-wijken-amstelveen-extract" / "AmstelveenDataWithDimensions.csv",
             cbs / "stripped_filtered_data_2024.json", cbs / "TableInfos.json"], tmp_path / "a.duckdb")
    db = tmp_path / "a.duckdb"
    assert q(db, "SELECT name FROM areas WHERE code = 'NL'") == [("all loaded areas (1 gemeente)",)]
    (text,) = q(db, "SELECT description FROM coverage WHERE code = 'NL' ORDER BY jaar DESC LIMIT 1")[0]
    assert text.startswith("partial: 1 of 34") and "of 17,9" in text
    assert q(db, "SELECT description FROM coverage WHERE code = 'GM0362' ORDER BY jaar DESC LIMIT 1") == [
        ("all 14 wijken",)]


def test_without_a_cbs_list_a_mean_of_implied_gemeenten_is_not_nederland(tmp_path: Path) -> None:
    rebuild([wijk_file(tmp_path)], tmp_path / "n.duckdb")
    db = tmp_path / "n.duckdb"
    assert q(db, "SELECT name FROM areas WHERE code = 'NL'") == [("all loaded areas (2 gemeenten)",)]
    (text,) = q(db, "SELECT description FROM coverage WHERE code = 'NL' ORDER BY jaar DESC LIMIT 1")[0]
    assert text == "2 gemeenten loaded, no CBS list to check them against the country"


def test_derived_rows_keep_the_national_reference(real: Path, tmp_path: Path) -> None:
    """LBM 3.0: lbm − afw is the release's national reference; derived gemeente and national rows keep it."""
    rebuild([real / "lbm3-wijken-amstelveen-extract" / "AmstelveenDataWithDimensions.csv"], tmp_path / "a.duckdb")
    db = tmp_path / "a.duckdb"
    (const,) = q(db, "SELECT national_constant FROM releases")[0]
    gaps = [abs(lbm - afw - const) for lbm, afw in q(db, "SELECT lbm, afw FROM scores WHERE NOT official")]
    assert gaps and max(gaps) < 1e-12


def test_db_info_lists_partial_figures(partial: Path) -> None:
    from leeftui.store.info import database_info

    db = open_database(partial)
    try:
        info = database_info(db)
    finally:
        db.close()
    assert info.partial_figures == ("lbm3-2022 GM9001 2022: partial: 2 of 3 wijken, 3,000 of 5,000 inhabitants",)
    wijken = [line for line in info.population_coverage if " wijken: " in line]
    assert wijken == ["lbm3-2022 wijken: inhabitants known for 4 of 4 (100%; CBS 2022)"]
