"""Sets of postcode areas: the official delimitation of the 40 aandachtswijken is by PC4, and the LBM 3.0 PC4 file
scores every wave. A set file listing PC4 codes gives `stats set` and the monitor's set tab at PC4 level for every
wave of the file (checked against SQL on the raw file); a set on one level is carried to another by area overlap
where the outlines of both are loaded (`db sets carry`)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.ingest import rebuild
from tests.dbquery import q
from tests.realdata import need_real
from tests.unit.ingest.helpers import score_row, write_csv

runner = CliRunner()
PC4 = "lbm3-meting2022-pc4"
MEMBERS = ("3052", "3053", "1102", "1103")
LEAVER = "3061"  # a member up to 2014


@pytest.fixture(scope="module")
def pc4_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_real(PC4)
    folder = tmp_path_factory.mktemp("pc4")
    (folder / "set.toml").write_text(
        '[[set]]\nname = "pc4-test"\ndescription = "postcode areas"\nmembers = ['
        + ", ".join(f'"{c}"' for c in MEMBERS) + f', {{ code = "{LEAVER}", end = 2014 }}]\n', encoding="utf-8")
    db = folder / "pc4.duckdb"
    rebuild([need_real() / PC4 / "scores.csv", folder / "set.toml"], db)
    return db


def test_a_postcode_set_reports_every_wave_as_the_raw_file_says(pc4_db: Path) -> None:
    r = runner.invoke(app, ["stats", "set", "pc4-test", "--compare", "2002:2022", "--db", str(pc4_db), "--format",
                            "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    rows = doc["rows"] if isinstance(doc, dict) else doc
    got = {row["jaar"]: (row["areas"], row["mean_lbm"]) for row in rows if row["group"] == "set"}
    raw = duckdb.connect().execute(f"""
        SELECT jaar, count(lbm), avg(lbm) FROM read_csv('{need_real() / PC4 / "scores.csv"}', nullstr='NA',
                                                        types={{'PC4': 'VARCHAR'}})
        WHERE lbm IS NOT NULL AND (list_contains($m, PC4) OR (PC4 = $leaver AND jaar <= 2014))
        GROUP BY jaar ORDER BY jaar""", {"m": list(MEMBERS), "leaver": LEAVER}).fetchall()
    assert len(raw) == 8 and sorted(got) == [w for w, _, _ in raw]  # every wave of the file: 2002 … 2022
    for jaar, n, mean in raw:
        assert got[jaar][0] == n and got[jaar][1] == pytest.approx(mean, abs=1e-12), jaar
    assert got[2014][0] == 5 and got[2016][0] == 4  # the leaver counts up to its end year


def test_a_postcode_set_in_the_monitor_and_export(pc4_db: Path) -> None:
    r = runner.invoke(app, ["export", "--set", "pc4-test", "--waves", "2012,2022", "--db", str(pc4_db), "-f",
                            "csv"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()[1:]
    assert sum(line.startswith(f'"{LEAVER}"') for line in lines) == 1  # 2012 only
    assert len(lines) == 2 * len(MEMBERS) + 1


def _square(x: float, y: float, size: float) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def test_a_postcode_set_is_carried_to_buurten_by_overlap(tmp_path: Path) -> None:
    """Two postcode areas side by side (0–1000 m and 1000–2000 m); three buurten: one inside the first, one
    straddling both (60 % in the first), one inside the second. The set of the first postcode area carries to
    the buurt inside it and the one 60 % inside at 50 %, only the first at 70 %."""
    src = tmp_path / "src"
    src.mkdir()
    header = ("wk_code", "wk_naam", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won")
    buurten = [("BU90010001", "Binnen"), ("BU90010002", "Over de grens"), ("BU90010003", "Ernaast")]
    write_csv(src / "buurten.csv", ("bu_code", "bu_naam", *header[2:]),
              [score_row(c, n, j) for c, n in buurten for j in (2020, 2022)])
    write_csv(src / "pc4.csv", ("PC4", *header[2:]), [score_row(c, "", j)[:1] + score_row(c, "", j)[2:]
                                                       for c in ("9001", "9002") for j in (2020, 2022)])
    features = [("9001", _square(0, 0, 1000)), ("9002", _square(1000, 0, 1000)),
                ("BU90010001", [[[100, 100], [500, 100], [500, 500], [100, 500], [100, 100]]]),
                ("BU90010002", [[[400, 600], [1400, 600], [1400, 900], [400, 900], [400, 600]]]),
                ("BU90010003", [[[1500, 100], [1900, 100], [1900, 500], [1500, 500], [1500, 100]]])]
    geo = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
           "features": [{"type": "Feature", "properties": {"code": c}, "geometry": {"type": "Polygon",
                                                                                    "coordinates": g}}
                        for c, g in features]}
    (src / "outlines.geojson").write_text(json.dumps(geo), encoding="utf-8")
    (src / "set.toml").write_text('[[set]]\nname = "pc"\nmembers = [{ code = "9001", end = 2021 }]\n',
                                  encoding="utf-8")
    db = tmp_path / "c.duckdb"
    rebuild([src], db)
    assert q(db, "SELECT count(*) FROM outlines WHERE derived_from IS NULL")[0][0] == 5
    r = runner.invoke(app, ["db", "sets", "carry", "pc", "--to", "buurt", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "added area set 'pc-buurt': 2 buurt areas" in r.stderr
    rows = q(db, "SELECT code, end_year, note FROM area_set_members WHERE set_name = 'pc-buurt' ORDER BY code")
    assert rows == [("BU90010001", 2021, "100% of its surface inside 'pc'"),
                    ("BU90010002", 2021, "60% of its surface inside 'pc'")]
    r = runner.invoke(app, ["db", "sets", "carry", "pc", "--to", "buurt", "--threshold", "70", "--name", "strict",
                            "--db", str(db)])
    assert r.exit_code == 0 and q(db, "SELECT code FROM area_set_members WHERE set_name = 'strict'") == [
        ("BU90010001",)]
    before = db.read_bytes()
    for args, message in ((["--to", "pc4"], "of postcode areas already"), (["--to", "straat"], "--to must be"),
                          (["--to", "buurt", "--name", "pc"], "a name of its own")):
        bad = runner.invoke(app, ["db", "sets", "carry", "pc", *args, "--db", str(db)])
        assert bad.exit_code == 2 and message in bad.stderr, (args, bad.output)
    assert db.read_bytes() == before
    # the files give no wijk outline: the wijk's is the union of its buurten (derived), and carries the set too
    assert q(db, "SELECT code, derived_from FROM outlines WHERE level = 'wijk'") == [("WK900100", "3 of 3 buurten")]
    r = runner.invoke(app, ["db", "sets", "carry", "pc", "--to", "wijk", "--db", str(db)])
    assert r.exit_code == 0 and "added area set 'pc-wijk': 1 wijk areas" in r.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "parquet", "xlsx", "markdown", "table"])
def test_did_the_postcode_set_do_better_in_every_format(pc4_db: Path, tmp_path: Path, fmt: str) -> None:
    """stats effect on the real PC4 file: the plain-words sentence and its caveat with the figures, every format."""
    out = [] if fmt == "table" else ["-o", str(tmp_path / f"effect.{ {'markdown': 'md'}.get(fmt, fmt) }")]
    r = runner.invoke(app, ["stats", "effect", "pc4-test", "--compare", "2002:2022", "--db", str(pc4_db),
                            "--draws", "200", "--format", fmt, *out], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    words = " ".join(r.output.split())
    assert "From 2002 to 2022 the set's lbm changed by" in words and "comparable postcode areas by" in words
    assert "(95 % interval" in words and "placebo sets did as" in words
    assert "it does not show that policy caused the difference" in words
    assert "200 draws, seed 20070322" in words
    if fmt == "table":
        assert "placebo sets' estimates" in r.stdout and "▲ the set" in r.stdout
    else:
        assert (tmp_path / out[1].rsplit("/", 1)[1]).stat().st_size > 0


def test_the_effect_is_reproducible_and_its_tables_agree(pc4_db: Path) -> None:
    from leeftui.store import open_database
    from leeftui.store.effect import effect

    db = open_database(pc4_db)
    try:
        rel = db.default_release
        a = effect(db, rel, "pc4-test", 2002, 2022, draws=200)
        b = effect(db, rel, "pc4-test", 2002, 2022, draws=200)
    finally:
        db.close()
    assert a.tables["estimate"].equals(b.tables["estimate"]) and a.tables["placebo"].equals(b.tables["placebo"])
    est = a.tables["estimate"].to_pylist()[0]
    assert est["measure"] == "Δlbm" and est["estimate"] == pytest.approx(est["set_change"] - est["controls_change"])
    controls = a.tables["controls"].to_pylist()
    assert {c["member"] for c in controls} == set(MEMBERS)  # the leaver is no member in 2022
    assert not {c["control"] for c in controls} & {*MEMBERS, LEAVER}
    assert a.tables["placebo"].num_rows == 200
