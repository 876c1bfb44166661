"""The measures leeftui reports, each defined once: the change between two waves, declined, improved, a problem
area, a partial figure, a derived one.

The monitor's reports, the export flags (``--declined``, ``--below``, ``--class``), the filter language, the
explorer's filter dialog and its marks all take them from here — as conditions on a view's columns
(:mod:`leeftui.model.conditions`), which evaluate on Arrow rows or become SQL where a query filters. A figure can
therefore not mean one thing in the monitor and another in an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leeftui.errors import UsageError
from leeftui.model.conditions import Any_, Col, Compare, Condition, Missing, Not, Truthy, both

if TYPE_CHECKING:
    import pyarrow as pa

    from leeftui.model.release import ReleaseInfo

MEASURES: dict[str, str] = {
    "identity": "what the area is: code, name, level, where it lies",
    "score": "the livability score (lbm; LBM 2.0 publishes no absolute score: afw is its score)",
    "deviation": "afw: the score's deviation from the release's fixed reference level (LBM 3.0: lbm − 4.10226485 "
                 "in every wave, not the distance to that wave's national mean)",
    "class": "class 1–9 from the release's class bounds (reconstructed or official: the release says which)",
    "dimension": "the score of one of the five dimensions (their sum is afw)",
    "change": "B − A of a figure between the two waves compared",
    "population": "inhabitants (CBS) of the population year nearest to the wave",
    "partial": "a derived figure that stands on part of the area only",
    "derived": "computed by leeftui (from the areas below), not published",
}
"""Every measure a column can come from (:attr:`leeftui.model.columns.Column.measure`), with what it means."""


def change_key(rel: ReleaseInfo) -> str:
    """The view column that is "the change" of an area (:attr:`ReleaseInfo.change_measure`): ``dev``, the published
    development score, where the release publishes one (LBM 2.0); else ``d_lbm`` (LBM 3.0) or ``d_afw``."""
    return "dev" if rel.developments else f"d_{rel.score}"


def check_change(rel: ReleaseInfo, wave_a: int, wave_b: int) -> None:
    """Refuse a decline, improvement or change from A to B that the release cannot give: LBM 2.0's afw is relative
    to each wave's national level, so only its published developments say whether an area declined."""
    if rel.developments and not rel.published(wave_a, wave_b):
        pairs = ", ".join(f"{a}:{b}" for a, b in rel.developments)
        raise UsageError(f"{rel.label} publishes developments for {pairs}, not for {wave_a}:{wave_b}; the difference "
                         "of its afw between two waves is relative to each wave's national level and says nothing "
                         "about decline (choose one of those pairs).")


def score_key(rel: ReleaseInfo, side: str = "b") -> str:
    """The view column of the release's score in wave A or B (``lbm_b``; ``afw_b`` for LBM 2.0)."""
    return f"{rel.score}_{side}"


def declined(rel: ReleaseInfo) -> Condition:
    """The area declined from wave A to wave B: its change is below 0 — where the release publishes developments,
    its published development score, or where it publishes only a class for the two waves, that class (VKL 1–3)."""
    if rel.developments:
        return Any_((Compare(Col("dev"), "<", 0.0), both(Missing("dev"), declined_significantly())))
    return Compare(Col(change_key(rel)), "<", 0.0)


SIGNIFICANT_BELOW = 4
"""A published development class below this is a significant decline (LBM 2.0 VKL: 1–3 decline, 4 no significant
change, 5–7 improvement)."""


def declined_significantly() -> Condition:
    """The release publishes a development class for A → B and it says "declined" (VKL 1–3)."""
    return Compare(Col("dev_class"), "<", SIGNIFICANT_BELOW)


def improved(rel: ReleaseInfo) -> Condition:
    """The area improved from wave A to wave B: its change is above 0 (as :func:`declined`: the published
    development where the release publishes one, its class VKL 5–7 where only a class is published)."""
    if rel.developments:
        return Any_((Compare(Col("dev"), ">", 0.0),
                     both(Missing("dev"), Compare(Col("dev_class"), ">", SIGNIFICANT_BELOW))))
    return Compare(Col(change_key(rel)), ">", 0.0)


