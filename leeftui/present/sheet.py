"""The one-page area report laid out: HTML (one self-contained file, SVG inside), Markdown, and the chart both
share with the PDF (:mod:`leeftui.present.sheetpdf`). Values come as an :class:`leeftui.model.sheet.AreaSheet`; no
queries here. Every user text is escaped (HTML) or kept from reading as markup (Markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from leeftui.model.sheet import AreaSheet
from leeftui.present import fmt
from leeftui.present.charts import CLASS_BG
from leeftui.present.page import CSS, md_text

DIMENSION_NAMES = {"fys": "fysieke omgeving", "onv": "overlast en onveiligheid", "soc": "sociale samenhang",
                   "vrz": "voorzieningen", "won": "woningvoorraad"}


@dataclass(frozen=True)
class Chart:
    """The score over the waves, placed in a box of ``width`` × ``height`` units (y down): class bands, the area's
    line with a dot per wave, its gemeente's and the country's lines, the axes' ticks."""

    width: float
    height: float
    bands: tuple[tuple[float, float, str, str], ...]
    """(top, bottom, colour, 'k label') per class within the range shown."""
    lines: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]
    """(who, points): the area first, then its gemeente and Nederland where known."""
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    left: float
    """Where the plot starts (room for the y labels)."""
    right: float
    """Where it ends."""


def chart(sheet: AreaSheet, width: float, height: float) -> Chart:
    """The chart of ``sheet`` in a ``width`` × ``height`` box."""
    p = sheet.profile
    series = [(p.series.area.name, p.series)]
    series += [(s.area.name, s) for s in (p.gemeente, p.nederland) if s is not None]
    points = [[(w.jaar, p.value(w)) for w in s.waves if p.value(w) is not None] for _, s in series]
    values = [v for pts in points for _, v in pts if v is not None]
    years = sorted({y for pts in points for y, _ in pts})
    lo, hi = min(values), max(values)
    pad = max((hi - lo) * 0.15, 0.02)
    lo, hi = lo - pad, hi + pad
    unit = width / 560  # the SVG's pixels; the PDF's millimetres
    left, right, top, bottom = 46.0 * unit, width - 8.0 * unit, 6.0 * unit, height - 18.0 * unit

    def x(year: int) -> float:
        return (left + right) / 2 if len(years) == 1 else left + (year - years[0]) * (right - left) / (years[-1] -
                                                                                                        years[0])

    def y(v: float) -> float:
        return bottom - (v - lo) * (bottom - top) / (hi - lo)

    bands = []
    for b in sheet.bands:
        b_lo = lo if b.lower is None else max(lo, b.lower)
        b_hi = hi if b.upper is None else min(hi, b.upper)
        if b_hi > b_lo:
            bands.append((y(b_hi), y(b_lo), CLASS_BG[b.klasse], f"{b.klasse} {b.label}"))
    lines = tuple((name, tuple((x(yr), y(v)) for yr, v in pts if v is not None))
                  for (name, _), pts in zip(series, points, strict=True) if pts)
    step = _nice_step((hi - lo) / 4)
    first = step * int(lo / step + 1)
    y_ticks = []
    v = first
    while v < hi:
        y_ticks.append((y(v), f"{v:.2f}"))
        v += step
    x_ticks = tuple((x(yr), str(yr)) for yr in years)
    return Chart(width, height, tuple(bands), lines, _spaced(x_ticks, width * 0.08), tuple(y_ticks), left, right)


def _nice_step(raw: float) -> float:
    import math

    power = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 0.01
    return next((s * power for s in (1, 2, 5, 10) if s * power >= raw), 10 * power)


def _spaced(ticks: tuple[tuple[float, str], ...], gap: float) -> tuple[tuple[float, str], ...]:
    """The ticks whose labels do not crowd the one before (2012 and 2014 close together: one is left out)."""
    out: list[tuple[float, str]] = []
    for t in ticks:
        if not out or t[0] - out[-1][0] >= gap or t == ticks[-1]:
            if out and t == ticks[-1] and t[0] - out[-1][0] < gap:
                out.pop()
            out.append(t)
    return tuple(out)


LINE_STYLES = (("#000000", "", 2.2), ("#1f4e99", "5 3", 1.4), ("#777777", "2 3", 1.4))
"""Colour, dash and width of the area's line, its gemeente's and the country's."""


