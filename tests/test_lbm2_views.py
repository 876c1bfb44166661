"""LBM 2.0 in every view: it publishes no absolute score, so lists, Δ, trend, sort, filters, the detail,
`--declined`, `--below` and the headline figures use afw for it (headers say afw). Built from the real
LBM 2.0 files (meting 2016, gemeenten and wijken) and checked against SQL on the same database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.model.release import ReleaseInfo
from tests.dbquery import q as _sql
from tests.realdata import REAL as REAL_ROOT
from tests.realdata import need_real
from tests.ui.uihelpers import WIDE, grid_rows, pilot_test, screen_text, settle

REAL = REAL_ROOT / "lbm2-meting2016-gemeente-wijk"
runner = CliRunner()


@pytest.fixture(scope="module")
def lbm2_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_real("lbm2-meting2016-gemeente-wijk")
    from leeftui.ingest import rebuild

    db = tmp_path_factory.mktemp("lbm2") / "lbm2.duckdb"
    rebuild([REAL], db)
    return db



def _csv(res_output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(res_output)))


def test_declined_on_lbm2_uses_the_published_development_score(lbm2_db: Path) -> None:
    """LBM 2.0's afw is relative to each wave's national level: a lower afw is no decline. The release's own
    development score DLBRMTR says who declined (646 wijken from 2012 to 2016), not the 1,432 with a lower afw."""
    res = runner.invoke(app, ["export", "--db", str(lbm2_db), "--level", "wijk", "--compare", "2012:2016",
                              "--declined", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = _csv(res.stdout)
    expected = _sql(lbm2_db, "SELECT code FROM developments d JOIN areas a USING (release, code) WHERE a.level = "
                             "'wijk' AND d.from_jaar = 2012 AND d.to_jaar = 2016 AND d.dlb < 0 ORDER BY code")
    relative = _sql(lbm2_db, """
        SELECT count(*) FROM scores a JOIN scores b USING (release, code) JOIN areas r USING (release, code)
        WHERE r.level = 'wijk' AND a.jaar = 2012 AND b.jaar = 2016 AND b.afw < a.afw""")[0][0]
    assert len(expected) == 646 and relative == 1432
    assert sorted(r["code"] for r in rows) == [c for (c,) in expected]
    assert all(float(r["dlb_2012_2016"]) < 0 for r in rows)
    assert "delta_afw" in rows[0]  # the relative Δ stays in the file, under its own name
    # the long format takes the same measure, from the first to the last wave of the selection
    res = runner.invoke(app, ["export", "--db", str(lbm2_db), "--level", "wijk", "--waves", "2012,2016",
                              "--declined", "--format", "csv"])
    assert sorted({r["code"] for r in _csv(res.stdout)}) == [c for (c,) in expected]


def test_stats_decliners_on_lbm2_by_score_and_by_published_class(lbm2_db: Path) -> None:
    res = runner.invoke(app, ["stats", "decliners", "2012:2016", "--db", str(lbm2_db), "--level", "wijk",
                              "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert len(_csv(res.stdout)) == 646
    assert "published development score (DLBRMTR)" in res.stderr and "Significant decline" in res.stderr
    sig = runner.invoke(app, ["stats", "decliners", "2012:2016", "--db", str(lbm2_db), "--level", "wijk",
                              "--significant", "--format", "csv"])
    rows = _csv(sig.stdout)
    expected = _sql(lbm2_db, "SELECT count(*) FROM developments d JOIN areas a USING (release, code) WHERE "
                             "a.level = 'wijk' AND d.from_jaar = 2012 AND d.to_jaar = 2016 AND d.vklasse < 4")[0][0]
    assert len(rows) == expected == 60 and all(int(r["vklasse_2012_2016"]) < 4 for r in rows)
    # a pair with published classes only (2002 → 2016): the class says who declined
    old = runner.invoke(app, ["stats", "decliners", "2002:2016", "--db", str(lbm2_db), "--level", "wijk",
                              "--format", "csv"])
    expected = _sql(lbm2_db, "SELECT count(*) FROM developments d JOIN areas a USING (release, code) WHERE "
                             "a.level = 'wijk' AND d.from_jaar = 2002 AND d.to_jaar = 2016 AND d.vklasse < 4")[0][0]
    assert len(_csv(old.stdout)) == expected > 0 and "development class" in old.stderr
    # meting 2016 publishes every pair of its waves; a release without a pair refuses it (tests/unit/test_monitor)
    assert lbm2_release(lbm2_db).developments == tuple((a, b) for a in (2002, 2008, 2012, 2014, 2016)
                                                       for b in (2002, 2008, 2012, 2014, 2016) if a < b)
    assert lbm2_release(lbm2_db).development_scores == ((2012, 2014), (2012, 2016), (2014, 2016))


def lbm2_release(db: Path) -> ReleaseInfo:
    from leeftui.store import open_database

    d = open_database(db)
    try:
        return d.default_release
    finally:
        d.close()


def test_long_declined_and_below_on_lbm2_use_afw(lbm2_db: Path) -> None:
    res = runner.invoke(app, ["export", "--db", str(lbm2_db), "--level", "gemeente", "--waves", "2012,2016",
                              "--below", "0", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = _csv(res.stdout)
    expected = _sql(lbm2_db, "SELECT count(*) FROM scores s JOIN areas a USING (release, code) "
                             "WHERE a.level = 'gemeente' AND s.jaar IN (2012, 2016) AND s.afw < 0")[0][0]
    assert len(rows) == expected > 0 and all(float(r["afw"]) < 0 for r in rows)


def test_problem_residents_below_a_threshold_on_lbm2_counts_afw(lbm2_db: Path) -> None:
    res = runner.invoke(app, ["stats", "problems", "--db", str(lbm2_db), "--level", "gemeente", "--below", "0",
                              "--format", "csv"])
    assert res.exit_code == 0, res.output
    got = {int(r["jaar"]): int(r["problem_areas"]) for r in _csv(res.stdout)}
    expected = dict(_sql(lbm2_db, "SELECT s.jaar, count(*) FILTER (WHERE s.afw < 0) FROM scores s "
                                  "JOIN areas a USING (release, code) WHERE a.level = 'gemeente' "
                                  "AND (s.afw IS NOT NULL OR s.klasse IS NOT NULL) GROUP BY s.jaar"))
    assert got == expected and got[2016] > 0


@pilot_test
async def test_lbm2_list_detail_and_sort_show_afw(lbm2_db: Path) -> None:
    from leeftui.present.fmt import signed
    from leeftui.ui.app import create_app

    app_ = create_app(lbm2_db)
    async with app_.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app_)
        header = text.splitlines()[2]
        assert "afw12" in header and "afw16" in header and "Δpubl" in header  # afw, and the published change
        assert "Δrel" not in header  # the relative Δ is not shown as the change where one is published
        assert "—    —" not in grid_rows(app_)[0]  # no empty score columns
        first = grid_rows(app_)[0].split()
        code = next(t for t in first if t.startswith("GM"))
        (a, b), = _sql(lbm2_db, "SELECT min(afw) FILTER (WHERE jaar = 2012), min(afw) FILTER (WHERE jaar = 2016) "
                                "FROM scores WHERE code = ?", [code])
        assert signed(a) in first and signed(b) in first
        assert "afw 2016:" in text  # the detail's headline figure
        screen = app_.screen
        for _ in range(10):  # `s` cycles the sort column; stop at the published development
            if screen.state.sort_col == "dev":
                break
            await pilot.press("s")
            await settle(pilot)
        assert screen.state.sort_col == "dev"
        values = [v for v in screen.view.column("dev").to_pylist() if v is not None]
        assert values == sorted(values) or values == sorted(values, reverse=True)


def test_development_scores_are_stored_exactly_as_published(lbm2_db: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(REAL / "dimensiescore_wijk (ontwikkeling).xlsx", read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    header, data = [str(h).lower() for h in rows[0]], rows[1:]
    assert header == ["gbd", "begin", "einde", "dlbrmtr", "dlbwon", "dlbbev", "dlbvrz", "dlbvei", "dlbfys"]
    got = {(c, f, t): tuple(v) for c, f, t, *v in _sql(
        lbm2_db, "SELECT code, from_jaar, to_jaar, dlb, dlb_won, dlb_bev, dlb_vrz, dlb_vei, dlb_fys "
                 "FROM developments WHERE code LIKE 'WK%'")}
    assert sum(1 for v in got.values() if v[0] is not None) == sum(1 for r in data if r[3] is not None) > 8000
    for code, begin, end, *values in data:  # (452 rows of the file are empty: stored as NULL, not 0)
        assert got[(code, begin, end)] == tuple(values)  # every value to the last digit
    # the development classes (VKL, from the class file) stand beside the scores of the same pair
    assert _sql(lbm2_db, "SELECT vklasse, dlb FROM developments WHERE code = 'GM0003' AND from_jaar = 2012 "
                         "AND to_jaar = 2016") == [(4, -0.00762720181678844)]


def test_show_prints_the_published_developments(lbm2_db: Path) -> None:
    import json

    text = runner.invoke(app, ["show", "GM0003", "--db", str(lbm2_db)], env={"COLUMNS": "120"})
    assert text.exit_code == 0, text.output
    assert "development as published" in text.output and "2012→2016" in text.output and "-0.0076" in text.output
    res = runner.invoke(app, ["show", "GM0003", "--db", str(lbm2_db), "--format", "json"])
    doc = json.loads(res.stdout)
    pair = next(d for d in doc["developments"] if (d["from_jaar"], d["to_jaar"]) == (2012, 2016))
    assert pair["vklasse"] == 4 and pair["dlb"] == -0.00762720181678844 and pair["dlb_won"] == 0.00608099243997236


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LBM 3.0 meting 2022 (tiny wijk file) and LBM 2.0 meting 2016 (the real gemeente files) in one database."""
    need_real("lbm2-meting2016-gemeente-wijk")
    from leeftui.ingest import rebuild
    from tests.unit.ingest.helpers import wijk_file

    folder = tmp_path_factory.mktemp("two")
    db = folder / "two.duckdb"
    rep = rebuild([wijk_file(folder), REAL / "score_gemeente.xlsx", REAL / "dimensiescore_gemeente (stand).xlsx"],
                  db)
    assert set(rep.releases) == {"lbm3-2022", "lbm2-2016"}
    return db


