"""Terminal charts with axes, for the CLI and the explorer alike (Rich text only, no Textual).

Waves are placed by their year — 2002, 2008, 2012, 2014 … are not equidistant — and every chart has a value
axis. Meaning never rests on colour alone: the class chart writes each class's digit in its colour, so it
reads the same with ``NO_COLOR`` or in a 16-colour terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text

CLASS_BG = {1: "#a50026", 2: "#d73027", 3: "#f46d43", 4: "#fdae61", 5: "#fee08b",
            6: "#d9ef8b", 7: "#a6d96a", 8: "#66bd63", 9: "#1a9850"}
"""The legend's colours, red (1) to dark green (9)."""
CLASS_FG = {1: "white", 2: "white", 3: "black", 4: "black", 5: "black",
            6: "black", 7: "black", 8: "black", 9: "white"}
"""Text colour on each class colour, for contrast."""
CLASS_BG_16 = {1: "red", 2: "red", 3: "bright_red", 4: "yellow", 5: "bright_yellow", 6: "bright_green",
               7: "bright_green", 8: "green", 9: "green"}
"""The legend's colours in a terminal of 16 colours, where the nine hues would round to five (4, 5 and 6 all to
bright yellow, 7 to white): red to green in six steps, the class digit telling apart the two a step holds."""
CLASS_FG_16 = {1: "bright_white", 2: "bright_white", 3: "black", 4: "black", 5: "black", 6: "black", 7: "black",
               8: "bright_white", 9: "bright_white"}
"""Text colour on each of :data:`CLASS_BG_16`."""


def year_positions(years: Sequence[int], width: int) -> list[int]:
    """Columns 0 … width-1 for ``years`` in proportion to their distance (one year: the middle)."""
    if not years:
        return []
    lo, hi = min(years), max(years)
    if hi == lo:
        return [width // 2 for _ in years]
    return [round((y - lo) * (width - 1) / (hi - lo)) for y in years]


def year_axis(years: Sequence[int], positions: Sequence[int], width: int) -> tuple[str, str]:
    """The axis line with a tick at each wave, and the year labels under them: '2014', or "'14" where four
    digits would collide; a label that still collides with the previous one is left out (its tick stays)."""
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    short = bool(gaps) and min(gaps) < 7  # four digits centred under each tick need seven columns apart
    ticks = [" "] * width
    labels = [" "] * (width + 4)
    last_end = -1
    for y, p in zip(years, positions, strict=True):
        ticks[p] = "┴"
        label = f"'{y % 100:02d}" if short else str(y)
        start = max(0, min(p - len(label) // 2, width + 4 - len(label)))
        if start > last_end:
            labels[start:start + len(label)] = label
            last_end = start + len(label)
    return "".join("─" if t == " " else t for t in ticks), "".join(labels).rstrip()


def stacked_classes(years: Sequence[int], shares: Sequence[dict[int, float]], width: int = 60,
                    height: int = 10) -> Text:
    """Stacked class shares per wave (class 1 at the bottom): one bar per wave, two cells wide, at its year; each
    cell shows the class covering the middle of its share band as its digit in the class colour."""
    positions = year_positions(years, width - 1)
    grid: list[list[tuple[str, Style]]] = [[(" ", Style())] * width for _ in range(height)]
    for pos, share in zip(positions, shares, strict=True):
        total = sum(share.values())
        if not total:
            continue
        bounds, acc = [], 0.0
        for k in range(1, 10):
            acc += share.get(k, 0.0) / total
            bounds.append((acc, k))
        for row in range(height):
            mid = (row + 0.5) / height  # row 0 is the bottom
            k = next((k for upper, k in bounds if mid <= upper), 9)
            cell = (str(k), Style(color=CLASS_FG[k], bgcolor=CLASS_BG[k], bold=True))
            for x in (pos, pos + 1):
                if x < width:
                    grid[height - 1 - row][x] = cell
    out = Text()
    for i, cells in enumerate(grid):
        label = {0: "100%", height // 2: " 50%"}.get(i, "    ")
        out.append(f"{label} │")
        for ch, style in cells:
            out.append(ch, style)
        out.append("\n")
    axis, labels = year_axis(years, positions, width)
    out.append(f"  0% └{axis}\n      {labels}")
    return out


def line_chart(years: Sequence[int], values: Sequence[float | None], width: int = 40, height: int = 6,
               label: Callable[[float], str] = lambda v: f"{v:.3f}") -> Text:
    """A line of ``values`` over ``years`` (placed by year) with a value axis: '●' at each wave, '·' between
    waves, a gap where a value is missing; the axis shows the lowest, middle and highest value."""
    return lines_chart(years, [("●", "", values)], width, height, label)


def lines_chart(years: Sequence[int], series: Sequence[tuple[str, str, Sequence[float | None]]], width: int = 40,
                height: int = 6, label: Callable[[float], str] = lambda v: f"{v:.3f}") -> Text:
    """Several lines on one value axis: each series is (marker, style, values); its marker (e.g. '1', '2') at
    each wave carries its identity without colour, '·' in its style between waves; where series meet, the later
    one's marker shows."""
    known = [v for _, _, values in series for v in values if v is not None]
    if not known:
        return Text("no values", style="dim")
    axis_w = max(len(label(v)) for v in known)
    lo, hi = min(known), max(known)
    flat = hi == lo  # one value throughout: one line in the middle, one label
    span = hi - lo or 1.0
    positions = year_positions(years, width)

    def row_of(v: float) -> int:
        return (height - 1) // 2 if flat else height - 1 - round((v - lo) / span * (height - 1))

    grid: list[list[tuple[str, str]]] = [[(" ", "")] * width for _ in range(height)]
    for _, style, values in series:
        pts = list(zip(positions, values, strict=True))
        for (p0, v0), (p1, v1) in zip(pts, pts[1:], strict=False):
            if v0 is None or v1 is None or p1 <= p0:
                continue
            for x in range(p0 + 1, p1):
                y = row_of(v0 + (v1 - v0) * (x - p0) / (p1 - p0))
                if grid[y][x][0] == " ":
                    grid[y][x] = ("·", style)
    for marker, style, values in series:
        for p, v in zip(positions, values, strict=True):
            if v is not None:
                grid[row_of(v)][p] = (marker, style)
    marks = {0: label(hi), height - 1: label(lo)}
    if height >= 5:
        marks[(height - 1) // 2] = label(lo + span * (height - 1 - (height - 1) // 2) / (height - 1))
    if flat:
        marks = {(height - 1) // 2: label(lo)}
    out = Text()
    for i, cells in enumerate(grid):
        out.append(f"{marks[i]:>{axis_w}} ┤" if i in marks else f"{'':>{axis_w}} │", style="dim")
        for ch, style in cells:
            out.append(ch, style)
        out.append("\n")
    axis, labels = year_axis(years, positions, width)
    out.append(f"{'':>{axis_w}} └{axis}\n{'':>{axis_w}}  {labels}", style="dim")
    return out
