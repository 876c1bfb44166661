"""`leeftui db sets carry NAME --to LEVEL`: a set defined on one level carried to another by area overlap.

The official delimitation of the 40 aandachtswijken is by postcode area (PC4); the Leefbaarometer also publishes
buurten. Where the outlines of both levels are loaded, each area of the target level gets the share of its
surface that lies inside the set's areas (the union of their outlines, RD New, as the map holds them: simplified
to 8 m); those at or above the threshold (default 50 %) become the new set's members, each with its share in
the note and the membership years of the areas it overlaps. Written into a copy of the database, like
``db add-set``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from leeftui.errors import UsageError
from leeftui.ingest.add_set import AddedSet, in_copy, replace_set
from leeftui.ingest.extras import AreaSet
from leeftui.schema import PLURAL

CARRY_LEVELS = ("gemeente", "wijk", "buurt", "pc4")


@dataclass(frozen=True)
class Carried:
    code: str
    share: float
    start: int | None
    end: int | None


def overlaps(con: duckdb.DuckDBPyConnection, name: str, release: str, level: str,
             threshold: float) -> tuple[str, list[Carried]]:
    """(the set's own level, the ``level`` areas of ``release`` whose surface lies at least ``threshold`` inside
    set ``name``'s areas, largest share first)."""
    import shapely

    members = con.execute("""
        SELECT m.code, m.start_year, m.end_year, o.level, o.wkb FROM area_set_members m
        JOIN outlines o ON o.code = m.code WHERE m.set_name = $set AND (m.release IS NULL OR m.release = $rel)""",
                          {"set": name, "rel": release}).fetchall()
    if not members:
        raise UsageError(f"None of the areas of set '{name}' has an outline in this database: load the outlines of "
                         "its level (a GeoPackage or GeoJSON of those areas) and rebuild.")
    own = {str(r[3]) for r in members}
    if own == {level}:
        raise UsageError(f"Set '{name}' is of {PLURAL.get(level, level)} already.")
    geoms = shapely.from_wkb([r[4] for r in members])
    union = shapely.union_all(shapely.make_valid(geoms))
    x0, y0, x1, y1 = shapely.bounds(union)
    targets = con.execute("""
        SELECT o.code, o.wkb FROM outlines o JOIN areas a ON a.code = o.code AND a.release = $rel AND a.level = $lv
        WHERE o.maxx >= $x0 AND o.minx <= $x1 AND o.maxy >= $y0 AND o.miny <= $y1""",
                          {"rel": release, "lv": level, "x0": x0, "x1": x1, "y0": y0, "y1": y1}).fetchall()
    if not targets:
        raise UsageError(f"No {PLURAL.get(level, level)} of this release with an outline lie where set '{name}' "
                         "lies: load their outlines and rebuild.")
    shapes = shapely.make_valid(shapely.from_wkb([t[1] for t in targets]))
    inside = shapely.area(shapely.intersection(shapes, union)) / shapely.area(shapes)
    tree = shapely.STRtree(geoms)
    out = []
    for (code, _), share, shape in zip(targets, inside.tolist(), shapes, strict=True):
        if share + 1e-9 < threshold:
            continue
        near = [members[i] for i in tree.query(shape, predicate="intersects")]
        starts, ends = [r[1] for r in near], [r[2] for r in near]
        out.append(Carried(str(code), float(share), None if None in starts or not starts else min(starts),
                           None if None in ends or not ends else max(ends)))
    return ", ".join(sorted(own)), sorted(out, key=lambda c: (-c.share, c.code))


def carry_set(target: Path, name: str, release: str, level: str, threshold: float,
              new_name: str | None = None) -> list[AddedSet]:
    """Write set ``new_name`` (default ``NAME-LEVEL``): the ``level`` areas of ``release`` at least ``threshold``
    inside set ``name``; atomically, a set of that name is replaced."""
    if level not in CARRY_LEVELS:
        from leeftui.text import nearest

        raise UsageError(f"--to must be {', '.join(CARRY_LEVELS)}, not '{level}'.{nearest(level, CARRY_LEVELS)}")
    if not 0 < threshold <= 1:
        raise UsageError(f"--threshold must be a share above 0 and at most 100 %, not {threshold * 100:g} %.")
    out_name = new_name or f"{name}-{level}"

    def write(con: duckdb.DuckDBPyConnection) -> list[AddedSet]:
        if not con.execute("SELECT count(*) FROM area_sets WHERE name = ?", [name]).fetchall()[0][0]:
            raise UsageError(f"Unknown area set '{name}'.")
        if out_name == name:
            raise UsageError("Give the carried set a name of its own (--name): it would replace the set it comes "
                             "from.")
        own, carried = overlaps(con, name, release, level, threshold)
        if not carried:
            raise UsageError(f"No {PLURAL.get(level, level)} lie {threshold:.0%} or more inside set '{name}'; "
                             "lower --threshold.")
        members = tuple((c.code, c.start, c.end, f"{c.share:.0%} of its surface inside '{name}'") for c in carried)
        s = AreaSet(out_name, f"'{name}' ({own}) carried to {PLURAL.get(level, level)} by area overlap: each "
                              f"member lies {threshold:.0%} or more inside it", f"carried from {name}", members,
                    release)
        return [replace_set(con, s)]

    return in_copy(target, write)
