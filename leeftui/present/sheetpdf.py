"""The one-page area report as a PDF (A4, one page), through fpdf2: a pure-Python wheel that installs offline and
needs no system library (no Cairo, Pango or browser) — WeasyPrint and a headless browser were weighed and left
for that. Text in the PDF core font Helvetica (Latin-1: Dutch names with their accents; '—', '→', 'Δ' and the
like as ASCII stand-ins), so the text can be read back by any PDF tool; the map as the PNG :mod:`leeftui.present.
mapfile` draws, the chart in vectors from the same layout as the HTML's SVG."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from leeftui.model.sheet import AreaSheet
from leeftui.present import sheet as layout
from leeftui.present.mapfile import STAND_INS
from leeftui.present.reportpage import Page

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0


def latin1(text: str) -> str:
    """``text`` as the core font can write it: Latin-1 kept, the rest as ASCII stand-ins."""
    import unicodedata

    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        elif ch in STAND_INS or ch in ARROWS:
            out.append(STAND_INS.get(ch, ""))
        else:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?")
    return "".join(out)


ARROWS = "▲▼"
"""Marks a change carries beside its sign ('▲+0.168'): left out, the sign says it."""


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def pdf(sheet: AreaSheet) -> bytes:
    """The page as PDF bytes (one A4 page)."""
    doc, width, y = _start(layout.title(sheet), sheet.notice, "P", 15, 7)
    y += 1
    doc.set_font("Helvetica", "", 8.5)
    doc.set_text_color(85, 85, 85)
    doc.set_xy(MARGIN, y)
    doc.multi_cell(width, 4.2, latin1(f"{layout.path_text(sheet)} - {sheet.release_label}"))
    doc.set_text_color(0, 0, 0)
    y = doc.get_y() + 3
    half = (width - 6) / 2
    top = y
    y = _table(doc, MARGIN, y, half, ("", str(sheet.wave)), layout.facts(sheet), (0.45, 0.55))
    y = _chart(doc, MARGIN, y + 3, half, 58.0, sheet)
    y = _table(doc, MARGIN, y + 2, half, ("wave", "lbm", "afw", "class"), layout.wave_rows(sheet),
               (0.16, 0.18, 0.18, 0.48))
    right = MARGIN + half + 6
    ry = _map(doc, right, top, half, sheet)
    p = sheet.profile
    gem = p.gemeente.area.name if p.gemeente else "gemeente"
    nl = p.nederland.area.name if p.nederland else "Nederland"
    doc.set_font("Helvetica", "B", 9)
    doc.set_xy(right, ry + 2)
    doc.cell(half, 5, latin1(f"Dimensions {sheet.wave} (deviation)"))
    ry = _table(doc, right, ry + 7, half, ("dimension", "area", gem, nl), layout.dimension_rows(sheet),
                (0.46, 0.18, 0.18, 0.18))
    y = max(y, ry) + 4
    doc.set_font("Helvetica", "B", 9)
    doc.set_xy(MARGIN, y)
    doc.cell(width, 5, "What the figures stand on")
    doc.set_font("Helvetica", "", 7.5)
    doc.set_text_color(68, 68, 68)
    doc.set_xy(MARGIN, y + 5)
    for note in (*sheet.notes, sheet.map_note, "made by leeftui from the Leefbaarometer open data "
                 "(Ministerie van BZK)"):
        if doc.get_y() > PAGE_H - MARGIN - 4:
            break  # one page: what does not fit is in the HTML and Markdown versions
        doc.set_x(MARGIN)
        doc.multi_cell(width, 3.6, latin1(f"- {note}"))
    out = doc.output()
    return bytes(out)


def _start(title: str, notice: str, orientation: str, size: float, line: float) -> tuple[Any, float, float]:
    """A new one-page A4 document: the DEMO band where the data is synthetic, then the title. Returns the document,
    the width inside the margins and the y below the title."""
    from fpdf import FPDF

    doc = FPDF(orientation=orientation, unit="mm", format="A4")
    doc.set_auto_page_break(False)
    doc.set_margins(MARGIN, MARGIN, MARGIN)
    doc.set_title(latin1(title))
    doc.set_creator("leeftui")
    doc.add_page()
    width = (PAGE_W if orientation == "P" else PAGE_H) - 2 * MARGIN
    y = MARGIN
    if notice:
        doc.set_fill_color(*_hex("#fee08b"))
        doc.set_font("Helvetica", "B", 10)
        doc.set_xy(MARGIN, y)
        doc.cell(width, 7, latin1(f"{notice}: these are not real Leefbaarometer figures."), fill=True)
        y += 9
    doc.set_font("Helvetica", "B", size)
    doc.set_xy(MARGIN, y)
    doc.multi_cell(width, line, latin1(title))
    return doc, width, float(doc.get_y())


def _table(doc: object, x: float, y: float, width: float, head: tuple[str, ...],
           rows: Sequence[tuple[str, ...]], shares: tuple[float, ...], bottom: float = PAGE_H - MARGIN) -> float:
    """A small table at (x, y), its rows down to ``bottom`` (the rest counted in a last line); returns the y
    below it."""
    from fpdf import FPDF

    assert isinstance(doc, FPDF)
    widths = [width * s for s in shares]
    doc.set_font("Helvetica", "B", 7.5)
    doc.set_xy(x, y)
    for i, (h, w) in enumerate(zip(head, widths, strict=True)):
        doc.cell(w, 4.2, _fit(doc, h, w), border="B", align="L" if i == 0 else "R")
    y += 4.4
    doc.set_font("Helvetica", "", 7.5)
    for n, row in enumerate(rows):
        doc.set_xy(x, y)
        if y + 7.8 > bottom and n < len(rows) - 1:
            doc.cell(width, 3.9, f"... {len(rows) - n} more rows (in the HTML and Markdown pages)")
            return y + 3.9
        for i, (c, w) in enumerate(zip(row, widths, strict=True)):
            doc.cell(w, 3.9, _fit(doc, c, w), align="L" if i == 0 else "R")
        y += 3.9
    return y


def _fit(doc: object, text: str, width: float) -> str:
    """``text`` cut to ``width`` mm in the current font, ending in '...' where cut."""
    from fpdf import FPDF

    assert isinstance(doc, FPDF)
    text = latin1(text)
    if doc.get_string_width(text) <= width - 1:
        return text
    while len(text) > 1 and doc.get_string_width(text + "...") > width - 1:
        text = text[:-1]
    return text.rstrip() + "..."


def _chart(doc: object, x: float, y: float, width: float, height: float, sheet: AreaSheet) -> float:
    """The score per wave with the class bands, in vectors; returns the y below it (and its key)."""
    from fpdf import FPDF

    assert isinstance(doc, FPDF)
    c = layout.chart(sheet, width, height)
    doc.set_font("Helvetica", "", 6.5)
    for top, bottom, colour, label in c.bands:
        r, g, b = _hex(colour)
        doc.set_fill_color(int(255 - (255 - r) * 0.35), int(255 - (255 - g) * 0.35), int(255 - (255 - b) * 0.35))
        doc.rect(x + c.left, y + top, c.right - c.left, bottom - top, style="F")
        if bottom - top >= 3.2:
            doc.set_text_color(68, 68, 68)
            doc.text(x + c.right - 1 - doc.get_string_width(latin1(label)), y + (top + bottom) / 2 + 1, latin1(label))
    doc.set_text_color(0, 0, 0)
    for ty, label in c.y_ticks:
        doc.text(x + c.left - 1.5 - doc.get_string_width(label), y + ty + 1, label)
    for i, (tx, label) in enumerate(c.x_ticks):
        w = doc.get_string_width(label)
        at = tx if i == 0 else tx - w if i == len(c.x_ticks) - 1 else tx - w / 2
        doc.text(x + at, y + height - 1, label)
    key_x = x + c.left
    for (name, pts), (colour, dash, stroke) in zip(c.lines, layout.LINE_STYLES, strict=False):
        doc.set_draw_color(*_hex(colour))
        doc.set_line_width(stroke * 0.18)
        doc.set_dash_pattern(dash=1.2 if dash else 0, gap=0.9 if dash else 0)
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            doc.line(x + ax, y + ay, x + bx, y + by)
        if not dash:
            doc.set_fill_color(*_hex(colour))
            for px, py in pts:
                doc.circle(x=x + px, y=y + py, radius=0.7, style="F")
        doc.line(key_x, y + height + 2.5, key_x + 5, y + height + 2.5)
        shown = _fit(doc, name, 34)
        doc.text(key_x + 6, y + height + 3.5, shown)
        key_x += 10 + doc.get_string_width(shown)
    doc.set_dash_pattern()
    doc.set_draw_color(0, 0, 0)
    doc.set_line_width(0.2)
    return y + height + 5


def _map(doc: object, x: float, y: float, width: float, sheet: AreaSheet) -> float:
    """The map PNG (the area outlined among its neighbours), or the reason there is none; returns the y below."""
    from fpdf import FPDF

    assert isinstance(doc, FPDF)
    if sheet.map is None:
        doc.set_font("Helvetica", "", 8)
        doc.set_xy(x, y)
        doc.multi_cell(width, 4, latin1(sheet.map_note))
        return doc.get_y()
    from PIL import Image

    from leeftui.present import mapfile

    data = sheet.map
    png = mapfile.png([*data.context_wkbs, *data.wkbs], [*data.context_codes, *data.codes], data.classes, "",
                      f"Colour: {data.what}", [], data.labels, width=640, focus=data.extent,
                      highlight=sheet.profile.series.area.code)
    with Image.open(io.BytesIO(png)) as img:
        w_px, h_px = img.size
    height = min(width * h_px / w_px, 120.0)
    doc.image(io.BytesIO(png), x=x, y=y, w=height * w_px / h_px, h=height)
    return y + height


def page_pdf(page: Page) -> bytes:
    """A monitor report's page (:mod:`leeftui.present.reportpage`) as a PDF: A4 landscape, one page."""
    from leeftui.present.reportpage import cells

    doc, width, _ = _start(page.title, page.notice, "L", 14, 6.5)
    height = PAGE_W - MARGIN  # landscape: the short side down
    doc.set_font("Helvetica", "", 7)
    doc.set_text_color(68, 68, 68)
    for line in (page.release_label, *page.coverage):
        doc.set_x(MARGIN)
        doc.multi_cell(width, 3.4, latin1(line))
    doc.set_text_color(0, 0, 0)
    y = doc.get_y() + 2
    for name, table, left in page.tables:
        if y > height - 20:
            break
        doc.set_font("Helvetica", "B", 9)
        doc.set_xy(MARGIN, y)
        doc.cell(width, 5, latin1(name))
        n = table.num_columns
        shares = tuple([2.2 / (n + 1.2)] + [1.0 / (n + 1.2)] * (n - 1)) if n > 1 else (1.0,)
        rows = [tuple(r) for r in cells(table)]
        y = _table(doc, MARGIN, y + 5, width, tuple(table.column_names), rows, shares, bottom=height - 16)
        if left:
            doc.set_font("Helvetica", "", 6.5)
            doc.set_xy(MARGIN, y + 0.5)
            doc.cell(width, 3.4, latin1(left))
            y += 4
        y += 2
    doc.set_font("Helvetica", "", 6.5)
    doc.set_text_color(68, 68, 68)
    doc.set_xy(MARGIN, y)
    for note in (*page.notes, "made by leeftui from the Leefbaarometer open data (Ministerie van BZK)"):
        if doc.get_y() > height - 4:
            break
        doc.set_x(MARGIN)
        doc.multi_cell(width, 3.2, latin1(f"- {note}"))
    return bytes(doc.output())
