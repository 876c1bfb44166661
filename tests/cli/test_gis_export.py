"""GIS exports: a GeoPackage (pyogrio) and a GeoParquet (DuckDB) of the real northern buurten hold the same rows and
values as the CSV export, in RD New, with each area's outline; an area without an outline is kept with an empty
geometry and counted; the provenance is in the file's metadata; the explorer's export dialog writes them too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app
from tests.realdata import need_real
from tests.ui.uihelpers import WIDE, pilot_test, settle

runner = CliRunner()
BUNDLED = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"
VALUES = ("lbm", "afw", "fys", "onv", "soc", "vrz", "won", "klasse")


@pytest.fixture(scope="module")
def north(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All 1,770 northern buurten, outlines of the province of Groningen only: 1,260 buurten without one."""
    real = need_real("lbm3-meting2024-buurten-north")
    from leeftui.ingest import rebuild

    db = tmp_path_factory.mktemp("gis") / "north.duckdb"
    rebuild([real / "buurten_2024_official_layout.csv", real / "buurten_20.geojson"], db)
    return db


def _export(db: Path, out: Path, fmt: str) -> str:
    r = runner.invoke(app, ["export", "--db", str(db), "--level", "buurt", "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    return r.stderr


def test_geopackage_and_geoparquet_hold_the_csv_rows_with_outlines(north: Path, tmp_path: Path) -> None:
    import duckdb
    import pyogrio
    import shapely

    _export(north, tmp_path / "b.csv", "csv")
    with (tmp_path / "b.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    said = _export(north, tmp_path / "b.gpkg", "gpkg")
    assert "1260 areas have no outline: kept, with an empty geometry." in said
    _export(north, tmp_path / "b.parquet", "geoparquet")

    info = pyogrio.read_info(tmp_path / "b.gpkg")
    assert info["crs"] == "EPSG:28992" and info["features"] == len(rows) == 1770
    assert info["geometry_type"] == "MultiPolygon"
    assert info["layer_metadata"]["leeftui.release_id"] == "lbm3-2024"
    assert "not the published table" in info["layer_metadata"]["leeftui.classes"]
    meta, gpkg = pyogrio.read_arrow(tmp_path / "b.gpkg")
    g = gpkg.to_pylist()
    assert [r["code"] for r in g] == [r["code"] for r in rows]
    for got, want in zip(g, rows, strict=True):
        for v in VALUES:
            assert got[v] == (float(want[v]) if want[v] else None), (want["code"], v)
    geoms = shapely.from_wkb(gpkg.column(meta["geometry_name"]).to_numpy(zero_copy_only=False))
    drawn = {r["code"]: geom for r, geom in zip(g, geoms, strict=True) if geom is not None}
    assert len(drawn) == 510 and all(c.startswith(("BU0014", "BU0037", "BU0047", "BU0765", "BU18", "BU19"))
                                     for c in drawn)
    x0, y0, x1, y1 = shapely.total_bounds(list(drawn.values()))
    assert 200_000 < x0 < x1 < 280_000 and 540_000 < y0 < y1 < 630_000  # RD New metres

    con = duckdb.connect()
    parquet = str(tmp_path / "b.parquet")
    got = con.execute(f"SELECT code, {', '.join(VALUES)}, geometry IS NULL FROM read_parquet(?)",
                      [parquet]).fetchall()
    assert [r[0] for r in got] == [r["code"] for r in rows]
    assert all(a[1 + i] == (float(b[v]) if b[v] else None) for a, b in zip(got, rows, strict=True)
               for i, v in enumerate(VALUES))
    assert sum(r[-1] for r in got) == 1260  # the areas without an outline: kept, empty
    kv = dict(con.execute("SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)", [parquet]).fetchall())
    geo = json.loads(kv["geo"])["columns"]["geometry"]
    assert geo["encoding"] == "WKB" and geo["crs"]["id"] == {"authority": "EPSG", "code": 28992}
    assert kv["leeftui.release_id"] == "lbm3-2024"
    typed = con.execute("SELECT typeof(geometry) FROM read_parquet(?) WHERE geometry IS NOT NULL LIMIT 1",
                        [parquet]).fetchall()[0][0]
    assert typed.startswith("GEOMETRY") and "28992" in typed  # DuckDB reads it as geometry in RD New


def test_demo_gis_exports_say_demo_and_the_grid_is_refused(tmp_path: Path) -> None:
    import pyogrio

    r = runner.invoke(app, ["export", "--db", str(BUNDLED), "--level", "gemeente", "--compare", "2014:2024", "-o",
                            str(tmp_path / "g.gpkg")])
    assert r.exit_code == 0, r.output
    assert pyogrio.read_info(tmp_path / "g.gpkg")["layer_metadata"]["leeftui.notice"] == "DEMO DATA — synthetic"
    grid = runner.invoke(app, ["export", "--db", str(BUNDLED), "--level", "grid", "--format", "geoparquet", "-o",
                               str(tmp_path / "grid.parquet")])
    assert grid.exit_code == 2 and "The 100 m grid has no outlines in leeftui" in grid.stderr
    assert not (tmp_path / "grid.parquet").exists()


@pilot_test
async def test_the_explorer_exports_a_geopackage(tmp_path: Path) -> None:
    import pyogrio

    from leeftui.ui.app import create_app

    app = create_app(BUNDLED, fresh=True)
    target = tmp_path / "view.gpkg"
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(target)  # the suffix picks the format
        await settle(pilot)
        assert app.screen.fmt == "gpkg"
        await pilot.press("ctrl+s")
        await settle(pilot)
    info = pyogrio.read_info(target)
    assert info["features"] == 14 and info["crs"] == "EPSG:28992" and info["geometry_type"] == "MultiPolygon"
