"""Writing the generated data in the official file layouts."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from pathlib import Path

from leeftui.demo.constants import (
    _PREFIX,
    AREA_SET_NAME,
    CLASS_QUANTILES,
    CLASSES_SOURCE,
    DIMENSION_EDGES,
    DIMENSION_WAVES,
    GRID_CELLS_PER_BUURT,
    NATIONAL_CONSTANT,
    WAVES,
)
from leeftui.demo.model import _Scores, _Structure
from leeftui.schema import CLASS_LABELS, DIMENSION_CLASS_FIELDS


def _score_lines(level: str, codes: list[str], names: list[str],
                 values: list[list[tuple[float, ...]]]) -> str:
    p = _PREFIX[level]
    lines = [f'"{p}_code","{p}_naam","jaar","lbm","afw","fys","onv","soc","vrz","won"']
    C = NATIONAL_CONSTANT
    dimwaves = {WAVES.index(t) for t in DIMENSION_WAVES}
    for a in sorted(range(len(codes)), key=lambda a: codes[a]):
        head = f'"{codes[a]}","{_q(names[a])}",'
        for ti, t in enumerate(WAVES):
            f, o, s_, v, w = values[ti][a]
            afw = f + o + s_ + v + w
            lbm = afw + C
            if ti in dimwaves:
                lines.append(f"{head}{t},{lbm:.10f},{afw:.10f},{f:.10f},{o:.10f},{s_:.10f},{v:.10f},{w:.10f}")
            else:
                lines.append(f"{head}{t},{lbm:.10f},{afw:.10f},NA,NA,NA,NA,NA")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return text.replace('"', '""')


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(text)


def _households(dwellings: int) -> int:
    """Private households of a demo area: a few dwellings stand empty (not proportional to inhabitants, so a
    household-weighted mean differs from an inhabitant-weighted one)."""
    return dwellings - dwellings // 25


def _population_text(s: _Structure, year: int, inw: list[int], won: list[int]) -> str:
    lines = ["ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35;HuishoudensTotaal_29"]
    per = f"{year}JJ00"
    i = 0

    def line(code: str, people: int, dwellings: int) -> str:
        return f"{i};{code:<10};{per};{people};{dwellings};{_households(dwellings)}"

    for g in range(len(s.gm_codes)):
        ws = s.gm_wijken[g]
        lines.append(line(s.gm_codes[g], sum(inw[b] for w in ws for b in s.wk_buurten[w]),
                          sum(won[b] for w in ws for b in s.wk_buurten[w])))
        i += 1
        for w in ws:
            bs = s.wk_buurten[w]
            lines.append(line(s.wk_codes[w], sum(inw[b] for b in bs), sum(won[b] for b in bs)))
            i += 1
            for b in bs:
                lines.append(line(s.bu_codes[b], inw[b], won[b]))
                i += 1
    return "\n".join(lines) + "\n"


def _quantile(sorted_vals: list[float], q: float) -> float:
    pos = q * (len(sorted_vals) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (pos - lo)


def _class_bounds(bu_2024: list[tuple[float, ...]]) -> list[float]:
    lbm = sorted(sum(v) + NATIONAL_CONSTANT for v in bu_2024)
    bounds: list[float] = []
    for q in CLASS_QUANTILES:
        x = round(_quantile(lbm, q), 3)
        if bounds and x <= bounds[-1]:
            x = round(bounds[-1] + 0.001, 3)
        bounds.append(x)
    return bounds


def _classes_text(bounds: list[float]) -> str:
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(["release", "field", "scale", "klasse", "lower", "upper", "label", "source"])
    fields = [("klasse", "lbm", [None, *bounds, None])]
    fields += [(f, f.removeprefix("klasse_"), [None, *DIMENSION_EDGES, None]) for f in DIMENSION_CLASS_FIELDS]
    for field, scale, edges in fields:
        for k, label in CLASS_LABELS:
            lo, hi = edges[k - 1], edges[k]
            wr.writerow(["", field, scale, k, "" if lo is None else f"{lo:.3f}", "" if hi is None else f"{hi:.3f}",
                         label, CLASSES_SOURCE])
    return buf.getvalue()


def _area_set_text(s: _Structure, members: list[int], leaver: int) -> str:
    lines = [
        "# Synthetic area set for the leeftui demo database (fictional wijken).",
        "[[set]]",
        f"name = {json.dumps(AREA_SET_NAME)}",
        'description = "DEMO — synthetic: fictional wijken chosen among the lowest-scoring of 2008, '
        'in the spirit of the 40 aandachtswijken of 2007; one left the set in 2013."',
        "members = [",
    ]
    for w in members:
        g = s.wk_gm[w]
        note = f"{s.wk_names[w]} ({s.gm_names[g]})"
        if w == leaver:
            note += ", van de lijst af in 2013"
            lines.append(f"  {{ code = {json.dumps(s.wk_codes[w])}, start = 2007, end = 2013, "
                         f"note = {json.dumps(note, ensure_ascii=False)} }},")
        else:
            lines.append(f"  {{ code = {json.dumps(s.wk_codes[w])}, start = 2007, "
                         f"note = {json.dumps(note, ensure_ascii=False)} }},")
    lines.append("]")
    return "\n".join(lines) + "\n"


_GRID_WIDTH = 1600   # cells per raster row (160 km)
_GRID_X0 = 1000      # hectometres: E1000 = x 100 km (RD New)
_GRID_Y0 = 3200      # hectometres: N3200 = y 320 km
_GRID_LOAD_A = (0.4, 0.8, 0.7, -0.2, 0.6)
_GRID_LOAD_B = (-0.6, -0.3, 0.1, 0.9, -0.2)


def _write_grid(path: Path, rng: random.Random, s: _Structure, sc: _Scores, only: str | None = None) -> int:
    """Write the grid stand-in file; return the number of cells. ``only``: a gemeente code — just the cells of
    its buurten (the draws of the other buurten are made all the same, so its cells do not change)."""
    C = NATIONAL_CONSTANT
    n_bu = len(s.bu_codes)
    dimwave = [t in DIMENSION_WAVES for t in WAVES]
    # buurt dims rounded to 6 decimals, per wave
    bu6 = [[tuple(round(x, 6) for x in sc.bu[ti][b]) for b in range(n_bu)] for ti in range(len(WAVES))]
    max_k = int(round(2 * GRID_CELLS_PER_BUURT)) - 1   # k uniform on 1..max_k, mean ≈ 23.5
    cell = written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write('"grid_id","jaar","lbm","afw","fys","onv","soc","vrz","won"\n')
        buf: list[str] = []
        order = sorted(range(n_bu), key=lambda b: s.bu_codes[b])
        for b in order:
            k = 1 + rng.randrange(max_k)
            for _ in range(k):
                x = _GRID_X0 + cell % _GRID_WIDTH
                y = _GRID_Y0 + cell // _GRID_WIDTH
                cell += 1
                gid = f'"E{x:04d}N{y:04d}",'
                skip = only is not None and s.bu_codes[b][2:6] != only[2:6]
                a = rng.gauss(0, 0.03)
                c = rng.gauss(0, 0.03)
                o0, o1, o2, o3, o4 = (round(a * la + c * lb, 6)
                                      for la, lb in zip(_GRID_LOAD_A, _GRID_LOAD_B, strict=True))
                if skip:
                    continue
                written += 1
                for ti, t in enumerate(WAVES):
                    d0, d1, d2, d3, d4 = bu6[ti][b]
                    f0, f1, f2, f3, f4 = d0 + o0, d1 + o1, d2 + o2, d3 + o3, d4 + o4
                    afw = f0 + f1 + f2 + f3 + f4  # exact 6-decimal sum; lbm exact at 8
                    if dimwave[ti]:
                        buf.append(f"{gid}{t},{afw + C:.8f},{afw:.6f},{f0:.6f},{f1:.6f},{f2:.6f},{f3:.6f},{f4:.6f}\n")
                    else:
                        buf.append(f"{gid}{t},{afw + C:.8f},{afw:.6f},NA,NA,NA,NA,NA\n")
            if len(buf) > 200_000:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    return written


OUTLINES_FILE_NAME = "DEMO-outlines.geojson"
_COUNTRY = (100_000.0, 380_000.0, 220_000.0, 560_000.0)
"""The demo country's extent in RD New metres (x0, y0, x1, y1): synthetic, like everything here."""


