"""Area outlines for the map: GeoPackage (the official ``geometrie-lbm3-2024.zip``: ``buurt 2024.gpkg`` …) and
GeoJSON (as the official WFS serves it, EPSG:4326 or 28992), read with pyogrio, reprojected to RD New
(EPSG:28992) with pyproj and simplified with shapely for terminal resolution (a national buurt level stays a
few MB), stored as WKB in ``outlines``. The libraries are imported only when an outline file is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from leeftui.ingest.report import Issues
from leeftui.ingest.writer import insert_many
from leeftui.schema import level_of_code
from leeftui.store.outlines import as_multi

RD_NEW = "EPSG:28992"
SIMPLIFY_METRES = 8.0
"""Tolerance of the simplification: far below a terminal cell even on one buurt (≈ 30 m), and it keeps a
national buurt level small."""
COARSE_METRES = 100.0
"""Tolerance of the second, coarse copy of each outline (``wkb_coarse``), drawn where a pixel of the map is
:data:`leeftui.store.outlines.COARSE_PIXEL` metres or more (a map of the country or a province): off by 100 m,
a quarter of a pixel (keeping the topology, a few outlines by up to 200 m, half a pixel), with about a third of the
vertices (the WFS's northern buurten: 50 → 14 on average)."""
CODE_COLUMNS = ("bu_code", "wk_code", "gm_code", "pc4", "code", "statcode", "grid_id")
"""Columns that name the area of an outline, first found wins (official GeoPackages, the WFS, CBS files)."""

STAGING_DDL = "CREATE TEMP TABLE stg_outlines (code VARCHAR, level VARCHAR, minx DOUBLE, miny DOUBLE, " \
              "maxx DOUBLE, maxy DOUBLE, wkb BLOB, wkb_coarse BLOB, file VARCHAR, ord INTEGER)"


@dataclass(frozen=True)
class OutlineRead:
    rows: int
    detail: str


def is_geojson(path: Path) -> bool:
    """True for a GeoJSON FeatureCollection (looked for in the first kilobytes, not by parsing the file)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return '"FeatureCollection"' in head.replace(" ", "").replace("'", '"') or '"features"' in head


def read_outlines(con: duckdb.DuckDBPyConnection, path: Path, name: str, ord_: int, issues: Issues) -> OutlineRead:
    """Stage the outlines of one GeoPackage/GeoJSON file (errors and warnings name the file)."""
    import pyogrio
    import shapely
    from pyproj import Transformer

    try:
        meta, table = pyogrio.read_arrow(str(path))
    except Exception as exc:  # GDAL raises many kinds for a broken file
        issues.error(name, None, f"cannot read the outlines ({type(exc).__name__}: {str(exc).splitlines()[0]})")
        return OutlineRead(0, "")
    columns = {c.lower(): c for c in table.column_names}
    code_col = next((columns[c] for c in CODE_COLUMNS if c in columns), None)
    geom_col = meta.get("geometry_name") or "wkb_geometry"
    if code_col is None or geom_col not in table.column_names:
        issues.error(name, None, "an outline file needs a code column (" + ", ".join(CODE_COLUMNS[:5])
                     + ") and geometries")
        return OutlineRead(0, "")
    codes = [str(c).strip().upper() if c is not None else None for c in table.column(code_col).to_pylist()]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN coordinates: counted and skipped below
        geoms = shapely.from_wkb(table.column(geom_col).to_numpy(zero_copy_only=False))
    crs = meta.get("crs") or "EPSG:4326"
    if crs in ("EPSG:4326", "OGC:CRS84"):  # also what GDAL reports for a GeoJSON without a crs member
        crs = _guessed_crs(geoms, name, issues)
    if crs != RD_NEW:
        transformer = Transformer.from_crs(crs, RD_NEW, always_xy=True)
        geoms = shapely.transform(geoms, lambda xy: _apply(transformer, xy))
    # NaN or 1e308 coordinates, or ones no projection maps into the Netherlands: not an outline
    import numpy as np

    with np.errstate(invalid="ignore"):
        bounds = shapely.bounds(geoms)
        bad = ~(np.isfinite(bounds) & (np.abs(bounds) < RD_LIMIT)).all(axis=1) & ~shapely.is_missing(geoms)
    broken = [c or "(no code)" for c, b in zip(codes, bad.tolist(), strict=True) if b]
    geoms[bad] = None
    geoms = as_multi(shapely.simplify(shapely.make_valid(geoms), SIMPLIFY_METRES, preserve_topology=True))
    coarse = shapely.simplify(geoms, COARSE_METRES, preserve_topology=True)  # never empties a polygon
    rows, unknown = [], []
    for code, geom, rough, skip in zip(codes, geoms, coarse, bad.tolist(), strict=True):
        level = level_of_code(code) if code else None
        if skip:
            continue
        if level is None or geom is None or shapely.is_empty(geom):
            unknown.append(code or "(empty)")
            continue
        x0, y0, x1, y1 = shapely.bounds(geom)
        rows.append([code, level, float(x0), float(y0), float(x1), float(y1), shapely.to_wkb(geom),
                     shapely.to_wkb(rough), name, ord_])
    insert_many(con, "INSERT INTO stg_outlines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    if unknown:
        issues.warn(name, None, "outline-skipped", f"{name}: {len(unknown)} outlines without a known area code or "
                                                   f"shape skipped (e.g. {', '.join(unknown[:3])}).")
    if broken:
        issues.warn(name, None, "outline-skipped", f"{name}: {len(broken)} outlines with coordinates that are not "
                                                   f"finite or not in the Netherlands skipped (e.g. "
                                                   f"{', '.join(broken[:3])}).")
    levels = sorted({r[1] for r in rows})
    return OutlineRead(len(rows), f"outlines ({', '.join(levels)}; {crs} → {RD_NEW}, simplified {SIMPLIFY_METRES:g} m, "
                                 f"and {COARSE_METRES:g} m for maps of the country)")


RD_LIMIT = 2_000_000.0
"""Metres: RD New coordinates of the Netherlands lie well within ±2,000 km."""


def _guessed_crs(geoms: object, name: str, issues: Issues) -> str:
    """Degrees (WGS84), as a GeoJSON without a ``crs`` member is by the standard — unless its coordinates cannot
    be degrees and look like RD New metres (as Dutch files without the member often are): then RD New, and a
    warning says so."""
    import numpy as np
    import shapely

    xy = shapely.get_coordinates(geoms)
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) and (np.abs(xy[:, 0]) > 180).any() and ((xy[:, 0] > -7_000) & (xy[:, 0] < 300_000)
                                                         & (xy[:, 1] > 289_000) & (xy[:, 1] < 629_000)).mean() > 0.9:
        issues.warn(name, None, "outline-crs", f"{name} names no coordinate system and its coordinates are not "
                                               "degrees: read as RD New (EPSG:28992), the Dutch grid they fit.")
        return RD_NEW
    return "EPSG:4326"


def _apply(transformer: object, xy: object) -> object:
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])  # type: ignore[attr-defined,index]
    return np.column_stack([x, y])


def write(con: duckdb.DuckDBPyConnection, issues: Issues) -> int:
    """Write the staged outlines (the first file that gives a code wins) and count what does not pair up."""
    con.execute("INSERT INTO outlines SELECT code, arg_min(level, ord), arg_min(minx, ord), arg_min(miny, ord), "
                "arg_min(maxx, ord), arg_min(maxy, ord), arg_min(wkb, ord), arg_min(wkb_coarse, ord), NULL "
                "FROM stg_outlines GROUP BY code")
    ((n,),) = con.execute("SELECT count(*) FROM outlines").fetchall()
    if not n:
        return 0
    derived = derive_parents(con)
    if derived:
        issues.warn(None, None, "outline-derived", f"outlines of {derived} drawn as the union of their buurten's "
                                                   "outlines (the files give none of them).")
    missing = con.execute(
        "SELECT a.release, a.level, count(*) FROM areas a ANTI JOIN outlines o USING (code) "
        "WHERE a.level IN (SELECT DISTINCT level FROM outlines) GROUP BY ALL ORDER BY ALL").fetchall()
    for rel, level, count in missing:
        issues.warn(None, None, "outline-missing", f"{rel}: {count} {level} areas have no outline (the map leaves "
                                                   "them blank).")
    ((orphans,),) = con.execute("SELECT count(*) FROM outlines o ANTI JOIN areas a USING (code)").fetchall()
    if orphans:
        issues.warn(None, None, "outline-orphan", f"{orphans} outlines have no area with scores (not on the map).")
    return int(n)


def derive_parents(con: duckdb.DuckDBPyConnection) -> str:
    """Outlines of the wijken and gemeenten the files give none of (the WFS serves buurten only), as the union of
    their buurten's outlines, each saying what it is made of (``derived_from``: '97 of 131 buurten' where some
    buurten have no outline). Returns what was derived, e.g. '12 wijken, 3 gemeenten', or ''."""
    import shapely

    rows = con.execute("""
        WITH ab AS (SELECT DISTINCT code FROM areas WHERE level = 'buurt'),
        division AS (  -- CBS years of the same buurt division: they name the buurten the files leave out
            SELECT jaar FROM population WHERE code LIKE 'BU%' GROUP BY jaar
            HAVING 2 * count(*) FILTER (WHERE code IN (SELECT code FROM ab)) >= (SELECT count(*) FROM ab)),
        b AS (SELECT code FROM ab UNION
              SELECT code FROM population WHERE code LIKE 'BU%' AND jaar IN (SELECT jaar FROM division)),
        parents AS (SELECT DISTINCT code, level FROM areas WHERE level IN ('wijk', 'gemeente')
                    AND code NOT IN (SELECT code FROM outlines))
        SELECT p.code, p.level, count(DISTINCT b.code) AS total, list(o.wkb) FILTER (o.wkb IS NOT NULL) AS parts
        FROM parents p
        JOIN b ON p.code = CASE p.level WHEN 'wijk' THEN 'WK' || substr(b.code, 3, 6) ELSE 'GM' || substr(b.code, 3, 4)
                           END
        LEFT JOIN outlines o ON o.code = b.code AND o.level = 'buurt'
        GROUP BY p.code, p.level
        ORDER BY p.code""").fetchall()
    rows = [r for r in rows if r[3]]

    def union(parts: list[bytes]) -> tuple[bytes, bytes, tuple[float, ...]]:
        geom = as_multi(shapely.simplify(shapely.make_valid(shapely.union_all(shapely.from_wkb(parts))),
                                         SIMPLIFY_METRES, preserve_topology=True))
        rough = shapely.simplify(geom, COARSE_METRES, preserve_topology=True)
        return shapely.to_wkb(geom), shapely.to_wkb(rough), tuple(float(v) for v in shapely.bounds(geom))

    import os
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:  # GEOS lets go of the GIL
        unions = list(pool.map(union, [parts for *_, parts in rows]))
    made: dict[str, int] = {}
    out = []
    for (code, level, total, parts), (wkb, rough, box) in zip(rows, unions, strict=True):
        out.append([code, level, *box, wkb, rough, f"{len(parts)} of {total} buurten"])
        made[level] = made.get(level, 0) + 1
    insert_many(con, "INSERT INTO outlines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", out)
    from leeftui.schema import PLURAL

    return ", ".join(f"{n} {PLURAL.get(level, level)}" for level, n in sorted(made.items(), reverse=True))
