"""Tests of the synthetic demo generator (leeftui.demo)."""

from __future__ import annotations

import csv
import re
import statistics
import tomllib
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from leeftui import demo
from leeftui.schema import CLASS_LABELS, DIMENSION_CLASS_FIELDS, DIMENSIONS_LBM3

DIMS = DIMENSIONS_LBM3
CODE_RE = {"gemeente": re.compile(r"GM\d{4}"), "wijk": re.compile(r"WK\d{6}"), "buurt": re.compile(r"BU\d{8}")}
LEVELS = ("gemeente", "wijk", "buurt")
PFX = {"gemeente": "gm", "wijk": "wk", "buurt": "bu"}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> demo.DemoFiles:
    return demo.generate(tmp_path_factory.mktemp("demo"), seed=2024)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def scores(files) -> dict[str, list[dict[str, str]]]:
    return {lvl: _rows(p) for lvl, p in zip(LEVELS, files.scores, strict=True)}


@pytest.fixture(scope="module")
def population(files) -> dict[tuple[str, int], tuple[int, int]]:
    out = {}
    for p in files.population:
        with p.open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter=";"):
                out[(r["WijkenEnBuurten"].strip(), int(r["Perioden"][:4]))] = (
                    int(r["AantalInwoners_5"]), int(r["Woningvoorraad_35"]))
    return out


def _series(rows, level) -> dict[str, dict[int, dict[str, str]]]:
    out: dict[str, dict[int, dict[str, str]]] = {}
    for r in rows:
        out.setdefault(r[f"{PFX[level]}_code"], {})[int(r["jaar"])] = r
    return out


def _nearest(year: int, years) -> int:
    return min(years, key=lambda y: (abs(y - year), y))


def _national_mean(scores, population, files, year: int) -> float:
    py = _nearest(year, files.population_years)
    rows = [r for r in scores["gemeente"] if int(r["jaar"]) == year]
    w = [population[(r["gm_code"], py)][0] for r in rows]
    return sum(float(r["afw"]) * x for r, x in zip(rows, w, strict=True)) / sum(w)


def _score_class_rows(files) -> list[dict[str, str]]:
    return [r for r in _rows(files.classes) if r["field"] == "klasse"]


def _class_lowers(files) -> list[float]:
    return [float(r["lower"]) for r in _score_class_rows(files)[1:]]


def _klasse(lbm: float, lowers: list[float]) -> int:
    return 1 + sum(lbm >= lo for lo in lowers)


# --- files and layouts -----------------------------------------------------------------


def test_file_names(files):
    assert [p.name for p in files.scores] == [
        "Leefbaarometer-scores gemeenten 2002-2024.csv",
        "Leefbaarometer-scores wijken 2002-2024.csv",
        "Leefbaarometer-scores buurten 2002-2024.csv",
    ]
    assert files.population_years == (2014, 2016, 2018, 2020, 2022, 2024)
    assert [p.name for p in files.population] == [
        f"Kerncijfers wijken en buurten {y}.csv" for y in files.population_years]
    assert files.area_sets.suffix == ".toml"
    assert files.classes.name == "DEMO-klassegrenzen.csv"
    assert files.grid is None
    assert all(p.exists() for p in files.all_files())


def test_score_file_text_layout(files):
    for lvl, p in zip(LEVELS, files.scores, strict=True):
        lines = p.read_text(encoding="utf-8").split("\n")
        x = PFX[lvl]
        assert lines[0] == f'"{x}_code","{x}_naam","jaar","lbm","afw","fys","onv","soc","vrz","won"'
        assert lines[-1] == ""  # ends with a newline, no CR
        line_re = re.compile(r'"[A-Z]{2}\d+","[^"]+",\d{4}(,(-?\d+\.\d+|NA)){7}')
        for line in lines[1:-1]:
            assert line_re.fullmatch(line), line
            assert "e" not in line.split(",", 2)[2].lower().replace("na", "")  # plain decimals


