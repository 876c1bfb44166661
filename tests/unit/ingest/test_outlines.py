"""Outlines for the map: the WFS's GeoJSON (EPSG:4326) and a GeoPackage in RD New made from it read the same;
outlines are simplified and counted; a broken outline file is one sentence and changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from leeftui.errors import BuildError
from leeftui.ingest import rebuild
from leeftui.store.outlines import COARSE_PIXEL
from tests.dbquery import q
from tests.unit.ingest.helpers import wijk_file

NORTH = "lbm3-meting2024-buurten-north"


def _gpkg_from_geojson(src: Path, target: Path) -> Path:
    """The same outlines as a GeoPackage in RD New (EPSG:28992), as the official geometrie zip has them."""
    import pyogrio
    import shapely
    from pyproj import Transformer

    meta, table = pyogrio.read_arrow(str(src))
    t = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    geoms = shapely.from_wkb(table.column(meta["geometry_name"] or "wkb_geometry").to_numpy(zero_copy_only=False))
    rd = shapely.transform(geoms, lambda xy: __import__("numpy").column_stack(t.transform(xy[:, 0], xy[:, 1])))
    import pyarrow as pa

    out = pa.table({"bu_code": table.column("code"), "bu_naam": table.column("naam"),
                    "geometry": pa.array(shapely.to_wkb(rd), pa.binary())})
    pyogrio.write_arrow(out, str(target), layer="buurt", driver="GPKG", geometry_name="geometry",
                        geometry_type="Unknown", crs="EPSG:28992")
    return target


def test_geojson_and_geopackage_read_the_same(real: Path, tmp_path: Path) -> None:
    layout = real / NORTH / "buurten_2024_official_layout.csv"
    gj = real / NORTH / "buurten_20.geojson"
    rebuild([layout, gj], tmp_path / "a.duckdb")
    rebuild([layout, _gpkg_from_geojson(gj, tmp_path / "buurt 2024.gpkg")], tmp_path / "b.duckdb")
    buurten = "SELECT code, minx, miny, maxx, maxy FROM outlines WHERE level = 'buurt' ORDER BY code"
    a, b = q(tmp_path / "a.duckdb", buurten), q(tmp_path / "b.duckdb", buurten)
    assert [r[0] for r in a] == [r[0] for r in b] and len(a) == 510  # the province of Groningen
    assert all(abs(x - y) < 20 for ra, rb in zip(a, b, strict=True) for x, y in zip(ra[1:], rb[1:], strict=True))
    x0, y0, x1, y1 = a[0][1:]
    assert 200_000 < x0 < x1 < 280_000 and 540_000 < y0 < y1 < 630_000  # RD New metres, in the north
    (kind, rows), = q(tmp_path / "a.duckdb", "SELECT kind, rows FROM sources WHERE kind = 'outlines'")
    assert rows == 510
    warnings = [m for (m,) in q(tmp_path / "a.duckdb", "SELECT message FROM build_warnings WHERE kind = "
                                                        "'outline-missing'")]
    assert warnings == ["lbm3-2024: 1260 buurt areas have no outline (the map leaves them blank).",
                        "lbm3-2024: 30 gemeente areas have no outline (the map leaves them blank).",
                        "lbm3-2024: 408 wijk areas have no outline (the map leaves them blank)."]
    assert q(tmp_path / "a.duckdb", "SELECT level, count(*) FROM outlines WHERE derived_from IS NOT NULL GROUP BY 1 "
                                    "ORDER BY 1") == [("gemeente", 10), ("wijk", 118)]  # from the buurten


def test_a_broken_outline_file_changes_nothing(tmp_path: Path) -> None:
    rebuild([wijk_file(tmp_path)], tmp_path / "db.duckdb")
    before = hashlib.sha256((tmp_path / "db.duckdb").read_bytes()).hexdigest()
    (tmp_path / "geo.gpkg").write_bytes(b"SQLite format 3\x00 broken")
    with pytest.raises(BuildError, match=r"geo\.gpkg: cannot read the outlines"):
        rebuild([wijk_file(tmp_path), tmp_path / "geo.gpkg"], tmp_path / "db.duckdb", force=True)
    assert hashlib.sha256((tmp_path / "db.duckdb").read_bytes()).hexdigest() == before


def test_a_coarse_copy_is_drawn_where_pixels_are_large(real: Path, tmp_path: Path) -> None:
    """Each outline is also stored simplified to 100 m (never empty, about as large, fewer vertices); a map whose
    pixels cover 400 m or more draws that copy, a closer one the detailed outline, images the detailed one."""
    import pyarrow as pa
    import shapely

    from leeftui.schema import CLASS_LABELS
    from leeftui.store import open_database
    from leeftui.store.outlines import detail_for, map_data

    layout = real / NORTH / "buurten_2024_official_layout.csv"
    rebuild([layout, real / NORTH / "buurten_20.geojson"], tmp_path / "a.duckdb")
    rows = q(tmp_path / "a.duckdb", "SELECT code, wkb, wkb_coarse FROM outlines WHERE level = 'buurt' ORDER BY code")
    fine = shapely.from_wkb([r[1] for r in rows])
    coarse = shapely.from_wkb([r[2] for r in rows])
    assert not shapely.is_empty(coarse).any() and shapely.is_valid(coarse).all()
    assert shapely.get_num_coordinates(coarse).sum() < 0.5 * shapely.get_num_coordinates(fine).sum()
    off = shapely.hausdorff_distance(fine, coarse)  # 100 m mostly; keeping the topology costs a few up to 191 m
    assert (off < COARSE_PIXEL / 2).all() and (off <= 100.5).mean() > 0.95  # under half a pixel where it is drawn

    assert detail_for((0, 0, 116 * COARSE_PIXEL, 10), (116, 72)) == "wkb_coarse"
    assert detail_for((0, 0, 116 * COARSE_PIXEL - 1, 10), (116, 72)) == "wkb"
    assert detail_for((0, 0, 1e6, 1e6), None) == "wkb"
    db = open_database(tmp_path / "a.duckdb")
    try:
        view = pa.table({"code": [r[0] for r in rows], "klasse_b": [5] * len(rows)})
        by_code = {r[0]: r for r in rows}
        # ≈ 1.5 km per pixel
        province = map_data(db, db.default_release, view, "class", 2022, 2024, CLASS_LABELS, (60, 40))
        assert all(w == by_code[c][2] for c, w in zip(province.codes, province.wkbs, strict=True))
        # one buurt
        one = map_data(db, db.default_release, view.slice(0, 1), "class", 2022, 2024, CLASS_LABELS, (60, 40))
        assert one.wkbs == (by_code[one.codes[0]][1],)
        assert one.context_codes and one.codes[0] not in one.context_codes  # the neighbours, drawn grey
        image = map_data(db, db.default_release, view, "class", 2022, 2024, CLASS_LABELS)
        assert all(w == by_code[c][1] for c, w in zip(image.codes, image.wkbs, strict=True))
    finally:
        db.close()


def test_a_map_is_drawn_over_its_own_areas(real: Path, tmp_path: Path) -> None:
    """The box of a map is the view's areas with a margin of 5 %: the areas around them are cut off at its edge.
    (Before, the box took in every outline around it: one long rural buurt beside the city of Groningen widened
    the map to 200 km and left the city a blot of 6 × 5 cells.)"""
    from leeftui.present import choropleth
    from leeftui.schema import CLASS_LABELS
    from leeftui.store import open_database
    from leeftui.store.outlines import map_data
    from leeftui.store.scope import Scope
    from leeftui.store.view import ViewRequest, base_rows

    north = real / NORTH
    rebuild([north / "buurten_2024_official_layout.csv", *sorted(north.glob("buurten_2*.geojson"))],
            tmp_path / "n.duckdb")
    db = open_database(tmp_path / "n.duckdb")
    try:
        view = base_rows(db, db.default_release, ViewRequest(Scope(parent="GM0014", level="buurt"), 2024, 2024))
        data = map_data(db, db.default_release, view, "class", 2024, 2024, CLASS_LABELS, (40, 40))
        boxes = q(tmp_path / "n.duckdb", "SELECT min(minx), min(miny), max(maxx), max(maxy) FROM outlines "
                                         "WHERE code LIKE 'BU0014%'")[0]
        w, h = boxes[2] - boxes[0], boxes[3] - boxes[1]
        assert data.extent == pytest.approx((boxes[0] - 0.05 * w, boxes[1] - 0.05 * h, boxes[2] + 0.05 * w,
                                             boxes[3] + 0.05 * h))
        assert data.context_codes  # the neighbours are there, grey, up to the edge

        def own(raster: choropleth.Raster) -> float:
            return sum(raster.code_at(x, y) in data.codes for y in range(40) for x in range(40)) / 1600

        unfocused = choropleth.rasterise([*data.context_wkbs, *data.wkbs], [*data.context_codes, *data.codes], 40, 40)
        assert own(choropleth.rasterise_map(data, 40, 40)) > max(0.15, 2 * own(unfocused))  # 21 % against 9 %
    finally:
        db.close()


def test_postcode_outlines_from_a_geopackage_make_a_pc4_map(tmp_path: Path) -> None:
    """`PC4 2024.gpkg` (an integer `pc4` column, RD New) pairs with the PC4 score table; `leeftui map --level pc4`
    colours each postcode area by its class."""
    import re

    import pyarrow as pa
    import pyogrio
    import shapely
    from typer.testing import CliRunner

    from leeftui.cli import app
    from leeftui.present.charts import CLASS_BG
    from leeftui.present.choropleth import GREY

    rows = ["PC4,jaar,lbm,afw,fys,onv,soc,vrz,won"]
    for i, pc4 in enumerate((1011, 1012, 1013)):
        for jaar in (2022, 2024):
            afw = 0.02 * i - 0.02 + (0.01 if jaar == 2024 else 0.0)
            rows.append(f"{pc4},{jaar},{4.1 + afw!r},{afw!r},{afw / 5!r},{afw / 5!r},{afw / 5!r},{afw / 5!r},"
                        f"{afw / 5!r}")
    (tmp_path / "pc4.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    boxes = [shapely.box(121_000 + 1000 * i, 487_000, 121_900 + 1000 * i, 488_000) for i in range(4)]
    table = pa.table({"pc4": pa.array([1011, 1012, 1013, 1099], pa.int32()),
                      "geometry": pa.array(shapely.to_wkb(boxes), pa.binary())})
    pyogrio.write_arrow(table, str(tmp_path / "PC4 2024.gpkg"), layer="pc4", driver="GPKG", geometry_name="geometry",
                        geometry_type="Polygon", crs="EPSG:28992")
    rebuild([tmp_path / "pc4.csv", tmp_path / "PC4 2024.gpkg"], tmp_path / "db.duckdb")
    assert q(tmp_path / "db.duckdb", "SELECT code, level FROM outlines ORDER BY code") == [
        ("1011", "pc4"), ("1012", "pc4"), ("1013", "pc4"), ("1099", "pc4")]
    orphans = q(tmp_path / "db.duckdb", "SELECT message FROM build_warnings WHERE kind = 'outline-orphan'")
    assert orphans == [("1 outlines have no area with scores (not on the map).",)]
    svg = tmp_path / "pc4.svg"
    r = CliRunner().invoke(app, ["map", "--db", str(tmp_path / "db.duckdb"), "--level", "pc4", "-o", str(svg)])
    assert r.exit_code == 0, r.output
    klasse = dict(q(tmp_path / "db.duckdb", "SELECT code, klasse FROM scores WHERE jaar = 2024"))
    fills = re.findall(r'fill="(#[0-9a-f]{6})" stroke="#ffffff" stroke-width="0.3" data-code="(\d{4})"',
                       svg.read_text(encoding="utf-8"))
    assert sorted(c for _, c in fills) == ["1011", "1012", "1013", "1099"]
    drawn = {c: f for f, c in fills}
    assert drawn.pop("1099") == GREY  # no scores: drawn grey, as an area around the view
    assert all(klasse[c] is not None and f == CLASS_BG[klasse[c]] for c, f in drawn.items())


def test_wijken_and_gemeenten_the_files_give_no_outline_of_are_the_union_of_their_buurten(real: Path,
                                                                                         tmp_path: Path) -> None:
    """The WFS serves buurten only: the rebuild draws each wijk and gemeente as the union of its buurten, and says
    what that stands on — against the CBS list, 'N of M buurten' (the Leefbaarometer leaves buurten with few
    residents out, so most gemeenten have holes); the map says so under the legend."""
    import shapely

    north = real / NORTH
    cbs = real / "cbs-kwb2024-buurt" / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
    db = tmp_path / "n.duckdb"
    rebuild([north / "buurten_2024_official_layout.csv", north / "buurten_22.geojson", cbs], db)
    rows = dict(q(db, "SELECT code, derived_from FROM outlines WHERE level <> 'buurt'"))
    scored = q(db, "SELECT count(DISTINCT code) FROM areas WHERE level = 'buurt' AND gemeente_code = 'GM0106'")[0][0]
    cbs_count = q(db, "SELECT count(*) FROM population WHERE code LIKE 'BU0106%' AND jaar = 2024")[0][0]
    assert scored < cbs_count and rows["GM0106"] == f"{scored} of {cbs_count} buurten"  # Assen
    gemeenten = q(db, "SELECT count(DISTINCT substr(code, 3, 4)) FROM outlines WHERE level = 'buurt'")[0][0]
    assert sum(code.startswith("GM") for code in rows) == gemeenten and any(c.startswith("WK") for c in rows)
    (wkb,) = q(db, "SELECT wkb FROM outlines WHERE code = 'GM0106'")[0]
    parts = shapely.from_wkb([w for (w,) in q(db, "SELECT wkb FROM outlines WHERE code LIKE 'BU0106%'")])
    union = shapely.from_wkb(wkb)
    assert union.is_valid and union.area == pytest.approx(shapely.union_all(parts).area, rel=0.01)
    warned = q(db, "SELECT message FROM build_warnings WHERE kind = 'outline-derived'")[0][0]
    assert warned.startswith("outlines of ") and "gemeenten drawn as the union of their buurten's outlines" in warned
    from typer.testing import CliRunner

    from leeftui.cli import app

    r = CliRunner().invoke(app, ["map", "--db", str(db), "--level", "gemeente"], env={"COLUMNS": "200",
                                                                                      "NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    said = " ".join(r.stdout.split())
    assert f"outlines of {gemeenten} gemeenten: the union of their buurten (" in said and "partial, e.g." in said
