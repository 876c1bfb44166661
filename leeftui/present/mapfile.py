"""A map as a file to paste into a note: SVG or PNG with title, north note, scale bar, legend and credit.

Both formats share one layout (:func:`layout`): every piece of text is placed as a box whose width the format
measures (Pillow's font for PNG; for SVG an estimate that the file then enforces with ``textLength``), lines wrap
at the page's width and legend entries flow like words, so no two boxes overlap and no entry breaks. PNG text is
drawn in DejaVu Sans where the system has it, else in Pillow's own font with ASCII stand-ins for any glyph that
font lacks (no missing-glyph boxes in a title with '—' or 'Δ').
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from leeftui.present.charts import CLASS_BG
from leeftui.present.choropleth import NO_SCORE, colour_of, outline_box

MARGIN = 16
TITLE, BODY, SMALL = 16, 12, 11
"""Font sizes (pixels) of the title, the legend and the credit lines."""
SWATCH = 14
MAX_ASPECT = 1.25
"""The map is at most this many times as high as the page is wide (a long province stays on one screen)."""
CREDIT = "Source: Leefbaarometer open data (Ministerie van BZK); map drawn by leeftui"
STAND_INS = {"—": "-", "–": "-", "→": "->", "↑": "^", "Δ": "d", "·": "-", "…": "...", "≥": ">=", "≤": "<=",
             "›": ">", "‹": "<", "−": "-", "↗": "/", "↘": "\\"}
"""ASCII for glyphs a fallback font may lack."""


@dataclass(frozen=True)
class Label:
    """One line of text at (x, y) — its top-left corner — ``w`` × ``size`` pixels."""

    x: float
    y: float
    w: float
    size: int
    text: str
    bold: bool = False
    fill: str = "#000000"


@dataclass(frozen=True)
class Box:
    """A filled rectangle: a legend swatch, the scale bar, a label's background."""

    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Page:
    """Where everything goes: the map's box, the texts and rectangles, the page's size."""

    width: int
    height: int
    map_box: tuple[float, float, float, float]
    """x, y, w, h of the map in pixels."""
    scale: float
    """Pixels per metre."""
    labels: tuple[Label, ...]
    boxes: tuple[Box, ...]


Measure = Callable[[str, int, bool], float]
"""The width in pixels of a text at a font size (bold or not)."""


def estimate(text: str, size: int, bold: bool = False) -> float:
    """A sans-serif text's width without a font at hand (generous: SVG files hold it with ``textLength``)."""
    return round(len(text) * size * (0.62 if bold else 0.58), 1)


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 × 10^k metres not above ``metres`` (a scale bar's length)."""
    if metres <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(metres))
    return max(step * power for step in (1, 2, 5) if step * power <= metres)


def distance_label(metres: float) -> str:
    """'500 m', '2 km', '1.5 km'."""
    return f"{metres:g} m" if metres < 1000 else f"{metres / 1000:g} km"


def wrap(text: str, width: float, size: int, measure: Measure, bold: bool = False) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (a word longer than the line is cut with '…')."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while measure(word, size, bold) > width and len(word) > 1:
            word = word[:-2] + "…"
        line = word
    if line:
        lines.append(line)
    return lines