def chart_svg(sheet: AreaSheet, width: int = 560, height: int = 230) -> str:
    """The chart as an SVG element: class bands (with their labels where a band is tall enough), the lines, the
    axes and a key."""
    c = chart(sheet, width, height)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 18}" '
             f'viewBox="0 0 {width} {height + 18}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="10">']
    for top, bottom, colour, label in c.bands:
        parts.append(f'<rect x="{c.left:.1f}" y="{top:.1f}" width="{c.right - c.left:.1f}" '
                     f'height="{bottom - top:.1f}" fill="{colour}" fill-opacity="0.35"/>')
        if bottom - top >= 11:
            parts.append(f'<text x="{c.right - 4:.1f}" y="{(top + bottom) / 2 + 3.5:.1f}" text-anchor="end" '
                         f'fill="#444">{escape(label)}</text>')
    for ty, label in c.y_ticks:
        parts.append(f'<text x="{c.left - 4:.1f}" y="{ty + 3.5:.1f}" text-anchor="end">{label}</text>'
                     f'<line x1="{c.left:.1f}" x2="{c.left + 3:.1f}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#000"/>')
    for i, (tx, label) in enumerate(c.x_ticks):  # the first and last inside the box, not cut at its edges
        anchor = "start" if i == 0 and len(c.x_ticks) > 1 else "end" if i == len(c.x_ticks) - 1 else "middle"
        parts.append(f'<text x="{tx:.1f}" y="{height - 4:.1f}" text-anchor="{anchor}">{label}</text>')
    for (name, pts), (colour, dash, stroke) in zip(c.lines, LINE_STYLES, strict=False):
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{stroke}"{dashed}>'
                     f"<title>{escape(name)}</title></polyline>")
        if not dash:
            parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.6" fill="{colour}"/>' for px, py in pts]
    kx = c.left
    for (name, _), (colour, dash, stroke) in zip(c.lines, LINE_STYLES, strict=False):
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{kx:.1f}" x2="{kx + 18:.1f}" y1="{height + 9}" y2="{height + 9}" stroke="{colour}" '
                     f'stroke-width="{stroke}"{dashed}/><text x="{kx + 22:.1f}" y="{height + 12}">'
                     f"{escape(name)}</text>")
        kx += 34 + 6.2 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def facts(sheet: AreaSheet) -> list[tuple[str, str]]:
    """The page's key figures as (label, value)."""
    p, w = sheet.profile, sheet.wave
    now = p.series.at(w)
    first = next((s for s in p.series.waves if p.value(s) is not None), None)
    out = [(f"{p.score} {w}", fmt.score(p.value(now)) if p.score == "lbm" else fmt.signed(p.value(now)))]
    if now is not None and now.klasse is not None:
        out.append(("class", f"{now.klasse} {now.klasse_label or ''}".strip()))
    if first is not None and first.jaar != w and p.score == "lbm":
        d = (p.value(now) or 0.0) - (p.value(first) or 0.0)
        out.append((f"change {first.jaar}→{w}", f"{d:+.3f}"))
    year, inwoners = p.inwoners_at(w)
    out.append(("residents", f"{fmt.inwoners(inwoners)} (CBS {year})" if inwoners is not None else "—"))
    out += [(f"rank in {r.within}", f"{r.rank} of {r.of}") for r in sheet.ranks]
    out.append(("sets", "; ".join(_set_text(s) for s in p.sets) or "none"))
    return out


def _set_text(s: tuple[str, int | None, int | None]) -> str:
    name, start, end = s
    return f"{name} ({start or '…'}–{end or ''})" if start or end else name


def dimension_rows(sheet: AreaSheet) -> list[tuple[str, str, str, str]]:
    """(dimension, area, gemeente, Nederland) in the page's wave: each dimension's deviation."""
    p, w = sheet.profile, sheet.wave

    def value(series: object, name: str) -> str:
        at = series.at(w) if series is not None else None  # type: ignore[attr-defined]
        v = dict(at.dimensions).get(name) if at is not None else None
        return fmt.signed(v) if v is not None else "—"

    here = p.series.at(w)
    names = [n for n, _ in (here.dimensions if here is not None else ())]
    return [(f"{n} ({DIMENSION_NAMES.get(n, n)})", value(p.series, n), value(p.gemeente, n),
             value(p.nederland, n)) for n in names]


def wave_rows(sheet: AreaSheet) -> list[tuple[str, str, str, str]]:
    """(wave, score, afw, class) of every wave."""
    p = sheet.profile
    return [(str(w.jaar) + ("" if w.official else " *"), fmt.score(w.lbm), fmt.signed(w.afw),
             f"{w.klasse} {w.klasse_label}" if w.klasse is not None else "—") for w in p.series.waves]


