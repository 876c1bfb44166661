"""Answers an analyst can quote, tried on the real files: residents of the wave's own year and division, the CBS
StatLine export with every buurt of 2024 and the 2016 wijk- en buurtkaart, what every headline figure stands on
(coverage) in text, CSV and JSON of every `stats` report, the one national figure, a second weight (households),
names for LBM 2.0's bare codes — each checked against SQL written here on the same database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from tests.dbquery import q as _sql
from tests.realdata import need_real
from tests.ui.uihelpers import pilot_test, screen_text, settle

runner = CliRunner()



def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _built(factory: pytest.TempPathFactory, name: str, *parts: str) -> Path:
    """A database rebuilt from the real extracts ``parts`` (paths below ../shared/data/real), in a temp folder."""
    from leeftui.ingest import rebuild

    for part in parts:
        need_real(part.split("/")[0])
    db = factory.mktemp(name) / f"{name}.duckdb"
    rebuild([need_real() / part for part in parts], db)
    return db


@pytest.fixture(scope="module")
def north(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 1,770 real buurten of 2024 (Groningen, Fryslân, Drenthe) with CBS's StatLine export of all 14,574."""
    return _built(tmp_path_factory, "north", "lbm3-meting2024-buurten-north/buurten_2024_official_layout.csv",
                  "cbs-kwb2024-buurt")