def layout(bbox: tuple[float, float, float, float], width: int, title: str, what: str,
           legend: Sequence[tuple[str, str]], credit: Sequence[str], measure: Measure) -> Page:
    """The page of a map of ``bbox`` (RD New metres) ``width`` pixels wide. ``legend``: (colour, text) per entry;
    ``credit``: lines under the legend (provenance, source), each wrapped."""
    x0, y0, x1, y1 = bbox
    inner = width - 2 * MARGIN
    labels: list[Label] = []
    boxes: list[Box] = []
    y = float(MARGIN)
    for line in wrap(title, inner, TITLE, measure, bold=True):
        labels.append(Label(MARGIN, y, measure(line, TITLE, True), TITLE, line, bold=True))
        y += TITLE + 6
    y += 4
    scale = min(inner / max(x1 - x0, 1.0), inner * MAX_ASPECT / max(y1 - y0, 1.0))  # a tall area: a narrower map
    map_w, map_h = max((x1 - x0) * scale, 40.0), max((y1 - y0) * scale, 40.0)
    left = MARGIN + (inner - map_w) / 2
    map_box = (left, y, map_w, map_h)
    north = "N ↑ north up"
    nw = measure(north, SMALL, False)
    boxes.append(Box(left + map_w - nw - 8, y + 4, nw + 6, SMALL + 6, "#ffffff"))
    labels.append(Label(left + map_w - nw - 5, y + 7, nw, SMALL, north))
    metres = nice_length((x1 - x0) / 5)
    bar = metres * scale
    text = distance_label(metres)
    tw = measure(text, SMALL, False)
    by = y + map_h - SMALL - 18
    boxes.append(Box(left + 4, by, max(bar, tw) + 8, SMALL + 16, "#ffffff"))
    boxes.append(Box(left + 8, by + SMALL + 6, bar, 4, "#000000"))
    labels.append(Label(left + 8, by + 3, tw, SMALL, text))
    y += map_h + 12
    labels.append(Label(MARGIN, y, measure(what, BODY, True), BODY, what, bold=True))
    y += BODY + 8
    x = float(MARGIN)
    for colour, entry in legend:  # entries flow like words: never one broken over two lines
        w = SWATCH + 4 + measure(entry, BODY, False)
        if x > MARGIN and x + w > MARGIN + inner:
            x, y = float(MARGIN), y + SWATCH + 8
        boxes.append(Box(x, y, SWATCH, SWATCH, colour))
        labels.append(Label(x + SWATCH + 4, y + 1, measure(entry, BODY, False), BODY, entry))
        x += w + 16
    y += SWATCH + 14
    for part in credit:
        for line in wrap(part, inner, SMALL, measure):
            labels.append(Label(MARGIN, y, measure(line, SMALL, False), SMALL, line, fill="#555555"))
            y += SMALL + 5
    return Page(width, int(math.ceil(y + MARGIN)), map_box, scale, tuple(labels), tuple(boxes))


def legend_entries(labels: Sequence[tuple[int, str]], classes: Mapping[str, int | None],
                   codes: Sequence[str]) -> list[tuple[str, str]]:
    """(colour, text) per class, and 'no score' when an area of the view is drawn without one."""
    entries = [(CLASS_BG[k], f"{k} {label}") for k, label in labels]
    if any(code in classes and classes[code] is None for code in codes):
        entries.append((NO_SCORE, "no score"))
    return entries


def svg(wkbs: Sequence[bytes], codes: Sequence[str], classes: Mapping[str, int | None], title: str, what: str,
        provenance: Sequence[str], labels: Sequence[tuple[int, str]], width: int = 800,
        focus: tuple[float, float, float, float] | None = None, highlight: str | None = None) -> str:
    """The map as an SVG document: one path per area in its class colour (``data-code``, ``data-klasse``), the
    title, a north note, a scale bar, the legend and the credit; every text carries its width (``textLength``)."""
    from xml.sax.saxutils import escape

    geoms, bbox = outline_box(wkbs, focus)
    page = layout(bbox, width, title, what, legend_entries(labels, classes, codes), [*provenance, CREDIT], estimate)
    mx, my, mw, mh = page.map_box
    x0, _, _, y1 = bbox
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{page.width}" height="{page.height}" '
             f'viewBox="0 0 {page.width} {page.height}" font-family="DejaVu Sans, Verdana, sans-serif">',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<clipPath id="map"><rect x="{mx:g}" y="{my:g}" width="{mw:.1f}" height="{mh:.1f}"/></clipPath>'
             '<g clip-path="url(#map)">']
    outlined = ""
    for code, geom in zip(codes, geoms, strict=True):
        d = _path(geom, lambda x, y: (mx + (x - x0) * page.scale, my + (y1 - y) * page.scale))
        fill = colour_of(classes.get(code), code in classes)  # areas around the view have no entry
        k = classes.get(code)
        parts.append(f'<path d="{d}" fill="{fill}" stroke="#ffffff" stroke-width="0.3" data-code="{escape(code)}"'
                     f' data-klasse="{"" if k is None else k}"><title>{escape(code)}</title></path>')
        if code == highlight:
            outlined = f'<path d="{d}" fill="none" stroke="#000000" stroke-width="2.5" data-outline="{escape(code)}"/>'
    parts.append(outlined + "</g>")
    for b in page.boxes:
        parts.append(f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" fill="{b.fill}"/>')
    for t in page.labels:  # y is the baseline: the box's top plus the font's ascent
        weight = ' font-weight="bold"' if t.bold else ""
        parts.append(f'<text x="{t.x:.1f}" y="{t.y + t.size * 0.8:.1f}" font-size="{t.size}"{weight} '
                     f'fill="{t.fill}" textLength="{t.w:.1f}" lengthAdjust="spacing">{escape(t.text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _path(geom: object, to_xy: object) -> str:
    import shapely

    polys = getattr(geom, "geoms", [geom])
    out = []
    for poly in polys:
        if shapely.get_type_id(poly) != 3:  # polygons only
            continue
        for ring in (poly.exterior, *poly.interiors):
            pts = [to_xy(x, y) for x, y in ring.coords]  # type: ignore[operator]
            out.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in pts) + " Z")
    return " ".join(out)


