"""A view request and its rows: which areas, which waves, which filter and order → one Arrow table.

:func:`view_rows` is the one store call behind every list of areas: the explorer's list (on its
in-memory cube), the export and copy of that list, the CLI's ``--compare`` selection, and the
screens built on them. Its rows come from :meth:`leeftui.store.cube.Cube.view`; filtering and
sorting (:func:`shape_rows`) run in memory, so the explorer re-sorts and re-filters 17,000 buurten
on a keypress without going back to the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.store.scope import Scope

if TYPE_CHECKING:
    from leeftui.store.cube import Cube
    from leeftui.store.db import Database, ReleaseInfo


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


def apply_filter(table: pa.Table, f: ViewFilter, score: str = "lbm") -> pa.Table:
    """Return the rows of an area table that pass ``f`` (rows with a NULL in a tested column drop out);
    ``score`` is the release's score column (:attr:`leeftui.store.db.ReleaseInfo.score`)."""
    if not f.active:
        return table
    import pyarrow.compute as pc  # lazy: ~0.05 s of import the explorer's first screen does not need

    mask = pa.scalar(True)
    d = table.column(f"d_{score}")
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
        mask = pc.and_kleene(mask, pc.less(table.column(f"{score}_b"), f.score_below))
    for name, lo, hi in f.dimension_classes:
        k = table.column(f"klasse_{name}_b")
        mask = pc.and_kleene(mask, pc.and_kleene(pc.greater_equal(k, lo), pc.less_equal(k, hi)))
    shaped = table if isinstance(mask, pa.Scalar) else table.filter(pc.fill_null(mask, False))  # Scalar: only
    if f.expression:  # an expression was given
        from leeftui.store.expr import compile_filter

        shaped = compile_filter(f.expression, table.schema, view_aliases(table.column_names, score)).apply(shaped)
    return shaped


def view_aliases(columns: list[str] | tuple[str, ...], score: str = "lbm") -> dict[str, str]:
    """Names the filter language accepts besides the columns: 'Δ' for the change of the score, 'Δonv' … for the
    change of each dimension (the list's headers), whether the columns are the view's (``d_onv``) or the wide
    export's (``delta_onv``)."""
    out: dict[str, str] = {}
    for prefix in ("d_", "delta_"):
        for c in columns:
            if c.startswith(prefix):
                name = c.removeprefix(prefix)
                out.setdefault("Δ" if name == score else f"Δ{name}", c)
    return out


def sort_table(table: pa.Table, column: str, descending: bool = False) -> pa.Table:
    """Return the table sorted by ``column`` (NULLs last either way; ties keep name order)."""
    if column not in table.column_names or column == "spark":
        names = ", ".join(c for c in table.column_names if c != "spark")
        raise UsageError(f"Cannot sort by '{column}'; columns: {names}.")
    import pyarrow.compute as pc

    order = "descending" if descending else "ascending"
    idx = pc.sort_indices(table, sort_keys=[(column, order, "at_end")])
    return table.take(idx)


@dataclass(frozen=True)
class ViewRequest:
    """One view of areas: what the explorer's list shows, and what ``--compare`` exports."""

    scope: Scope
    """Which areas (children of an area, every area of a level, a set, given codes)."""
    wave_a: int
    """The earlier wave compared (columns ``*_a``)."""
    wave_b: int
    """The later wave compared (columns ``*_b``; Δ = B − A)."""
    filter: ViewFilter = field(default_factory=ViewFilter)
    """Which rows to keep."""
    sort: str | None = None
    """Column to sort on (None: name, then code)."""
    descending: bool = False
    """Sort descending (NULLs stay last)."""


def base_rows(db: Database, rel: ReleaseInfo, request: ViewRequest, cube: Cube | None = None) -> pa.Table:
    """The rows of ``request``'s scope and waves, unfiltered and in name order.

    From ``cube`` when given (a whole-release cube in memory: no query), else from a cube queried for
    just this scope and these waves. Raises UsageError for an unknown area, level or wave.
    """
    from leeftui.store.cube import load_cube

    if cube is not None and cube.release != rel:
        raise ValueError(f"a cube of {cube.release.release} cannot answer a request on {rel.release}")
    source = cube if cube is not None else load_cube(db, rel, request.scope, (request.wave_a, request.wave_b))
    return source.view(db, request.scope, request.wave_a, request.wave_b)


def shape_rows(rows: pa.Table, request: ViewRequest, score: str = "lbm") -> pa.Table:
    """Filter and sort ``rows`` (from :func:`base_rows`) as ``request`` asks, in memory; ``score`` is the
    release's score column (``afw`` for LBM 2.0)."""
    shaped = apply_filter(rows, request.filter, score)
    if request.sort:
        shaped = sort_table(shaped, request.sort, request.descending)
    return shaped


def view_rows(db: Database, rel: ReleaseInfo, request: ViewRequest, cube: Cube | None = None) -> pa.Table:
    """The rows of a view: :func:`base_rows` shaped by :func:`shape_rows`."""
    return shape_rows(base_rows(db, rel, request, cube), request, rel.score)
