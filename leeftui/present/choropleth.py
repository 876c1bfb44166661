"""A choropleth of areas in the terminal (half-block cells, two pixels each); files: :mod:`leeftui.present.mapfile`.

Input: outlines as WKB (RD New, metres) with a value per area — a class 1–9 (the legend's colours, red 1 to dark
green 9) or nothing (grey: outside the view, or no figure). The terminal map rasterises once per view and size:
pixel centres are looked up in an STRtree of the outlines (shapely), so a national buurt map costs one query of
a few thousand points. Without colour each cell shows its class digit, so the map keeps its meaning. shapely is
imported only here (and in mapfile), and this module only when a map is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rich.console import ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from leeftui.present.charts import CLASS_BG, CLASS_BG_16, CLASS_FG, CLASS_FG_16

GREY = "#5a5a5a"
"""Areas drawn for context (outside the view)."""
NO_SCORE = "#b0b0b0"
"""Areas of the view without a score (or class): a light neutral of their own, and a legend entry 'no score'."""
NO_SCORE_MARK = "-"
"""The same without colour (context areas show '·')."""
OUTSIDE = "#1c1c1c"


@dataclass(frozen=True)
class Raster:
    """Which area each pixel shows: ``cells[y][x]`` an index into ``codes`` or -1 (no area)."""

    codes: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    bbox: tuple[float, float, float, float]
    """The map's extent in RD New metres (minx, miny, maxx, maxy) after fitting the pixels' aspect."""

    def code_at(self, x: int, y: int) -> str | None:
        """The area at pixel (x, y), or None."""
        if 0 <= y < len(self.cells) and 0 <= x < len(self.cells[0]):
            i = self.cells[y][x]
            return self.codes[i] if i >= 0 else None
        return None


def outline_box(wkbs: Sequence[bytes], focus: tuple[float, float, float, float] | None = None,
            ) -> tuple[Any, tuple[float, float, float, float]]:
    """The geometries of ``wkbs`` and the box to draw: ``focus`` when given (the view's areas: the areas around
    them, which can reach far — a rural buurt, the Wadden — are cut off at its edge), else their joint bounding
    box."""
    import shapely

    geoms = shapely.from_wkb(list(wkbs))
    if focus is not None:
        return geoms, focus
    b = shapely.bounds(geoms)
    return geoms, (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))


def rasterise(wkbs: Sequence[bytes], codes: Sequence[str], width: int, height: int,
              focus: tuple[float, float, float, float] | None = None) -> Raster:
    """Pixels ``width`` × ``height`` (square pixels) over the outlines (or over ``focus``, a bbox)."""
    import numpy as np
    import shapely

    geoms, (x0, y0, x1, y1) = outline_box(wkbs, focus)
    scale = max((x1 - x0) / max(width, 1), (y1 - y0) / max(height, 1)) or 1.0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x0, x1 = cx - scale * width / 2, cx + scale * width / 2
    y0, y1 = cy - scale * height / 2, cy + scale * height / 2
    xs = x0 + (np.arange(width) + 0.5) * scale
    ys = y1 - (np.arange(height) + 0.5) * scale  # row 0 is the north
    px, py = np.meshgrid(xs, ys)
    points = shapely.points(px.ravel(), py.ravel())
    tree = shapely.STRtree(geoms)
    pt_idx, geom_idx = tree.query(points, predicate="intersects")
    flat = np.full(width * height, -1, dtype=np.int64)
    flat[pt_idx] = geom_idx  # where outlines touch, one of them wins
    grid = flat.reshape(height, width)
    return Raster(tuple(codes), tuple(map(tuple, grid.tolist())), (x0, y0, x1, y1))


class Drawable(Protocol):
    """What a map is drawn from (:class:`leeftui.store.outlines.MapData`): the view's outlines, those around it,
    and the box to draw."""

    @property
    def codes(self) -> tuple[str, ...]: ...
    @property
    def wkbs(self) -> tuple[bytes, ...]: ...
    @property
    def context_codes(self) -> tuple[str, ...]: ...
    @property
    def context_wkbs(self) -> tuple[bytes, ...]: ...
    @property
    def extent(self) -> tuple[float, float, float, float]: ...


def rasterise_map(data: Drawable, width: int, height: int) -> Raster:
    """The raster of a map: the areas around the view first (so the view's areas win where outlines touch), over
    the view's box."""
    return rasterise([*data.context_wkbs, *data.wkbs], [*data.context_codes, *data.codes], width, height,
                     data.extent)


def colour_of(klasse: int | None, in_view: bool) -> str:
    """The fill of an area: its class colour; grey without a class or outside the view."""
    if not in_view:
        return GREY
    return CLASS_BG[klasse] if klasse in CLASS_BG else NO_SCORE


def render_terminal(r: Raster, classes: Mapping[str, int | None], in_view: set[str] | None = None,
                    cursor: str | None = None, plain: bool = False, sixteen: bool = False) -> Text:
    """The map as text, two pixels per cell (▀: top pixel in the foreground colour, bottom in the background).
    ``in_view``: the areas of the view (others grey); ``cursor``: the area outlined (its cells blink bright and
    carry a '◆' at its centre); ``plain``: no colour — each cell the class digit of its top pixel; ``sixteen``: a
    terminal of 16 colours — the class digits on :data:`leeftui.present.charts.CLASS_BG_16` (one pixel per cell, since
    the nine colours cannot all be told apart there). The same cells as :func:`terminal_rows`, as one Text."""
    chunks: list[str] = []
    spans: list[Span] = []
    at = 0
    for row in terminal_rows(r, classes, in_view, cursor, plain, sixteen):
        for seg in row:
            spans.append(Span(at, at + len(seg.text), seg.style or ""))
            chunks.append(seg.text)
            at += len(seg.text)
        chunks.append("\n")
        at += 1
    return Text("".join(chunks)[:-1], spans=spans)  # no newline after the last row: no blank line below the map


def terminal_rows(r: Raster, classes: Mapping[str, int | None], in_view: set[str] | None = None,
                  cursor: str | None = None, plain: bool = False, sixteen: bool = False) -> list[list[Segment]]:
    """The map's cells (as :func:`render_terminal` describes them), one list of styled segments per terminal row —
    a segment per run of equal cells, the fill of each area that shows worked out once: what the explorer shows as
    it is, without laying out text (a national map: ≈ 10 ms)."""
    rows, width = len(r.cells), len(r.cells[0]) if r.cells else 0
    fills = {} if plain or sixteen else {i: _fill(r.codes[i] if i >= 0 else None, classes, in_view, cursor)
                                         for i in {i for row in r.cells for i in row}}
    mark = _mark(r, cursor)
    styles: dict[tuple[object, ...], Style] = {}
    out: list[list[Segment]] = []
    for y in range(0, rows, 2):
        top_row = r.cells[y]
        bottom_row = r.cells[y + 1] if y + 1 < rows else None
        line: list[Segment] = []
        text: list[str] = []
        last: tuple[object, ...] | None = None
        style = Style()
        key: tuple[object, ...]
        for x in range(width):
            if mark == (x, y // 2):
                cell, key = "◆", ("mark",)
            elif plain or sixteen:
                top = top_row[x]
                code = r.codes[top] if top >= 0 else None
                k = classes.get(code) if code is not None else None
                seen = code is not None and (in_view is None or code in in_view)
                digit = k if (seen and k in CLASS_BG) else None
                at_cursor = code is not None and code == cursor
                cell = str(digit) if digit else (NO_SCORE_MARK if seen else "·" if code is not None else " ")
                key = ("plain", at_cursor) if plain else ("sixteen", at_cursor, digit)
            else:
                cell = "▀"
                key = ("fill", fills[top_row[x]], fills[bottom_row[x]] if bottom_row is not None else OUTSIDE)
            if key != last:
                if text:
                    line.append(Segment("".join(text), style))
                    text = []
                if key not in styles:
                    styles[key] = _style(key)
                style = styles[key]
                last = key
            text.append(cell)
        if text:
            line.append(Segment("".join(text), style))
        out.append(line)
    return out


def _style(key: tuple[object, ...]) -> Style:
    if key[0] == "mark":
        return Style(color="white", bgcolor="black", bold=True)
    if key[0] == "plain":
        return Style(bold=bool(key[1]), reverse=bool(key[1]))
    if key[0] == "sixteen":
        k = key[2]
        if not isinstance(k, int):
            return Style(color="bright_black", reverse=bool(key[1]))
        return Style(color=CLASS_FG_16[k], bgcolor=CLASS_BG_16[k], bold=True, reverse=bool(key[1]))
    return Style(color=str(key[1]), bgcolor=str(key[2]))


def _fill(code: str | None, classes: Mapping[str, int | None], in_view: set[str] | None, cursor: str | None) -> str:
    if code is None:
        return OUTSIDE
    if code == cursor:
        return "#ffffff"
    return colour_of(classes.get(code), in_view is None or code in in_view)


def _mark(r: Raster, cursor: str | None) -> tuple[int, int] | None:
    """The cell (x, row) of the ◆ on the cursor's area: the middle of its pixels; None when it is not drawn."""
    if cursor is None or cursor not in r.codes:
        return None
    ci = r.codes.index(cursor)
    cells = [(x, y) for y, row in enumerate(r.cells) for x, v in enumerate(row) if v == ci]
    if not cells:
        return None
    xs, ys = sorted(x for x, _ in cells), [y for _, y in cells]  # rows come in order
    return xs[len(xs) // 2], ys[len(ys) // 2] // 2


class Entries:
    """Legend entries laid out like words: as many per line as fit, and never an entry broken over two lines (a
    plain Text wraps at any space: '5' on one line, 'voldoende' on the next)."""

    def __init__(self, entries: list[Text], gap: int = 2) -> None:
        self.entries, self.gap = entries, gap

    def __rich_console__(self, console: object, options: ConsoleOptions) -> Iterator[Text]:
        line = Text()
        for entry in self.entries:
            if line.cell_len and line.cell_len + self.gap + entry.cell_len > options.max_width:
                yield line
                line = Text()
            if line.cell_len:
                line.append(" " * self.gap)
            line.append_text(entry)
        if line.cell_len:
            yield line

    @property
    def plain(self) -> str:
        """The entries as one line of text (for tests and copies)."""
        return (" " * self.gap).join(e.plain for e in self.entries)


def legend(labels: Sequence[tuple[int, str]], plain: bool = False, sixteen: bool = False,
           no_score: bool = False) -> Entries:
    """The nine classes with their colour (and digit, which carries the meaning without colour); ``sixteen``: the
    colours of a 16-colour terminal (:data:`leeftui.present.charts.CLASS_BG_16`); ``no_score``: an entry for the
    areas of the view drawn without a class."""
    entries = []
    for k, label in labels:
        if plain:
            swatch = Style(bold=True)
        elif sixteen:
            swatch = Style(color=CLASS_FG_16[k], bgcolor=CLASS_BG_16[k], bold=True)
        else:
            swatch = Style(color=CLASS_FG[k], bgcolor=CLASS_BG[k], bold=True)
        entries.append(Text.assemble((f" {k} ", swatch), f" {label}"))
    if no_score:
        swatch = Style(bold=True) if plain or sixteen else Style(color="black", bgcolor=NO_SCORE)
        entries.append(Text.assemble((f" {NO_SCORE_MARK} ", swatch), " no score"))
    return Entries(entries)