class Fonts:
    """The PNG's fonts: DejaVu Sans where installed, else Pillow's own with ASCII stand-ins for missing glyphs."""

    def __init__(self) -> None:
        from PIL import ImageFont

        self._cache: dict[tuple[int, bool], Any] = {}
        self._glyphs: dict[tuple[str, int, bool], bool] = {}
        self._font = ImageFont

    def get(self, size: int, bold: bool = False) -> Any:
        key = (size, bold)
        if key not in self._cache:
            try:
                self._cache[key] = self._font.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
            except OSError:  # not installed: Pillow's bundled font
                self._cache[key] = self._font.load_default(size=size)
        return self._cache[key]

    def drawable(self, text: str, size: int, bold: bool = False) -> str:
        """``text`` with each glyph the font lacks (it would draw the missing-glyph box) replaced by ASCII."""
        out = []
        for ch in text:
            if ch.isascii() or self._has(ch, size, bold):
                out.append(ch)
                continue
            import unicodedata

            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(STAND_INS.get(ch, plain or "?"))
        return "".join(out)

    def _has(self, ch: str, size: int, bold: bool) -> bool:
        """Whether the font draws ``ch`` as something else than its missing-glyph box."""
        key = (ch, size, bold)
        if key not in self._glyphs:
            self._glyphs[key] = self._pixels(ch, size, bold) != self._pixels("\uffff", size, bold)
        return self._glyphs[key]

    def _pixels(self, ch: str, size: int, bold: bool) -> bytes:
        from PIL import Image, ImageDraw

        img = Image.new("L", (size * 2, size * 2))
        ImageDraw.Draw(img).text((0, 0), ch, fill=255, font=self.get(size, bold))
        return img.tobytes()

    def measure(self, text: str, size: int, bold: bool = False) -> float:
        return float(self.get(size, bold).getlength(self.drawable(text, size, bold)))


def png(wkbs: Sequence[bytes], codes: Sequence[str], classes: Mapping[str, int | None], title: str, what: str,
        provenance: Sequence[str], labels: Sequence[tuple[int, str]], width: int = 1200,
        focus: tuple[float, float, float, float] | None = None, highlight: str | None = None) -> bytes:
    """The map as a PNG image (Pillow), laid out as :func:`svg` (``highlight``: that area outlined in black)."""
    import io

    import shapely
    from PIL import Image, ImageDraw

    fonts = Fonts()
    geoms, bbox = outline_box(wkbs, focus)
    page = layout(bbox, width, title, what, legend_entries(labels, classes, codes), [*provenance, CREDIT],
                  fonts.measure)
    mx, my, mw, mh = page.map_box
    x0, _, _, y1 = bbox
    img = Image.new("RGB", (page.width, page.height), "white")
    area = Image.new("RGB", (max(int(mw), 1), max(int(mh), 1)), "white")  # apart: areas around cut at its edge
    pen = ImageDraw.Draw(area)
    outlines: list[list[tuple[float, float]]] = []
    for code, geom in zip(codes, geoms, strict=True):
        fill = colour_of(classes.get(code), code in classes)
        for poly in getattr(geom, "geoms", [geom]):
            if shapely.get_type_id(poly) != 3:
                continue
            pts = [((x - x0) * page.scale, (y1 - y) * page.scale) for x, y in poly.exterior.coords]
            if len(pts) >= 3:
                pen.polygon(pts, fill=fill, outline="white")
                if code == highlight:
                    outlines.append(pts)
    for pts in outlines:  # on top of every area
        pen.line([*pts, pts[0]], fill="black", width=3)
    img.paste(area, (int(mx), int(my)))
    draw = ImageDraw.Draw(img)
    for b in page.boxes:
        draw.rectangle([b.x, b.y, b.x + b.w, b.y + b.h], fill=b.fill)
    for t in page.labels:
        draw.text((t.x, t.y), fonts.drawable(t.text, t.size, t.bold), fill=t.fill, font=fonts.get(t.size, t.bold))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
