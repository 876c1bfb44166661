"""Hostile input, round three: each case named after what a user (or an attacker) can do, answered with one
sentence and the documented exit code — no traceback, no hang, no live formula, no escape from the SQL guard
(docs/exports.md, "What happens when …")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.errors import LeeftuiError, UsageError
from leeftui.store.sqlguard import DENIED_FUNCTIONS, run_readonly_sql
from tests.realdata import need_real

runner = CliRunner()
GUARD_CASES = [0]
"""How many spellings the property test fed the guard (reported in the closing note)."""


def _leeftui(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leeftui", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "100"}, **kw)  # type: ignore[call-overload]


def _one_sentence(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# -- the SQL guard ---------------------------------------------------------------------------------------------

def test_sql_guard_a_comment_between_a_refused_function_and_its_parenthesis(tiny_db) -> None:
    with pytest.raises(UsageError, match=r"The function query\(\) is refused"):
        run_readonly_sql(tiny_db, "PIVOT (SELECT * FROM query /**/ ('SELECT 42 AS x')) ON x")


def test_sql_a_url_as_a_plain_value_is_not_refused(tiny_db) -> None:
    assert run_readonly_sql(tiny_db, "SELECT 'http://x' AS u").column("u").to_pylist() == ["http://x"]
    with pytest.raises(UsageError, match="Reading 'http://x/a.csv' is refused"):
        run_readonly_sql(tiny_db, "SELECT * FROM 'http://x/a.csv'")


def _case(name: str, rng: st.DrawFn) -> str:
    return "".join(c.upper() if rng(st.booleans()) else c.lower() for c in name)


@st.composite
def _refused_call(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(sorted(DENIED_FUNCTIONS)))
    spelled = _case(name, draw)
    if draw(st.booleans()):
        spelled = f'"{name}"'  # a quoted identifier keeps the name
    if draw(st.booleans()):
        spelled = f"main.{spelled}" if draw(st.booleans()) else spelled
    gap = draw(st.sampled_from(["", " ", "/**/", " /* x */ ", "\n", "--c\n", "\t/*(*/"]))
    call = f"{spelled}{gap}('x')"
    wrapper = draw(st.sampled_from([
        "SELECT * FROM {c}", "SELECT {c}", "SELECT * FROM (SELECT * FROM {c})", "WITH t AS (SELECT * FROM {c}) "
        "SELECT * FROM t", "PIVOT (SELECT * FROM {c}) ON x", "UNPIVOT (SELECT * FROM {c}) ON x INTO NAME n VALUE v",
        "PIVOT (SELECT 1 AS x FROM {c}) ON x USING count(*)", "SELECT * FROM areas WHERE code IN (SELECT * FROM {c})",
    ]))
    return wrapper.format(c=call)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sql=_refused_call())
def test_sql_guard_refuses_every_spelling_of_a_refused_function(tiny_db, sql: str) -> None:
    """Generated spellings — case, quotes, schema, comments and newlines before the parenthesis, subqueries,
    CTEs, PIVOT/UNPIVOT — of every refused function: none runs."""
    GUARD_CASES[0] += 1
    with pytest.raises(LeeftuiError) as caught:
        run_readonly_sql(tiny_db, sql)
    # refused before it ran (UsageError), or not SQL DuckDB can parse — never an error from running it
    assert isinstance(caught.value, UsageError) or "Parser Error" in str(caught.value), (sql, str(caught.value))


# -- lock and temp files ---------------------------------------------------------------------------------------

def test_rebuild_never_writes_through_a_symlink_planted_at_its_lock(tmp_path: Path) -> None:
    from tests.unit.ingest.helpers import wijk_file

    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / ".t.duckdb.lock").symlink_to(victim)
    src = wijk_file(_mkdir(tmp_path / "src"))
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 1 and "is a symbolic link" in _one_sentence(r.stderr)
    assert victim.read_text(encoding="utf-8") == "precious" and not (tmp_path / "t.duckdb").exists()


def test_rebuild_removes_what_a_killed_rebuild_left_beside_the_target(tmp_path: Path) -> None:
    from tests.unit.ingest.helpers import wijk_file

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = tmp_path / f".t.duckdb.{pid}.0123abcd.tmp"
    stale.write_bytes(b"half a database")
    stale.with_name(stale.name + ".wal").write_bytes(b"wal")
    alive = tmp_path / f".t.duckdb.{os.getpid()}.0123abcd.tmp"  # a live process's: kept
    alive.write_bytes(b"busy")
    src = wijk_file(_mkdir(tmp_path / "src"))
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 0, r.output
    assert not stale.exists() and not stale.with_name(stale.name + ".wal").exists() and alive.exists()


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- raw escapes -----------------------------------------------------------------------------------------------

def test_escape_sequences_in_set_names_and_output_names_are_shown_not_sent(tmp_path: Path) -> None:
    from tests.unit.ingest.helpers import wijk_file

    src = _mkdir(tmp_path / "src")
    wijk_file(src)
    (src / "sets.toml").write_text('[[set]]\nname = "evil\\u001b[2Jset"\nmembers = ["WK900101"]\n', encoding="utf-8")
    db = tmp_path / "t.duckdb"
    built = _leeftui("db", "rebuild", str(src), "--db", str(db))
    assert built.returncode == 0, built.stderr
    info = _leeftui("db", "info", "--db", str(db))
    assert "evil\\x1b[2Jset" in info.stdout and "\x1b" not in info.stdout
    out = tmp_path / "out\x1b[31m.csv"
    wrote = _leeftui("export", "--db", str(db), "--level", "wijk", "-o", str(out))
    assert wrote.returncode == 0 and "out\\x1b[31m.csv" in wrote.stderr and "\x1b" not in wrote.stderr


# -- the filter language ---------------------------------------------------------------------------------------

def _names_table():  # noqa: ANN202 - a pyarrow table
    import pyarrow as pa

    return pa.table({"name": ["3e Binnenhaven", "Centrum", "De \"Hoek\""], "lbm": [4.1, 3.9, None]})


def test_filter_a_backslash_in_a_pattern_is_kept() -> None:
    from leeftui.model.expr import compile_filter

    t = _names_table()
    assert compile_filter('name ~ "^\\d"', t.schema).apply(t).column("name").to_pylist() == ["3e Binnenhaven"]
    assert compile_filter('name ~ "\\"Hoek\\""', t.schema).apply(t).column("name").to_pylist() == ['De "Hoek"']


@pytest.mark.parametrize(("text", "needle"), [
    ('name ~ "(?=C)"', "RE2: no look-ahead"),
    ('name ~ "(a)\\1"', "RE2"),
    ('lbm ~ "4"', "lbm is a number"),
    ("(" * 60 + "lbm > 1" + ")" * 60, "nests more than 50 levels"),
    ("not " * 60 + "lbm > 1", "nests more than 50 levels"),
    (" or ".join(["lbm > 1"] * 9000), "characters"),
    (" and ".join(["lbm > 1"] * 600), "more than 500 comparisons"),
])
def test_filter_beyond_its_limits_is_one_sentence(text: str, needle: str) -> None:
    from leeftui.model.expr import ExprError, compile_filter

    with pytest.raises(ExprError, match=needle.replace("(", r"\(")):
        compile_filter(text, _names_table().schema)


def test_filter_limits_in_the_cli_exit_2(tiny_db_path: Path) -> None:
    deep = "(" * 600 + "lbm > 1" + ")" * 600
    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "--where", deep])
    assert r.exit_code == 2 and "nests more than 50 levels" in _one_sentence(r.stderr)


FILTER_CASES = [0]

_FILTER_PIECES = st.sampled_from(["name", "lbm", "(", ")", "and", "or", "not", "~", "!~", "<", ">=", "=", "!=",
                                  '"^C"', '"(?=x)"', "'a\\'b'", "4.1", "-1e309", "null", "true", "Δlbm", "\\",
                                  '"', "'", "1", ".", "é", "\x00", "\x1b[2J"])


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_FILTER_PIECES, max_size=40))
def test_filter_language_fuzz_gives_a_condition_or_one_sentence(pieces: list[str]) -> None:
    """Random token soups: the filter compiles and runs, or says why in an ExprError — nothing else."""
    from leeftui.model.expr import ExprError, compile_filter

    FILTER_CASES[0] += 1
    t = _names_table()
    try:
        compiled = compile_filter(" ".join(pieces), t.schema)
    except ExprError:
        return
    compiled.apply(t)


# -- nothing blocks for ever -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_fifo_or_dev_zero_as_a_score_source_is_refused(tmp_path: Path, kind: str) -> None:
    src = tmp_path / "scores.csv"
    if kind == "fifo":
        os.mkfifo(src)
    else:
        src = Path(kind)
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 2 and "give a file, a folder or a zip" in _one_sentence(r.stderr)


def test_a_fifo_in_a_source_folder_is_skipped(tmp_path: Path) -> None:
    from tests.unit.ingest.helpers import wijk_file

    src = _mkdir(tmp_path / "src")
    wijk_file(src)
    os.mkfifo(src / "more.csv")
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(("make", "needle"), [
    ("fifo", "is a FIFO, not a database file"), ("devzero", "is a character device, not a database file"),
    ("sqlite", "is a SQLite file, not a leeftui database"), ("empty", "not a readable DuckDB file (it is empty)")])
def test_a_database_that_is_no_duckdb_file_is_refused_before_duckdb_sees_it(tmp_path: Path, make: str,
                                                                           needle: str) -> None:
    db = tmp_path / "x.duckdb"
    if make == "fifo":
        os.mkfifo(db)
    elif make == "devzero":
        db = Path("/dev/zero")
    elif make == "sqlite":
        import sqlite3

        con = sqlite3.connect(db)
        con.execute("CREATE TABLE t (a)")
        con.commit()
        con.close()
    else:
        db.write_bytes(b"")
    r = _leeftui("export", "--db", str(db))
    assert r.returncode == 3 and needle in _one_sentence(r.stderr)


def test_a_fifo_as_set_file_is_refused(tiny_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(tiny_db_path.read_bytes())
    os.mkfifo(tmp_path / "sets.toml")
    r = runner.invoke(app, ["db", "add-set", str(tmp_path / "sets.toml"), "--db", str(db)])
    assert r.exit_code == 2 and "is a FIFO; give a TOML file" in _one_sentence(r.stderr)


def test_export_into_a_fifo_nobody_reads_gives_up(tiny_db_path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import leeftui.export.files

    monkeypatch.setattr(leeftui.export.files, "FIFO_WAIT", 0.5)
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    start = time.monotonic()
    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "-o", str(fifo), "-f", "csv"])
    assert r.exit_code == 1 and "Nothing reads from the FIFO" in _one_sentence(r.stderr)
    assert time.monotonic() - start < 5


def test_sigterm_ends_an_export_blocked_on_a_fifo(tiny_db_path: Path, tmp_path: Path) -> None:
    import signal
    import time

    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "leeftui", "export", "--db", str(tiny_db_path), "-o", str(fifo),
                             "-f", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=10)
    assert proc.returncode == 143


def test_a_state_file_that_is_a_fifo_dev_zero_or_nonsense_is_let_go(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from leeftui.ui import remembered

    state = tmp_path / "state.json"
    monkeypatch.setattr(remembered, "state_file", lambda: state)
    os.mkfifo(state)
    assert remembered.load("x") is None  # no hang
    state.unlink()
    state.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert remembered.load("x") is None  # no RecursionError
    state.write_text(json.dumps({"databases": {"x": {"marks": 5, "filter": [1, 2], "wave_a": "2014",
                                                     "scope": {"a": 1}}}}), encoding="utf-8")
    got = remembered.load("x")
    assert got is not None and got.marks == 5  # read as it is: restore() lets a field of the wrong type go


# -- silently wrong inputs, refused with file:line -------------------------------------------------------------

def _wijk_source(tmp_path: Path) -> Path:
    from tests.unit.ingest.helpers import wijk_file

    src = _mkdir(tmp_path / "src")
    wijk_file(src)
    return src


def test_a_source_cut_in_its_last_row_is_refused_with_its_line(tmp_path: Path) -> None:
    src = _wijk_source(tmp_path)
    f = src / "wijken.csv"
    f.write_text(f.read_text(encoding="utf-8").rstrip("\n")[:-30], encoding="utf-8")
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 1 and "wijken.csv:9: the last row has 5 of the header's 10 fields" in r.stderr
    assert not (tmp_path / "t.duckdb").exists()


def test_a_byte_that_is_neither_utf8_nor_cp1252_is_refused_with_its_line(tmp_path: Path) -> None:
    src = _wijk_source(tmp_path)
    f = src / "wijken.csv"
    f.write_bytes(f.read_bytes().replace(b"Centrum", b"Cen\x81trum", 1))
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 1 and "wijken.csv:2: byte 0x81 is text in neither UTF-8 nor Windows-1252" in r.stderr


def test_a_set_file_nested_too_deep_is_one_sentence(tmp_path: Path, tiny_db_path: Path) -> None:
    src = _wijk_source(tmp_path)
    (src / "sets.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 1 and "nests arrays or tables too deep" in r.stderr and "Traceback" not in r.output
    db = tmp_path / "copy.duckdb"
    db.write_bytes(tiny_db_path.read_bytes())
    r = runner.invoke(app, ["db", "add-set", str(src / "sets.toml"), "--db", str(db)])
    assert r.exit_code == 1 and "nests arrays or tables too deep" in _one_sentence(r.stderr)


def test_a_population_json_nested_too_deep_or_with_half_an_inhabitant(tmp_path: Path) -> None:
    import json

    from leeftui.ingest.population import load_json

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert load_json(deep) is None  # not data leeftui reads, no RecursionError
    from tests.unit.ingest.helpers import population_json

    src = _wijk_source(tmp_path)
    population_json(src)
    data = json.loads((src / "data.json").read_text(encoding="utf-8"))
    data["WK900101"]["AantalInwoners_5"] = 1.5
    (src / "data.json").write_text(json.dumps(data), encoding="utf-8")
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 1 and "1.5 is not a count" in r.stderr, r.output


@pytest.mark.parametrize(("make", "code"), [("missing", 3), ("corrupt", 3)])
def test_add_set_onto_a_missing_or_corrupt_database_exits_3(tmp_path: Path, make: str, code: int) -> None:
    db = tmp_path / "x.duckdb"
    if make == "corrupt":
        db.write_bytes(b"not a database at all, but long enough")
    sets = tmp_path / "s.toml"
    sets.write_text('[[set]]\nname = "s"\nmembers = ["GM0001"]\n', encoding="utf-8")
    r = runner.invoke(app, ["db", "add-set", str(sets), "--db", str(db)])
    assert r.exit_code == code and _one_sentence(r.stderr)


@pytest.mark.parametrize(("args", "needle"), [
    (["db", "rebuild", ".", "--year", "99999"], "--year"), (["db", "rebuild", ".", "--year", "-1"], "--year"),
    (["sql", "SELECT 1", "--timeout", "nan"], "not nan"), (["sql", "SELECT 1", "--timeout", "inf"], "--timeout"),
    (["sql", "SELECT 1", "--memory-limit", "0B"], "too little"),
])
def test_options_out_of_their_range_are_refused(tiny_db_path: Path, args: list[str], needle: str) -> None:
    r = runner.invoke(app, [*args, "--db", str(tiny_db_path)] if args[0] == "sql" else args)
    assert r.exit_code == 2 and needle in _one_sentence(r.stderr)


# -- downloads -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "needle"), [
    ("http://127.0.0.1:abc/x.zip", "port that is not a number"), ("http://127.0.0.1:8/x y.zip", "spaces"),
    ("http://127.0.0.1:8/x\x01.zip", "control characters")])
def test_download_urls_that_cannot_be_fetched_are_one_sentence(tmp_path: Path, url: str, needle: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path))
    r = runner.invoke(app, ["db", "download", "--url", url, "--no-geometry"])
    assert r.exit_code == 2 and needle in _one_sentence(r.stderr)


def test_a_download_that_trickles_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that sends a byte every 0.1 s: no read ever times out, but the stall limit (here 1 KB in 1 s)
    gives it up in one sentence, and nothing is saved."""
    import http.server
    import threading
    import time

    import leeftui.ingest.download as dl

    class Trickle(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"P")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    monkeypatch.setattr(dl, "STALL_SECONDS", 1.0)
    monkeypatch.setattr(dl, "STALL_BYTES", 1000)
    monkeypatch.setenv("LEEFTUI_DATA_DIR", str(tmp_path))
    try:
        start = time.monotonic()
        r = runner.invoke(app, ["db", "download", "--url", f"http://127.0.0.1:{srv.server_port}/open-data.zip",
                                "--no-geometry"])
    finally:
        srv.shutdown()
    assert r.exit_code == 1 and "stalled" in _one_sentence(r.stderr) and time.monotonic() - start < 5
    assert not list(tmp_path.rglob("*.zip"))


