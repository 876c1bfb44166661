"""One area's profile: every wave with class and dimensions, next to its gemeente and Nederland."""

from __future__ import annotations

from dataclasses import dataclass

from leeftui.model.area import Area
from leeftui.model.release import ReleaseInfo
from leeftui.store.areas import breadcrumb, national, require_area
from leeftui.store.db import Database
from leeftui.store.scope import nearest_population_year


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


def developments(db: Database, rel: ReleaseInfo, code: str) -> tuple[Development, ...]:
    """The published developments of the area (empty where the release has none), by first then second wave."""
    if rel.instrument != "LBM 2.0":
        return ()  # only LBM 2.0 publishes them: no query on the detail's path for any other release
    dims = ", ".join(f"dlb_{d}" for d in DEVELOPMENT_DIMENSIONS)
    rows = db.rows(f"SELECT from_jaar, to_jaar, vklasse, dlb, {dims} FROM developments "
                   "WHERE release = ? AND code = ? ORDER BY from_jaar, to_jaar", [rel.release, code])
    return tuple(Development(int(f), int(t), k, d, tuple(zip(DEVELOPMENT_DIMENSIONS, rest, strict=True)))
                 for f, t, k, d, *rest in rows)


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

    def value(self, ws: WaveScore | None) -> float | None:
        """The score of one wave's figures (``lbm``, or ``afw`` for LBM 2.0)."""
        return None if ws is None else (ws.lbm if self.score == "lbm" else ws.afw)


def area_series(db: Database, rel: ReleaseInfo, area: Area) -> AreaSeries:
    """Return ``area``'s figures over all waves of the open release."""
    dims = rel.dimensions  # fixed allow-list from the schema
    fields = rel.class_fields  # fixed allow-list from the schema
    cols = ", ".join([*(f"s.{d}" for d in dims), *(f"s.{f}" for f in fields)])
    rows = db.rows(
        f"SELECT s.jaar, s.lbm, s.afw, s.klasse, l.label, s.official, c.description, {cols} "
        "FROM scores s LEFT JOIN class_labels l ON l.klasse = s.klasse "
        "LEFT JOIN coverage c ON c.release = s.release AND c.code = s.code AND c.jaar = s.jaar AND c.partial "
        "WHERE s.release = ? AND s.code = ? ORDER BY s.jaar",
        [rel.release, area.code],
    )
    names = tuple(f.removeprefix("klasse_") for f in fields)
    waves = tuple(
        WaveScore(int(j), lbm, afw, k, label, tuple(zip(dims, rest[:len(dims)], strict=True)), bool(off),
                  tuple(zip(names, rest[len(dims):], strict=True)), partial)
        for j, lbm, afw, k, label, off, partial, *rest in rows
    )
    return AreaSeries(area, waves)


def area_profile(db: Database, rel: ReleaseInfo, code: str) -> AreaProfile:
    """Return the profile of the area with ``code``; UsageError (with suggestions) if unknown."""
    area = require_area(db, rel, code)
    path = breadcrumb(db, rel, area)
    gemeente = None
    if area.level in ("wijk", "buurt") and area.gemeente_code:
        gm = next((a for a in path if a.level == "gemeente"), None)
        if gm is not None:
            gemeente = area_series(db, rel, gm)
    nl_area = national(db, rel)
    nl = area_series(db, rel, nl_area) if area.code != "NL" else None
    if nl is not None and not nl.waves:
        nl = None
    population = tuple((int(y), None if n is None else int(n)) for y, n in db.rows(
        "SELECT jaar, inwoners FROM population WHERE code = ? ORDER BY jaar", [area.code]))
    pop_year = nearest_population_year(db, rel.waves[-1]) if rel.waves else None
    inwoners = None
    if pop_year is not None:
        row = db.one("SELECT inwoners FROM population WHERE code = ? AND jaar = ?", [area.code, pop_year])
        inwoners = int(row[0]) if row and row[0] is not None else None
    sets = tuple(db.rows(
        "SELECT set_name, start_year, end_year FROM area_set_members WHERE code = ? ORDER BY set_name", [area.code]))
    return AreaProfile(area_series(db, rel, area), path, gemeente, nl, inwoners, pop_year, sets, rel.label,
                       population, rel.score, developments(db, rel, area.code))
