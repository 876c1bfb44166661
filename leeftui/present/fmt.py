"""Text formatting shared by the explorer's widgets: numbers, deltas, classes, sparklines, bars.

Pure functions (Rich styles only, no Textual). Meaning never depends on colour alone:
deltas carry ▲/▼, classes carry their number and label, missing values show '—' (never 0).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style

NA = "—"
BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_NA = "·"

from leeftui.present.charts import CLASS_BG, CLASS_FG  # noqa: E402  (the legend's colours, shared with the CLI's charts)

UP = Style(color="green", bold=True)
DOWN = Style(color="red", bold=True)

SHORT_LABELS = {
    "zeer onvoldoende": "zeer onvold.",
    "ruim onvoldoende": "ruim onvold.",
    "ruim voldoende": "ruim vold.",
}


def class_style(k: int | None) -> Style:
    """Return the swatch style of class ``k`` (empty for None)."""
    if k is None:
        return Style()
    return Style(color=CLASS_FG[k], bgcolor=CLASS_BG[k], bold=True)


def score(v: float | None) -> str:
    """A score like '4.213', '—' when missing."""
    return NA if v is None else f"{v:.3f}"


def signed(v: float | None, digits: int = 3) -> str:
    """A signed value like '+0.031' / '-0.012', '—' when missing."""
    return NA if v is None else f"{v:+.{digits}f}"


def delta(v: float | None, digits: int = 3) -> tuple[str, Style]:
    """A change with an arrow that carries the meaning without colour: '▲+0.031', '▼-0.012'; a change too
    small to show at ``digits`` decimals is '▲<0.001' / '▼<0.001' (never '='), and only no change is '=0'."""
    if v is None:
        return NA, Style(dim=True)
    if v == 0:
        return "=0", Style()
    arrow, style = ("▲", UP) if v > 0 else ("▼", DOWN)
    if round(v, digits) == 0:
        return f"{arrow}<{10 ** -digits:.{digits}f}", style
    return f"{arrow}{v:+.{digits}f}", style


def sparkline(values: Sequence[float | None] | None) -> str:
    """One block character per value (scaled to the row's own range), '·' for a missing wave."""
    if not values:
        return ""
    present = [v for v in values if v is not None]
    if not present:
        return SPARK_NA * len(values)
    lo, hi = min(present), max(present)
    span = hi - lo
    out = []
    for v in values:
        if v is None:
            out.append(SPARK_NA)
        elif span <= 1e-12:
            out.append(BLOCKS[3])
        else:
            out.append(BLOCKS[min(7, int((v - lo) / span * 7.999))])
    return "".join(out)


def scaled_sparkline(values: Sequence[float | None], lo: float, hi: float, repeat: int = 1) -> str:
    """Like :func:`sparkline` on a shared scale ``lo``–``hi`` (for comparing areas), each value ``repeat`` wide."""
    span = hi - lo
    out = []
    for v in values:
        if v is None:
            ch = SPARK_NA
        elif span <= 1e-12:
            ch = BLOCKS[3]
        else:
            ch = BLOCKS[max(0, min(7, int((v - lo) / span * 7.999)))]
        out.append(ch * repeat)
    return "".join(out)


DIMENSION_SCALE = 0.3
"""The one scale of every dimension bar, so bars compare across areas and with the gemeente and Nederland:
a full half-bar is ±0.3 (LBM 3.0 dimension scores lie within about ±0.3; beyond it the bar ends in an arrow)."""


def zero_bar(v: float | None, scale: float = DIMENSION_SCALE, half: int = 8) -> str:
    """A bar around zero: '    ███│        ' for negative, '        │███     ' for positive; a value beyond
    ``scale`` fills its half and ends in '◂' / '▸', one smaller than a cell is a thin '▕' / '▏' mark."""
    if v is None:
        return " " * half + "┊" + " " * half
    beyond = scale > 0 and abs(v) > scale
    n = 0 if scale <= 0 else min(half, round(abs(v) / scale * half))
    if v < 0:
        side = "◂" + "█" * (half - 1) if beyond else " " * (half - n) + "█" * n
        if n == 0:
            side = " " * (half - 1) + "▕"  # smaller than a cell: a thin mark keeps the direction visible
        return side + "│" + " " * half
    if v > 0 and n == 0:
        return " " * half + "│" + "▏" + " " * (half - 1)
    return " " * half + "│" + ("█" * (half - 1) + "▸" if beyond else "█" * n + " " * (half - n))


def class_text(k_a: int | None, k_b: int | None, labels: dict[int, str], short: bool = True) -> str:
    """'5→6 ruim vold.' (A → B with the label of B), '6 ruim vold.' when unchanged, '—' without classes."""
    if k_b is None and k_a is None:
        return NA
    label = labels.get(k_b, "") if k_b is not None else ""
    if short:
        label = SHORT_LABELS.get(label, label)
    if k_a is not None and k_b is not None and k_a != k_b:
        arrow = "↗" if k_b > k_a else "↘"
        return f"{k_a}{arrow}{k_b} {label}"
    return f"{k_b if k_b is not None else NA} {label}".strip()


def inwoners(v: int | None) -> str:
    """Inhabitants with thin grouping ('12 345'), '—' when unknown."""
    return NA if v is None else f"{v:,}".replace(",", " ")