# -- long and odd output names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a" * 300 + ".csv", "/tmp" + "/b" * 2500 + "/x.csv", "~nosuchuser/x.csv"])
def test_output_names_that_cannot_be_files_are_one_sentence(tiny_db_path: Path, name: str) -> None:
    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "-o", name])
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert len(_one_sentence(r.stderr)) < 1100


def test_a_huge_search_is_not_echoed_whole(tiny_db_path: Path) -> None:
    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "--search", "x" * 30_000])
    line = _one_sentence(r.stderr)
    assert r.exit_code == 1 and len(line) < 1100 and "characters left out" in line


# -- zips Python cannot unpack ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "needle"), [("encrypted", "is encrypted"), ("aes", "AES encryption"),
                                              ("deflate64", "Deflate64")])
def test_zip_members_leeftui_cannot_unpack_are_one_sentence(tmp_path: Path, kind: str, needle: str) -> None:
    import io
    import struct
    import zipfile

    from tests.unit.ingest.helpers import HEADER_WK, wijk_rows

    csv = (",".join(HEADER_WK) + "\n" + "\n".join(",".join(r) for r in wijk_rows()) + "\n").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("wijken.csv", csv)
    raw = bytearray(buf.getvalue())
    local, central = raw.find(b"PK\x03\x04"), raw.find(b"PK\x01\x02")
    if kind == "encrypted":  # the 'encrypted' flag bit in both headers
        raw[local + 6] |= 1
        raw[central + 8] |= 1
    else:  # the compression method field
        method = struct.pack("<H", 99 if kind == "aes" else 9)
        raw[local + 8:local + 10] = method
        raw[central + 10:central + 12] = method
    z = tmp_path / "open-data.zip"
    z.write_bytes(bytes(raw))
    r = runner.invoke(app, ["db", "rebuild", str(z), "--db", str(tmp_path / "t.duckdb")])
    assert r.exit_code == 1 and needle in _one_sentence(r.stderr) and not (tmp_path / "t.duckdb").exists()