Box = tuple[float, float, float, float]


def _split(box: Box, weights: list[int], vertical: bool) -> list[Box]:
    """Slice ``box`` into strips in proportion to ``weights`` (slice-and-dice: nested areas tile their parent)."""
    x0, y0, x1, y1 = box
    total = sum(weights) or 1
    out: list[Box] = []
    at = x0 if vertical else y0
    span = (x1 - x0) if vertical else (y1 - y0)
    for w in weights:
        step = span * w / total
        out.append((at, y0, at + step, y1) if vertical else (x0, at, x1, at + step))
        at += step
    return out


WOBBLE_METRES = 25.0
"""How far the extra points of a detailed synthetic outline stray from the rectangle's edge."""


def _edge(a: tuple[float, float], b: tuple[float, float], points: int) -> list[list[float]]:
    """Corner ``a`` and ``points`` points towards ``b`` (not ``b`` itself), each moved across the edge by an amount
    that depends only on where it lies, so that neighbours' shared edges wobble alike where their points meet."""
    out = [[a[0], a[1]]]
    for i in range(1, points + 1):
        t = i / (points + 1)
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        w = WOBBLE_METRES * math.sin(x / 37.0 + y / 53.0)
        out.append([round(x + (w if a[0] == b[0] else 0.0), 1), round(y + (w if a[1] == b[1] else 0.0), 1)])
    return out


