"""Filtering and sorting an area table in memory (Arrow compute), shared by the explorer and the CLI.

The explorer re-sorts and re-filters 17,000 buurten on a keypress without going back to the
database; the CLI's `--class`, `--declined`, `--sort` and `--limit` use the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from leeftui.errors import UsageError


@dataclass(frozen=True)
class ViewFilter:
    """Which rows of an area table to keep. All given conditions must hold; defaults keep everything."""

    declined: bool = False
    """Only areas whose score fell from wave A to wave B (d_lbm < 0)."""
    improved: bool = False
    """Only areas whose score rose from wave A to wave B (d_lbm > 0)."""
    klasse_min: int | None = None
    """Lowest class (of wave B) to keep, 1–9."""
    klasse_max: int | None = None
    """Highest class (of wave B) to keep, 1–9."""
    delta_below: float | None = None
    """Only areas with d_lbm below this value."""
    delta_above: float | None = None
    """Only areas with d_lbm above this value."""
    score_below: float | None = None
    """Only areas whose lbm in wave B is below this value (the score threshold that stands in
    for classes where no boundary table is loaded)."""

    @property
    def active(self) -> bool:
        """True when any condition is set."""
        return self != ViewFilter()

    def describe(self) -> str:
        """Return a short human description, e.g. 'declined, class 1–4'."""
        parts = []
        if self.declined:
            parts.append("declined")
        if self.improved:
            parts.append("improved")
        if self.klasse_min is not None or self.klasse_max is not None:
            lo, hi = self.klasse_min or 1, self.klasse_max or 9
            parts.append(f"class {lo}" if lo == hi else f"class {lo}–{hi}")
        if self.delta_below is not None:
            parts.append(f"Δ < {self.delta_below:g}")
        if self.delta_above is not None:
            parts.append(f"Δ > {self.delta_above:g}")
        if self.score_below is not None:
            parts.append(f"score < {self.score_below:g}")
        return ", ".join(parts) or "all"


def parse_class_range(text: str) -> tuple[int, int]:
    """Parse '1-4', '3' or '1–4' into (low, high); raise UsageError on anything else."""
    cleaned = text.replace("–", "-").strip()
    try:
        if "-" in cleaned:
            lo_s, hi_s = cleaned.split("-", 1)
            lo, hi = int(lo_s), int(hi_s)
        else:
            lo = hi = int(cleaned)
    except ValueError:
        raise UsageError(f"Class range '{text}' is not like '1-4' or '3'.") from None
    if not (1 <= lo <= hi <= 9):
        raise UsageError(f"Class range '{text}' must lie within 1-9, low to high.")
    return lo, hi


def apply_filter(table: pa.Table, f: ViewFilter) -> pa.Table:
    """Return the rows of an area table that pass ``f`` (rows with a NULL in a tested column drop out)."""
    if not f.active:
        return table
    import pyarrow.compute as pc  # lazy: ~0.05 s of import the explorer's first screen does not need

    mask = pa.scalar(True)
    d = table.column("d_lbm")
    if f.declined:
        mask = pc.and_kleene(mask, pc.less(d, 0))
    if f.improved:
        mask = pc.and_kleene(mask, pc.greater(d, 0))
    if f.klasse_min is not None:
        mask = pc.and_kleene(mask, pc.greater_equal(table.column("klasse_b"), f.klasse_min))
    if f.klasse_max is not None:
        mask = pc.and_kleene(mask, pc.less_equal(table.column("klasse_b"), f.klasse_max))
    if f.delta_below is not None:
        mask = pc.and_kleene(mask, pc.less(d, f.delta_below))
    if f.delta_above is not None:
        mask = pc.and_kleene(mask, pc.greater(d, f.delta_above))
    if f.score_below is not None:
        mask = pc.and_kleene(mask, pc.less(table.column("lbm_b"), f.score_below))
    return table.filter(pc.fill_null(mask, False))


def sort_table(table: pa.Table, column: str, descending: bool = False) -> pa.Table:
    """Return the table sorted by ``column`` (NULLs last either way; ties keep name order)."""
    if column not in table.column_names or column == "spark":
        names = ", ".join(c for c in table.column_names if c != "spark")
        raise UsageError(f"Cannot sort by '{column}'; columns: {names}.")
    import pyarrow.compute as pc

    order = "descending" if descending else "ascending"
    idx = pc.sort_indices(table, sort_keys=[(column, order, "at_end")])
    return table.take(idx)