def test_structure_counts_and_codes(scores):
    codes = {lvl: {r[f"{PFX[lvl]}_code"] for r in scores[lvl]} for lvl in LEVELS}
    assert len(codes["gemeente"]) >= 12
    assert len(codes["wijk"]) >= 100
    assert len(codes["buurt"]) >= 600
    for lvl in LEVELS:
        assert all(CODE_RE[lvl].fullmatch(c) for c in codes[lvl])
        assert all(c[2] == "9" for c in codes[lvl])  # fictional range GM9xxx
    assert {"GM" + c[2:6] for c in codes["wijk"]} == codes["gemeente"]
    assert {"WK" + c[2:8] for c in codes["buurt"]} == codes["wijk"]
    names = {r["gm_naam"] for r in scores["gemeente"]}
    assert len(names) == len(codes["gemeente"])  # unique
    assert not names & {"Amsterdam", "Rotterdam", "Utrecht", "Veendam", "Zaandam", "Eindhoven"}


def test_one_row_per_area_per_wave_and_na_pattern(scores):
    for lvl in LEVELS:
        for code, by_year in _series(scores[lvl], lvl).items():
            assert tuple(sorted(by_year)) == demo.WAVES, code
            for year, r in by_year.items():
                assert r["lbm"] != "NA" and r["afw"] != "NA"
                dims_na = [r[d] == "NA" for d in DIMS]
                if year in (2002, 2008, 2012, 2016):
                    assert all(dims_na), (code, year)
                else:
                    assert not any(dims_na), (code, year)
                    assert all(-0.45 <= float(r[d]) <= 0.45 for d in DIMS)


def test_invariants_exact_in_decimal(scores):
    const = Decimal("4.10226485")
    for lvl in LEVELS:
        for r in scores[lvl]:
            afw, lbm = Decimal(r["afw"]), Decimal(r["lbm"])
            assert lbm - afw == const
            if r["fys"] != "NA":
                assert afw == sum(Decimal(r[d]) for d in DIMS)


def test_dimensions_small(scores):
    vals = [float(r[d]) for r in scores["buurt"] if r["fys"] != "NA" for d in DIMS]
    assert statistics.pstdev(vals) < 0.12
    assert sum(abs(v) <= 0.3 for v in vals) / len(vals) > 0.99


# --- realism -------------------------------------------------------------------------------


def test_aggregation_is_inhabitant_weighted(files, scores, population):
    bu = _series(scores["buurt"], "buurt")
    wk = _series(scores["wijk"], "wijk")
    gm = _series(scores["gemeente"], "gemeente")
    for year in (2008, 2024):
        py = _nearest(year, files.population_years)
        for wcode, by_year in wk.items():
            members = [c for c in bu if c.startswith("BU" + wcode[2:])]
            w = [population[(c, py)][0] for c in members]
            mean = sum(float(bu[c][year]["afw"]) * x for c, x in zip(members, w, strict=True)) / sum(w)
            assert float(by_year[year]["afw"]) == pytest.approx(mean, abs=1e-8)
        for gcode, by_year in gm.items():
            members = [c for c in wk if c.startswith("WK" + gcode[2:])]
            w = [population[(c, py)][0] for c in members]
            mean = sum(float(wk[c][year]["afw"]) * x for c, x in zip(members, w, strict=True)) / sum(w)
            assert float(by_year[year]["afw"]) == pytest.approx(mean, abs=1e-8)


def test_spatial_correlation_within_wijk(scores):
    bu = [r for r in scores["buurt"] if r["jaar"] == "2024"]
    by_wk: dict[str, list[float]] = {}
    for r in bu:
        by_wk.setdefault(r["bu_code"][2:8], []).append(float(r["afw"]))
    within = statistics.mean(statistics.pvariance(v) for v in by_wk.values() if len(v) > 1)
    total = statistics.pvariance([float(r["afw"]) for r in bu])
    assert within < 0.6 * total


def test_national_trend_improves_with_stall(files, scores, population):
    means = [_national_mean(scores, population, files, y) for y in demo.WAVES]
    steps = dict(zip(pairwise(demo.WAVES), (b - a for a, b in pairwise(means)), strict=True))
    stall = steps.pop((2008, 2012))
    assert abs(stall) < 0.005
    assert all(d > 0.01 for d in steps.values()), steps
    assert means[-1] - means[0] > 0.1


