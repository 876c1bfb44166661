"""`leeftui map`: the terminal map (ANSI, or class digits without colour), SVG and PNG with legend, title and
provenance; on the real northern buurten every area gets its official class colour."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.present.charts import CLASS_BG
from tests.realdata import need_real

BUNDLED = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"
runner = CliRunner()


def test_terminal_map_without_colour_shows_class_digits() -> None:
    r = runner.invoke(app, ["map", "--db", str(BUNDLED), "--level", "wijk"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Leefbaarometer 3.0, meting 2024") and "wijken, class 2024" in lines[0]
    end = next(i for i, line in enumerate(lines) if "zeer onvoldoende" in line)  # the legend follows the map
    body = "".join(lines[1:end])
    assert set(re.sub(r"\s", "", body)) <= set("123456789·") and len(re.sub(r"\s", "", body)) > 500
    assert "1  zeer onvoldoende" in r.stdout and "DEMO DATA — synthetic" in r.stdout  # legend and provenance


def test_ansi_in_a_terminal(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "import sys; from leeftui.cli import main; sys.argv = ['leeftui', "
                           f"'map', '--db', {str(BUNDLED)!r}, '--level', 'gemeente']; main()"],
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "COLUMNS": "60",
                               "FORCE_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "▀" in proc.stdout and "\x1b[" in proc.stdout


def test_svg_and_png_files(tmp_path: Path) -> None:
    svg = tmp_path / "map.svg"
    r = runner.invoke(app, ["map", "--db", str(BUNDLED), "--level", "buurt", "--in", "GM9396", "-o", str(svg)])
    assert r.exit_code == 0, r.output
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and text.count("<path") >= 40 and "DEMO DATA — synthetic" in text
    fills = re.findall(r'fill="(#[0-9a-f]{6})" stroke="#ffffff" stroke-width="0.3" data-code="BU9396\d+" '
                       r'data-klasse="(\d)"', text)
    assert fills and all(CLASS_BG[int(k)] == f for f, k in fills)  # each area in its class colour
    png = tmp_path / "map.png"
    r = runner.invoke(app, ["map", "--db", str(BUNDLED), "--level", "gemeente", "--by", "delta", "-o", str(png)])
    assert r.exit_code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = runner.invoke(app, ["map", "--db", str(BUNDLED), "-o", str(png)])
    assert again.exit_code == 2 and "exists; pass --force" in again.stderr
    bad = runner.invoke(app, ["map", "--db", str(BUNDLED), "--by", "onvv"])
    assert bad.exit_code == 2 and "Did you mean 'onv'?" in bad.stderr


def test_real_buurten_get_their_official_class_colours(tmp_path: Path) -> None:
    north = need_real("lbm3-meting2024-buurten-north")
    from leeftui.ingest import rebuild

    rebuild([north / "buurten_2024_official_layout.csv", north / "buurten_20.geojson"], tmp_path / "n.duckdb")
    svg = tmp_path / "groningen.svg"
    r = runner.invoke(app, ["map", "--db", str(tmp_path / "n.duckdb"), "--in", "GM0014", "-o", str(svg)])
    assert r.exit_code == 0, r.output
    with (north / "buurten_2024_official_classes.csv").open(encoding="utf-8") as fh:
        official = {row["bu_code"]: int(row["kscore"]) for row in csv.DictReader(fh)}
    drawn = {code: fill for fill, code in re.findall(r'fill="(#[0-9a-f]{6})"[^>]*data-code="(BU0014\d+)"',
                                                      svg.read_text())}
    assert len(drawn) > 100
    assert all(fill == CLASS_BG[official[code]] for code, fill in drawn.items())
    text = svg.read_text()
    box = re.search(r'<clipPath id="map"><rect x="10" y="50" width="([\d.]+)" height="([\d.]+)"/></clipPath>'
                    r'<g clip-path="url\(#map\)">', text)
    assert box and float(box.group(1)) == pytest.approx(780, abs=0.1)  # the map's box fills the width
    assert text.index("</g>") > text.rindex("<path")  # the areas around are cut at the box's edge


def test_the_docs_show_what_the_command_prints() -> None:
    """docs/map.md's capture of `COLUMNS=80 NO_COLOR=1 leeftui map --level wijk --in GM9591` is the command's output
    (its first lines), so the page stays true when the map changes."""
    readme = (Path(__file__).resolve().parents[2] / "docs" / "map.md").read_text(encoding="utf-8")
    block = readme.split("$ COLUMNS=80 NO_COLOR=1 leeftui map --level wijk --in GM9591", 1)[1].split("```", 1)[0]
    shown = [line.rstrip() for line in block.splitlines()[1:]]
    r = runner.invoke(app, ["map", "--db", str(BUNDLED), "--level", "wijk", "--in", "GM9591"],
                      env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    printed = [line.rstrip() for line in r.stdout.splitlines()]
    assert len(shown) >= 10 and printed[:len(shown)] == shown


def test_sixteen_colours_show_the_class_digits_on_six_steps() -> None:
    """In a terminal of 16 colours the nine class colours would round to five (4, 5 and 6 all bright yellow): the
    map writes each cell's class digit on the six-step palette instead, and the legend uses the same."""
    proc = subprocess.run([sys.executable, "-c", "import sys; from leeftui.cli import main; sys.argv = ['leeftui', "
                           f"'map', '--db', {str(BUNDLED)!r}, '--level', 'wijk', '--in', 'GM9591']; main()"],
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "TERM": "xterm-16color", "COLUMNS": "60", "FORCE_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "▀" not in proc.stdout and "\x1b[38;" not in proc.stdout and "\x1b[48;" not in proc.stdout  # no 256/RGB
    background = {"red": "41", "bright_red": "101", "yellow": "43", "bright_yellow": "103", "green": "42",
                  "bright_green": "102"}
    from leeftui.present.charts import CLASS_BG_16

    runs = re.findall(r"\x1b\[([0-9;]+)m([1-9]+)\x1b\[0m", proc.stdout)
    assert len({d[0] for _, d in runs}) >= 4  # several classes drawn
    for codes, digits in runs:
        k = int(digits[0])
        assert set(digits) == {digits[0]} and background[CLASS_BG_16[k]] in codes.split(";")
    legend = re.findall(r"\x1b\[([0-9;]+)m ?([1-9]) \x1b\[0m", proc.stdout)
    swatches = {int(k): codes.split(";") for codes, k in legend}
    assert all(background[CLASS_BG_16[k]] in swatches[k] for k in range(1, 10))  # the legend's swatches
