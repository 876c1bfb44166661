"""Half-blocks or braille for the terminal map: which shows the classes better, measured on the real outlines.

Both cell shapes are rendered from the same areas at the size of the explorer's map pane, and compared with a
reference raster of 4 × 4 samples per braille dot (16 × 32 per cell):

- **half-blocks** (leeftui's map): ▀ with the foreground colour on top, the background below — two pixels per cell,
  each filling its half (the glyph covers 50.0 % of the cell, measured in DejaVu Sans Mono);
- **braille** (drawille-style): 2 × 4 dots per cell, but still one foreground colour (the dots that are set) and one
  background colour per cell. A cell takes the two classes most of its eight dot samples have, the commoner as the
  background; dots whose sample is the other one are set. A set dot inks only part of its eighth of the cell:
  ⣿ covers 24.4 % of a cell (DejaVu Sans, the fallback most terminal fonts use for braille; clipped to a DejaVu
  Sans Mono cell), so a set dot shows its colour on 24.4 % of its area and the background on the rest.

Figures: the share of the map's area (inside the view's areas) shown in its own class colour, and the share of the
areas whose class colour appears anywhere on the map (an area no pixel or dot shows cannot be found or read).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench_core import INFO, Figure
from bench_data import need

DOT_INK = 0.244
"""Share of a cell the eight braille dots ink (⣿ in DejaVu Sans within a DejaVu Sans Mono cell, 64 px: 0.244);
a half block (▀) inks 0.500 (measured the same way)."""
REF = 4
"""Reference samples per braille dot, each way."""


def _sizes() -> dict[str, tuple[int, int]]:
    """Map pane sizes in cells (columns, rows) the explorer gives: 80×24 → 76×7, 120×40 → 116×16."""
    return {"80×24": (76, 7), "120×40": (116, 16)}


def measure(db_path: Path, scopes: dict[str, tuple[str | None, str]]) -> dict[str, dict[str, float]]:
    """For each scope (label → (parent code, level)) and pane size: colour-true share and areas shown, both ways."""
    open_database = need("leeftui.store", "open_database")
    view_mod = need("leeftui.store.view")
    scope_cls = need("leeftui.store.scope", "Scope")
    outlines = need("leeftui.store.outlines")
    choropleth = need("leeftui.present.choropleth")
    labels = need("leeftui.schema", "CLASS_LABELS")
    out: dict[str, dict[str, float]] = {}
    db = open_database(db_path)
    try:
        for name, (parent, level) in scopes.items():
            a, b = db.default_release.default_waves()
            request = view_mod.ViewRequest(scope_cls(parent=parent, level=level), a, b)
            view = view_mod.base_rows(db, db.default_release, request)
            # full detail: the reference is exact
            data = outlines.map_data(db, db.default_release, view, "class", a, b, labels)
            for size_name, (cols, rows) in _sizes().items():
                half = choropleth.rasterise_map(data, cols, rows * 2)
                dots = choropleth.rasterise_map(data, cols * 2, rows * 4)
                ref = choropleth.rasterise_map(data, cols * 2 * REF, rows * 4 * REF)
                out[f"{name} at {size_name}"] = _compare(half, dots, ref, data.classes, set(data.codes))
    finally:
        db.close()
    return out


def _compare(half: object, dots: object, ref: object, classes: dict[str, int | None],
             in_view: set[str]) -> dict[str, float]:
    def cls(raster: object, x: int, y: int) -> int | None:
        code = raster.code_at(x, y)  # type: ignore[attr-defined]
        return classes.get(code) if code in in_view else None

    rows, cols = len(half.cells) // 2, len(half.cells[0])  # type: ignore[attr-defined]
    # braille: per cell the background (commonest class of its 8 dots) and the foreground (the next), dots set
    bg: dict[tuple[int, int], int | None] = {}
    fg: dict[tuple[int, int], int | None] = {}
    for cy in range(rows):
        for cx in range(cols):
            samples = [cls(dots, cx * 2 + dx, cy * 4 + dy) for dy in range(4) for dx in range(2)]
            common = [k for k, _ in Counter(samples).most_common(2)]
            bg[cx, cy] = common[0]
            fg[cx, cy] = common[1] if len(common) > 1 else None
    true_half = true_braille = true_ideal = counted = 0.0
    for y in range(rows * 4 * REF):
        for x in range(cols * 2 * REF):
            truth = cls(ref, x, y)
            if truth is None:
                continue
            counted += 1
            true_half += cls(half, x // (2 * REF), y // (2 * REF)) == truth
            dx, dy = x // REF, y // REF
            cell = (dx // 2, dy // 4)
            dot_set = fg[cell] is not None and cls(dots, dx, dy) == fg[cell]
            if dot_set:
                true_braille += DOT_INK * (fg[cell] == truth) + (1 - DOT_INK) * (bg[cell] == truth)
                true_ideal += fg[cell] == truth
            else:
                true_braille += bg[cell] == truth
                true_ideal += bg[cell] == truth
    seen_half = {half.code_at(x, y) for y in range(rows * 2) for x in range(cols)}  # type: ignore[attr-defined]
    seen_braille = set()
    for dy in range(rows * 4):
        for dx in range(cols * 2):
            code = dots.code_at(dx, dy)  # type: ignore[attr-defined]
            k, cell = cls(dots, dx, dy), (dx // 2, dy // 4)
            if code in in_view and k is not None and k in (bg[cell], fg[cell]):
                seen_braille.add(code)
    shown = [c for c in in_view if classes.get(c) is not None]
    return {"true_half": 100 * true_half / counted, "true_braille": 100 * true_braille / counted,
            "true_braille_ideal": 100 * true_ideal / counted,
            "areas_half": 100 * len(seen_half & set(shown)) / len(shown),
            "areas_braille": 100 * len(seen_braille & set(shown)) / len(shown), "areas": len(shown)}


def measure_legibility(real: Path, work: Path) -> list[Figure]:
    """The comparison on the real northern buurten (the WFS's outlines, their official classes): the city of
    Groningen's buurten and all buurten of the three provinces, at the explorer's map pane in 80×24 and 120×40."""
    rebuild = need("leeftui.ingest", "rebuild")
    north = real / "lbm3-meting2024-buurten-north"
    target = work / "legibility.duckdb"
    t0 = time.perf_counter()
    rebuild(sources=[north / "buurten_2024_official_layout.csv", *sorted(north.glob("buurten_2*.geojson"))],
            target=target, force=True)
    results = measure(target, {"Groningen (GM0014) buurten": ("GM0014", "buurt"), "the north's buurten":
                               (None, "buurt")})
    seconds = time.perf_counter() - t0
    figures: list[Any] = []
    for case, r in results.items():
        note = (f"{r['areas']:.0f} areas; half-blocks / braille (dots as inked; as if a dot filled its eighth: "
                f"{r['true_braille_ideal']:.1f} %); areas shown in their class colour somewhere: "
                f"{r['areas_half']:.0f} % / {r['areas_braille']:.0f} %; {seconds:.1f} s for all cases")
        figures.append(Figure(f"legibility_{len(figures)}", f"map area in its class colour, {case}",
                              r["true_half"], "%", None, measured=r["true_half"], baseline=r["true_braille"],
                              detail_unit="%", note=note,
                              samples={k: [v] for k, v in r.items()}))
    assert all(f.status == INFO for f in figures)
    return figures