def test_decliners_while_country_improves(files, scores, population):
    assert _national_mean(scores, population, files, 2024) > _national_mean(scores, population, files, 2022)
    assert _national_mean(scores, population, files, 2022) > _national_mean(scores, population, files, 2020)
    wk = _series(scores["wijk"], "wijk")
    for a, b in ((2020, 2022), (2022, 2024)):
        down = [c for c, s in wk.items() if float(s[b]["afw"]) < float(s[a]["afw"]) - 0.005]
        assert len(down) >= 3, (a, b)
        # the decline shows in the dimensions too
        assert any(float(wk[c][b]["onv"]) < float(wk[c][a]["onv"]) for c in down)


def test_lowest_areas_improve_most(scores):
    bu = _series(scores["buurt"], "buurt")
    ranked = sorted(bu, key=lambda c: float(bu[c][2002]["afw"]))
    q = len(ranked) // 4

    def gain(cs):
        return statistics.mean(float(bu[c][2024]["afw"]) - float(bu[c][2002]["afw"]) for c in cs)

    assert gain(ranked[:q]) > gain(ranked[-q:])


# --- classes -------------------------------------------------------------------------------


def test_classes_file_format(files):
    text = files.classes.read_text(encoding="utf-8")
    assert text.split("\n")[0] == "release,field,scale,klasse,lower,upper,label,source"
    everything = _rows(files.classes)
    assert [r["field"] for r in everything[::9]] == ["klasse", *DIMENSION_CLASS_FIELDS]
    assert all(r["source"] == "DEMO — synthetic boundaries, not the official LBM 3.0 table" for r in everything)
    for r in everything[9:]:
        assert r["scale"] == r["field"].removeprefix("klasse_")
    rows = _score_class_rows(files)
    assert [(int(r["klasse"]), r["label"]) for r in rows] == list(CLASS_LABELS)
    assert all(r["release"] == "" and r["scale"] == "lbm" for r in rows)
    assert rows[0]["lower"] == "" and rows[-1]["upper"] == ""
    for a, b in pairwise(rows):
        assert a["upper"] == b["lower"]
        assert float(a["upper"]) < (float(b["upper"]) if b["upper"] else float("inf"))


def test_all_nine_classes_present(files, scores):
    lowers = _class_lowers(files)
    for year in demo.WAVES:  # at buurt level, in every wave of the default seed
        ks = {_klasse(float(r["lbm"]), lowers) for r in scores["buurt"] if int(r["jaar"]) == year}
        assert ks == set(range(1, 10)), year


# --- population ----------------------------------------------------------------------------


def test_population_layout_and_coherence(files, scores, population):
    for p, year in zip(files.population, files.population_years, strict=True):
        lines = p.read_text(encoding="utf-8").split("\n")
        assert lines[0] == "ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35;HuishoudensTotaal_29"
        for i, line in enumerate(lines[1:-1]):
            f = line.split(";")
            assert f[0] == str(i) and len(f[1]) == 10 and f[2] == f"{year}JJ00"
    for year in files.population_years:
        for lvl_up, lvl_down, n in (("gemeente", "wijk", 6), ("wijk", "buurt", 8)):
            up = {r[f"{PFX[lvl_up]}_code"] for r in scores[lvl_up]}
            down = {r[f"{PFX[lvl_down]}_code"] for r in scores[lvl_down]}
            for code in up:
                parts = [population[(c, year)] for c in down if c[2:n] == code[2:]]
                assert parts
                assert population[(code, year)] == (sum(x[0] for x in parts), sum(x[1] for x in parts))
    total = sum(v[0] for (c, y), v in population.items() if y == 2024 and c.startswith("GM"))
    assert 300_000 < total < 3_000_000


# --- area set ------------------------------------------------------------------------------


