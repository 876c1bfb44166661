"""One area's profile: every wave with class and dimensions, next to its gemeente and Nederland."""

from __future__ import annotations

from leeftui.model.area import Area
from leeftui.model.profile import (
    DEVELOPMENT_DIMENSIONS,
    AreaProfile,
    AreaSeries,
    Development,
    WaveScore,
)
from leeftui.model.release import ReleaseInfo
from leeftui.store.areas import breadcrumb, national, require_area
from leeftui.store.db import Database
from leeftui.store.scope import OF_RELEASE


def developments(db: Database, rel: ReleaseInfo, code: str) -> tuple[Development, ...]:
    """The published developments of the area (empty where the release has none), by first then second wave."""
    if rel.instrument != "LBM 2.0":
        return ()  # only LBM 2.0 publishes them: no query on the detail's path for any other release
    dims = ", ".join(f"dlb_{d}" for d in DEVELOPMENT_DIMENSIONS)
    rows = db.rows(f"SELECT from_jaar, to_jaar, vklasse, dlb, {dims} FROM developments "
                   "WHERE release = ? AND code = ? ORDER BY from_jaar, to_jaar", [rel.release, code])
    return tuple(Development(int(f), int(t), k, d, tuple(zip(DEVELOPMENT_DIMENSIONS, rest, strict=True)))
                 for f, t, k, d, *rest in rows)


def area_series(db: Database, rel: ReleaseInfo, area: Area) -> AreaSeries:
    """Return ``area``'s figures over all waves of the open release."""
    return series_of(db, rel, (area,))[area.code]


def series_of(db: Database, rel: ReleaseInfo, areas: tuple[Area, ...]) -> dict[str, AreaSeries]:
    """The figures over all waves of each of ``areas`` (one query however many), by code."""
    dims = rel.dimensions  # fixed allow-list from the schema
    fields = rel.class_fields  # fixed allow-list from the schema
    cols = ", ".join([*(f"s.{d}" for d in dims), *(f"s.{f}" for f in fields)])
    rows = db.rows(
        f"SELECT s.code, s.jaar, s.lbm, s.afw, s.klasse, l.label, s.official, c.description, {cols} "
        "FROM scores s LEFT JOIN class_labels l ON l.klasse = s.klasse "
        "LEFT JOIN coverage c ON c.release = s.release AND c.code = s.code AND c.jaar = s.jaar AND c.partial "
        "WHERE s.release = ? AND list_contains(?, s.code) ORDER BY s.code, s.jaar",
        [rel.release, [a.code for a in areas]],
    )
    names = tuple(f.removeprefix("klasse_") for f in fields)
    waves: dict[str, list[WaveScore]] = {a.code: [] for a in areas}
    for code, j, lbm, afw, k, label, off, partial, *rest in rows:
        waves[code].append(WaveScore(int(j), lbm, afw, k, label, tuple(zip(dims, rest[:len(dims)], strict=True)),
                                     bool(off), tuple(zip(names, rest[len(dims):], strict=True)), partial))
    return {a.code: AreaSeries(a, tuple(waves[a.code])) for a in areas}


def area_profile(db: Database, rel: ReleaseInfo, code: str) -> AreaProfile:
    """Return the profile of the area with ``code``; UsageError (with suggestions) if unknown."""
    area = require_area(db, rel, code)
    path = breadcrumb(db, rel, area)
    gm = next((a for a in path if a.level == "gemeente"), None) if area.level in ("wijk", "buurt") \
        and area.gemeente_code else None
    nl_area = next((a for a in path if a.code == "NL"), None) or national(db, rel)
    wanted = tuple({a.code: a for a in (area, *((gm,) if gm else ()), nl_area)}.values())
    series = series_of(db, rel, wanted)  # the area, its gemeente and Nederland in one query
    gemeente = series[gm.code] if gm is not None else None
    nl = series[nl_area.code] if area.code != "NL" else None
    if nl is not None and not nl.waves:
        nl = None
    population = tuple((int(y), None if n is None else int(n)) for y, n in db.rows(
        "SELECT jaar, inwoners FROM population WHERE code = ? ORDER BY jaar", [area.code]))
    pop_year = rel.population_year(rel.waves[-1]) if rel.waves else None
    inwoners = dict(population).get(pop_year) if pop_year is not None else None
    sets = tuple(db.rows(
        "SELECT m.set_name, m.start_year, m.end_year FROM area_set_members m WHERE m.code = ? AND "
        f"{OF_RELEASE.format(rel='?')} ORDER BY m.set_name", [area.code, rel.release]))
    borrowed = db.one("SELECT jaar, source FROM borrowed_names WHERE release = ? AND code = ?",
                      [rel.release, area.code])
    name_from = f"CBS {borrowed[0]}, {borrowed[1].rsplit('/', 1)[-1]}" if borrowed else None
    return AreaProfile(series[area.code], path, gemeente, nl, inwoners, pop_year, sets, rel.label,
                       population, rel.score, developments(db, rel, area.code), rel.population, name_from,
                       rel.afw_reference)