@pytest.fixture(scope="module")
def lbm2_2016(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LBM 2.0 meting 2016 (codes only) with the CBS wijk- en buurtkaart 2016 and the StatLine export of 2024."""
    return _built(tmp_path_factory, "lbm2", "lbm2-meting2016-gemeente-wijk", "cbs-wijkbuurtkaart2016-gemeente-wijk",
                  "cbs-kwb2024-buurt")


@pytest.fixture(scope="module")
def lbm2_2024_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LBM 2.0 meting 2016 with CBS figures of 2024 only: another division than the scores'."""
    return _built(tmp_path_factory, "lbm2x", "lbm2-meting2016-gemeente-wijk",
                  "cbs-kwb2024-gemeente-wijk/kwb2024_gemeente_wijk_inwoners.csv")


def test_the_statline_export_gives_every_buurt_its_residents(north: Path) -> None:
    # the file: ';', a BOM, label headers, codes padded with spaces, no year column (the year is in its name)
    assert _sql(north, "SELECT jaar, count(*) FILTER (WHERE code LIKE 'BU%'), sum(inwoners) FILTER (WHERE code "
                       "LIKE 'GM%') FROM population GROUP BY jaar") == [(2024, 14574, 17942942)]
    assert "year 2024 from the file name" in _sql(north, "SELECT detail FROM sources WHERE kind = 'population'")[0][0]
    missing = _sql(north, """
        SELECT count(*) FROM areas a JOIN population p ON p.code = a.code AND p.jaar = 2024
        LEFT JOIN scores s ON s.release = a.release AND s.code = a.code AND s.jaar = 2024
        WHERE a.level = 'buurt' AND p.inwoners IS NOT NULL AND s.code IS NOT NULL""")[0][0]
    assert missing == 1770  # every scored buurt with a CBS figure is counted with it


@pytest.mark.parametrize("classes", ["1-4", "1-3", "2-4"])
def test_residents_in_problem_buurten_equal_independent_sql(north: Path, classes: str) -> None:
    lo, hi = (int(x) for x in classes.split("-"))
    res = runner.invoke(app, ["stats", "problems", "--db", str(north), "--problem", classes, "--format", "csv"])
    assert res.exit_code == 0, res.output
    (row,) = _csv(res.stdout)
    expected = _sql(north, """
        SELECT count(*), sum(p.inwoners) FROM scores s JOIN areas a USING (release, code)
        JOIN population p ON p.code = s.code AND p.jaar = 2024
        WHERE a.level = 'buurt' AND s.jaar = 2024 AND s.klasse BETWEEN ? AND ?""", [lo, hi])[0]
    assert (int(row["problem_areas"]), int(row["problem_inwoners"])) == (expected[0], expected[1])
    assert int(row["inwoners"]) == _sql(north, "SELECT sum(p.inwoners) FROM population p JOIN areas a ON "
                                               "a.code = p.code AND a.level = 'buurt' WHERE p.jaar = 2024")[0][0]
    # the old option name still works
    if classes == "1-3":
        old = runner.invoke(app, ["stats", "problems", "--db", str(north), "--class-max", "3", "--format", "csv"])
        assert _csv(old.stdout) == [row]


REPORTS = (["stats", "overview"], ["stats", "problems"])
"""One wave of real buurten: the reports of change (set, improvement, decliners) are checked on the demo
(tests/cli/test_stats_cli.py)."""


def test_every_report_says_what_it_stands_on_in_text_csv_and_json(north: Path) -> None:
    coverage = "Coverage 2024: 1,770 of 14,574 buurten scored (12.1% of the buurten in CBS 2024)."
    residents = _sql(north, "SELECT sum(p.inwoners) FROM population p JOIN areas a ON a.code = p.code "
                            "AND a.level = 'buurt' WHERE p.jaar = 2024")[0][0]
    resident_line = f"Residents 2024: {residents:,} of 17,942,942"
    for cmd in REPORTS:
        text = runner.invoke(app, [*cmd, "--db", str(north), "--format", "table"], env={"COLUMNS": "80"})
        shown = " ".join(text.stdout.split())  # wrapped at 80 columns
        assert coverage in shown and resident_line in shown, text.output
        as_csv = runner.invoke(app, [*cmd, "--db", str(north), "--format", "csv"])
        assert coverage in as_csv.stderr and resident_line in as_csv.stderr
        assert "Coverage" not in as_csv.stdout  # piped data stays clean
        doc = json.loads(runner.invoke(app, [*cmd, "--db", str(north), "--format", "json"]).stdout)
        assert coverage in doc["meta"]["coverage"] and any(resident_line in c for c in doc["meta"]["coverage"])
        national = next(c for c in doc["meta"]["coverage"] if c.startswith("National figure 2024"))
        assert "partial: 40 of 342 gemeenten" in national and "not the whole country" in national


def test_the_gemeente_overview_says_which_rows_are_derived(north: Path) -> None:
    res = runner.invoke(app, ["stats", "overview", "--db", str(north), "--level", "gemeente", "--format", "csv"])
    (row,) = _csv(res.stdout)
    assert (row["derived_areas"], row["partial_areas"]) == ("40", "38")
    assert "40 of the 40 scored gemeenten in 2024 are derived by leeftui" in res.stderr


def test_each_wave_is_weighted_with_its_own_division_and_names_fill_bare_codes(lbm2_2016: Path) -> None:
    # meting 2016 is on the 2016 division: the kaart of 2016 weighs every wave, the 2024 figures none
    assert set(_sql(lbm2_2016, "SELECT pop_jaar, matched, areas FROM wave_population")) == {(2016, 3371, 3371)}
    # the .dbf: names, inhabitants and households of every gemeente and wijk (UTF-8 text in dBASE)
    assert _sql(lbm2_2016, "SELECT name FROM areas WHERE code IN ('WK071504', 'GM1900') ORDER BY code") == [
        ("Súdwest-Fryslân",), ("Terneuzen West",)]
    assert _sql(lbm2_2016, "SELECT count(*), count(huishoudens), sum(inwoners) FROM population WHERE jaar = 2016 "
                           "AND code LIKE 'GM%'") == [(390, 390, 16979120)]
    show = runner.invoke(app, ["show", "WK071504", "--db", str(lbm2_2016)], env={"COLUMNS": "160"})
    assert "name from CBS 2016, wijk_2016.dbf" in show.stdout and "relative to each wave's national" in show.stdout
    # decliner lists carry names, ready for a note
    res = runner.invoke(app, ["stats", "decliners", "2012:2016", "--db", str(lbm2_2016), "--level", "wijk",
                              "--limit", "1", "--format", "csv"])
    assert _csv(res.stdout)[0]["name"] == "Terneuzen West"


def test_households_weigh_where_the_cbs_file_gives_them(lbm2_2016: Path) -> None:
    res = runner.invoke(app, ["stats", "problems", "--db", str(lbm2_2016), "--level", "wijk", "--weight",
                              "households", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = {r["jaar"]: r for r in _csv(res.stdout)}
    expected = _sql(lbm2_2016, """
        SELECT sum(p.huishoudens), sum(p.huishoudens) FILTER (WHERE s.klasse <= 4) FROM scores s
        JOIN areas a USING (release, code) JOIN population p ON p.code = s.code AND p.jaar = 2016
        WHERE a.level = 'wijk' AND s.jaar = 2012 AND (s.afw IS NOT NULL OR s.klasse IS NOT NULL)""")[0]
    assert (int(rows["2012"]["huishoudens"]), int(rows["2012"]["problem_huishoudens"])) == expected
    assert "by households" in res.stderr


def test_figures_of_another_division_say_what_they_leave_out(lbm2_2024_only: Path) -> None:
    """CBS 2024 figures on LBM 2.0's 2016 wijken: 42 of the 130 problem wijken of 2012 have none — the count of
    residents in problem areas is an undercount, and the report says so beside it."""
    res = runner.invoke(app, ["stats", "problems", "--db", str(lbm2_2024_only), "--level", "wijk",
                              "--format", "csv"])
    row = next(r for r in _csv(res.stdout) if r["jaar"] == "2012")
    assert (row["problem_areas"], row["problem_areas_without_inwoners"]) == ("130", "42")
    assert int(row["problem_inwoners"]) == 1_131_425
    assert "CBS 2024 is not of this release's division" in res.stderr
    assert "problem wijken without a figure: an undercount" in res.stderr


@pilot_test
async def test_the_explorer_status_says_what_a_national_list_stands_on(north: Path) -> None:
    from leeftui.ui.app import create_app

    app = create_app(north)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = screen_text(app).splitlines()[-2]
        assert "40 of 342 gemeenten scored · 9.9% of residents" in status  # 40 derived, of the 342
        for _ in range(4):  # `a` widens the scope: all wijken, all buurten of the country
            if "all buurten" in screen_text(app).splitlines()[1]:
                break
            await pilot.press("a")
            await settle(pilot)
        assert "1 770 rows · 1 770 of 14 574 buurten scored · 9.7% of" in screen_text(app).splitlines()[-2]
        await pilot.press("enter")  # into an area: no national coverage on a list within it
        await settle(pilot)
        assert "scored" not in screen_text(app).splitlines()[-2]
