"""A Leefbaarometer release as a value: which instrument, waves, dimensions and classes it has.

Every request names the release it reads (:meth:`leeftui.store.db.Database.release_of`); nothing holds a "current"
one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReleaseInfo:
    """One Leefbaarometer release held in the database."""

    release: str
    """Release id, e.g. 'lbm3-2024'."""
    instrument: str
    """'LBM 3.0' or 'LBM 2.0'."""
    meting: int
    """Measurement edition (latest wave)."""
    label: str
    """Human label, e.g. 'Leefbaarometer 3.0, meting 2024'."""
    dimensions: tuple[str, ...]
    """Score columns of this instrument's dimensions, e.g. ('fys', 'onv', 'soc', 'vrz', 'won')."""
    waves: tuple[int, ...]
    """All waves with scores, ascending."""
    dimension_waves: tuple[int, ...]
    """Waves where dimension scores exist, ascending."""
    classes_source: str | None
    """Where class boundaries came from; None when no boundary table is loaded."""
    synthetic: bool
    """True for generated demo data."""
    levels: tuple[str, ...] = ()
    """The levels it has areas of besides Nederland, in :data:`leeftui.schema.ALL_LEVELS` order."""
    grid: bool = False
    """True when it holds 100 m grid cells (``grid_scores``)."""

    @property
    def top_level(self) -> str:
        """The areas directly below Nederland the explorer opens with: gemeenten, or postcode areas for a
        release of PC4 tables only."""
        return "pc4" if "gemeente" not in self.levels and "pc4" in self.levels else "gemeente"

    @property
    def score(self) -> str:
        """The column that is this release's score in lists, Δ, trends, sorting and filters: ``lbm`` (LBM 3.0),
        or ``afw`` for LBM 2.0, which publishes no absolute score (its deviation from the national level)."""
        return "lbm" if self.instrument == "LBM 3.0" else "afw"

    @property
    def class_fields(self) -> tuple[str, ...]:
        """The class columns of afw and of each dimension this release has (LBM 3.0; none for LBM 2.0)."""
        if self.instrument != "LBM 3.0":
            return ()
        return ("klasse_afw", *(f"klasse_{d}" for d in self.dimensions))

    def default_waves(self) -> tuple[int, int]:
        """Waves A and B a comparison opens with: the first and last wave with dimension scores
        (all waves when fewer than two have them)."""
        waves = self.dimension_waves if len(self.dimension_waves) >= 2 else self.waves
        return waves[0], waves[-1]
