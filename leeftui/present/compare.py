"""Areas side by side (the explorer's `c`): scores and classes per wave, a chart on one scale, the dimensions of
wave B — one column per area."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from leeftui.model.profile import AreaProfile
from leeftui.present import fmt
from leeftui.present.charts import lines_chart
from leeftui.present.profile import score_text
from leeftui.schema import DIMENSION_LABELS
from leeftui.text import printable

PALETTE = ("cyan", "magenta", "yellow", "green", "blue", "red")


def render_compare(profiles: list[AreaProfile], waves: tuple[int, ...], wave_a: int, wave_b: int) -> RenderableType:
    """Scores/classes per wave, a shared-scale chart, and dimensions of wave B, one column per area."""
    names = [f"{printable(p.series.area.name)}{'' if p.series.official else ' ≈'}" for p in profiles]
    what = "score" if not profiles or profiles[0].score == "lbm" else "afw"  # LBM 2.0: no absolute score
    scores = Table(box=None, padding=(0, 1), header_style="bold", title=f"{what} (class) per wave",
                   title_justify="left", title_style="bold")
    scores.add_column("wave")
    for i, n in enumerate(names):
        header = Text.assemble((f"{i + 1}", PALETTE[i % len(PALETTE)]), f" {n}")  # a name is never markup
        scores.add_column(header, justify="right", max_width=18)
    for w in waves:
        row: list[RenderableType] = [f"{w}{' A' if w == wave_a else ' B' if w == wave_b else ''}"]
        for p in profiles:
            ws = p.series.at(w)
            v = p.value(ws)
            if ws is None or v is None:
                row.append(fmt.NA)
            else:
                k = f" ({ws.klasse})" if ws.klasse is not None else ""
                row.append(f"{v:.3f}{k}" if p.score == "lbm" else f"{v:+.3f}{k}")
        scores.add_row(*row)
    delta_row: list[RenderableType] = [f"Δ {wave_a}→{wave_b}"]
    for p in profiles:
        txt, sty = fmt.delta(p.change(wave_a, wave_b))
        delta_row.append(Text(txt, style=sty))
    scores.add_row(*delta_row)

    values = [[p.value(p.series.at(w)) for w in waves] for p in profiles]
    present = [v for vs in values for v in vs if v is not None]
    chart = Text(f"{what} over all waves (one axis; waves at their years)\n", style="bold")
    if present:
        for i, n in enumerate(names):
            chart.append(f"{i + 1} ", style=PALETTE[i % len(PALETTE)])
            chart.append(f"{n[:24]}   ")
        chart.append("\n")
        series = [(str(i + 1)[-1], PALETTE[i % len(PALETTE)], vs) for i, vs in enumerate(values)]
        shown = score_text(profiles[0].score if profiles else "lbm")
        chart.append_text(lines_chart(waves, series, width=44, height=7, label=shown))

    dims = Table(box=None, padding=(0, 1), header_style="bold", title=f"dimensions {wave_b}",
                 title_justify="left", title_style="bold")
    dims.add_column("dimension")
    for i in range(len(names)):
        dims.add_column(f"{i + 1}", justify="right")
    first = profiles[0].series.waves[0].dimensions if profiles and profiles[0].series.waves else ()
    for dim in (name for name, _ in first):
        cells = [DIMENSION_LABELS.get(dim, dim)]
        for p in profiles:
            at_b = p.series.at(wave_b)
            cells.append(fmt.signed(dict(at_b.dimensions).get(dim) if at_b else None))
        dims.add_row(*cells)
    return Group(scores, Text(""), chart, Text(""), dims)