def test_area_set(files, scores):
    data = tomllib.loads(files.area_sets.read_text(encoding="utf-8"))
    (s,) = data["set"]
    assert s["name"] == "demo-aandachtswijken"
    assert "synthetic" in s["description"]
    members = s["members"]
    assert 8 <= len(members) <= 12
    assert all(m["start"] == 2007 for m in members)
    assert [m.get("end") for m in members if "end" in m] == [2013]
    wk = _series(scores["wijk"], "wijk")
    assert all(m["code"] in wk for m in members)
    median08 = statistics.median(float(s_[2008]["afw"]) for s_ in wk.values())
    q1_08 = sorted(float(s_[2008]["afw"]) for s_ in wk.values())[len(wk) // 3]
    assert all(float(wk[m["code"]][2008]["afw"]) <= q1_08 < median08 for m in members)
    # they improve more than the rest after 2008
    codes = {m["code"] for m in members}

    def gain(cs):
        return statistics.mean(float(wk[c][2024]["afw"]) - float(wk[c][2008]["afw"]) for c in cs)

    assert gain(codes) > gain(set(wk) - codes)


# --- determinism, scale, grid -------------------------------------------------------------


def test_same_seed_byte_identical(files, tmp_path):
    again = demo.generate(tmp_path / "a", seed=2024)
    for p, q in zip(files.all_files(), again.all_files(), strict=True):
        assert p.name == q.name and p.read_bytes() == q.read_bytes()
    other = demo.generate(tmp_path / "b", seed=2025)
    assert other.scores[2].read_bytes() != files.scores[2].read_bytes()


def test_scale_options(tmp_path):
    f = demo.generate(tmp_path / "s", scale=0.01)
    assert dict(f.counts) == {"gemeente": 4, "wijk": 35, "buurt": 170}
    assert demo.generate(tmp_path / "t", scale="0.01").counts == f.counts
    with pytest.raises(ValueError):
        demo.generate(tmp_path / "u", scale="huge")
    with pytest.raises(ValueError):
        demo.generate(tmp_path / "v", scale=0)


def test_grid_stand_in(tmp_path):
    plain = demo.generate(tmp_path / "plain", seed=5, scale=0.005)
    with_grid = demo.generate(tmp_path / "grid", seed=5, scale=0.005, grid=True)
    for p, q in zip(plain.all_files(), with_grid.all_files(), strict=False):  # grid adds a file, changes no other
        assert p.read_bytes() == q.read_bytes()
    rows = _rows(with_grid.grid)
    assert with_grid.grid.read_text().split("\n")[0] == '"grid_id","jaar","lbm","afw","fys","onv","soc","vrz","won"'
    cells = {r["grid_id"] for r in rows}
    assert len(rows) == 9 * len(cells) == 9 * dict(with_grid.counts)["grid"]
    assert 10 * 85 < len(cells) < 40 * 85
    assert all(re.fullmatch(r"E\d{4}N\d{4}", c) for c in cells)
    for r in rows:
        assert Decimal(r["lbm"]) - Decimal(r["afw"]) == Decimal("4.10226485")
        if r["fys"] != "NA":
            assert Decimal(r["afw"]) == sum(Decimal(r[d]) for d in DIMS)
        else:
            assert int(r["jaar"]) in (2002, 2008, 2012, 2016)


def test_detailed_outlines_have_as_many_vertices_as_real_ones(tmp_path):
    """``outline_points`` adds wobbling points along each edge (the benchmark's outlines, 53 vertices like the
    WFS's 50): valid polygons about as large as the rectangles; without it the file is unchanged."""
    import json

    import shapely

    plain = demo.generate(tmp_path / "a", outlines=True).outlines
    again = demo.generate(tmp_path / "b", outlines=True, outline_points=0).outlines
    assert plain.read_bytes() == again.read_bytes()
    detailed = demo.generate(tmp_path / "c", outlines=True, outline_points=12).outlines

    def shapes(path):
        return {f["properties"]["code"]: shapely.geometry.shape(f["geometry"])
                for f in json.loads(path.read_text())["features"]}

    rect, wobbly = shapes(plain), shapes(detailed)
    assert rect.keys() == wobbly.keys()
    assert {len(g.exterior.coords) for g in wobbly.values()} == {53}
    assert all(g.is_valid for g in wobbly.values())
    assert all(abs(wobbly[c].area - rect[c].area) < 0.05 * rect[c].area for c in rect)