# -- outlines with odd coordinates -------------------------------------------------------------------------------

def _geojson(tmp_path: Path, corner: str, crs: bool) -> Path:
    src = _wijk_source(tmp_path)
    head = '"crs":{"type":"name","properties":{"name":"EPSG:28992"}},' if crs else ""
    (src / "wijk.geojson").write_text(
        '{"type":"FeatureCollection",' + head + '"features":[{"type":"Feature","properties":{"wk_code":"WK900101"},'
        '"geometry":{"type":"Polygon","coordinates":[[[120000,480000],[121000,480000],[' + corner + '],'
        '[120000,481000],[120000,480000]]]}}]}', encoding="utf-8")
    return src


def test_a_geojson_in_rd_coordinates_without_a_crs_is_read_as_rd_new(tmp_path: Path) -> None:
    from tests.dbquery import q

    r = runner.invoke(app, ["db", "rebuild", str(_geojson(tmp_path, "121000,481000", crs=False)), "--db",
                            str(tmp_path / "t.duckdb")])
    assert r.exit_code == 0 and "read as RD New (EPSG:28992)" in r.stderr, r.output
    assert q(tmp_path / "t.duckdb", "SELECT code, minx, maxy FROM outlines") == [("WK900101", 120000.0, 481000.0)]


@pytest.mark.parametrize("corner", ["NaN,1e308", "1e308,1e308", "Infinity,481000"])
def test_an_outline_with_coordinates_that_are_not_finite_is_skipped(tmp_path: Path, corner: str) -> None:
    from tests.dbquery import q

    db = tmp_path / "t.duckdb"
    r = runner.invoke(app, ["db", "rebuild", str(_geojson(tmp_path, corner, crs=True)), "--db", str(db)])
    assert r.exit_code == 0 and "not finite or not in the Netherlands skipped" in r.stderr, r.output
    assert q(db, "SELECT count(*) FROM outlines") == [(0,)]
    m = runner.invoke(app, ["map", "--db", str(db), "--level", "wijk"])
    assert "Traceback" not in m.output


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "json"])
def test_an_export_onto_a_full_disk_is_one_sentence(tiny_db_path: Path, fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "leeftui", "export", "--db", str(tiny_db_path), "-o",
                               "/dev/stdout", "-f", fmt], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert "No space left on device" in _one_sentence(proc.stderr) or "disk is full" in proc.stderr


