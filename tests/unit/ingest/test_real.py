"""Rebuilds from the real extracts in shared/data/real, checked value by value against the source rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from leeftui.ingest import rebuild
from tests.dbquery import q


@pytest.fixture()
def amstelveen(real: Path, tmp_path: Path) -> Path:
    cbs = real / "cbs-kwb2024-gemeente-wijk"
    rebuild([real / "lbm3-wijken-amstelveen-extract" / "AmstelveenDataWithDimensions.csv",
             cbs / "stripped_filtered_data_2024.json", cbs / "TableInfos.json"], tmp_path / "a.duckdb")
    return tmp_path / "a.duckdb"


def test_amstelveen_exact_values(amstelveen: Path, real: Path) -> None:
    assert q(amstelveen, "SELECT lbm FROM scores WHERE code = 'WK036201' AND jaar = 2014") == [(4.270599604867483,)]
    src = list(csv.reader((real / "lbm3-wijken-amstelveen-extract" / "AmstelveenDataWithDimensions.csv")
                          .open(encoding="utf-8")))[1:]
    assert len(src) == 56
    got = {(c, j): tuple(row) for c, j, *row in q(amstelveen, "SELECT code, jaar, lbm, afw, fys, onv, soc, vrz, won "
                                                      "FROM scores WHERE official")}
    assert len(got) == 56
    for r in src:
        assert got[(r[1], int(r[3]))] == tuple(float(x) for x in r[4:]), r[:4]
    assert q(amstelveen, "SELECT name, parent_code, official FROM areas WHERE code = 'WK036201'") == [
        ("Randwijck", "GM0362", True)]
    const = q(amstelveen, "SELECT national_constant FROM releases")[0][0]
    assert abs(const - 4.10226485) < 1e-8
    assert q(amstelveen, "SELECT count(*) FROM build_warnings WHERE kind LIKE 'afw%' OR kind LIKE 'lbm%'") == [(0,)]


def test_amstelveen_population_from_json(amstelveen: Path, real: Path) -> None:
    data = json.loads((real / "cbs-kwb2024-gemeente-wijk" / "stripped_filtered_data_2024.json").read_text())
    for code in ("GM0362", "WK036203", "WK0363AA"):
        assert q(amstelveen, "SELECT inwoners, woningen, jaar FROM population WHERE code = ?", [code]) == [
            (data[code]["AantalInwoners_5"], data[code]["Woningvoorraad_35"], 2024)]
    detail = q(amstelveen, "SELECT detail FROM sources WHERE kind = 'population'")[0][0]
    assert detail.startswith("year 2024 from TableInfos.json Period")


def test_amstelveen_derived_gemeente_is_weighted_mean(amstelveen: Path, real: Path) -> None:
    data = json.loads((real / "cbs-kwb2024-gemeente-wijk" / "stripped_filtered_data_2024.json").read_text())
    rows = list(csv.reader((real / "lbm3-wijken-amstelveen-extract" / "AmstelveenDataWithDimensions.csv")
                           .open(encoding="utf-8")))[1:]
    cols = ("lbm", "afw", "fys", "onv", "soc", "vrz", "won")
    for jaar in (2014, 2018, 2020, 2022):
        wave = [r for r in rows if int(r[3]) == jaar]
        w = [data[r[1]]["AantalInwoners_5"] for r in wave]
        expect = [sum(wi * float(r[4 + i]) for wi, r in zip(w, wave, strict=True)) / sum(w) for i in range(len(cols))]
        got = q(amstelveen, f"SELECT {', '.join(cols)}, official FROM scores WHERE code = 'GM0362' AND jaar = ?",
                [jaar])[0]
        assert got[-1] is False
        assert got[:-1] == pytest.approx(expect, rel=1e-12, abs=1e-15)
        nl = q(amstelveen, "SELECT lbm, official FROM scores WHERE code = 'NL' AND jaar = ?", [jaar])[0]
        assert nl == (pytest.approx(expect[0], rel=1e-12), False)
    assert q(amstelveen, "SELECT official, name FROM areas WHERE code = 'GM0362'") == [(False, None)]
    meta = dict(q(amstelveen, "SELECT key, value FROM meta"))
    assert meta["default_release"] == "lbm3-2022" and "2024" in meta["population_note"]


def test_lbm2_gemeente_xlsx(real: Path, tmp_path: Path) -> None:
    folder = real / "lbm2-meting2016-gemeente-wijk"
    rep = rebuild([folder / "score_gemeente.xlsx", folder / "dimensiescore_gemeente (stand).xlsx"],
                  tmp_path / "l.duckdb")
    assert rep.releases == ("lbm2-2016",)
    db = tmp_path / "l.duckdb"
    assert q(db, "SELECT klasse, klasse_source FROM scores WHERE code = 'GM0003' AND jaar = 2002") == [(6, "file")]
    assert q(db, "SELECT klasse FROM scores WHERE code = 'GM0005' AND jaar = 2016") == [(8,)]
    assert q(db, "SELECT afw, won, bev, vrz, vei, fys, lbm FROM scores WHERE code = 'GM0003' AND jaar = 2012") == [
        (-0.0627169177006985, -0.0345581517879112, 0.0180477945262793, -0.110413451954428, 0.0642649287371228,
         -5.80372218154657e-05, None)]
    assert q(db, "SELECT vklasse FROM developments "
                 "WHERE code = 'GM0005' AND from_jaar = 2002 AND to_jaar = 2016") == [(5,)]
    assert q(db, "SELECT count(*) FROM areas WHERE level = 'gemeente' AND official") == [(390,)]
    assert q(db, "SELECT count(*) FROM scores WHERE NOT official AND code <> 'NL'") == [(0,)]


def test_lbm3_pc4_scores_exact(real: Path, tmp_path: Path) -> None:
    """The official PC4 table of meting 2022 (32,300 rows): every value as in the file, NA as NULL."""
    folder = real / "lbm3-meting2022-pc4"
    rep = rebuild([folder / "scores.csv"], tmp_path / "p.duckdb")
    db = tmp_path / "p.duckdb"
    assert rep.releases == ("lbm3-2022",) and rep.areas_per_level["pc4"] == 4058
    src = list(csv.reader((folder / "scores.csv").open(encoding="utf-8")))
    assert src[0] == ["PC4", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won"] and len(src) - 1 == 32300
    got = {(c, j): tuple(v) for c, j, *v in q(db, "SELECT code, jaar, lbm, afw, fys, onv, soc, vrz, won FROM scores")}
    assert len(got) == 32300
    for code, jaar, *values in src[1:]:
        assert got[(code, int(jaar))] == tuple(None if x == "NA" else float(x) for x in values)
    assert q(db, "SELECT DISTINCT level, parent_code, gemeente_code FROM areas WHERE code <> 'NL'") == [
        ("pc4", "NL", None)]


def test_lbm2_pc4_classes_and_dimensions(real: Path, tmp_path: Path) -> None:
    folder = real / "lbm2-meting2018-pc4"
    rep = rebuild([folder], tmp_path / "p.duckdb")
    db = tmp_path / "p.duckdb"
    assert rep.releases == ("lbm2-2018",)
    assert q(db, "SELECT klasse, afw, won FROM scores WHERE code = '1012' AND jaar = 2012") == [(9, 0.565, 0.244)]
    assert q(db, "SELECT vklasse FROM developments WHERE code = '1011' AND from_jaar = 2002 AND to_jaar = 2008") == [
        (5,)]
    assert q(db, "SELECT count(*) FROM areas WHERE level = 'pc4'") == [(rep.areas_per_level["pc4"],)]


def test_population_of_another_area_division_is_reported(real: Path, tmp_path: Path) -> None:
    """LBM 2.0 wijken of 2016 with CBS figures of 2024: many wijken lack an inhabitants figure; the build says so."""
    folder = real / "lbm2-meting2016-gemeente-wijk"
    cbs = real / "cbs-kwb2024-gemeente-wijk"
    rep = rebuild([folder / "wijk.xlsx", cbs / "stripped_filtered_data_2024.json", cbs / "TableInfos.json"],
                  tmp_path / "w.duckdb")
    (line,) = [c for c in rep.population_coverage if "wijken" in c]
    assert line.startswith("lbm2-2016 wijken: inhabitants known for ") and "CBS 2024" in line
    known, total = (int(x.replace(",", "")) for x in line.split("known for ")[1].split(" (")[0].split(" of "))
    assert 0 < known < total
    warnings = [m for (m,) in q(tmp_path / "w.duckdb",
                                "SELECT message FROM build_warnings WHERE kind = 'population-coverage'")]
    assert any("wijken: inhabitants known for" in m and "another area division" in m for m in warnings)
