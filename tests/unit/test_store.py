"""Unit tests of the read side on the tiny database."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from leeftui.errors import DatabaseError, UsageError
from leeftui.model.columns import Context, keys
from leeftui.model.conditions import filter_table
from leeftui.model.filters import ViewFilter, parse_class_range
from leeftui.store import open_database
from leeftui.store.areas import breadcrumb, class_labels, get_area, require_area, suggest_codes
from leeftui.store.profile import area_profile
from leeftui.store.scope import Scope
from leeftui.store.search import search_areas
from leeftui.store.view import sort_table
from tests import tinydb
from tests.dbquery import area_table


def test_open_reads_release_and_notice(tiny_db):
    assert tiny_db.default_release.release == "lbm3-2024"
    assert tiny_db.default_release.waves == tinydb.WAVES
    assert tiny_db.default_release.dimension_waves == tinydb.DIM_WAVES
    assert tiny_db.default_release.dimensions == ("fys", "onv", "soc", "vrz", "won")
    assert tiny_db.synthetic is True
    assert tiny_db.notice == "DEMO DATA — synthetic"


def test_official_db_has_no_notice(tiny_official_db_path):
    db = open_database(tiny_official_db_path)
    assert db.synthetic is False and db.notice == ""


def test_open_missing_file(tmp_path):
    with pytest.raises(DatabaseError, match="No database at"):
        open_database(tmp_path / "nope.duckdb")


def test_open_corrupt_file(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="not a readable DuckDB file"):
        open_database(bad)


def test_open_foreign_duckdb(tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INT)")
    con.close()
    with pytest.raises(DatabaseError, match="not a leeftui database"):
        open_database(other)


def test_open_is_read_only(tiny_db):
    with pytest.raises(duckdb.Error):
        tiny_db.rows("CREATE TABLE evil (x INT)")


def test_open_wrong_schema_version(tmp_path, tiny_db_path):
    copy = tmp_path / "old.duckdb"
    shutil.copy(tiny_db_path, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(DatabaseError, match="schema version 0"):
        open_database(copy)


def test_arrow_over_reads_the_codes_and_forgets_them(tiny_db):
    codes = pa.array(["GM9001", "BU90020201", "XX"])
    got = tiny_db.arrow_over("SELECT code, level FROM areas SEMI JOIN picked USING (code) ORDER BY code", codes)
    assert got.to_pylist() == [{"code": "BU90020201", "level": "buurt"}, {"code": "GM9001", "level": "gemeente"}]
    with pytest.raises(duckdb.Error):
        tiny_db.arrow_over("SELECT no_such_column FROM picked", codes)
    with pytest.raises(duckdb.CatalogException):  # registered for the one query only, also when it failed
        tiny_db.rows("SELECT * FROM picked")


def test_area_lookup_and_breadcrumb(tiny_db):
    area = get_area(tiny_db, tiny_db.default_release, "bu90020201 ")
    assert area is not None and area.name == "Singelrand" and area.level == "buurt"
    assert [a.code for a in breadcrumb(tiny_db, tiny_db.default_release,
                                       area)] == ["NL", "GM9002", "WK900202", "BU90020201"]
    assert get_area(tiny_db, tiny_db.default_release, "GM0000") is None


def test_unknown_code_suggests_near_codes(tiny_db):
    with pytest.raises(UsageError) as err:
        require_area(tiny_db, tiny_db.default_release, "WK900203")
    assert "WK900203" in str(err.value) and "WK900202" in str(err.value)
    assert suggest_codes(tiny_db, tiny_db.default_release, "GM9003")[0] in ("GM9001", "GM9002")


def test_labels_and_counts(tiny_db):
    labels = class_labels(tiny_db)
    assert labels[4] == "zwak" and labels[3] == "onvoldoende" and len(labels) == 9
    levels = dict(tiny_db.rows("SELECT level, count(*) FROM areas GROUP BY level"))
    assert levels == {"nederland": 1, "gemeente": 2, "wijk": 4, "buurt": 8}


def test_area_table_children_values(tiny_db):
    t = area_table(tiny_db, Scope(parent="WK900202"), 2014, 2024)
    assert t.column_names == list(keys(Context(tiny_db.default_release, 2014, 2024)))
    rows = {r["code"]: r for r in t.to_pylist()}
    assert set(rows) == {"BU90020201", "BU90020202"}
    r = rows["BU90020201"]
    lbm14 = tinydb.buurt_row("BU90020201", 2014)[0]
    lbm24 = tinydb.buurt_row("BU90020201", 2024)[0]
    assert r["lbm_a"] == pytest.approx(lbm14) and r["lbm_b"] == pytest.approx(lbm24)
    assert r["d_lbm"] == pytest.approx(lbm24 - lbm14) and r["d_lbm"] < 0
    assert r["klasse_b"] == tinydb.klasse(lbm24)
    assert r["inwoners"] == tinydb.INWONERS["BU90020201"]
    assert r["gemeente_name"] == "Lindewaard"
    assert len(r["spark"]) == len(tinydb.WAVES)


def test_area_table_scopes(tiny_db):
    assert area_table(tiny_db, Scope(parent="NL"), 2014, 2024).column("code").to_pylist() == ["GM9001", "GM9002"]
    assert area_table(tiny_db, Scope(level="buurt"), 2014, 2024).num_rows == 8
    assert area_table(tiny_db, Scope(parent="GM9001", level="buurt"), 2014, 2024).num_rows == 4
    assert sorted(area_table(tiny_db, Scope(set_name="testset"), 2014, 2024).column("code").to_pylist()) == [
        "WK900102"]  # WK900202 left the set after 2013: a view of wave B 2024 does not list it
    assert sorted(area_table(tiny_db, Scope(set_name="testset"), 2024, 2012).column("code").to_pylist()) == [
        "WK900102", "WK900202"]
    assert area_table(tiny_db, Scope(codes=("gm9001", "BU90010101")), 2002, 2024).num_rows == 2


def test_area_table_na_waves_are_null(tiny_db):
    t = area_table(tiny_db, Scope(level="wijk"), 2008, 2024)
    assert t.column("d_fys").null_count == t.num_rows  # 2008 has no dimensions
    assert t.column("lbm_a").null_count == 0


def test_area_table_bad_input(tiny_db):
    with pytest.raises(UsageError, match="Wave 2010 .* nearest is 2008"):
        area_table(tiny_db, Scope(parent="NL"), 2010, 2024)
    with pytest.raises(UsageError, match="no areas below"):
        area_table(tiny_db, Scope(parent="BU90010101"), 2014, 2024)
    with pytest.raises(UsageError, match="Unknown area code 'GM9009'"):
        area_table(tiny_db, Scope(parent="GM9009"), 2014, 2024)
    with pytest.raises(UsageError, match="Unknown level"):
        area_table(tiny_db, Scope(level="provincie"), 2014, 2024)


def test_filter_and_sort(tiny_db):
    t = area_table(tiny_db, Scope(level="buurt"), 2014, 2024)
    declined = filter_table(t, ViewFilter(declined=True).condition(tiny_db.default_release))
    assert declined.column("code").to_pylist() == [tinydb.DECLINER]
    problems = filter_table(t, ViewFilter(klasse_min=1, klasse_max=4).condition(tiny_db.default_release))
    assert all(k <= 4 for k in problems.column("klasse_b").to_pylist()) and problems.num_rows > 0
    assert filter_table(t, ViewFilter().condition(tiny_db.default_release)) is t
    by_delta = sort_table(t, "d_lbm")
    assert by_delta.column("code")[0].as_py() == tinydb.DECLINER
    by_score = sort_table(t, "lbm_b", descending=True)
    scores = by_score.column("lbm_b").to_pylist()
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(UsageError, match="Cannot sort by 'nope'"):
        sort_table(t, "nope")
    assert ViewFilter(declined=True, klasse_min=1, klasse_max=4).describe() == "declined, class 1–4"


def test_sort_keeps_nulls_last():
    t = pa.table({"code": ["a", "b", "c"], "d_lbm": [0.1, None, -0.2]})
    assert sort_table(t, "d_lbm").column("code").to_pylist() == ["c", "a", "b"]
    assert sort_table(t, "d_lbm", descending=True).column("code").to_pylist() == ["a", "c", "b"]


@pytest.mark.parametrize(("text", "expected"), [("1-4", (1, 4)), ("3", (3, 3)), ("1–4", (1, 4))])
def test_parse_class_range(text, expected):
    assert parse_class_range(text) == expected


@pytest.mark.parametrize("text", ["0-4", "5-2", "x", "1-10"])
def test_parse_class_range_rejects(text):
    with pytest.raises(UsageError):
        parse_class_range(text)


def test_profile(tiny_db):
    p = area_profile(tiny_db, tiny_db.default_release, "WK900202")
    assert [a.code for a in p.path] == ["NL", "GM9002", "WK900202"]
    assert p.gemeente is not None and p.gemeente.area.code == "GM9002" and not p.gemeente.official
    assert p.nederland is not None and len(p.nederland.waves) == 9
    assert p.inwoners == tinydb.INWONERS["BU90020201"] + tinydb.INWONERS["BU90020202"]
    assert p.population_year == 2024
    assert p.sets == (("testset", 2007, 2013),)
    w2008 = p.series.at(2008)
    assert w2008 is not None and all(v is None for _, v in w2008.dimensions)
    w2024 = p.series.at(2024)
    assert w2024 is not None and w2024.klasse_label == class_labels(tiny_db)[w2024.klasse]
    assert sum(v for _, v in w2024.dimensions) == pytest.approx(w2024.afw)


def test_search_typo_and_ranking(tiny_db):
    hits = search_areas(tiny_db, tiny_db.default_release, "kanaleneilnd")
    assert hits[0].code == "WK900202" and hits[0].gemeente_name == "Lindewaard"
    assert search_areas(tiny_db, tiny_db.default_release, "GM9001")[0].score == 100
    assert {h.code for h in search_areas(tiny_db, tiny_db.default_release,
                                         "bu9002")} == {c for c in tinydb.BUURTEN if c.startswith("BU9002")}
    assert search_areas(tiny_db, tiny_db.default_release, "   ") == ()
    assert search_areas(tiny_db, tiny_db.default_release, "xyzzy") == ()


def test_search_input_is_a_parameter(tiny_db):
    # quotes and SQL in the search text are just text
    assert search_areas(tiny_db, tiny_db.default_release, "'; DROP TABLE areas; --") == ()
    assert get_area(tiny_db, tiny_db.default_release, "GM9001") is not None


def test_cursors_per_thread(tiny_db):
    results: list[int] = []

    def work():
        results.append(area_table(tiny_db, Scope(level="buurt"), 2014, 2024).num_rows)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [8, 8, 8, 8]


def test_nearest_population_year(tiny_db):
    assert tiny_db.default_release.population_year(2002) == 2024


def test_each_wave_takes_the_nearest_cbs_year_on_the_release_boundaries() -> None:
    """A CBS year of another division (most codes unmatched) never weighs a wave, however near; among the years on
    the release's boundaries the nearest wins, the earlier on a tie."""
    import duckdb

    from leeftui import tables
    from leeftui.ingest.derive import write_wave_population

    con = duckdb.connect()
    con.execute(tables.ddl())
    codes = [f"WK0001{i:02d}" for i in range(20)]
    con.executemany("INSERT INTO areas VALUES ('old', ?, 'wijk', NULL, 'GM0001', 'GM0001', true)", [[c] for c in codes])
    con.executemany("INSERT INTO areas VALUES ('new', ?, 'wijk', NULL, 'GM0001', 'GM0001', true)", [[c] for c in codes])
    for rel, waves in (("old", (2012, 2016, 2022)), ("new", (2018, 2020, 2022))):
        con.executemany("INSERT INTO scores (release, code, jaar, afw, official) VALUES (?, ?, ?, 0.1, true)",
                        [[rel, c, w] for c in codes for w in waves])
    # 2016: every code; 2024: a new division keeps 10 of the 20 codes (the release 'old' is on 2016's); for 'new'
    # a third year, 2018, matches all 20 as well
    pop = [[c, 2016] for c in codes] + [[c, 2024] for c in codes[:10]] + [[c, 2024] for c in ("WK000190", "WK000191")]
    con.executemany("INSERT INTO population (code, jaar, inwoners, source) VALUES (?, ?, 100, 'cbs')", pop)
    con.execute("DELETE FROM areas WHERE release = 'new' AND code > 'WK000109'")
    write_wave_population(con)
    got = {(r, w): y for r, w, y in con.execute("SELECT release, jaar, pop_jaar FROM wave_population").fetchall()}
    assert got[("old", 2022)] == 2016  # 2024 is nearer, but of another division: 10 of 20 wijken
    assert got[("old", 2012)] == got[("old", 2016)] == 2016
    # 'new' holds the 10 wijken both years match: both are on its boundaries; 2020 is a tie → the earlier
    assert got[("new", 2018)] == 2016 and got[("new", 2020)] == 2016 and got[("new", 2022)] == 2024
    assert con.execute("SELECT areas, matched FROM wave_population WHERE release = 'old' AND jaar = 2022"
                       ).fetchall() == [(20, 20)]