def test_names_holding_esc_or_nul_go_into_xlsx_as_visible_escapes(tmp_path: Path) -> None:
    import openpyxl

    src = _wijk_source(tmp_path)
    f = src / "wijken.csv"
    f.write_bytes(f.read_bytes().replace(b"Centrum", b"Cen\x1b[31mtrum").replace(b"Oost", b"Oo\x00st"))
    db = tmp_path / "t.duckdb"
    r = runner.invoke(app, ["db", "rebuild", str(src), "--db", str(db)])
    assert r.exit_code in (0, 1) and "Traceback" not in r.output  # NUL may be refused with file:line
    if r.exit_code == 1:
        assert "wijken.csv" in r.stderr
        return
    out = tmp_path / "x.xlsx"
    e = runner.invoke(app, ["export", "--db", str(db), "--level", "wijk", "-o", str(out)])
    assert e.exit_code == 0, e.output
    names = {c.value for c in openpyxl.load_workbook(out)["data"]["B"]}
    assert "Cen\\x1b[31mtrum" in names


# -- issue 27's tracebacks -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "needle"), [("/nonexist/dir/x.svg", "does not exist"),
                                               ("a" * 300 + ".svg", "File name too long")])
def test_map_to_a_missing_folder_or_a_too_long_name_is_one_sentence(tmp_path: Path, name: str,
                                                                    needle: str) -> None:
    from leeftui.paths import bundled_db_path  # a database with outlines (read only)

    target = name if name.startswith("/") else str(tmp_path / name)
    r = runner.invoke(app, ["map", "--db", str(bundled_db_path()), "--level", "wijk", "-o", target])
    assert r.exit_code == 2 and needle in _one_sentence(r.stderr)


