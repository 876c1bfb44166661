"""A view as export options: they read back as they were written, a filter's columns are renamed and nothing else,
and a saved view's waves map onto another release by their places from the latest wave — or are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from leeftui.errors import UsageError
from leeftui.model.viewspec import ViewArgs, map_waves, rename_columns


def test_options_read_back_as_written() -> None:
    args = ViewArgs(compare=(2014, 2024), level="buurt", in_code="GM0014", klasse="1-4,onv:1-3", below=3.9,
                    declined=True, change_below=-0.01, where='name ~ "^Oost" and delta_onv < 0', sort="-delta_lbm",
                    columns=("code", "name", "delta_lbm"))
    assert ViewArgs.parse(args.args()) == args
    assert args.command("/data/x y.duckdb", "lbm3-2024").startswith(
        "leeftui export --db '/data/x y.duckdb' --release lbm3-2024 --level buurt --in GM0014 --compare 2014:2024")
    marked = ViewArgs(compare=(2020, 2022), areas=("BU1", "BU2"), set_name=None)
    assert ViewArgs.parse(marked.args()) == marked


@pytest.mark.parametrize(("args", "said"), [
    (["--level", "buurt"], "give --compare A:B"),
    (["--compare", "2014:2024", "-o", "x.csv"], "cannot hold '-o'"),
    (["--compare", "2024:2014"], "earlier wave first"),
    (["--compare", "2014:2024", "--below", "low"], "--below"),
])
def test_what_a_view_cannot_hold_is_one_sentence(args: list[str], said: str) -> None:
    with pytest.raises(UsageError, match=said):
        ViewArgs.parse(args)


def test_a_filter_is_renamed_column_by_column() -> None:
    names = {"d_onv": "delta_onv", "lbm_b": "lbm_2024", "name": "name"}
    text = 'd_onv < 0 and name ~ "d_onv" or lbm_b>4 and Δonv<0'
    assert rename_columns(text, names) == 'delta_onv < 0 and name ~ "d_onv" or lbm_2024>4 and Δonv<0'


def test_waves_map_by_their_places_from_the_latest() -> None:
    meting2022 = (2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022)
    meting2024 = (2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022, 2024)
    assert map_waves((2014, 2022), meting2022, meting2024) == ((2014, 2022), "")  # both there: kept
    assert map_waves((2020, 2022), (2020, 2022), (2022, 2024))[0] == (2022, 2024)  # the last two stay the last two
    (a, b), note = map_waves((2012, 2022), (2012, 2016, 2022), (2020, 2022, 2024))
    assert (a, b) == (2020, 2024) and "same places from its latest wave, 2020:2024" in note
    with pytest.raises(UsageError, match="has only 2 waves"):
        map_waves((2002, 2022), meting2022, (2022, 2024))


def test_a_broken_views_file_is_one_sentence_and_kept() -> None:
    from typer.testing import CliRunner

    from leeftui.cli import app
    from leeftui.savedviews import views_file

    path = views_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", encoding="utf-8")
    runner = CliRunner()
    for argv in (["view", "list"], ["view", "run", "x"], ["view", "save", "x", "--", "--compare", "2014:2024"]):
        r = runner.invoke(app, argv)
        assert r.exit_code == 2 and "cannot be read (JSONDecodeError); move the file away" in r.stderr, argv
    assert path.read_text(encoding="utf-8") == "{ not json"  # nothing the user had is lost


def test_a_view_saved_on_another_release_replays_at_the_same_places(tmp_path: Path) -> None:
    """A view saved on a release of waves 2019 and 2021 compares its last two waves; run on the demo release it
    compares that release's last two (2022:2024) and says so; one that reaches further back than the release
    goes is refused in one sentence."""
    import csv
    import json

    from typer.testing import CliRunner

    from leeftui.cli import app
    from leeftui.savedviews import views_file

    bundled = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"
    path = views_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    older = {"args": ["--level", "gemeente", "--compare", "2019:2021", "--sort", "-delta_lbm"],
             "release": "lbm3-2021", "waves": [2019, 2021], "saved_at": ""}
    far = {"args": ["--level", "gemeente", "--compare", "2000:2021"], "release": "lbm9-2021",
           "waves": list(range(2000, 2022)), "saved_at": ""}
    path.write_text(json.dumps({"views": {"older": older, "far": far}}), encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(app, ["view", "run", "older", "--db", str(bundled), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert "view 'older' (saved on lbm3-2021): waves 2019:2021 are not both in this release" in " ".join(
        r.stderr.split()) and "2022:2024" in r.stderr
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert "lbm_2022" in rows[0] and "lbm_2024" in rows[0] and len(rows) == 14
    refused = runner.invoke(app, ["view", "run", "far", "--db", str(bundled)])
    assert refused.exit_code == 2 and "this release has only 9 waves" in refused.stderr
