"""The monitor's reports drawn: the overview's charts and each table cell as Rich text, for the explorer's monitor
screen and `leeftui stats` on a terminal alike."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from leeftui.model.report import Report
from leeftui.present.cells import DIM, numeric, table_cell
from leeftui.present.charts import line_chart, stacked_classes


def cell(name: str, v: object) -> Text:
    """One table cell of a report (:func:`leeftui.present.cells.table_cell`), numbers right-aligned."""
    text, style = table_cell(name, v)
    right = v is None or numeric(name, v)
    return Text(text, style=DIM if v is None else style, justify="right" if right else "left")


def overview_chart(report: Report, width: int, height: int = 8) -> RenderableType | None:
    """The overview's charts: the class shares of residents (of areas, without inhabitants) per wave, stacked with
    class 1 at the bottom, and the share of residents in problem areas; waves at their years. None when the report
    has neither."""
    rows = report.tables["summary"].to_pylist()
    years = [r["jaar"] for r in rows]
    parts: list[RenderableType] = []
    if "classes" in report.tables:
        c = report.tables["classes"].to_pylist()
        weight = "share_huishoudens" if "share_huishoudens" in report.tables["classes"].column_names \
            else "share_inwoners"  # the report's weight names its columns
        key = weight if any(r[weight] for r in c) else "share_areas"
        counted = {"share_inwoners": "residents", "share_huishoudens": "households"}.get(key, "areas")
        shares = [{r["klasse"]: r[key] or 0.0 for r in c if r["jaar"] == y} for y in years]
        parts += [Text(f"Share of {counted} per class (1 at the bottom), waves at their years", style="bold"),
                  stacked_classes(years, shares, width=width, height=height)]
    share = [r["problem_share"] for r in rows]
    if any(v is not None for v in share):
        who = "Households" if "huishoudens" in report.tables["summary"].column_names else "Residents"
        parts += [Text(f"{who} in areas with livability problems", style="bold"),
                  line_chart(years, share, width=width, height=5, label=lambda v: f"{100 * v:.0f}%")]
    return Group(*parts) if parts else None


BLOCKS = " ▁▂▃▄▅▆▇█"


def placebo_chart(report: Report, width: int, height: int = 4) -> RenderableType | None:
    """The effect report's placebo estimates as a histogram (``height`` rows of block characters, ``width`` bins),
    with the set's own estimate marked ▲ below it; None for another report."""
    values = report.meta.get("placebo")
    est = report.meta.get("estimate")
    if not isinstance(values, list) or not values or not isinstance(est, float):
        return None
    lo, hi = min(min(values), est), max(max(values), est)
    span = (hi - lo) or 1.0
    bins = [0] * width
    for v in values:
        bins[min(width - 1, int((v - lo) / span * width))] += 1
    top = max(bins) or 1
    rows = []
    for r in range(height, 0, -1):  # each row holds 8 eighths of the tallest bin's height / height
        line = ""
        for b in bins:
            eighths = round(b / top * height * 8) - (r - 1) * 8
            line += BLOCKS[max(0, min(8, eighths))]
        rows.append(Text(line, style="cyan"))
    mark = min(width - 1, int((est - lo) / span * width))
    rows.append(Text(" " * mark + "▲ the set", style="bold"))
    rows.append(Text(f"{lo:+.3f}".ljust(width - 7) + f"{hi:+.3f}", style=DIM))
    return Group(Text(f"{len(values):,} placebo sets' estimates (Δ{report.meta.get('score', '')}) and the set's",
                      style="bold"), *rows)
