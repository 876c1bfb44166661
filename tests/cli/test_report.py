"""`leeftui report`: one page about an area or a set, as HTML (self-contained, checked in headless Chromium),
Markdown and PDF (one page; its text read back); `r` in the explorer writes the same page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from tests.browser import chromium, console_errors, screenshot
from tests.realdata import need_real
from tests.ui.uihelpers import WIDE, pilot_test, settle

runner = CliRunner()
BUNDLED = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"


def _pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return len(reader.pages), " ".join((p.extract_text() or "") for p in reader.pages)


@pytest.fixture(scope="module")
def north(tmp_path_factory: pytest.TempPathFactory) -> Path:
    real = need_real("lbm3-meting2024-buurten-north")
    cbs = need_real("cbs-kwb2024-buurt")
    from leeftui.ingest import rebuild

    db = tmp_path_factory.mktemp("report") / "north.duckdb"
    rebuild([real / "buurten_2024_official_layout.csv", real / "buurten_20.geojson",
             real / "buurten_2024_official_classes.csv", cbs / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"],
            db)
    return db


def test_a_demo_page_in_every_format(tmp_path: Path) -> None:
    for suffix in ("html", "md", "pdf"):
        r = runner.invoke(app, ["report", "BU93550604", "--db", str(BUNDLED), "-o", str(tmp_path / f"p.{suffix}")])
        assert r.exit_code == 0, r.output
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "Eendenpad (BU93550604) — buurt" in html and "DEMO DATA — synthetic" in html
    assert html.count("<svg") == 2 and 'data-outline="BU93550604"' in html  # the chart and the map, outlined
    assert not re.search(r'(src|href)="(http|//)', html)  # one self-contained file
    assert "rank in Aaldermond" in html and "What the figures stand on" in html
    md = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert md.startswith("> **DEMO DATA — synthetic**") and "| lbm 2024 | 4.105 |" in md
    pages, text = _pdf_text(tmp_path / "p.pdf")
    assert pages == 1 and "Eendenpad (BU93550604)" in text and "4.105" in text and "DEMO DATA" in text
    again = runner.invoke(app, ["report", "BU93550604", "--db", str(BUNDLED), "-o", str(tmp_path / "p.pdf")])
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr


def test_a_set_page(tmp_path: Path) -> None:
    r = runner.invoke(app, ["report", "--set", "demo-aandachtswijken", "--db", str(BUNDLED), "-o",
                            str(tmp_path / "s.pdf")])
    assert r.exit_code == 0, r.output
    pages, text = _pdf_text(tmp_path / "s.pdf")
    assert pages == 1 and "demo-aandachtswijken" in text and "rest of the country" in text
    assert "Coverage 2024" in text  # what the figures stand on, above them
    md = runner.invoke(app, ["report", "--set", "demo-aandachtswijken", "--db", str(BUNDLED)])
    assert md.exit_code == 0 and "## dimensions" in md.stdout and "| dimension | delta set |" in md.stdout


@pytest.mark.parametrize(("argv", "said"), [
    (["report"], "Give an area"),
    (["report", "NOPE"], "No area is called or coded 'NOPE'"),
    (["report", "BU93550604", "-o", "x.txt"], "as .html, .md or .pdf"),
    (["report", "--set", "nope"], "Unknown area set 'nope'"),
])
def test_what_cannot_be_reported_is_one_sentence(argv: list[str], said: str) -> None:
    r = runner.invoke(app, [*argv, "--db", str(BUNDLED)])
    assert r.exit_code == 2 and said in r.stderr and "Traceback" not in r.output


def _outside_references(html: str) -> list[str]:
    """Scripts, and what the page would fetch from elsewhere (``src``/``href`` of another file or site)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Refs(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "script":
                found.append("<script>")
            for name, value in attrs:
                if name in ("src", "href") and value and not value.startswith(("data:", "#")):
                    found.append(f"{tag} {name}={value[:60]}")

    Refs().feed(html)
    return found


def test_a_real_buurt_in_chromium_and_as_pdf(north: Path, tmp_path: Path) -> None:
    """The HTML page of a real buurt renders in headless Chromium without console errors (the screenshot stays in
    the test's folder); its PDF is one page with the buurt's name, score and what the classes stand on."""
    html = tmp_path / "binnenstad.html"
    r = runner.invoke(app, ["report", "BU00140000", "--db", str(north), "-o", str(html)])
    assert r.exit_code == 0, r.output
    text = html.read_text(encoding="utf-8")
    assert "Binnenstad-Noord (BU00140000)" in text and "rank in Groningen" in text and "4.291" in text
    assert "official class codes" in text  # the classes say what they stand on
    if chromium() is not None:  # (under CI always; a machine without a browser checks the page's parts below)
        shot = tmp_path / "binnenstad.png"
        log = screenshot(html.as_uri(), shot)
        assert not console_errors(log), console_errors(log)
        from PIL import Image

        with Image.open(shot) as img:
            colours = img.convert("RGB").getcolors(maxcolors=1 << 20) or []
            assert img.size == (1200, 1600) and len(colours) > 50  # drawn, not a blank page
    assert _outside_references(text) == []  # one file: nothing fetched from elsewhere, no script to fail
    pdf = tmp_path / "binnenstad.pdf"
    r = runner.invoke(app, ["report", "BU00140000", "--db", str(north), "-o", str(pdf)])
    assert r.exit_code == 0, r.output
    pages, words = _pdf_text(pdf)
    assert pages == 1 and "Binnenstad-Noord" in words and "4.291" in words and "classes:" in words


@pilot_test
async def test_r_writes_the_page_of_the_area_under_the_cursor(tmp_path: Path) -> None:
    from leeftui.ui.app import create_app

    app = create_app(BUNDLED, fresh=True)
    target = tmp_path / "page.pdf"
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        code = app.screen.query_one("AreaGrid").current_code
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#ask-line").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
    pages, words = _pdf_text(target)
    assert pages == 1 and f"({code})" in words