def test_tiny_db_path_is_outside_checkout(tiny_db_path):
    assert Path(__file__).resolve().parents[2] not in tiny_db_path.resolve().parents


def test_a_thread_s_cursor_goes_back_when_the_thread_ends(tiny_db):
    """A worker thread per key must not leave a DuckDB cursor behind: cursors are reused once their thread ends."""
    import gc
    import threading

    def query() -> None:
        assert tiny_db.rows("SELECT count(*) FROM areas")[0][0] > 0

    for _ in range(30):
        t = threading.Thread(target=query)
        t.start()
        t.join()
        gc.collect()
    assert len(tiny_db._cursors) <= 3  # noqa: SLF001 - the pool itself is what is tested


def test_open_locked_by_a_writer(tmp_path, tiny_db_path):
    """Another process holds the database open for writing: one clear sentence, exit code 3 in the CLI."""
    import subprocess
    import sys

    from typer.testing import CliRunner

    from leeftui.cli import app

    copy = tmp_path / "locked.duckdb"
    shutil.copy(tiny_db_path, copy)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()",
         str(copy)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseError, match="locked by another process"):
            open_database(copy)
        r = CliRunner().invoke(app, ["show", "GM9001", "--db", str(copy)])
        assert r.exit_code == 3 and "locked" in r.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
