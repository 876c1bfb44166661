"""What `leeftui export` selects, as a value: which areas, which waves, which columns, which rows."""

from __future__ import annotations

from dataclasses import dataclass

from leeftui.model.filters import ViewFilter

SELECT_LEVELS = ("nederland", "gemeente", "wijk", "buurt", "pc4", "grid")
"""Levels ``--level`` accepts."""


@dataclass(frozen=True)
class Selection:
    """What to export. Area conditions combine (all must hold); defaults select every gemeente, all waves."""

    level: str | None = None
    """'gemeente', 'wijk' or 'buurt' (or 'nederland'); None = children of ``in_code``, or gemeenten."""
    in_code: str | None = None
    """Only areas below this area (its children, or every ``level`` area below it); several codes separated by
    commas: the areas below any of them (a province as its gemeenten)."""
    areas: tuple[str, ...] = ()
    """Exactly these area codes."""
    set_name: str | None = None
    """Only members of this area set."""
    search: str | None = None
    """Only areas whose name or code matches this text (fuzzy search)."""
    waves: tuple[int, ...] | None = None
    """Long format: these waves (None = all waves of the release)."""
    compare: tuple[int, int] | None = None
    """Wide format: waves A and B side by side with deltas."""
    columns: tuple[str, ...] | None = None
    """Only these columns, in this order (None = all)."""
    klasse: tuple[int, int] | None = None
    dimension_classes: tuple[tuple[str, int, int], ...] = ()
    """Only rows whose class of afw or of a dimension lies in a range (wide: of wave B), e.g. (('onv', 1, 4),)."""
    """Only rows with a class in this range (wide: the class of wave B)."""
    below: float | None = None
    """Only rows with a score (lbm) below this value (wide: of wave B) — the threshold that stands in
    for classes where no class boundary table is loaded."""
    declined: bool = False
    """Only areas whose score fell (wide: A → B; long: first → last selected wave)."""
    improved: bool = False
    """Only areas whose score rose from A to B (wide only)."""
    change_below: float | None = None
    change_above: float | None = None
    """Only areas whose change A → B lies below / above this value (wide only; as the explorer's Δ filter)."""
    sort: str | None = None
    """Sort column; prefix '-' for descending. Default: name, code (and wave)."""
    limit: int | None = None
    """At most this many rows (after sorting)."""
    where: str | None = None
    """Only rows for which this expression over the exported columns holds (:mod:`leeftui.store.expr`), e.g.
    'delta_onv < 0 and delta_lbm > 0' (wide) or 'klasse <= 4 and inwoners > 1000' (long)."""

    def view_filter(self) -> ViewFilter:
        """The row flags (``--class``, ``--below``, ``--declined``) as a view's filter (wide: of wave B)."""
        lo, hi = self.klasse if self.klasse is not None else (None, None)
        return ViewFilter(declined=self.declined, improved=self.improved, klasse_min=lo, klasse_max=hi,
                          delta_below=self.change_below, delta_above=self.change_above, score_below=self.below,
                          dimension_classes=self.dimension_classes)

    def describe(self) -> str:
        """Return a one-line description of the selection (used as export provenance)."""
        parts = []
        for label, value in (("level", self.level), ("in", self.in_code), ("set", self.set_name),
                             ("search", self.search), ("sort", self.sort), ("limit", self.limit)):
            if value is not None:
                parts.append(f"{label}={value}")
        if self.areas:
            parts.append("areas=" + ",".join(self.areas))
        if self.compare:
            parts.append(f"compare={self.compare[0]}:{self.compare[1]}")
        elif self.waves:
            parts.append("waves=" + ",".join(map(str, self.waves)))
        classes = [f"{self.klasse[0]}-{self.klasse[1]}"] if self.klasse else []
        classes += [f"{n}:{lo}-{hi}" for n, lo, hi in self.dimension_classes]
        if classes:
            parts.append("class=" + ",".join(classes))
        if self.below is not None:
            parts.append(f"below={self.below:g}")
        if self.declined:
            parts.append("declined")
        if self.improved:
            parts.append("improved")
        if self.change_below is not None:
            parts.append(f"change-below={self.change_below:g}")
        if self.change_above is not None:
            parts.append(f"change-above={self.change_above:g}")
        if self.where:
            parts.append(f"where={self.where}")
        if self.columns:
            parts.append("columns=" + ",".join(self.columns))
        return "export " + (" ".join(parts) if parts else "(all gemeenten, all waves)")
