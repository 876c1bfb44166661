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
    box = re.search(r'<clipPath id="map"><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="([\d.]+)"/>'
                    r'</clipPath><g clip-path="url\(#map\)">', text)
    assert box and float(box.group(1)) == 16 and float(box.group(2)) == pytest.approx(768, abs=0.1)  # full width
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


def _text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Every <text> of a map's SVG as (text, x0, y0, x1, y1): the width is the file's own textLength, the height
    the font size (ascent 0.8, descent 0.2 of it around the baseline y)."""
    boxes = []
    for x, y, size, length, text in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="(\d+)"[^>]*'
                                               r'textLength="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        fx, fy, fs, fl = float(x), float(y), float(size), float(length)
        boxes.append((text, fx, fy - 0.8 * fs, fx + fl, fy + 0.2 * fs))
    return boxes


def test_a_province_as_its_gemeenten_with_names_scale_bar_and_credit(tmp_path: Path) -> None:
    """The real province of Groningen, drawn as its ten gemeenten through --in: the title names them, the SVG has a
    scale bar, a north note, the legend and the source credit, and no two of its texts overlap; the PNG likewise."""
    north = need_real("lbm3-meting2024-buurten-north")
    cbs = need_real("cbs-kwb2024-buurt")
    from leeftui.ingest import rebuild

    db = tmp_path / "n.duckdb"
    rebuild([north / "buurten_2024_official_layout.csv", north / "buurten_20.geojson",
             cbs / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"], db)
    province = "GM0014,GM0037,GM0047,GM0765,GM1895,GM1950,GM1952,GM1966,GM1969,GM1979"
    svg = tmp_path / "groningen.svg"
    r = runner.invoke(app, ["map", "--db", str(db), "--in", province, "-o", str(svg)])
    assert r.exit_code == 0, r.output
    text = svg.read_text(encoding="utf-8")
    boxes = _text_boxes(text)
    title = " ".join(t for t, *_ in boxes[:2])
    assert "buurten of 10 gemeenten (Groningen," in title and "GM0014" not in title
    said = [t for t, *_ in boxes]
    assert "N ↑ north up" in said and any(re.fullmatch(r"\d+ k?m", t) for t in said)  # north note and scale bar
    assert "1 zeer onvoldoende" in said and "9 uitstekend" in said
    assert any(t.startswith("Source: Leefbaarometer open data") for t in said)
    assert any("not the published table" in t for t in said)  # the classes say what they stand on
    for i, (a, ax0, ay0, ax1, ay1) in enumerate(boxes):
        for b, bx0, by0, bx1, by1 in boxes[i + 1:]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, f"{a!r} overlaps {b!r}"
    drawn = set(re.findall(r'data-code="(BU\d{8})"', text))
    assert len(drawn) > 500 and all(code[2:6] in province for code in drawn)
    png = tmp_path / "groningen.png"
    r = runner.invoke(app, ["map", "--db", str(db), "--in", province, "-o", str(png)])
    assert r.exit_code == 0, r.output
    from PIL import Image

    with Image.open(png) as img:
        assert img.size[0] == 1200 and 900 < img.size[1] < 2000  # the map stays on a page


def test_png_text_never_draws_a_missing_glyph_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DejaVu Sans, Pillow's own font lacks '—', '→' and 'Δ': they are drawn as ASCII instead of boxes."""
    from PIL import ImageFont

    from leeftui.present.mapfile import Fonts

    truetype = ImageFont.truetype

    def absent(font: object, *args: object, **kwargs: object) -> object:
        if isinstance(font, str) and font.startswith("DejaVu"):
            raise OSError("cannot open resource")
        return truetype(font, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ImageFont, "truetype", absent)
    fonts = Fonts()
    assert fonts.drawable("meting 2024 — Δ 2014→2024", 14) == "meting 2024 - d 2014->2024"
    assert fonts.drawable("Súdwest-Fryslân", 14) in ("Súdwest-Fryslân", "Sudwest-Fryslan")


def test_map_draws_what_export_selects() -> None:
    """--where, --set and several --in codes pick the same areas as `export` does."""
    def codes(args: list[str]) -> set[str]:
        r = runner.invoke(app, ["export", "--db", str(BUNDLED), "--format", "csv", "--columns", "code", *args])
        assert r.exit_code == 0, r.output
        return {row["code"] for row in csv.DictReader(r.stdout.splitlines())}

    declined = codes(["--level", "wijk", "--compare", "2014:2024", "--where", "delta_lbm < 0"])
    r = runner.invoke(app, ["map", "--db", str(BUNDLED), "--level", "wijk", "--compare", "2014:2024", "--where",
                            "delta_lbm < 0", "-o", "-"], env={"COLUMNS": "80"})
    assert r.exit_code == 2 and "svg or .png" in r.stderr  # '-' is not an image; the selection itself was fine
    with pytest.MonkeyPatch.context() as mp:
        drawn: list[tuple[str, ...]] = []
        from leeftui.store import outlines

        real_map_data = outlines.map_data

        def spy(db: object, rel: object, view: object, *args: object, **kwargs: object) -> object:
            drawn.append(tuple(view.column("code").to_pylist()))  # type: ignore[attr-defined]
            return real_map_data(db, rel, view, *args, **kwargs)  # type: ignore[arg-type]

        mp.setattr(outlines, "map_data", spy)
        for args, expected in (
            (["--level", "wijk", "--compare", "2014:2024", "--where", "delta_lbm < 0"], declined),
            (["--set", "demo-aandachtswijken", "--compare", "2014:2024"],  # members counted in 2024 (a leaver not)
             codes(["--set", "demo-aandachtswijken", "--compare", "2014:2024"])),
            (["--level", "wijk", "--in", "GM9396,GM9098"], codes(["--level", "wijk", "--in", "GM9396,GM9098"])),
        ):
            r = runner.invoke(app, ["map", "--db", str(BUNDLED), *args], env={"COLUMNS": "80", "NO_COLOR": "1"})
            assert r.exit_code == 0, r.output
            assert set(drawn[-1]) == expected and expected
    assert "5 areas selected (where delta_lbm < 0)" in runner.invoke(
        app, ["map", "--db", str(BUNDLED), "--level", "wijk", "--compare", "2014:2024", "--where", "delta_lbm < 0"],
        env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout


def test_export_in_several_parents_is_their_union_in_order() -> None:
    def rows(inn: str) -> list[str]:
        r = runner.invoke(app, ["export", "--db", str(BUNDLED), "--format", "csv", "--level", "wijk", "--in", inn,
                                "--columns", "code,name,jaar"])
        assert r.exit_code == 0, r.output
        return [(row["name"], row["code"], row["jaar"]) for row in csv.DictReader(r.stdout.splitlines())]

    both = rows("GM9396,GM9098,GM9396")
    assert sorted(both) == sorted(rows("GM9396") + rows("GM9098"))  # each area once
    assert both == sorted(both)  # by name, code and wave, as one parent's rows