def change_below(rel: ReleaseInfo, value: float) -> Condition:
    """The change of the score is below ``value``."""
    return Compare(Col(change_key(rel)), "<", float(value))


def change_above(rel: ReleaseInfo, value: float) -> Condition:
    """The change of the score is above ``value``."""
    return Compare(Col(change_key(rel)), ">", float(value))


def score_below(rel: ReleaseInfo, value: float) -> Condition:
    """The score of wave B is below ``value`` (the threshold that stands in for classes where none are loaded)."""
    return Compare(Col(score_key(rel)), "<", float(value))


def class_range(low: int, high: int, field: str = "klasse") -> Condition:
    """The class of wave B (``field``: of afw or a dimension, e.g. ``klasse_onv``) lies in ``low``–``high``."""
    from leeftui.model.conditions import between

    return between(f"{field}_b", low, high)


@dataclass(frozen=True)
class ProblemCriterion:
    """What counts as a problem area: a class range, or (without classes) a score threshold."""

    klasse_max: int | None = 4
    """Classes klasse_min..klasse_max count (default 1–4: the official 'livability problems')."""
    below: float | None = None
    """When set, areas whose score (lbm; afw for LBM 2.0) is below this value count instead of classes."""
    klasse_min: int = 1
    """The lowest class that counts (1 unless a range such as 2–4 is chosen)."""

    def describe(self) -> str:
        """Human text, e.g. 'classes 1–4', 'class 1' or 'score < 3.9'."""
        if self.below is not None:
            return f"score < {self.below:g}"
        hi = self.klasse_max or 4
        return f"class {hi}" if self.klasse_min == hi else f"classes {self.klasse_min}–{hi}"

    @property
    def range_text(self) -> str:
        """The class range as typed: '1-4'."""
        hi = self.klasse_max or 4
        return str(hi) if self.klasse_min == hi else f"{self.klasse_min}-{hi}"


CLASSES_1_4 = ProblemCriterion()
"""The default: classes 1–4 count as areas with livability problems."""


def problem(rel: ReleaseInfo, criterion: ProblemCriterion = CLASSES_1_4) -> Condition:
    """An area with livability problems in wave B: its class is at most the criterion's (1–4 by default), or its
    score is below the criterion's threshold."""
    if criterion.below is not None:
        return score_below(rel, criterion.below)
    if criterion.klasse_min > 1:
        return class_range(criterion.klasse_min, criterion.klasse_max or 4)
    return Compare(Col("klasse_b"), "<=", float(criterion.klasse_max or 4))


PARTIAL: Condition = Missing("partial_b", negate=True)
"""A derived figure of wave B that stands on part of the area only."""

DERIVED: Condition = Not(Truthy("official", boolean=True))
"""The area, or one of its figures, was derived by leeftui (not published)."""


def nearest_year(years: tuple[int, ...], wave: int) -> int | None:
    """The population year shown with ``wave``: the closest one, the earlier on a tie; None without any."""
    return min(years, key=lambda y: (abs(y - wave), y)) if years else None


SMALL_ROWS = 2_000
"""Up to this many rows a change is subtracted in Python rather than with Arrow's kernels: the explorer's first
list (the gemeenten) then needs no ``pyarrow.compute``, whose import (≈ 55 ms, contending with Textual's start-up)
would delay the first screen. The result is the same IEEE double subtraction either way."""


def row_of(column: pa.ChunkedArray | pa.Array, value: object) -> int:
    """The first row of ``column`` holding ``value``, or -1. Up to :data:`SMALL_ROWS` rows in Python, so that the
    first screen's list (the gemeenten) finds its cursor's row without importing ``pyarrow.compute``."""
    if len(column) <= SMALL_ROWS:
        values = column.to_pylist()
        return values.index(value) if value in values else -1
    return int(column.index(value).as_py())


def change(later: pa.ChunkedArray | pa.Array, earlier: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """The change of one figure from wave A to wave B: B − A (missing when either is)."""
    import pyarrow as pa

    if len(later) <= SMALL_ROWS:
        return pa.array([None if b is None or a is None else b - a
                         for b, a in zip(later.to_pylist(), earlier.to_pylist(), strict=True)], later.type)
    import pyarrow.compute as pc

    return pc.subtract(later, earlier)
