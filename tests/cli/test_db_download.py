"""`leeftui db download` end to end against a local http.server, and the offline cases."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leeftui.cli import app

CSV = ("wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
       "WK900101,Centrum,2024,4.25,0.15,0.01,0.02,0.03,0.04,0.05\n")


def _zip(csv: str = CSV) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("open-data/Leefbaarometer-scores wijken 2002-2024.csv", csv)
        zf.writestr("open-data/toelichting.pdf", b"%PDF")
    return buf.getvalue()


def _geometry_zip() -> bytes:
    """Outlines as the WFS serves them (GeoJSON in RD New), zipped like the official geometrie zip."""
    feature = ('{"type":"Feature","properties":{"wk_code":"WK900101"},"geometry":{"type":"Polygon",'
               '"coordinates":[[[120000,480000],[121000,480000],[121000,481000],[120000,481000],[120000,480000]]]}}')
    doc = ('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},'
           f'"features":[{feature}]}}')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("geometrie/wijk 2024.geojson", doc)
    return buf.getvalue()


@pytest.fixture()
def server() -> Iterator[str]:
    files = {"/open-data.zip": _zip(), "/notzip.zip": b"<html>hello</html>", "/geo/open-data.zip": _zip(),
             "/geo/geometrie-lbm3-2024.zip": _geometry_zip(),
             "/v1/open-data.zip": _zip(), "/v2/open-data.zip": _zip(CSV.replace("4.25,0.15", "4.35,0.25"))}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/short.zip":  # announces more than it sends, then hangs up
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(_zip()[:200])
                self.wfile.flush()
                self.close_connection = True
                return
            body = files.get(self.path)
            if body is None:
                self.send_error(404, "Not Found")
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LEEFTUI_DB", raising=False)
    return tmp_path / "data"


def test_download_and_rebuild(server: str, data: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["db", "download", "--url", f"{server}/open-data.zip"])
    assert res.exit_code == 0, res.output
    assert (data / "open-data.zip").exists() and (data / "leefbaarometer.duckdb").exists()
    res = runner.invoke(app, ["db", "info", "--format", "json"])
    assert '"lbm3-2024"' in res.stdout and "open-data.zip!open-data/Leefbaarometer-scores" in res.stdout
    # a second download replaces the user database (that is its purpose)
    res = runner.invoke(app, ["db", "download", "--url", f"{server}/open-data.zip", "--force"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in data.iterdir()) == ["leefbaarometer.duckdb", "open-data.zip", "open-data.zip.url"]


def test_download_fetches_the_outlines_beside_the_scores(server: str, data: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["db", "download", "--url", f"{server}/geo/open-data.zip"])
    assert res.exit_code == 0, res.output
    assert (data / "geometrie-lbm3-2024.zip").exists()
    info = runner.invoke(app, ["db", "info"])
    assert "geometrie-lbm3-2024.zip!geometrie/wijk 2024.geojson  [outlines, 1 rows]" in info.stdout
    # where the outlines' zip is missing (404), the scores are built all the same, and a warning says so
    res = runner.invoke(app, ["db", "download", "--url", f"{server}/open-data.zip", "--force"])
    assert res.exit_code == 0 and "warning: no outlines" in res.stderr and "--no-geometry" in res.stderr


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.parametrize("path,expect", [("/missing.zip", "HTTP 404"), ("/notzip.zip", "not a zip")])
def test_download_http_errors(server: str, data: Path, path: str, expect: str) -> None:
    res = CliRunner().invoke(app, ["db", "download", "--url", server + path])
    assert res.exit_code == 1 and expect in res.stderr
    assert not data.exists() or list(data.iterdir()) == []


def test_download_offline(data: Path) -> None:
    res = CliRunner().invoke(app, ["db", "download", "--url", f"http://127.0.0.1:{_closed_port()}/x.zip"])
    assert res.exit_code == 1 and "connection refused" in res.stderr
    assert not data.exists() or list(data.iterdir()) == []


def test_download_bad_url(data: Path) -> None:
    res = CliRunner().invoke(app, ["db", "download", "--url", "ftp://example.org/x.zip"])
    assert res.exit_code == 2 and "not an http(s) URL" in res.stderr


def test_a_saved_zip_of_another_url_is_not_reused(server: str, data: Path) -> None:
    from leeftui.store import open_database

    runner = CliRunner()
    assert runner.invoke(app, ["db", "download", "--url", f"{server}/v1/open-data.zip"]).exit_code == 0
    again = runner.invoke(app, ["db", "download", "--url", f"{server}/v1/open-data.zip"])
    assert again.exit_code == 0 and "using the scores saved earlier" in again.stderr
    other = runner.invoke(app, ["db", "download", "--url", f"{server}/v2/open-data.zip"])
    assert other.exit_code == 0 and "using the scores saved earlier" not in other.stderr
    db = open_database(data / "leefbaarometer.duckdb")
    try:
        assert db.rows("SELECT lbm FROM scores WHERE code = 'WK900101'") == [(4.35,)]  # v2's figures, not v1's
    finally:
        db.close()


def test_a_download_cut_short_says_so(server: str, data: Path) -> None:
    res = CliRunner().invoke(app, ["db", "download", "--url", f"{server}/short.zip"])
    assert res.exit_code == 1 and "incomplete" in res.stderr and "not a zip" not in res.stderr
    assert not data.exists() or list(data.iterdir()) == []