def title(sheet: AreaSheet) -> str:
    a = sheet.profile.series.area
    return f"{a.name} ({a.code}) — {a.level}"


def path_text(sheet: AreaSheet) -> str:
    return " › ".join(x.name for x in sheet.profile.path)


def map_svg(sheet: AreaSheet, width: int = 560) -> str | None:
    """The map of the area among its neighbours (mapfile's page, the area outlined), or None."""
    if sheet.map is None:
        return None
    from leeftui.present import mapfile

    data = sheet.map
    code = sheet.profile.series.area.code
    return mapfile.svg([*data.context_wkbs, *data.wkbs], [*data.context_codes, *data.codes], data.classes, "",
                       f"Colour: {data.what}", [], data.labels, width=width, focus=data.extent, highlight=code)





def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def html(sheet: AreaSheet) -> str:
    """The page as one self-contained HTML file (no scripts, no links out)."""
    p = sheet.profile
    gem = p.gemeente.area.name if p.gemeente else "gemeente"
    nl = p.nederland.area.name if p.nederland else "Nederland"
    demo = f'<p class="demo">{escape(sheet.notice)}: these are not real Leefbaarometer figures.</p>' \
        if sheet.notice else ""
    drawn = map_svg(sheet)
    map_part = drawn if drawn else f'<p class="notes">{escape(sheet.map_note)}</p>'
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{escape(title(sheet))}</title><style>{CSS}</style></head>
<body>
{demo}<h1>{escape(title(sheet))}</h1>
<p class="path">{escape(path_text(sheet))} · {escape(sheet.release_label)}</p>
<div class="cols"><div>
{_table(("", str(sheet.wave)), facts(sheet))}
<h2>Score and class per wave</h2>
{chart_svg(sheet)}
{_table(("wave", "lbm", "afw", "class"), wave_rows(sheet))}
</div><div>
<h2>Map</h2>
{map_part}
<h2>Dimensions {sheet.wave} (deviation)</h2>
{_table(("dimension", "area", gem, nl), dimension_rows(sheet))}
</div></div>
<h2>What the figures stand on</h2>
<ul class="notes">{"".join(f"<li>{escape(n)}</li>" for n in sheet.notes)}
<li>{escape(sheet.map_note)}</li><li>made by leeftui from the Leefbaarometer open data (Ministerie van BZK)</li></ul>
</body></html>
"""


def markdown(sheet: AreaSheet) -> str:
    """The page as Markdown (the map and chart as inline SVG images where the viewer shows them)."""
    import base64

    p = sheet.profile
    lines = []
    if sheet.notice:
        lines += [f"> **{md_text(sheet.notice)}**: these are not real Leefbaarometer figures.", ""]
    lines += [f"# {md_text(title(sheet))}", "", f"{md_text(path_text(sheet))} · {md_text(sheet.release_label)}", ""]
    lines += ["| | " + str(sheet.wave) + " |", "|---|---:|"]
    lines += [f"| {md_text(k)} | {md_text(v)} |" for k, v in facts(sheet)]
    chart_uri = base64.b64encode(chart_svg(sheet).encode()).decode()
    lines += ["", "## Score and class per wave", "", f"![score per wave](data:image/svg+xml;base64,{chart_uri})", ""]
    lines += ["| wave | lbm | afw | class |", "|---|---:|---:|---|"] + [f"| {' | '.join(map(md_text, r))} |"
                                                                        for r in wave_rows(sheet)]
    gem = p.gemeente.area.name if p.gemeente else "gemeente"
    nl = p.nederland.area.name if p.nederland else "Nederland"
    lines += ["", f"## Dimensions {sheet.wave} (deviation)", "",
              f"| dimension | area | {md_text(gem)} | {md_text(nl)} |", "|---|---:|---:|---:|"]
    lines += [f"| {' | '.join(map(md_text, r))} |" for r in dimension_rows(sheet)]
    drawn = map_svg(sheet)
    if drawn:
        uri = base64.b64encode(drawn.encode()).decode()
        lines += ["", "## Map", "", f"![map](data:image/svg+xml;base64,{uri})"]
    lines += ["", "## What the figures stand on", ""] + [f"- {md_text(n)}" for n in (*sheet.notes, sheet.map_note)]
    lines.append("- made by leeftui from the Leefbaarometer open data (Ministerie van BZK)")
    return "\n".join(lines) + "\n"