def test_map_force_writes_through_a_fifo_and_keeps_a_symlink(tmp_path: Path) -> None:
    import threading

    from leeftui.paths import bundled_db_path  # a database with outlines (read only)

    db = bundled_db_path()
    fifo = tmp_path / "m.svg"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = runner.invoke(app, ["map", "--db", str(db), "--level", "wijk", "-o", str(fifo), "--force"])
    reader.join(10)
    assert r.exit_code == 0 and got and got[0].startswith(b"<svg") and fifo.is_fifo()
    victim = tmp_path / "real.svg"
    victim.write_text("old", encoding="utf-8")
    link = tmp_path / "link.svg"
    link.symlink_to(victim)
    r = runner.invoke(app, ["map", "--db", str(db), "--level", "wijk", "-o", str(link), "--force"])
    assert r.exit_code == 0 and link.is_symlink() and victim.read_text(encoding="utf-8").startswith("<svg")


def test_decliners_with_a_limit_beyond_64_bits_is_every_row(tiny_db_path: Path) -> None:
    r = runner.invoke(app, ["stats", "decliners", "2014:2024", "--db", str(tiny_db_path), "--limit",
                            "99999999999999999999999", "-f", "csv"])
    assert r.exit_code in (0, 1) and "Traceback" not in r.output and "OverflowError" not in r.output