def test_every_command_takes_release(two_releases: Path) -> None:
    default = runner.invoke(app, ["export", "--db", str(two_releases), "--level", "gemeente", "--format", "csv"])
    assert {r["code"] for r in _csv(default.stdout)} == {"GM9001", "GM9002"}  # the default: LBM 3.0
    lbm2 = runner.invoke(app, ["export", "--db", str(two_releases), "--release", "lbm2-2016", "--level", "gemeente",
                               "--waves", "2016", "--format", "csv"])
    rows = _csv(lbm2.stdout)
    assert len(rows) == 390 and all(r["lbm"] == "" for r in rows)
    shown = runner.invoke(app, ["show", "GM0003", "--db", str(two_releases), "--release", "lbm2-2016",
                                "--format", "json"])
    assert shown.exit_code == 0 and '"release_id": "lbm2-2016"' in shown.stdout
    stats = runner.invoke(app, ["stats", "problems", "--db", str(two_releases), "--release", "lbm2-2016",
                                "--level", "gemeente", "--format", "csv"])
    assert stats.exit_code == 0 and {r["jaar"] for r in _csv(stats.stdout)} == {"2002", "2008", "2012", "2014", "2016"}
    unknown = runner.invoke(app, ["show", "GM0003", "--db", str(two_releases), "--release", "lbm9"])
    assert unknown.exit_code == 2
    assert "Unknown release 'lbm9'; this database holds: lbm2-2016" in unknown.output and "lbm3-2022" in unknown.output


@pilot_test
async def test_release_switch_in_the_explorer(two_releases: Path) -> None:
    from leeftui.ui.app import create_app

    app_ = create_app(two_releases)
    async with app_.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "Leefbaarometer 3.0, meting 2022" in screen_text(app_).splitlines()[0]
        assert {r.split()[0].lstrip("▸≈") for r in grid_rows(app_)} == {"GM9001", "GM9002"}
        await pilot.press("R")
        await settle(pilot)
        text = screen_text(app_)
        assert "Leefbaarometer 2.0, meting 2016" in text.splitlines()[0]  # the title bar names the release
        assert "afw16" in text.splitlines()[2] and len(grid_rows(app_)) > 20
        await pilot.press("R")
        await settle(pilot)
        assert "Leefbaarometer 3.0, meting 2022" in screen_text(app_).splitlines()[0]
