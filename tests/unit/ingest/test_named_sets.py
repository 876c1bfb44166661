"""The 40 aandachtswijken ship as a definition by name, matched in every release by name families within their
gemeente — each sub-area on its own, each match with its rule and confidence — with a review (`db sets show`)
and decisions (`db sets accept/reject`, an override file); on the real names of all 2024 buurten and of the 2016
wijken too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.errors import BuildError
from leeftui.ingest import rebuild
from leeftui.ingest.name_match import Place, match_name, normalise, parts
from leeftui.ingest.named_sets import SHIPPED_SETS, read_definition
from tests.dbquery import q
from tests.realdata import need_real
from tests.unit.ingest.helpers import score_row, write_csv

NORTH = "lbm3-meting2024-buurten-north"
CBS_2024 = "cbs-kwb2024-buurt"
SET = "aandachtswijken-2007"
runner = CliRunner()


def test_the_definition_names_the_forty_of_the_annex() -> None:
    d = read_definition(SHIPPED_SETS[0])
    assert d.name == SET and len(d.members) == 40
    assert len({m.gemeente for m in d.members}) == 18
    assert {m.key: m.end for m in d.members if m.end} == {"Amersfoort De Kruiskamp": 2012, "Nijmegen Hatert": 2013}
    zw = next(m for m in d.members if m.key == "Den Haag Zuid-West")
    assert {"Bouwlust", "Vrederust", "Morgenstond", "Moerwijk"} <= set(zw.names)
    assert zw.source and "2007 announcement" in zw.source  # every added sub-area says where it comes from
    assert all(m.source for m in d.members if m.areas != tuple((p.strip(),) for p in m.name.split("/")))
    assert next(m for m in d.members if m.key == "Leeuwarden Heechterp/Schieringen").areas == (("Heechterp",),
                                                                                              ("Schieringen",))


def test_names_are_compared_without_case_accents_hyphens_articles_or_wijk_numbers() -> None:
    assert normalise("Groot-IJsselmonde") == normalise("groot ijsselmonde") == "grootijsselmonde"
    assert normalise("Wijk 03 De Hoogte") == normalise("Hoogte") == normalise("De Hoogte")
    assert normalise("Bos en Lommer") == normalise("Bos-en-Lommer")
    assert normalise("Bijlmer Oost (E,G,K)") == "bijlmeroost"
    assert parts("Wijk 7 Rivierenwijk en Bergweide") == ("Rivierenwijk", "Bergweide")
    assert parts("Wijk 08 Crabbehof/Zuidhoven") == ("Crabbehof", "Zuidhoven")


def _rules(wanted: str, names: list[str], siblings: tuple[str, ...] = ()) -> tuple[dict[str, str], dict[str, str]]:
    places = [Place(f"X{i}", "buurt", n) for i, n in enumerate(names)]
    taken, left = match_name(wanted, places, siblings)
    return {h.place.name: h.rule for h in taken}, {h.place.name: h.rule for h in left}


@pytest.mark.parametrize(("wanted", "names", "taken", "left"), [
    ("Kanaleneiland", ["Kanaleneiland-Noord", "Kanaleneiland-Zuid", "Bedrijvengebied Kanaleneiland", "Ondiep"],
     {"Kanaleneiland-Noord": "stem", "Kanaleneiland-Zuid": "stem"}, {"Bedrijvengebied Kanaleneiland": "word"}),
    ("Presikhaaf", ["Presikhaaf I", "Presikhaaf III", "Elsweide"], {"Presikhaaf I": "stem", "Presikhaaf III": "stem"},
     {}),
    ("Transvaal", ["Wijk 30 Transvaalkwartier", "Transvaalkwartier-Midden"],
     {"Wijk 30 Transvaalkwartier": "stem", "Transvaalkwartier-Midden": "stem"}, {}),
    ("Crooswijk", ["Oud Crooswijk", "Nieuw Crooswijk"], {"Oud Crooswijk": "stem", "Nieuw Crooswijk": "stem"}, {}),
    ("Rivierenwijk", ["Wijk 7 Rivierenwijk en Bergweide", "Rivierenbuurt"],
     {"Wijk 7 Rivierenwijk en Bergweide": "part"}, {}),
    ("Groot-IJsselmonde", ["IJsselmonde"], {"IJsselmonde": "wider"}, {}),
    ("Hatert", ["Hatert", "Hatertse Hei"], {"Hatert": "exact"}, {}),
    ("Noord", ["Noord-Oost", "Zuidas-Noord", "Noorderplantsoen"], {}, {}),  # a compass name: exact only
])
def test_the_rules_of_name_families(wanted: str, names: list[str], taken: dict[str, str],
                                    left: dict[str, str]) -> None:
    assert _rules(wanted, names) == (taken, left)


def test_a_compound_of_the_members_own_names_is_certain() -> None:
    assert _rules("Bouwlust", ["Wijk 33 Bouwlust en Vrederust"], ("Vrederust",))[0] == {
        "Wijk 33 Bouwlust en Vrederust": "parts"}


def test_a_wider_wijk_waits_where_its_buurten_are_found() -> None:
    places = [Place("WK1", "wijk", "Kralingen-Crooswijk"), Place("BU1", "buurt", "Oud Crooswijk", "WK1"),
              Place("BU2", "buurt", "Kralingen West", "WK1")]
    taken, left = match_name("Crooswijk", places)
    assert [h.place.code for h in taken] == ["BU1"] and [(h.place.code, h.rule) for h in left] == [("WK1", "part")]


@pytest.fixture(scope="module")
def north(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real buurten of Groningen, Fryslân and Drenthe with the CBS names of all 14,574 buurten of 2024."""
    real = need_real()
    db = tmp_path_factory.mktemp("north") / "n.duckdb"
    rebuild([real / NORTH / "buurten_2024_official_layout.csv",
             real / CBS_2024 / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"], db)
    return db


def _found(db: Path, member: str) -> dict[str, str]:
    """{name: code} of the areas in the set for ``member``."""
    return {n: c for c, n in q(db, "SELECT code, name FROM set_matches WHERE set_name = ? AND member = ? AND "
                                   "included", [SET, member])}


def test_real_2024_names_match_the_members_and_leave_their_namesakes_out(north: Path) -> None:
    expected = {
        "Utrecht Kanaleneiland": {"Kanaleneiland-Noord", "Kanaleneiland-Zuid"},
        "Zaanstad Poelenburg": {"Poelenburg Noord", "Poelenburg Zuid"},
        "Den Haag Transvaal": {"Transvaalkwartier-Noord", "Transvaalkwartier-Midden", "Transvaalkwartier-Zuid"},
        "Arnhem Klarendal": {"Klarendal-Noord", "Klarendal-Zuid"},
        "Arnhem Presikhaaf": {"Presikhaaf I", "Presikhaaf II", "Presikhaaf III"},
        "Alkmaar Overdie": {"Overdie-Oost", "Overdie-West"},
        "Amersfoort De Kruiskamp": {"Kruiskamp-Noord", "Kruiskamp-Midden", "Kruiskamp-Zuid"},
        "Rotterdam Noord": {"Oude Noorden", "Nieuw Crooswijk", "Oud Crooswijk"},
        "Den Haag Schilderswijk": {"Schildersbuurt-West", "Schildersbuurt-Noord", "Schildersbuurt-Oost"},
    }
    for member, names in expected.items():
        assert names <= set(_found(north, member)), member
    codes = {c for (c,) in q(north, "SELECT code FROM set_matches WHERE included")}
    # the namesakes elsewhere: Kanaleneiland in Oosterhout, Poelenburg in Heemskerk, De Kruiskamp in 's-Hertogenbosch
    assert not codes & {"BU08260201", "BU03960500", "WK039605", "BU07961107"}
    assert all(c[2:6] == "0344" for c in _found(north, "Utrecht Kanaleneiland").values())
    # Rotterdam Noord: each listed sub-area matched and reported on its own
    areas = dict(q(north, "SELECT area, count(*) FROM set_matches WHERE member = 'Rotterdam Noord' AND included "
                          "GROUP BY ALL"))
    assert areas == {"Oude Noorden": 1, "Crooswijk": 2}
    # a compound wijk of the member's names brings the buurten they name, not the others in it
    assert dict(q(north, "SELECT name, bool_or(included) FROM set_matches WHERE member = ? GROUP BY ALL",
                  ["Leeuwarden Heechterp/Schieringen"])) == {"Heechterp": True, "Schieringen": True,
                                                             "De Centrale": False}
    # the business area of Kanaleneiland is a candidate, not a member
    assert q(north, "SELECT rule, confidence, included FROM set_matches WHERE code = 'BU03440821'") == [
        ("word", "low", False)]
    status = dict(q(north, "SELECT member, any_value(status) FROM set_matches GROUP BY ALL"))
    assert sum(s == "matched" for s in status.values()) >= 29 and status["Deventer Rivierenwijk"] == "uncertain"
    # only the scored buurten are members of the release's set; the review shows the others too
    members = dict(q(north, "SELECT m.code, a.name FROM area_set_members m JOIN areas a USING (code) "
                            "WHERE m.set_name = ? AND m.release = 'lbm3-2024'", [SET]))
    assert members == {"BU00140300": "De Hoogte", "BU00805001": "Heechterp", "BU00805002": "Schieringen"}


def test_real_2016_wijken_match_through_the_cbs_names(real: Path, tmp_path: Path) -> None:
    db = tmp_path / "l2.duckdb"
    rep = rebuild([real / "lbm2-meting2016-gemeente-wijk", real / "cbs-wijkbuurtkaart2016-gemeente-wijk"], db)
    status = dict(q(db, "SELECT member, any_value(status) FROM set_matches WHERE release = 'lbm2-2016' "
                        "GROUP BY ALL"))
    assert sum(s != "unmatched" for s in status.values()) >= 20  # was 0: LBM 2.0 files carry no names
    assert _found(db, "Utrecht Overvecht") == {"Wijk 03 Overvecht": "WK034403"}
    assert _found(db, "Den Haag Zuid-West") == {"Wijk 33 Bouwlust en Vrederust": "WK051833",
                                                 "Wijk 34 Morgenstond": "WK051834", "Wijk 36 Moerwijk": "WK051836"}
    assert q(db, "SELECT rule, confidence FROM set_matches WHERE member = 'Deventer Rivierenwijk' AND included") == [
        ("part", "medium")]
    assert any(line.startswith(f"{SET} in lbm2-2016: ") for line in rep.set_matching)


def test_show_in_text_csv_and_json(north: Path) -> None:
    r = runner.invoke(app, ["db", "sets", "show", SET, "--db", str(north), "--format", "table"],
                      env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    assert not any(line.endswith(" ") for line in r.stdout.splitlines())
    text = " ".join(r.stdout.split())
    assert "29 matched · 2 uncertain · 9 unmatched" in text
    assert "Utrecht Kanaleneiland — matched: 2 areas, 0 scored" in text
    assert "Bedrijvengebied Kanaleneiland BU03440821 (word, low" in text
    assert "Groningen Korrewegwijk — unmatched" in text
    csv = runner.invoke(app, ["db", "sets", "show", SET, "--db", str(north), "--format", "csv", "--only",
                              "uncertain"])
    assert csv.exit_code == 0 and csv.stdout.splitlines()[0].startswith('"member","status","area","code"')
    assert {line.split(",")[1] for line in csv.stdout.splitlines()[1:]} == {'"uncertain"'}
    js = runner.invoke(app, ["db", "sets", "show", SET, "--db", str(north), "--format", "json", "--table", "members"])
    rows = json.loads(js.stdout)["rows"] if js.stdout.lstrip().startswith("{") else json.loads(js.stdout)
    assert {r["member"]: r["status"] for r in rows}["Utrecht Kanaleneiland"] == "matched"
    bad = runner.invoke(app, ["db", "sets", "show", "aandachtswijken", "--db", str(north)])
    assert bad.exit_code == 2 and "Did you mean 'aandachtswijken-2007'" in bad.stderr


def test_accept_and_reject_write_the_override_file_and_add_set_applies_it(north: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(north.read_bytes())
    before = db.read_bytes()
    decisions = tmp_path / "decisions.toml"
    r = runner.invoke(app, ["db", "sets", "accept", SET, "utrecht kanaleneiland", "bu03440821", "--db", str(db),
                            "--file", str(decisions)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["db", "sets", "reject", SET, "Alkmaar Overdie", "BU03610308", "--db", str(db), "--file",
                            str(decisions)])
    assert r.exit_code == 0 and "leeftui db add-set" in r.stderr
    assert db.read_bytes() == before  # a decision never touches the database
    text = decisions.read_text(encoding="utf-8")
    assert 'member = "Utrecht Kanaleneiland"\naccept = ["BU03440821"]' in text
    assert 'member = "Alkmaar Overdie"\nreject = ["BU03610308"]' in text
    for args, message in ((["Alkmaar Overdie", "BU03440821"], "outside the gemeente"),
                          (["Alkmaar Overdi", "BU03610308"], "Did you mean 'Alkmaar Overdie'"),
                          (["Alkmaar Overdie", "XX1"], "not a wijk or buurt code"),
                          (["Alkmaar Overdie", "BU03619999"], "has no area BU03619999")):
        bad = runner.invoke(app, ["db", "sets", "reject", SET, *args, "--db", str(db), "--file", str(decisions)])
        assert bad.exit_code == 2 and message in bad.stderr, bad.output
    assert decisions.read_text(encoding="utf-8") == text
    r = runner.invoke(app, ["db", "add-set", str(decisions), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert q(db, "SELECT rule, included FROM set_matches WHERE code = 'BU03440821'") == [("accepted", True)]
    assert q(db, "SELECT included, detail LIKE '%rejected in the override file' FROM set_matches "
                 "WHERE code = 'BU03610308'") == [(False, True)]


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
    rebuild([_sources(tmp_path / "src")], tmp_path / "m.duckdb")
    rows = q(tmp_path / "m.duckdb", "SELECT code, end_year, note, release FROM area_set_members ORDER BY code")
    codes = [c for c, *_ in rows]
    assert "BU90010101" not in codes  # the other gemeente's Poelenburg
    assert {"BU04790101", "BU04790102"} <= set(codes) and "BU04790201" not in codes
    assert {"BU05990101", "BU05990102"} <= set(codes)  # the wijk 'Wijk 01 Oude-Noorden' and its buurten
    assert "BU05990301" in codes  # Oude Westen is a buurt
    assert "BU05990401" in codes and "BU05990201" not in codes  # the wijk Crooswijk, not the buurt elsewhere
    hatert = [r for r in rows if r[0] == "BU02680101"]
    assert hatert == [("BU02680101", 2013, "Nijmegen Hatert (exact: in wijk 'Hatert' (WK026801): named 'Hatert')",
                       "lbm3-2014")]


def test_an_override_file_decides_by_hand(tmp_path: Path) -> None:
    src = _sources(tmp_path / "src")
    (src / "overrides.toml").write_text(
        '[[override]]\nset = "aandachtswijken-2007"\nmember = "Rotterdam West"\ncodes = ["WK059903"]\n\n'
        '[[override]]\nset = "aandachtswijken-2007"\nmember = "Zaanstad Poelenburg"\ncodes = []\n\n'
        '[[override]]\nset = "aandachtswijken-2007"\nmember = "Rotterdam Noord"\nreject = ["BU05990102"]\n'
        'accept = ["BU05990201"]\n', encoding="utf-8")
    rebuild([src], tmp_path / "o.duckdb")
    codes = {c for (c,) in q(tmp_path / "o.duckdb", "SELECT code FROM area_set_members")}
    assert "BU05990301" in codes  # Delfshaven's buurt, by hand
    assert not codes & {"BU04790101", "BU04790102"}  # left out by hand
    assert "BU05990102" not in codes and {"BU05990101", "BU05990201"} <= codes  # rejected, accepted
    (src / "overrides.toml").write_text('[[override]]\nset = "aandachtswijken-2007"\nmember = "X"\ncodes = ["x1"]\n',
                                        encoding="utf-8")
    with pytest.raises(BuildError, match="'X1' is not a wijk or buurt code"):
        rebuild([src], tmp_path / "bad.duckdb")


def test_a_rebuild_reads_the_decisions_from_the_user_data_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "data" / "sets").mkdir(parents=True)
    (tmp_path / "data" / "sets" / "overrides.toml").write_text(
        '[[override]]\nset = "aandachtswijken-2007"\nmember = "Zaanstad Poelenburg"\nreject = ["BU04790101"]\n',
        encoding="utf-8")
    r = runner.invoke(app, ["db", "rebuild", str(_sources(tmp_path / "src")), "--db", str(tmp_path / "u.duckdb")])
    assert r.exit_code == 0 and "set decisions: " in r.stderr, r.output
    codes = {c for (c,) in q(tmp_path / "u.duckdb", "SELECT code FROM area_set_members")}
    assert "BU04790101" not in codes and "BU04790102" in codes


def test_demo_data_keeps_its_own_set() -> None:
    from leeftui.store import open_database
    from leeftui.store.stats import set_names

    db = open_database(Path(__file__).resolve().parents[3] / "db" / "leefbaarometer.duckdb")
    try:
        assert set_names(db) == ("demo-aandachtswijken",)
    finally:
        db.close()
