"""Which areas a view holds (:class:`Scope`), checked against the database, and the view's columns.

A scope becomes SQL conditions (:func:`scope_where`) for the query that reads a view's rows
(:func:`leeftui.store.figures.view_table`) and for the selections of the export; both read one
:class:`ResolvedScope`, so they cannot mean different things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from leeftui.errors import UsageError
from leeftui.model.area import Area
from leeftui.model.release import ReleaseInfo
from leeftui.schema import ALL_LEVELS, FLAT_LEVELS, LEVELS
from leeftui.store.areas import CHILD_LEVEL, get_area, require_area
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


def check_wave(rel: ReleaseInfo, wave: int) -> None:
    """Raise UsageError naming ``wave`` and the nearest valid one when the release has no such wave."""
    if not rel.waves:
        raise UsageError(f"{rel.label} has no waves with scores.")
    if wave not in rel.waves:
        nearest = min(rel.waves, key=lambda w: abs(w - wave))
        raise UsageError(f"Wave {wave} is not in {rel.label}; nearest is {nearest} "
                         f"(waves: {', '.join(map(str, rel.waves))}).")


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


def resolve_scope(db: Database, rel: ReleaseInfo, scope: Scope,
                  lookup: Callable[[str], Area | None] | None = None) -> ResolvedScope:
    """Check ``scope`` (unknown parent or level → UsageError) and return its exact conditions.

    ``lookup`` finds an area by code (default: the database).
    """
    level = scope.level
    parent = None
    if scope.parent and scope.parent != "NL":
        parent = lookup(scope.parent) if lookup is not None else get_area(db, rel, scope.parent)
        if parent is None:
            require_area(db, rel, scope.parent)  # raises with suggestions
        assert parent is not None
        level = level or CHILD_LEVEL[parent.level]
        if level is None:
            raise UsageError(f"{parent.code} is a {parent.level}: it has no areas below it.")
        if level in FLAT_LEVELS or (level in LEVELS and LEVELS.index(level) <= LEVELS.index(parent.level)):
            raise UsageError(f"There are no {level} areas below {parent.level} {parent.code}.")
    elif scope.parent == "NL" and level is None and not scope.codes:
        level = rel.top_level
    if level is not None and level not in ALL_LEVELS:
        raise UsageError(f"Unknown level '{level}'; use gemeente, wijk, buurt or pc4.")
    return ResolvedScope(parent.code if parent else None, parent.level if parent else None, level,
                         tuple(c.strip().upper() for c in scope.codes), scope.set_name)


MEMBER_IN = "(m.start_year IS NULL OR {w} >= m.start_year) AND (m.end_year IS NULL OR {w} <= m.end_year)"
"""A member counts in wave ``w`` from its start year up to and including its end year (NULL: open)."""
OF_RELEASE = "(m.release IS NULL OR m.release = {rel})"
"""A member row (alias ``m``) that holds for release ``rel``: a set by codes holds for every release, a set
matched by name per release."""


def members_sql(wave: str | None = None) -> str:
    """The codes of set ``$set`` in release ``$rel`` (counted in ``wave``, an SQL expression, when given)."""
    counted = f" AND {MEMBER_IN.format(w=wave)}" if wave is not None else ""
    return (f"SELECT m.code FROM area_set_members m WHERE m.set_name = $set AND {OF_RELEASE.format(rel='$rel')}"
            + counted)


def counts_in(start: int | None, end: int | None, wave: int) -> bool:
    """:data:`MEMBER_IN` in Python."""
    return (start is None or wave >= start) and (end is None or wave <= end)


def scope_where(r: ResolvedScope, params: dict[str, object], alias: str = "a", wave: str | None = None) -> str:
    """SQL conditions on ``areas`` or ``view_figures`` (as ``alias``) for a resolved scope; values go into ``params``.

    The release is ``$rel`` (the caller sets it); with ``wave`` (an SQL expression) a set's members count only in
    that wave. Only fixed text is produced; every value is a parameter.
    """
    conds = [f"{alias}.release = $rel"]
    if r.parent is not None:
        params["parent"] = r.parent
        conds.append(f"{alias}.gemeente_code = $parent" if r.parent_level == "gemeente"
                     else f"{alias}.parent_code = $parent")
    if r.level is not None:
        params["level"] = r.level
        conds.append(f"{alias}.level = $level")
    if r.codes:
        params["codes"] = list(r.codes)
        conds.append(f"list_contains($codes, {alias}.code)")
    if r.set_name is not None:
        params["set"] = r.set_name
        conds.append(f"{alias}.code IN ({members_sql(wave)})")
    return " AND ".join(conds)
