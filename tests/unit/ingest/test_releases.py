"""Several LBM 3.0 releases side by side: the latest wave of a file is its meting, so files of meting 2022 and of
meting 2024 become two releases, each exact, never mixed; the files of one meting stay one release."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.errors import BuildError
from leeftui.ingest import rebuild
from tests.dbquery import q
from tests.ui.uihelpers import WIDE, grid_rows, pilot_test, screen_text, settle
from tests.unit.ingest.helpers import HEADER_WK, score_row, write_csv

runner = CliRunner()


def _wijken(folder: Path, meting: int, shift: float) -> Path:
    rows = [score_row(f"WK9001{i:02d}", f"Wijk {i}", jaar, shift + 0.01 * i) for i in (1, 2)
            for jaar in (2020, 2022, 2024) if jaar <= meting]
    folder.mkdir(parents=True, exist_ok=True)
    return write_csv(folder / "Leefbaarometer-scores wijken.csv", HEADER_WK, rows)


@pytest.fixture()
def two_metings(tmp_path: Path) -> Path:
    old = _wijken(tmp_path / "meting-2022", 2022, 0.0)
    new = _wijken(tmp_path / "meting-2024", 2024, 0.05)  # the same wijken and waves, re-estimated
    rep = rebuild([old, new], tmp_path / "both.duckdb")
    assert rep.releases == ("lbm3-2024", "lbm3-2022")
    return tmp_path / "both.duckdb"


def test_each_meting_is_its_own_release(two_metings: Path) -> None:
    assert q(two_metings, "SELECT value FROM meta WHERE key = 'default_release'") == [("lbm3-2024",)]
    per = dict(q(two_metings, "SELECT release, count(*) FILTER (WHERE official) FROM scores GROUP BY ALL"))
    assert per == {"lbm3-2022": 4, "lbm3-2024": 6}
    fed = dict(q(two_metings, "SELECT file, release FROM sources WHERE kind LIKE 'scores-%'"))
    assert {Path(f).parent.name: r for f, r in fed.items()} == {"meting-2022": "lbm3-2022", "meting-2024": "lbm3-2024"}
    (a, b) = q(two_metings, "SELECT release, afw FROM scores WHERE code = 'WK900101' AND jaar = 2022 "
                            "ORDER BY release")
    assert a[1] != b[1]  # wave 2022 as each meting estimated it


def test_commands_read_the_release_asked_for(two_metings: Path) -> None:
    def lbm(*release: str) -> dict[str, str]:
        res = runner.invoke(app, ["export", "--db", str(two_metings), *release, "--level", "wijk", "--waves", "2022",
                                  "--format", "csv"])
        assert res.exit_code == 0, res.output
        return {r["code"]: r["afw"] for r in csv.DictReader(io.StringIO(res.stdout))}

    src_old = {r[0]: r[4] for r in [score_row(f"WK9001{i:02d}", "", 2022, 0.01 * i) for i in (1, 2)]}
    assert lbm("--release", "lbm3-2022") == src_old
    assert lbm() != src_old  # the default, meting 2024, has its own 2022 figures
    info = runner.invoke(app, ["db", "info", "--db", str(two_metings)])
    assert "release: lbm3-2024 *" in info.output and "release: lbm3-2022  " in info.output


def test_a_repeat_within_one_meting_is_still_an_error(tmp_path: Path) -> None:
    a = _wijken(tmp_path / "a", 2024, 0.0)
    b = _wijken(tmp_path / "b", 2024, 0.0)
    with pytest.raises(BuildError, match=r"duplicate \(code, jaar\) \('WK900101', 2020\)"):
        rebuild([a, b], tmp_path / "x.duckdb")


def test_real_pc4_of_meting_2022_beside_wijken_of_2024(real: Path, tmp_path: Path) -> None:
    pc4 = real / "lbm3-meting2022-pc4" / "scores.csv"
    rep = rebuild([_wijken(tmp_path / "w", 2024, 0.0), pc4], tmp_path / "r.duckdb")
    assert rep.releases == ("lbm3-2024", "lbm3-2022")
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "r.duckdb"), "--release", "lbm3-2022", "--level",
                              "pc4", "--format", "csv", "--columns", "code,jaar,lbm,afw,fys,onv,soc,vrz,won"])
    assert res.exit_code == 0, res.output
    got = {(r["code"], r["jaar"]): r for r in csv.DictReader(io.StringIO(res.stdout))}
    with pc4.open(encoding="utf-8") as f:
        source = list(csv.DictReader(f))
    assert len(got) == len(source) == 32_300
    cols = ("lbm", "afw", "fys", "onv", "soc", "vrz", "won")
    bad = [r for r in source if any((float(r[c]) if r[c] not in ("", "NA") else None)
                                    != (float(got[(r["PC4"], r["jaar"])][c]) if got[(r["PC4"], r["jaar"])][c] else None)
                                    for c in cols)]
    assert bad == []
    wrong = runner.invoke(app, ["export", "--db", str(tmp_path / "r.duckdb"), "--level", "pc4"])
    assert wrong.exit_code == 1  # the default release, meting 2024, has no postcode areas


@pilot_test
async def test_the_explorer_switches_between_metings(two_metings: Path) -> None:
    from leeftui.ui.app import create_app

    app_ = create_app(two_metings)
    async with app_.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "Leefbaarometer 3.0, meting 2024" in screen_text(app_).splitlines()[0]
        newest = grid_rows(app_)
        await pilot.press("R")
        await settle(pilot)
        text = screen_text(app_)
        assert "Leefbaarometer 3.0, meting 2022" in text.splitlines()[0]
        assert "2020  2022" in text.splitlines()[2]  # the waves of meting 2022
        assert "4.575" in newest[0] and "4.325 4.325" in grid_rows(app_)[0]  # its own figures, not 2024's
        assert grid_rows(app_)[0].split()[-1] == "—"  # no class: the 2024 bounds are not applied to it


def test_real_lbm2_metings_2016_and_2018_stay_apart(real: Path, tmp_path: Path) -> None:
    """The real LBM 2.0 gemeente files of meting 2016 with the postcode files of meting 2018: two releases (they
    used to merge into one 'lbm2-2018', whose gemeenten would then have been figures of another meting)."""
    g2016 = real / "lbm2-meting2016-gemeente-wijk"
    rep = rebuild([g2016 / "score_gemeente.xlsx", g2016 / "dimensiescore_gemeente (stand).xlsx",
                   real / "lbm2-meting2018-pc4"], tmp_path / "lbm2.duckdb")
    db = tmp_path / "lbm2.duckdb"
    assert set(rep.releases) == {"lbm2-2016", "lbm2-2018"}
    levels = dict(q(db, "SELECT release, list(DISTINCT level ORDER BY level) FROM areas WHERE level <> 'nederland' "
                        "GROUP BY ALL"))
    assert levels == {"lbm2-2016": ["gemeente"], "lbm2-2018": ["pc4"]}
    assert q(db, "SELECT klasse, afw, won FROM scores WHERE release = 'lbm2-2018' AND code = '1012' AND jaar = 2012"
             ) == [(9, 0.565, 0.244)]
    assert q(db, "SELECT max(jaar) FROM scores WHERE release = 'lbm2-2016' AND official") == [(2016,)]
