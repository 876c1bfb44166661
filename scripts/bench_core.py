"""Pure helpers of the benchmark harness: statistics, timing, figures, the table and the JSON.

No leeftui imports here, so the unit test (tests/test_bench_quick.py) runs in milliseconds.
"""

from __future__ import annotations

import math
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rich.markup import escape
from rich.table import Table

PASS, FAIL, INFO, UNAVAILABLE, ERROR = "PASS", "FAIL", "INFO", "UNAVAILABLE", "ERROR"
"""The verdicts a figure can have: UNAVAILABLE = the code it needs does not exist (yet);
ERROR = that code exists but raised (the harness exits non-zero after writing its results)."""

JSON_SCHEMA = "leeftui-bench/1"
"""Identifies the layout of the JSON file; bump when keys change."""


def median(xs: Sequence[float]) -> float:
    """Median of a non-empty sequence (mean of the two middle values for an even count)."""
    if not xs:
        raise ValueError("median of no samples")
    s = sorted(xs)
    n = len(s)
    mid = n // 2
    return float(s[mid]) if n % 2 else (s[mid - 1] + s[mid]) / 2.0


def percentile(xs: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between closest ranks (numpy's default)."""
    if not xs:
        raise ValueError("percentile of no samples")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} outside 0–100")
    s = sorted(xs)
    k = (len(s) - 1) * p / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return float(s[lo]) + (s[hi] - s[lo]) * (k - lo)


def ratio(measured: float | None, baseline: float | None) -> float | None:
    """measured / baseline, or None when either is missing or the baseline is not positive."""
    if measured is None or baseline is None or baseline <= 0:
        return None
    return measured / baseline


def verdict(value: float | None, target: float | None) -> str:
    """PASS when value ≤ target, FAIL when above, INFO without a target, UNAVAILABLE without a value."""
    if value is None:
        return UNAVAILABLE
    if target is None:
        return INFO
    return PASS if value <= target else FAIL


def time_call(fn: Callable[[], Any]) -> float:
    """Wall time of one call to ``fn`` in seconds."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def paired_runs(measured: Callable[[], float], baseline: Callable[[], float], repeats: int,
                warmup: int = 1) -> tuple[list[float], list[float]]:
    """Run ``measured`` and ``baseline`` alternately, ``repeats`` times each; return both sample lists.

    Each callable returns its own duration in seconds (so it can leave setup out of the timing).
    Alternating (and swapping who goes first every round) spreads the noise of a shared machine
    evenly over both sides; ``warmup`` rounds are run first and thrown away.
    """
    for _ in range(warmup):
        baseline()
        measured()
    ms: list[float] = []
    bs: list[float] = []
    for i in range(repeats):
        if i % 2:
            bs.append(baseline())
            ms.append(measured())
        else:
            ms.append(measured())
            bs.append(baseline())
    return ms, bs


def fmt_value(value: float | None, unit: str) -> str:
    """Human form of a figure: '1.43×', '12.0 ms', '3.21 s', '87.5 MB', '91.2 %'."""
    if value is None:
        return "—"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "%":
        return f"{value:.1f} %"
    return f"{value:g} {unit}".strip()


@dataclass
class Figure:
    """One line of the results table: a value compared with its target."""

    key: str
    """Stable JSON key, e.g. 'rebuild_ratio'."""
    label: str
    """What was measured, for the table."""
    value: float | None
    """The number held against the target (a ratio, milliseconds or megabytes); None = unavailable."""
    unit: str
    """'x' (ratio), 'ms', 's' or 'MB'."""
    target: float | None = None
    """Upper bound for PASS; None = reported for information only."""
    measured: float | None = None
    """For ratios: median of the leeftui side (in ``detail_unit``)."""
    baseline: float | None = None
    """For ratios: median of the baseline side (in ``detail_unit``)."""
    detail_unit: str = "s"
    """Unit of ``measured`` and ``baseline``."""
    note: str = ""
    """How it was measured, or why it is unavailable."""
    samples: dict[str, list[float]] = field(default_factory=dict)
    """Raw samples (seconds or ms), by side."""

    @property
    def status(self) -> str:
        """PASS / FAIL / INFO / UNAVAILABLE / ERROR."""
        if self.value is None and self.note.startswith("error: "):
            return ERROR
        return verdict(self.value, self.target)

    def to_json(self) -> dict[str, Any]:
        """The figure as a JSON-ready dict, with its status."""
        d = asdict(self)
        d["status"] = self.status
        return d


def unavailable(key: str, label: str, unit: str, target: float | None, reason: str) -> Figure:
    """A figure that could not be measured, with the reason in its note."""
    return Figure(key, label, None, unit, target, note=f"unavailable: {reason}")


def errored(key: str, label: str, unit: str, target: float | None, exc: BaseException) -> Figure:
    """A figure whose measurement raised: the exception, in one line, in its note."""
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    return Figure(key, label, None, unit, target, note=f"error: {type(exc).__name__}: {first}")


def ratio_figure(key: str, label: str, measured: Sequence[float], baseline: Sequence[float],
                 target: float | None, note: str = "", unit: str = "s") -> Figure:
    """A ratio figure from raw samples of both sides: median(measured) / median(baseline)."""
    m, b = median(measured), median(baseline)
    return Figure(key, label, ratio(m, b), "x", target, m, b, unit, note,
                  {"measured": list(measured), "baseline": list(baseline)})


def results_table(figures: Sequence[Figure], title: str = "leeftui benchmark") -> Table:
    """A rich table: figure, leeftui median, baseline median, value, target, result."""
    t = Table(title=title, title_justify="left")
    for name, just in (("figure", "left"), ("leeftui", "right"), ("baseline", "right"),
                       ("value", "right"), ("target", "right"), ("result", "left")):
        t.add_column(name, justify=just)  # type: ignore[arg-type]
    colour = {PASS: "green", FAIL: "bold red", INFO: "cyan", UNAVAILABLE: "yellow", ERROR: "bold magenta"}
    for f in figures:
        res = f"[{colour[f.status]}]{f.status}[/]"
        if f.status in (UNAVAILABLE, ERROR):
            res += f" [dim]{escape(_reason(f))}[/]"
        t.add_row(f.label, fmt_value(f.measured, f.detail_unit), fmt_value(f.baseline, f.detail_unit),
                  fmt_value(f.value, f.unit), "—" if f.target is None else f"≤ {fmt_value(f.target, f.unit)}", res)
    return t


def spread(f: Figure) -> str:
    """The range behind a figure: for a ratio, the lowest and highest ratio of one round (the two sides ran
    back to back); for a key, p50–max; for other samples, min–max."""
    ms, bs = f.samples.get("measured"), f.samples.get("baseline")
    if f.unit == "x" and ms and bs and len(ms) == len(bs):
        rs = [m / b for m, b in zip(ms, bs, strict=True) if b]
        return f"{min(rs):.2f}–{max(rs):.2f}×" if rs else "—"
    xs = next((v for k, v in f.samples.items() if k in ("samples", "ms", "MB") and v), None)
    if xs:
        return f"{min(xs):.1f}–{max(xs):.1f} {f.unit}"
    return "—"


def markdown_table(figures: Sequence[Figure]) -> str:
    """The same table as Markdown (for docs/performance.md), with each figure's spread."""
    lines = ["| figure | leeftui | baseline | value | spread | target | result |", "|---|--:|--:|--:|--:|--:|---|"]
    for f in figures:
        res = f"{f.status}: {_reason(f)}" if f.status in (UNAVAILABLE, ERROR) else f.status
        target = "—" if f.target is None else f"≤ {fmt_value(f.target, f.unit)}"
        lines.append(f"| {f.label} | {fmt_value(f.measured, f.detail_unit)} | {fmt_value(f.baseline, f.detail_unit)} "
                     f"| {fmt_value(f.value, f.unit)} | {spread(f)} | {target} | {res} |")
    return "\n".join(lines)


def results_json(figures: Sequence[Figure], settings: dict[str, Any], started: float, wall_s: float) -> dict[str, Any]:
    """The JSON document: schema tag, environment, settings, every figure, and the PASS/FAIL summary."""
    counts = {s: sum(1 for f in figures if f.status == s) for s in (PASS, FAIL, INFO, UNAVAILABLE, ERROR)}
    return {
        "schema": JSON_SCHEMA,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "wall_seconds": round(wall_s, 3),
        "environment": {"python": platform.python_version(), "platform": platform.platform(),
                        "machine": platform.machine(), "cpus": _cpus()},
        "settings": settings,
        "figures": {f.key: f.to_json() for f in figures},
        "summary": counts,
    }


def _reason(f: Figure) -> str:
    return f.note.removeprefix("unavailable: ").removeprefix("error: ")


def _cpus() -> int | None:
    import os

    return os.cpu_count()
