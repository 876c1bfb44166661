"""Nothing cut silently: every CLI table, drawn at 60, 80, 120 and 200 columns, shows each number whole (a column
that does not fit is left out and named, never cut) and ends every cut text in '…'; a column with no value at all
goes before one with values."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from leeftui.present.cells import table_cell
from leeftui.present.tables import terminal_table
from leeftui.store.change import decliners, improvement
from leeftui.store.monitor import overview, set_report

WIDTHS = (60, 80, 120, 200)


def _reports(db):  # noqa: ANN001, ANN202 - a Database → [(name, pa.Table)]
    rel = db.default_release
    out = []
    for report in (overview(db, rel, "wijk"), set_report(db, rel, "testset", 2014, 2024),
                   improvement(db, rel, 2014, 2024, "buurt"), decliners(db, rel, 2014, 2024, "buurt")):
        out += [(f"{report.title} {name}", t) for name, t in report.tables.items()]
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_no_number_is_cut_and_every_cut_text_ends_in_an_ellipsis(tiny_db, width: int) -> None:
    import pyarrow.types as pt

    for title, table in _reports(tiny_db):
        rendered, left = terminal_table(table, "t", width)
        buf = io.StringIO()
        Console(file=buf, width=width, color_system=None, legacy_windows=False).print(rendered)
        lines = [ln for ln in buf.getvalue().splitlines() if ln.startswith("│")]
        shown = [c for c in table.column_names if c not in left]
        numeric = {f.name for f in table.schema if pt.is_integer(f.type) or pt.is_floating(f.type)}
        body = lines  # the header is drawn with ┃, the rows with │
        assert len(body) == table.num_rows, title
        for line, row in zip(body, table.to_pylist(), strict=True):
            cells = [c.strip() for c in line.strip("│").split("│")]
            assert len(cells) == len(shown), (title, line)
            for name, cell in zip(shown, cells, strict=True):
                want = table_cell(name, row[name])[0]
                if name in numeric:
                    assert cell == want, (title, name, width, cell, want)  # whole, never cut
                elif cell != want:
                    assert cell.endswith("…") and want.startswith(cell[:-1]), (title, name, width, cell, want)
        assert max(len(ln) for ln in buf.getvalue().splitlines()) <= width


def test_an_empty_column_goes_before_one_with_values() -> None:
    import pyarrow as pa

    t = pa.table({"code": ["GM0001"], "empty_one": pa.array([None], pa.float64()), "delta_lbm": [0.123456]})
    _, left = terminal_table(t, "t", 26)
    assert left == ["empty_one"]


def test_stats_commands_take_columns(tiny_db_path) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from leeftui.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["stats", "overview", "--db", str(tiny_db_path), "--level", "wijk", "--columns",
                            "jaar,problem_inwoners", "-f", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == '"jaar","problem_inwoners","notice"'
    bad = runner.invoke(app, ["stats", "decliners", "2014:2024", "--db", str(tiny_db_path), "--columns", "nope"])
    assert bad.exit_code == 2 and "Unknown column 'nope'" in bad.stderr


@pytest.mark.parametrize("width", [24, 40, 60, 80, 120])
def test_the_map_legend_never_breaks_an_entry(width: int) -> None:
    from leeftui.present.choropleth import legend
    from leeftui.schema import CLASS_LABELS

    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(legend(CLASS_LABELS, plain=True))
    lines = [ln.rstrip() for ln in buf.getvalue().splitlines()]
    for k, label in CLASS_LABELS:  # every entry whole on one line
        assert sum(f" {k}  {label}" in ln for ln in lines) == 1, (width, k, lines)
    assert all(len(ln) <= width for ln in lines)


def test_areas_without_a_score_have_a_neutral_of_their_own_and_a_legend_entry() -> None:
    from leeftui.present.choropleth import NO_SCORE, Raster, colour_of, legend, render_terminal
    from leeftui.schema import CLASS_LABELS

    r = Raster(codes=("BU1", "BU2", "BU3"), cells=((0, 0, 1, 1, 2, 2),) * 2, bbox=(0.0, 0.0, 6.0, 2.0))
    classes = {"BU1": 5, "BU2": None, "BU3": None}
    text = render_terminal(r, classes, in_view={"BU1", "BU2"}, plain=True).plain
    assert text.splitlines()[0] == "55--··"  # scored, no score (in view: '-'), context ('·')
    assert colour_of(None, True) == NO_SCORE != colour_of(None, False)
    buf = io.StringIO()
    Console(file=buf, width=80, color_system=None).print(legend(CLASS_LABELS, plain=True, no_score=True))
    assert " -  no score" in buf.getvalue()


@pytest.mark.parametrize("width", WIDTHS)
def test_show_keeps_every_number_whole_and_names_the_columns_left_out(width: int) -> None:
    """`leeftui show` at 60 columns cut the years to '20…' and every score to '3…': now a column that does not fit
    is left out and named under its table."""
    import re
    from pathlib import Path

    from leeftui.present.profile import profile_panel
    from leeftui.store import open_database
    from leeftui.store.profile import area_profile

    db = open_database(Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb")
    try:
        rel = db.default_release
        profile = area_profile(db, rel, "GM9355")
        buf = io.StringIO()
        console = Console(file=buf, width=width, color_system=None, legacy_windows=False)
        console.print(profile_panel(profile, rel.dimensions, rel.classes_source, db.notice, width=width))
    finally:
        db.close()
    text = buf.getvalue()
    assert max(len(line) for line in text.splitlines()) <= width
    assert not re.search(r"[\d.+-]…", text), text  # no number cut
    for year in rel.waves:
        assert re.search(rf"│\s+{year}\s", text), year  # every wave whole, in the first column
    header = next(line for line in text.splitlines() if re.search(r"│\s+jaar\s+lbm", line))
    shown = header.strip("│ ").split()
    said = " ".join(line.strip("│ ") for line in text.splitlines())
    left = [n for n in ("fys", "onv", "soc", "vrz", "won", "NL") if n not in shown]
    if left:
        assert f"left out to fit this width: {', '.join(left)}" in said
    else:
        assert "left out" not in said and width >= 80


def test_set_review_takes_columns() -> None:
    """`db sets show --columns` (like every command that prints a table): the chosen columns, in a file or piped."""
    import csv as csvmod
    from pathlib import Path

    from typer.testing import CliRunner

    from leeftui.cli import app

    bundled = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"
    r = CliRunner().invoke(app, ["db", "sets", "show", "demo-aandachtswijken", "--db", str(bundled), "--columns",
                                 "code,status", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csvmod.DictReader(r.stdout.splitlines()))
    assert list(rows[0]) == ["code", "status", "notice"] and all(row["status"] == "matched" for row in rows)
    bad = CliRunner().invoke(app, ["db", "sets", "show", "demo-aandachtswijken", "--db", str(bundled), "--columns",
                                   "statuss"])
    assert bad.exit_code == 2 and "statuss" in bad.stderr