def test_a_database_damaged_in_its_middle_is_one_sentence_exit_3(tmp_path: Path) -> None:
    from leeftui.paths import bundled_db_path

    db = tmp_path / "damaged.duckdb"
    data = bytearray(bundled_db_path().read_bytes())
    for tenth in range(2, 10):  # a block every tenth of the file: some of them hold what the export reads
        at = int(len(data) * tenth / 10)
        data[at:at + 16384] = b"\xde\xad\xbe\xef" * 4096
    db.write_bytes(bytes(data))
    r = _leeftui("export", "--db", str(db), "--level", "buurt", "-f", "csv")
    assert r.returncode == 3 and ("damaged" in _one_sentence(r.stderr) or "unreadable" in r.stderr)


def test_the_official_class_codes_file_among_the_sources_is_used_as_a_check(tmp_path: Path) -> None:
    """The file the WFS's class codes come in (kscore … kwon), left in a source folder, stopped the rebuild; now
    the build compares its own classes with it and says how many agree (all 1,770 buurten of the north, each of
    the seven classes)."""
    r = runner.invoke(app, ["db", "rebuild", str(need_real("lbm3-meting2024-buurten-north")), "--db",
                            str(tmp_path / "n.duckdb")])
    assert r.exit_code == 0, r.output
    words = " ".join(r.stderr.split())
    assert "agree with them for kscore 1,770 of 1,770, kafw 1,770 of 1,770" in words
    assert "kwon 1,770 of 1,770 buurten" in words


def test_compare_with_a_wave_the_release_lacks_names_its_waves(tmp_path: Path) -> None:
    from tests.unit.ingest.helpers import wijk_file

    db = tmp_path / "one.duckdb"
    src = _mkdir(tmp_path / "src")
    wijk_file(src)
    assert runner.invoke(app, ["db", "rebuild", str(src), "--db", str(db)]).exit_code == 0
    r = runner.invoke(app, ["export", "--db", str(db), "--compare", "2014:2022"])
    assert r.exit_code == 2 and "Wave 2014 is not in" in _one_sentence(r.stderr) and "2020, 2022" in r.stderr


def test_a_jsonl_export_through_a_symlink_puts_its_provenance_beside_the_file(tiny_db_path: Path,
                                                                            tmp_path: Path) -> None:
    real = _mkdir(tmp_path / "real") / "rows.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    r = runner.invoke(app, ["export", "--db", str(tiny_db_path), "-o", str(link), "--force"])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and (real.parent / "rows.jsonl.meta.json").is_file()
    assert not (tmp_path / "link.jsonl.meta.json").exists()
