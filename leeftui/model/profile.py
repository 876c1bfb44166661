"""One area's profile as values: its figures in every wave, next to its gemeente and Nederland, its published
developments, its sets (what the detail panel and `leeftui show` present)."""

from __future__ import annotations

from dataclasses import dataclass

from leeftui.model.area import Area


@dataclass(frozen=True)
class WaveScore:
    """An area's figures in one wave. None means missing ('NA'), never 0."""

    jaar: int
    """The wave."""
    lbm: float | None
    """Livability score."""
    afw: float | None
    """Deviation from the national mean."""
    klasse: int | None
    """Class 1–9, or None when no boundary table is loaded."""
    klasse_label: str | None
    """Label of the class, e.g. 'voldoende'."""
    dimensions: tuple[tuple[str, float | None], ...]
    """(column, value) per dimension of the release, in the release's order."""
    official: bool
    """False when leeftui derived the figure (e.g. a gemeente from its wijken)."""
    classes: tuple[tuple[str, int | None], ...] = ()
    """(value, class 1–9 or None) for afw and each dimension, e.g. (('afw', 6), ('fys', 5), …); empty for a
    release without such classes (LBM 2.0)."""
    partial: str | None = None
    """For a derived figure that stands on part of the area: what it stands on, e.g. 'partial: 2 of 7 wijken,
    32,905 of 51,787 inhabitants'; None otherwise."""


@dataclass(frozen=True)
class AreaSeries:
    """An area with its figures over all waves."""

    area: Area
    """The area."""
    waves: tuple[WaveScore, ...]
    """One entry per wave of the release, ascending; waves without a row are left out."""

    def at(self, jaar: int) -> WaveScore | None:
        """Return the figures of wave ``jaar``, or None."""
        return next((w for w in self.waves if w.jaar == jaar), None)

    @property
    def official(self) -> bool:
        """True when the area and all its figures come from source files."""
        return self.area.official and all(w.official for w in self.waves)

    def derived_waves(self) -> tuple[int, ...]:
        """The waves whose figure leeftui derived (not published), ascending."""
        return tuple(w.jaar for w in self.waves if not w.official)

    def provenance(self) -> str:
        """What the figures are, in words: '' when all are published; 'derived, not official' when all are
        derived; else which waves are derived ('derived in 2002–2014; official in the others')."""
        derived = self.derived_waves()
        if not derived and self.area.official:
            return ""
        if not self.area.official or len(derived) == len(self.waves):
            return "derived, not official"
        return f"derived in {', '.join(map(str, derived))}; official in the other waves"


@dataclass(frozen=True)
class Development:
    """An area's development between two waves as the source files give it (LBM 2.0: VKL classes, DLB scores)."""

    from_jaar: int
    to_jaar: int
    vklasse: int | None
    """Development class 1 (strong decline) … 7 (strong improvement)."""
    dlb: float | None
    """The published development score (DLBRMTR)."""
    dimensions: tuple[tuple[str, float | None], ...]
    """(dimension, published development score) for won, bev, vrz, vei, fys."""


DEVELOPMENT_DIMENSIONS = ("won", "bev", "vrz", "vei", "fys")
"""The LBM 2.0 dimensions with a development score (``dlb_<dim>``, a fixed allow-list)."""


@dataclass(frozen=True)
class AreaProfile:
    """Everything the detail view and `leeftui show` print about one area."""

    series: AreaSeries
    """The area over all waves."""
    path: tuple[Area, ...]
    """Breadcrumb from Nederland down to the area."""
    gemeente: AreaSeries | None
    """The gemeente the area lies in (None for Nederland and for a gemeente itself)."""
    nederland: AreaSeries | None
    """Nederland over all waves (None when the database has no national figures)."""
    inwoners: int | None
    """Inhabitants in :attr:`population_year`, or None when unknown."""
    population_year: int | None
    """Year of the population figure (the year nearest to the latest wave)."""
    sets: tuple[tuple[str, int | None, int | None], ...]
    """(set name, start year, end year) of every area set the area belongs to."""
    release_label: str
    """Label of the release, e.g. 'Leefbaarometer 3.0, meting 2024'."""
    population: tuple[tuple[int, int | None], ...] = ()
    """(year, inhabitants) of every CBS population year (for the figure that goes with any wave)."""
    score: str = "lbm"
    """The release's score: ``lbm``, or ``afw`` for LBM 2.0 (no absolute score)."""
    developments: tuple[Development, ...] = ()
    """The published developments between waves (LBM 2.0), by first then second wave."""
    wave_population: tuple[tuple[int, int], ...] = ()
    """(wave, CBS year) of the release: the population year that goes with each wave."""
    name_from: str | None = None
    """Where the area's name comes from when the release's own files leave it unnamed ('CBS 2016, wijk_2016.dbf');
    None when the name is the release's own."""

    afw_reference: str = ""
    """What afw is measured from (:attr:`leeftui.model.release.ReleaseInfo.afw_reference`)."""

    def inwoners_at(self, wave: int) -> tuple[int | None, int | None]:
        """(CBS year, inhabitants) that go with ``wave``: the release's population year for it."""
        year = dict(self.wave_population).get(wave)
        return year, (dict(self.population).get(year) if year is not None else None)

    def value(self, ws: WaveScore | None) -> float | None:
        """The score of one wave's figures (``lbm``, or ``afw`` for LBM 2.0)."""
        return None if ws is None else (ws.lbm if self.score == "lbm" else ws.afw)

    def change(self, wave_a: int, wave_b: int) -> float | None:
        """The change of the area's score from wave A to wave B (B − A), None when either is missing."""
        a, b = self.value(self.series.at(wave_a)), self.value(self.series.at(wave_b))
        return None if a is None or b is None else b - a
