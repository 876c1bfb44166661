"""GIS formats: GeoPackage and GeoParquet, the view's columns plus each area's outline (RD New, EPSG:28992).

The table arrives with a ``geometry`` column of WKB multipolygons (:func:`leeftui.store.outlines.with_geometry`;
NULL for an area without an outline, kept as a row with an empty geometry). Written with the map's own stack:
pyogrio (GDAL) for the GeoPackage, pyarrow for GeoParquet (its ``geo`` metadata: encoding, geometry types, CRS as
PROJJSON, bounding box). The provenance goes into the file's metadata like every other format: the layer's
metadata of the GeoPackage (``leeftui.<field>`` items), the Parquet key/value metadata of GeoParquet.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, BinaryIO, Protocol

import pyarrow as pa

from leeftui.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable


class Provenance(Protocol):
    """What the GIS writers need of :class:`leeftui.export.Provenance` (not imported: the package imports this)."""

    def metadata(self) -> dict[str, str]: ...

GIS_FORMATS = ("gpkg", "geoparquet")
GEOMETRY = "geometry"
CRS = "EPSG:28992"
LAYER = "leeftui"


def _check(table: pa.Table) -> None:
    if GEOMETRY not in table.column_names:
        raise UsageError("A GIS export needs the areas' outlines: export areas (gemeenten, wijken, buurten, "
                         "postcode areas) from a database built with outline files.")


def write_gpkg(table: pa.Table, fh: BinaryIO, provenance: Provenance,
               progress: Callable[[int, int], None] | None, flatten: Callable[[pa.Table], pa.Table]) -> None:
    """One layer ``leeftui`` of multipolygons in RD New; list columns as JSON text (a GeoPackage has no lists)."""
    import pyogrio

    _check(table)
    buf = io.BytesIO()  # GDAL writes a GeoPackage in memory, then it goes through the safe writer
    pyogrio.write_arrow(flatten(table), buf, layer=LAYER, driver="GPKG", geometry_name=GEOMETRY,
                        geometry_type="MultiPolygon", crs=CRS, layer_metadata=provenance.metadata())
    fh.write(buf.getvalue())
    if progress is not None:
        progress(table.num_rows, table.num_rows)


def geo_metadata(table: pa.Table) -> dict[str, object]:
    """The GeoParquet 1.1 ``geo`` metadata of ``table``'s geometry column."""
    import shapely
    from pyproj import CRS as Projection

    geoms = shapely.from_wkb(table.column(GEOMETRY).to_numpy(zero_copy_only=False))
    present = geoms[~shapely.is_missing(geoms)]
    bounds = shapely.total_bounds(present).tolist() if len(present) else []
    return {"version": "1.1.0", "primary_column": GEOMETRY,
            "columns": {GEOMETRY: {"encoding": "WKB", "geometry_types": ["MultiPolygon"],
                                   "crs": Projection.from_user_input(CRS).to_json_dict(), "bbox": bounds}}}


def geoparquet_metadata(table: pa.Table, provenance: Provenance) -> dict[bytes, bytes]:
    """The Parquet key/value metadata of a GeoParquet export: ``geo`` and the provenance."""
    _check(table)
    return {b"geo": json.dumps(geo_metadata(table)).encode(),
            **{k.encode(): v.encode() for k, v in provenance.metadata().items()}}
