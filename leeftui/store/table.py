"""The area table: one row per area with two waves side by side, deltas and a sparkline.

This is the query behind the explorer's lists (children of an area, or every area of a level
in the country) and behind the CLI's `--compare` export. It returns an Arrow table so 17,000
buurten cross to the UI without per-row Python objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.schema import LEVELS
from leeftui.store.areas import CHILD_LEVEL, Area, get_area, require_area
from leeftui.store.db import Database


@dataclass(frozen=True)
class Scope:
    """Which areas a table holds. Fields combine (all given conditions must hold).

    With only ``parent``: the children of that area. With ``parent`` and ``level``: every
    area of that level below ``parent`` (e.g. all buurten of a gemeente). With only
    ``level``: every area of that level in the country.
    """

    parent: str | None = None
    """Code of an area whose descendants are listed ('NL' for the whole country)."""
    level: str | None = None
    """'gemeente', 'wijk' or 'buurt'."""
    codes: tuple[str, ...] = ()
    """Exactly these areas (combined with the other fields)."""
    set_name: str | None = None
    """Only members of this area set."""


def table_columns(db: Database) -> tuple[str, ...]:
    """Return the column names :func:`area_table` produces for the open release, in order."""
    dims = db.release.dimensions
    return (
        "code", "name", "level", "parent_code", "gemeente_code", "gemeente_name", "official", "inwoners",
        "lbm_a", "afw_a", "klasse_a", "lbm_b", "afw_b", "klasse_b", "d_lbm", "d_afw",
        *(f"{d}_b" for d in dims), *(f"d_{d}" for d in dims), "spark",
    )


def nearest_population_year(db: Database, wave: int) -> int | None:
    """Return the population year closest to ``wave`` (the earlier one on a tie), or None."""
    row = db.one("SELECT jaar FROM (SELECT DISTINCT jaar FROM population) ORDER BY abs(jaar - ?), jaar LIMIT 1",
                 [wave])
    return int(row[0]) if row else None


def check_wave(db: Database, wave: int) -> None:
    """Raise UsageError naming ``wave`` and the nearest valid one when the release has no such wave."""
    if wave not in db.release.waves:
        nearest = min(db.release.waves, key=lambda w: abs(w - wave))
        raise UsageError(f"Wave {wave} is not in {db.release.label}; nearest is {nearest} "
                         f"(waves: {', '.join(map(str, db.release.waves))}).")


@dataclass(frozen=True)
class ResolvedScope:
    """A :class:`Scope` checked against the database: the exact conditions rows must meet."""

    parent: str | None
    """Code of a real parent area (None for the whole country)."""
    parent_level: str | None
    """Level of that parent: descendants match on gemeente_code below a gemeente, else parent_code."""
    level: str | None
    """Only areas of this level (None: any)."""
    codes: tuple[str, ...]
    """Only these codes (empty: any)."""
    set_name: str | None
    """Only members of this set (None: any)."""


def resolve_scope(db: Database, scope: Scope, lookup: Callable[[str], Area | None] | None = None) -> ResolvedScope:
    """Check ``scope`` (unknown parent or level → UsageError) and return its exact conditions.

    ``lookup`` finds an area by code without a query (the explorer's cube); default: the database.
    """
    level = scope.level
    parent = None
    if scope.parent and scope.parent != "NL":
        parent = lookup(scope.parent) if lookup is not None else get_area(db, scope.parent)
        if parent is None:
            require_area(db, scope.parent)  # raises with suggestions
        assert parent is not None
        level = level or CHILD_LEVEL[parent.level]
        if level is None:
            raise UsageError(f"{parent.code} is a buurt: it has no areas below it.")
        if level in LEVELS and LEVELS.index(level) <= LEVELS.index(parent.level):
            raise UsageError(f"There are no {level} areas below {parent.level} {parent.code}.")
    elif scope.parent == "NL" and level is None and not scope.codes:
        level = "gemeente"
    if level is not None and level not in LEVELS:
        raise UsageError(f"Unknown level '{level}'; use gemeente, wijk or buurt.")
    return ResolvedScope(parent.code if parent else None, parent.level if parent else None, level,
                         tuple(c.strip().upper() for c in scope.codes), scope.set_name)


def _scope_sql(db: Database, scope: Scope, params: dict[str, object]) -> str:
    r = resolve_scope(db, scope)
    conds = ["a.release = $rel"]
    if r.parent is not None:
        params["parent"] = r.parent
        conds.append("a.gemeente_code = $parent" if r.parent_level == "gemeente" else "a.parent_code = $parent")
    if r.level is not None:
        params["level"] = r.level
        conds.append("a.level = $level")
    if r.codes:
        params["codes"] = list(r.codes)
        conds.append("list_contains($codes, a.code)")
    if r.set_name is not None:
        params["set"] = r.set_name
        conds.append("a.code IN (SELECT code FROM area_set_members WHERE set_name = $set)")
    return " AND ".join(conds)


def area_table(db: Database, scope: Scope, wave_a: int, wave_b: int) -> pa.Table:
    """Return one row per area in ``scope`` with waves A and B side by side.

    Columns (see :func:`table_columns`): identity (code, name, level, parent and gemeente,
    official), ``inwoners`` (population year nearest to wave B), ``lbm``/``afw``/``klasse``
    for A and B, ``d_lbm`` = B − A, the dimension scores of B and their deltas, and
    ``spark``: lbm over all waves of the release (NULL where missing). NULL where a value
    is missing, never 0. Ordered by name, then code.
    """
    check_wave(db, wave_a)
    check_wave(db, wave_b)
    params: dict[str, object] = {"rel": db.release.release, "a": wave_a, "b": wave_b,
                                 "popyear": nearest_population_year(db, wave_b)}
    where = _scope_sql(db, scope, params)
    dims = db.release.dimensions  # fixed allow-list from schema, never user input
    waves = db.release.waves
    for i, w in enumerate(waves):
        params[f"w{i}"] = w
    spark = ", ".join(f"any_value(lbm) FILTER (WHERE jaar = $w{i})" for i in range(len(waves)))
    dim_b = ", ".join(f"any_value({d}) FILTER (WHERE jaar = $b) AS {d}_b" for d in dims)
    dim_d = ", ".join(
        f"any_value({d}) FILTER (WHERE jaar = $b) - any_value({d}) FILTER (WHERE jaar = $a) AS d_{d}" for d in dims)
    sql = f"""
        WITH sel AS (
            SELECT a.code, coalesce(a.name, a.code) AS name, a.level, a.parent_code, a.gemeente_code, a.official
            FROM areas a WHERE {where}
        ), agg AS (
            SELECT s.code,
                any_value(lbm) FILTER (WHERE jaar = $a) AS lbm_a,
                any_value(afw) FILTER (WHERE jaar = $a) AS afw_a,
                any_value(klasse) FILTER (WHERE jaar = $a) AS klasse_a,
                any_value(lbm) FILTER (WHERE jaar = $b) AS lbm_b,
                any_value(afw) FILTER (WHERE jaar = $b) AS afw_b,
                any_value(klasse) FILTER (WHERE jaar = $b) AS klasse_b,
                {dim_b}, {dim_d},
                list_value({spark}) AS spark,
                bool_and(official) AS scores_official
            FROM scores s WHERE s.release = $rel AND s.code IN (SELECT code FROM sel)
            GROUP BY s.code
        )
        SELECT sel.code, sel.name, sel.level, sel.parent_code, sel.gemeente_code,
               coalesce(g.name, sel.gemeente_code) AS gemeente_name,
               sel.official AND coalesce(agg.scores_official, true) AS official,
               p.inwoners,
               agg.lbm_a, agg.afw_a, agg.klasse_a, agg.lbm_b, agg.afw_b, agg.klasse_b,
               agg.lbm_b - agg.lbm_a AS d_lbm, agg.afw_b - agg.afw_a AS d_afw,
               {", ".join(f"agg.{d}_b" for d in dims)}, {", ".join(f"agg.d_{d}" for d in dims)},
               agg.spark
        FROM sel
        LEFT JOIN agg USING (code)
        LEFT JOIN areas g ON g.release = $rel AND g.code = sel.gemeente_code
        LEFT JOIN population p ON p.code = sel.code AND p.jaar = $popyear
        ORDER BY sel.name, sel.code
    """
    return db.arrow(sql, params)
