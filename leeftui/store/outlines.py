"""The outlines of areas (table ``outlines``, RD New), for the map. No Textual here; queries take parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import pyarrow as pa

from leeftui.errors import EmptyResult, UsageError
from leeftui.model.release import ReleaseInfo
from leeftui.store.db import Database


def has_outlines(db: Database) -> bool:
    """True when the database holds outlines."""
    row = db.one("SELECT count(*) > 0 FROM outlines")
    return bool(row and row[0])


COARSE_PIXEL = 400.0
"""From this pixel size (metres) a map draws the coarse outlines (``wkb_coarse``, simplified to 100 m: a quarter
of a pixel, at most half); below it the detailed ones (8 m)."""


def detail_for(extent: tuple[float, float, float, float], size: tuple[int, int] | None) -> str:
    """The outline column to draw an ``extent`` (minx, miny, maxx, maxy) with at ``size`` pixels (width, height):
    ``wkb_coarse`` when a pixel covers :data:`COARSE_PIXEL` metres or more, else ``wkb`` (also for images,
    ``size`` None, which are drawn at full detail)."""
    if size is None:
        return "wkb"
    x0, y0, x1, y1 = extent
    pixel = max((x1 - x0) / max(size[0], 1), (y1 - y0) / max(size[1], 1))
    return "wkb_coarse" if pixel >= COARSE_PIXEL else "wkb"


class Shapes(NamedTuple):
    """The outlines of a view's areas: ``table`` (code, level, bounding box, ``wkb``; in code order), their joint
    ``extent`` (minx, miny, maxx, maxy) and the ``column`` the WKB came from (``wkb`` or ``wkb_coarse``)."""

    table: pa.Table
    extent: tuple[float, float, float, float]
    column: str


def outlines_of(db: Database, codes: pa.Array | pa.ChunkedArray, size: tuple[int, int] | None = None) -> Shapes:
    """The outlines of ``codes`` (those that have one), at the detail :func:`detail_for` picks for their joint
    extent at ``size`` pixels.

    Two queries: the joint extent first (an aggregate: it decides the detail), then the boxes with only the chosen
    outline column (a query naming both columns would read both: ≈ 18 MB more at the peak for a national buurt
    map)."""
    row = db.arrow_over("SELECT min(minx), min(miny), max(maxx), max(maxy) FROM outlines SEMI JOIN picked USING "
                        "(code)", codes).to_pylist()[0]
    if None in row.values():
        empty = db.arrow_over("SELECT code, level, minx, miny, maxx, maxy, derived_from, wkb FROM outlines "
                              "SEMI JOIN picked USING (code)", codes)
        return Shapes(empty, (0.0, 0.0, 0.0, 0.0), "wkb")
    minx, miny, maxx, maxy = (float(v) for v in row.values())
    extent = (minx, miny, maxx, maxy)
    column = detail_for(extent, size)  # one of two fixed names
    shapes = db.arrow_over(f"SELECT code, level, minx, miny, maxx, maxy, derived_from, {column} AS wkb FROM outlines "
                           "SEMI JOIN picked USING (code) ORDER BY code", codes)
    return Shapes(shapes, extent, column)


def level_count(db: Database, level: str) -> int:
    """How many outlines of ``level`` the database holds."""
    row = db.one("SELECT count(*) FROM outlines WHERE level = $level", {"level": level})
    return int(row[0]) if row else 0


def as_multi(geoms: Any) -> Any:
    """Polygons as multipolygons of one part (an array, or one geometry), so every outline is stored as one type
    and a GIS export passes the WKB on as it is; other geometries unchanged."""
    import numpy as np
    import shapely

    if not isinstance(geoms, np.ndarray):
        return as_multi(np.array([geoms], dtype=object))[0]
    single = shapely.get_type_id(geoms) == 3
    if single.any():
        geoms = geoms.copy()
        geoms[single] = shapely.multipolygons(geoms[single], indices=np.arange(int(single.sum())))
    return geoms


def with_geometry(db: Database, table: pa.Table) -> tuple[pa.Table, int]:
    """``table`` with a column ``geometry``: the outline of each row's area (``code``) as a WKB multipolygon in RD
    New, as stored (simplified to 8 m); NULL where the area has none. Returns it and how many areas have none."""
    import pyarrow.compute as pc
    import shapely

    if "grid_id" in table.column_names and "code" not in table.column_names:
        raise UsageError("The 100 m grid has no outlines in leeftui: export it as csv or parquet (grid_id names "
                         "each cell) and join the official grid GeoPackage in your GIS.")
    if "code" not in table.column_names:
        raise UsageError("A GIS export needs each row's area code: keep the code column (--columns).")
    codes = pc.unique(table.column("code"))
    shapes = db.arrow_over("SELECT code, wkb FROM outlines SEMI JOIN picked USING (code)", codes)
    wkbs = shapes.column("wkb").combine_chunks()
    kind = pc.binary_slice(wkbs, 0, 5)  # byte order and type: a little-endian multipolygon is 01 06000000
    if not pc.all(pc.equal(kind, pa.scalar(b"\x01\x06\x00\x00\x00", pa.binary()))).as_py():
        geoms = as_multi(shapely.from_wkb(wkbs.to_numpy(zero_copy_only=False)))  # a database of before multi
        wkbs = pa.array(list(shapely.to_wkb(geoms)), pa.binary())
    column = wkbs.take(pc.index_in(table.column("code"), shapes.column("code")))  # no outline: a NULL index, NULL
    return table.append_column("geometry", column), len(codes) - shapes.num_rows


def outlines_around(db: Database, level: str, bbox: tuple[float, float, float, float],
                    codes: pa.Array | pa.ChunkedArray, column: str = "wkb") -> pa.Table:
    """code and WKB (``column``: ``wkb`` or ``wkb_coarse``) of the outlines of ``level`` that meet ``bbox`` (minx,
    miny, maxx, maxy) and are not among ``codes``: the areas around the view, drawn grey."""
    if column not in ("wkb", "wkb_coarse"):
        raise ValueError(f"no outline column {column!r}")
    x0, y0, x1, y1 = bbox
    return db.arrow_over(f"SELECT code, {column} AS wkb FROM outlines ANTI JOIN picked USING (code) WHERE level = "
                         "$level AND maxx >= $x0 AND minx <= $x1 AND maxy >= $y0 AND miny <= $y1", codes,
                         {"level": level, "x0": x0, "y0": y0, "x1": x1, "y1": y1})


DELTA_BINS = (-0.1, -0.05, -0.02, -0.005, 0.005, 0.02, 0.05, 0.1)
"""Edges of the nine change bins of a development map (1: Δ < −0.1 … 5: |Δ| < 0.005 … 9: Δ ≥ 0.1)."""
DELTA_LABELS = ("Δ < −0.1", "−0.1 … −0.05", "−0.05 … −0.02", "−0.02 … −0.005", "about 0", "0.005 … 0.02",
                "0.02 … 0.05", "0.05 … 0.1", "Δ ≥ 0.1")


@dataclass(frozen=True)
class MapData:
    """What a map shows: the areas of the view with their outlines and a class 1–9 each, the areas around them."""

    codes: tuple[str, ...]
    wkbs: tuple[bytes, ...]
    classes: dict[str, int | None]
    """The class of every area of the view (also of those without an outline: they are not drawn)."""
    context_codes: tuple[str, ...]
    context_wkbs: tuple[bytes, ...]
    labels: tuple[tuple[int, str], ...]
    what: str
    """What the colours show, e.g. 'class 2024', 'Δ 2014→2024', 'class of onv 2024'."""
    missing: int
    """Areas of the view without an outline."""

    extent: tuple[float, float, float, float]
    """The box to draw (RD New metres: minx, miny, maxx, maxy): the view's areas with a margin of 5 %. The areas
    around them are cut off at its edge (one rural buurt beside a city would otherwise shrink the city to a dot)."""
    derived: str = ""
    """What outlines made by leeftui stand on (:func:`derived_note`), or ''."""
    detail: str = "wkb"
    """The outline column drawn (:func:`detail_for`)."""
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    """The joint bounding box of the view's outlines (the extent without its margin), which the detail was chosen
    for."""

    def drawn_alike(self, size: tuple[int, int]) -> bool:
        """True when a map of ``size`` pixels would draw these same outlines (the detail :func:`detail_for` picks is
        this one): a new size then needs a new raster only, no query."""
        return detail_for(self.bounds, size) == self.detail


def map_values(rel: ReleaseInfo, view: pa.Table, by: str, wave_a: int, wave_b: int,
               labels: tuple[tuple[int, str], ...]) -> tuple[dict[str, int | None], tuple[tuple[int, str], ...], str]:
    """The class 1–9 of every area of ``view`` the map colours by — 'class' (of wave B), 'delta' (A → B in nine
    bins) or a dimension name (its class in wave B) — with the legend and what it shows. No query: from the rows."""
    codes = view.column("code").to_pylist()
    if by == "class":
        return dict(zip(codes, view.column("klasse_b").to_pylist(), strict=True)), labels, f"class {wave_b}"
    if by == "delta":
        import numpy as np

        d = view.column(f"d_{rel.score}").to_numpy(zero_copy_only=False)  # NULL → NaN (a Δ is never NaN itself)
        bins = (np.searchsorted(DELTA_BINS, d, side="right") + 1).tolist()  # 1 + the edges at or below Δ
        values = {c: (None if v != v else k) for c, v, k in zip(codes, d.tolist(), bins, strict=True)}
        return values, tuple(enumerate(DELTA_LABELS, start=1)), f"Δ {wave_a}→{wave_b}"
    column = f"klasse_{by}_b"
    if column not in view.column_names:
        from leeftui.text import nearest

        names = ("class", "delta", *(f.removeprefix("klasse_") for f in rel.class_fields))
        raise UsageError(f"Cannot colour by '{by}'; use one of: {', '.join(names)}.{nearest(by, names)}")
    return dict(zip(codes, view.column(column).to_pylist(), strict=True)), labels, f"class of {by} {wave_b}"


def map_data(db: Database, rel: ReleaseInfo, view: pa.Table, by: str, wave_a: int, wave_b: int,
             labels: tuple[tuple[int, str], ...], size: tuple[int, int] | None = None) -> MapData:
    """The map of ``view`` (rows of :func:`leeftui.store.figures.view_table`) coloured as :func:`map_values` says, with
    the outlines of its areas and of the areas around them (grey), at the detail a map of ``size`` pixels needs
    (:func:`detail_for`; None: full detail)."""
    values, labels, what = map_values(rel, view, by, wave_a, wave_b, labels)
    shapes, (minx, miny, maxx, maxy), column = outlines_of(db, view.column("code"), size)
    found = shapes.column("code").to_pylist()
    if not found:
        raise EmptyResult("None of these areas has an outline in this database; rebuild with the outline files "
                          "(e.g. geometrie-lbm3-2024.zip, or the WFS's GeoJSON).")
    pad_x, pad_y = (maxx - minx) * 0.05, (maxy - miny) * 0.05
    extent = (minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y)
    level = shapes.column("level")[0].as_py()
    if len(found) < level_count(db, level):  # (a view of every area of its level has none around it)
        around = outlines_around(db, level, extent, shapes.column("code"), column)  # at the view's detail
    else:
        around = pa.table({"code": pa.array([], pa.string()), "wkb": pa.array([], pa.binary())})
    return MapData(tuple(found), tuple(shapes.column("wkb").to_pylist()), values,
                   tuple(around.column("code").to_pylist()), tuple(around.column("wkb").to_pylist()), labels, what,
                   view.num_rows - len(found), extent,
                   _derived(level, found, shapes.column("derived_from")), column, (minx, miny, maxx, maxy))


def _derived(level: str, codes: list[str], derived: pa.ChunkedArray) -> str:
    """:func:`derived_note` of the outlines, without reading the column where none was made by leeftui."""
    return "" if derived.null_count == len(derived) else derived_note(level, codes, derived.to_pylist())


def derived_note(level: str, codes: list[str], derived: list[str | None]) -> str:
    """What the outlines leeftui made (a wijk or gemeente as the union of its buurten) stand on: 'outlines of 40
    gemeenten: the union of their buurten (3 partial, e.g. GM0080: 97 of 131 buurten)'; '' when none is."""
    made = [(c, d) for c, d in zip(codes, derived, strict=True) if d]
    if not made:
        return ""
    from leeftui.schema import PLURAL

    partial = [(c, d) for c, d in made if d.split(" of ")[0] != d.split(" of ")[1].split()[0]]
    note = f"outlines of {len(made)} {PLURAL.get(level, level)}: the union of their buurten"
    if partial:
        note += f" ({len(partial)} partial, e.g. {partial[0][0]}: {partial[0][1]})"
    return note
