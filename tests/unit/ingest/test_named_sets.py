"""The 40 aandachtswijken ship as a definition by name: matched within their gemeente (accents, case, hyphens
ignored; a wijk brings its buurten), with every unmatched or ambiguous member reported and an override file for
the cases that need a human; on the real buurt names of Groningen, Fryslân and Drenthe too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.errors import BuildError
from leeftui.ingest import rebuild
from leeftui.ingest.named_sets import SHIPPED_SETS, normalise, read_definition
from tests.dbquery import q
from tests.unit.ingest.helpers import score_row, write_csv

NORTH = "lbm3-meting2024-buurten-north"
runner = CliRunner()


def test_the_definition_names_the_forty_of_the_annex() -> None:
    d = read_definition(SHIPPED_SETS[0])
    assert d.name == "aandachtswijken-2007" and len(d.members) == 40
    assert len({m.gemeente for m in d.members}) == 18
    assert {m.key: m.end for m in d.members if m.end} == {"Amersfoort De Kruiskamp": 2012, "Nijmegen Hatert": 2013}
    zw = next(m for m in d.members if m.key == "Den Haag Zuid-West")
    assert {"Bouwlust", "Vrederust", "Morgenstond", "Moerwijk"} <= set(zw.areas)
    assert next(m for m in d.members if m.key == "Leeuwarden Heechterp/Schieringen").areas == ("Heechterp",
                                                                                              "Schieringen")


def test_names_are_compared_without_case_accents_hyphens_or_wijk_numbers() -> None:
    assert normalise("Groot-IJsselmonde") == normalise("groot ijsselmonde") == "grootijsselmonde"
    assert normalise("Wijk 03 De Hoogte") == normalise("De Hoogte")
    assert normalise("Bos en Lommer") == normalise("Bos-en-Lommer")
    assert normalise("Heechterp") != normalise("Schieringen")


def test_real_northern_buurten(real: Path, tmp_path: Path) -> None:
    rep = rebuild([real / NORTH / "buurten_2024_official_layout.csv"], tmp_path / "n.duckdb")
    db = tmp_path / "n.duckdb"
    members = dict(q(db, "SELECT m.code, a.name FROM area_set_members m JOIN areas a USING (code) "
                         "WHERE m.set_name = 'aandachtswijken-2007'"))
    assert members == {"BU00140300": "De Hoogte", "BU00805001": "Heechterp", "BU00805002": "Schieringen"}
    lines = rep.set_matching
    assert lines[0] == "aandachtswijken-2007: 2 of 40 members matched to 3 buurt areas of lbm3-2024."
    assert any(line.startswith("aandachtswijken-2007: 1 no wijk or buurt of that name") and "Groningen Korrewegwijk"
               in line for line in lines)
    assert any(line.startswith("aandachtswijken-2007: 37 not in this release") for line in lines)
    info = runner.invoke(app, ["db", "info", "--db", str(db), "--format", "json"])
    assert json.loads(info.stdout)["set_matching"] == list(lines)
    assert "leeftui/data/aandachtswijken-2007.toml  [area-set, 3 rows]" in runner.invoke(
        app, ["db", "info", "--db", str(db)]).output


def _sources(folder: Path) -> Path:
    """Zaanstad (GM0479) with a wijk Poelenburg, another gemeente with a buurt of that name; Rotterdam (GM0599)
    with a wijk 'Oude-Noorden', a wijk and (in another wijk) a buurt 'Crooswijk', a wijk 'Delfshaven'; Nijmegen
    with Hatert."""
    wijken = [("WK047901", "Poelenburg"), ("WK047902", "Centrum"), ("WK900101", "Dorp"),
              ("WK059901", "Wijk 01 Oude-Noorden"), ("WK059902", "Kralingen"), ("WK059903", "Delfshaven"),
              ("WK026801", "Hatert"), ("WK059904", "Crooswijk")]
    buurten = [("BU04790101", "Poelenburg-Noord"), ("BU04790102", "Poelenburg-Zuid"), ("BU04790201", "Centrum"),
               ("BU90010101", "Poelenburg"), ("BU05990101", "Oude Noorden"), ("BU05990102", "Agniesebuurt"),
               ("BU05990201", "Crooswijk"), ("BU05990301", "Oude Westen"), ("BU02680101", "Hatert"),
               ("BU05990401", "Rubroek")]
    folder.mkdir(parents=True, exist_ok=True)
    header = ("wk_code", "wk_naam", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won")
    write_csv(folder / "wijken.csv", header, [score_row(c, n, j) for c, n in wijken for j in (2012, 2014)])
    write_csv(folder / "buurten.csv", ("bu_code", "bu_naam", *header[2:]),
              [score_row(c, n, j) for c, n in buurten for j in (2012, 2014)])
    return folder


def test_matching_stays_within_the_gemeente_and_a_wijk_brings_its_buurten(tmp_path: Path) -> None:
    rep = rebuild([_sources(tmp_path / "src")], tmp_path / "m.duckdb")
    rows = q(tmp_path / "m.duckdb", "SELECT code, end_year, note FROM area_set_members ORDER BY code")
    codes = [c for c, _, _ in rows]
    assert "BU90010101" not in codes  # the other gemeente's Poelenburg
    assert {"BU04790101", "BU04790102"} <= set(codes) and "BU04790201" not in codes
    assert {"BU05990101", "BU05990102"} <= set(codes)  # the wijk 'Wijk 01 Oude-Noorden' and its buurten
    assert "BU05990301" in codes  # Oude Westen is a buurt
    assert "BU05990401" in codes and "BU05990201" not in codes  # the wijk Crooswijk, not the buurt elsewhere
    assert any(line.startswith("aandachtswijken-2007: Rotterdam Noord: 'Crooswijk' is a wijk (WK059904) and a "
                               "buurt outside it (BU05990201); took the wijk") for line in rep.set_matching)
    hatert = [r for r in rows if r[0] == "BU02680101"]
    assert hatert == [("BU02680101", 2013, "Nijmegen Hatert (matched by wijk 'Hatert')")]


def test_an_override_file_decides_by_hand(tmp_path: Path) -> None:
    src = _sources(tmp_path / "src")
    (src / "overrides.toml").write_text(
        '[[override]]\nset = "aandachtswijken-2007"\nmember = "Rotterdam West"\ncodes = ["WK059903"]\n\n'
        '[[override]]\nset = "aandachtswijken-2007"\nmember = "Zaanstad Poelenburg"\ncodes = []\n', encoding="utf-8")
    rep = rebuild([src], tmp_path / "o.duckdb")
    codes = {c for (c,) in q(tmp_path / "o.duckdb", "SELECT code FROM area_set_members")}
    assert "BU05990301" in codes  # Delfshaven's buurt, by hand
    assert not codes & {"BU04790101", "BU04790102"}  # left out by hand
    assert any("Rotterdam West set by the override file (1 buurt areas)" in line for line in rep.set_matching)
    (src / "overrides.toml").write_text('[[override]]\nset = "aandachtswijken-2007"\nmember = "X"\ncodes = ["x1"]\n',
                                        encoding="utf-8")
    with pytest.raises(BuildError, match="'X1' is not a wijk or buurt code"):
        rebuild([src], tmp_path / "bad.duckdb")


def test_demo_data_keeps_its_own_set() -> None:
    from leeftui.store import open_database
    from leeftui.store.stats import set_names

    db = open_database(Path(__file__).resolve().parents[3] / "db" / "leefbaarometer.duckdb")
    try:
        assert set_names(db) == ("demo-aandachtswijken",)
    finally:
        db.close()