def _write_outlines(path: Path, s: _Structure, points: int = 0) -> int:
    """Nested synthetic outlines as GeoJSON in RD New: gemeenten tile the country, wijken their gemeente, buurten
    their wijk (rectangles, in a few columns per level so that they read as a map; ``points`` more per edge: see
    :func:`leeftui.demo.generate`). Returns the features written."""
    features = []

    def feature(code: str, box: Box) -> None:
        x0, y0, x1, y1 = (round(v, 1) for v in box)
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        ring = [p for a, b in zip(corners, corners[1:] + corners[:1], strict=True) for p in _edge(a, b, points)]
        ring.append(ring[0])
        features.append({"type": "Feature", "properties": {"code": code},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})

    def grid(box: Box, weights: list[int]) -> list[Box]:
        cols = max(1, round(len(weights) ** 0.5))
        rows = [weights[i:i + cols] for i in range(0, len(weights), cols)]
        out: list[Box] = []
        for band, row in zip(_split(box, [sum(r) for r in rows], vertical=False), rows, strict=True):
            out += _split(band, row, vertical=True)
        return out

    gm_weights = [sum(len(s.wk_buurten[w]) for w in s.gm_wijken[g]) for g in range(len(s.gm_codes))]
    for g, gbox in enumerate(grid(_COUNTRY, gm_weights)):
        feature(s.gm_codes[g], gbox)
        wijken = list(s.gm_wijken[g])
        for w, wbox in zip(wijken, grid(gbox, [len(s.wk_buurten[w]) for w in wijken]), strict=True):
            feature(s.wk_codes[w], wbox)
            buurten = list(s.wk_buurten[w])
            for b, bbox in zip(buurten, grid(wbox, [1] * len(buurten)), strict=True):
                feature(s.bu_codes[b], bbox)
    doc = {"type": "FeatureCollection", "name": "DEMO outlines — synthetic",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}, "features": features}
    _write(path, json.dumps(doc, separators=(",", ":")) + "\n")
    return len(features)
