"""The filter a view of areas carries (:class:`ViewFilter`: the explorer's dialog, ``export --compare``'s flags) and
the class ranges users type ('1-4', 'onv:1-3'). A filter becomes one condition (:mod:`leeftui.model.conditions`)
built from the measures (:mod:`leeftui.model.measures`), never a definition of its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leeftui.errors import UsageError
from leeftui.model import measures
from leeftui.model.conditions import EVERY_ROW, Col, Compare, Condition, both

if TYPE_CHECKING:
    import pyarrow as pa

    from leeftui.model.release import ReleaseInfo


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
    dimension_classes: tuple[tuple[str, int, int], ...] = ()
    """Only areas whose class of afw or of a dimension in wave B lies in a range: (name, low, high), e.g.
    ('onv', 1, 4) for "nuisance and insecurity: classes 1–4"."""
    expression: str | None = None
    """Only rows for which this expression over the view's columns holds (:mod:`leeftui.store.expr`), e.g.
    'Δonv < 0 and Δ > 0'."""

    @property
    def active(self) -> bool:
        """True when any condition is set."""
        return self != ViewFilter()

    def condition(self, rel: ReleaseInfo, aliases: Mapping[str, str] | None = None,
                  schema: pa.Schema | None = None) -> Condition:
        """This filter as one condition on a view of ``rel`` (:mod:`leeftui.model.measures` defines each flag);
        the expression is read over ``schema`` (the view's columns) with ``aliases``."""
        parts: list[Condition] = []
        if self.declined:
            parts.append(measures.declined(rel))
        if self.improved:
            parts.append(measures.improved(rel))
        if self.klasse_min is not None:
            parts.append(Compare(Col("klasse_b"), ">=", float(self.klasse_min)))
        if self.klasse_max is not None:
            parts.append(Compare(Col("klasse_b"), "<=", float(self.klasse_max)))
        if self.delta_below is not None:
            parts.append(measures.change_below(rel, self.delta_below))
        if self.delta_above is not None:
            parts.append(measures.change_above(rel, self.delta_above))
        if self.score_below is not None:
            parts.append(measures.score_below(rel, self.score_below))
        for name, lo, hi in self.dimension_classes:
            parts.append(measures.class_range(lo, hi, f"klasse_{name}"))
        if self.expression:
            if schema is None:
                raise ValueError("a filter expression needs the view's columns to be read")
            from leeftui.model.expr import compile_filter

            parts.append(compile_filter(self.expression, schema, aliases).condition)
        return both(*parts) if parts else EVERY_ROW

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
        for name, lo, hi in self.dimension_classes:
            parts.append(f"{name} class {lo}" if lo == hi else f"{name} class {lo}–{hi}")
        if self.expression:
            parts.append(f"where {self.expression}")
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


def parse_class_filter(text: str, names: tuple[str, ...]) -> tuple[tuple[int, int] | None,
                                                                   tuple[tuple[str, int, int], ...]]:
    """Parse '1-4', 'onv:1-3' or several of them separated by commas ('1-4, onv:1-3') into the score's
    class range and (name, low, high) per afw/dimension class; ``names`` are the ones the release has.
    Raises UsageError naming the bad part."""
    score: tuple[int, int] | None = None
    dims: list[tuple[str, int, int]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, rng = part.partition(":")
        if not sep:
            score = parse_class_range(part)
            continue
        name = name.strip().lower().removeprefix("klasse_")
        if name not in names:
            listed = ", ".join(names) or "none (this release has no afw or dimension classes)"
            raise UsageError(f"Unknown class '{name}' in '{part}'; use the score's range (e.g. 1-4) or one of: "
                             f"{listed} (e.g. onv:1-4).")
        dims.append((name, *parse_class_range(rng)))
    return score, tuple(dims)


def parse_compare(text: str) -> tuple[int, int]:
    """``--compare A:B`` (or A-B) as two waves, the earlier first; UsageError otherwise."""
    parts = text.replace("-", ":").split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise UsageError(f"--compare expects two waves like 2012:2022, not '{text}'.")
    a, b = int(parts[0]), int(parts[1])
    if a > b:
        raise UsageError(f"--compare takes the earlier wave first (Δ is the later minus the earlier): "
                         f"use {b}:{a}, not {text}.")
    return a, b
