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
    developments: tuple[tuple[int, int], ...] = ()
    """The wave pairs (first, second) for which the release publishes a development — a development class, and
    for some pairs a development score, between the two waves (LBM 2.0: ``VKLaabb``, ``DLBRMTR``) — ascending."""
    development_scores: tuple[tuple[int, int], ...] = ()
    """Of :attr:`developments`, the pairs with a published development score (LBM 2.0 meting 2016: 2012:2014,
    2012:2016, 2014:2016; the older pairs have classes only)."""

    population: tuple[tuple[int, int], ...] = ()
    """(wave, CBS year) for every wave weighted with inhabitants: the year nearest to the wave among those on the
    release's own boundaries (schema ``wave_population``); a wave without one has no inhabitants."""

    reference_level: float | None = None
    """LBM 3.0: lbm − afw, the same in every wave (4.10226485 in meting 2024): afw is measured from this fixed
    level; None when unknown (LBM 2.0 has no absolute score)."""

    @property
    def afw_reference(self) -> str:
        """What afw is measured from, in one sentence (shown wherever afw is)."""
        if self.instrument != "LBM 3.0":
            return ("afw (RLBRMTR) is relative to each wave's national level: a lower afw in a later wave is no "
                    "decline — the published development score says who declined.")
        level = f" {self.reference_level:.8f}" if self.reference_level is not None else ""
        return (f"afw = lbm -{level}: the deviation from the release's fixed reference level, the same in every "
                "wave — not the distance to that wave's national mean.")

    def population_year(self, wave: int) -> int | None:
        """The CBS year whose inhabitants weigh ``wave`` (None: none on the release's boundaries)."""
        return dict(self.population).get(wave)

    def change_measure(self, wave_a: int, wave_b: int) -> str:
        """What "the change" of an area from A to B is in this release, in words: the published development (score,
        else class) where the release publishes developments (LBM 2.0: its afw is relative to each wave's national
        level, so a lower afw is not a decline), else the change of its score."""
        if (wave_a, wave_b) in self.development_scores:
            return "the published development score (DLBRMTR)"
        if self.developments:
            return "the published development class (VKL: 1–3 declined, 4 no significant change, 5–7 improved)"
        return f"the change of {self.score} (B − A)"

    def published(self, wave_a: int, wave_b: int) -> bool:
        """True when the release publishes a development from ``wave_a`` to ``wave_b``."""
        return (wave_a, wave_b) in self.developments

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
