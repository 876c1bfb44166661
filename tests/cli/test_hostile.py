"""What a user can cause, each case named after it: one sentence on stderr, the documented exit code, no
traceback, and nothing replaced or accepted by accident (docs/exports.md: "What happens when …")."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from leeftui.atomic import exclusive
from leeftui.cli import app
from leeftui.errors import BuildError

runner = CliRunner()


def _leeftui(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leeftui", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "100"}, **kw)  # type: ignore[call-overload]


def _one_sentence(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err and "╭" not in err, err
    return lines[0]


@pytest.mark.parametrize(("args", "needle"), [
    (("export", "--bogus"), "No such option: --bogus"),
    (("show",), "Missing argument"),
    (("--nope",), "No such option: --nope"),
    (("export", "--limit", "many"), "Invalid value for '--limit'"),
    (("db", "rebuild"), "Missing argument"),
])
def test_usage_errors_are_one_sentence_exit_2(args: tuple[str, ...], needle: str) -> None:
    proc = _leeftui(*args)
    assert proc.returncode == 2
    line = _one_sentence(proc.stderr)
    assert needle in line and "--help" in line
    assert proc.stdout == ""


def test_export_to_dev_full_is_one_sentence(tiny_db_path: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "leeftui", "export", "--db", str(tiny_db_path), "--level",
                               "buurt", "-o", "-"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 1
    assert "the disk is full" in _one_sentence(proc.stderr)


@pytest.mark.parametrize("stdin", ["closed", "devnull"])
def test_explorer_without_a_terminal_says_so_exit_2(tiny_db_path: Path, stdin: str) -> None:
    extra: dict[str, object] = {"stdin": subprocess.DEVNULL} if stdin == "devnull" else {}
    if stdin == "closed":
        extra = {"preexec_fn": lambda: os.close(0)}
    proc = _leeftui("--db", str(tiny_db_path), **extra)
    assert proc.returncode == 2
    assert "needs a terminal" in _one_sentence(proc.stderr)


def test_export_to_a_fifo_writes_through(tiny_db_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    proc = _leeftui("export", "--db", str(tiny_db_path), "--level", "gemeente", "--format", "csv", "-o", str(fifo))
    reader.join(30)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the FIFO, not a regular file
    assert got and b"GM9001" in got[0]


def test_export_through_a_symlink_replaces_its_target_and_keeps_the_link(tiny_db_path: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    refused = _leeftui("export", "--db", str(tiny_db_path), "--level", "gemeente", "-o", str(link))
    assert refused.returncode == 2 and "already exists" in _one_sentence(refused.stderr)
    proc = _leeftui("export", "--db", str(tiny_db_path), "--level", "gemeente", "-o", str(link), "--force")
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and link.resolve() == real
    assert "GM9001" in real.read_text()


def test_export_to_a_socket_is_refused(tiny_db_path: Path, tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    try:
        proc = _leeftui("export", "--db", str(tiny_db_path), "--level", "gemeente", "--format", "csv",
                        "-o", str(path), "--force")
    finally:
        sock.close()
    assert proc.returncode == 2 and "is a socket" in _one_sentence(proc.stderr)
    assert stat.S_ISSOCK(path.stat().st_mode)


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    from leeftui.demo import generate

    out = tmp_path / "src"
    generate(out, seed=1)
    return out


def test_rebuild_through_a_symlinked_db_replaces_its_target(sources: Path, tiny_db_path: Path,
                                                            tmp_path: Path) -> None:
    real = tmp_path / "real.duckdb"
    shutil.copy(tiny_db_path, real)
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    res = runner.invoke(app, ["db", "rebuild", str(sources), "--db", str(link), "--force"])
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and link.resolve() == real
    con = duckdb.connect(str(real), read_only=True)
    assert con.execute("SELECT count(*) FROM areas WHERE level = 'gemeente'").fetchone() == (14,)
    con.close()


def test_rebuild_to_a_fifo_is_refused(sources: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "db"
    os.mkfifo(fifo)
    res = runner.invoke(app, ["db", "rebuild", str(sources), "--db", str(fifo), "--force"])
    assert res.exit_code == 2 and "is a FIFO" in res.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_second_rebuild_of_the_same_target_is_refused(sources: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.duckdb"  # a new path: no --force needed, and yet only one may build it
    with exclusive(target):  # another rebuild holds the target
        res = runner.invoke(app, ["db", "rebuild", str(sources), "--db", str(target)])
    assert res.exit_code == 1 and "Another rebuild of" in res.output and "is running" in res.output
    assert not target.exists()
    assert not any(p.name.startswith(".new.duckdb") for p in tmp_path.iterdir())  # lock and temp removed
    ok = runner.invoke(app, ["db", "rebuild", str(sources), "--db", str(target)])
    assert ok.exit_code == 0, ok.output


def test_rebuild_where_the_database_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from leeftui.ingest import writer

    def refuse(path: str, **_config: object) -> None:
        raise duckdb.IOException(f'IO Error: Cannot open file "{path}": Read-only file system')

    monkeypatch.setattr(writer.duckdb, "connect", refuse)
    with pytest.raises(BuildError, match="Cannot create the new database next to .*Read-only file system"):
        writer.connect_new(tmp_path / ".x.tmp", tmp_path / "x.duckdb")


def test_sql_timeout_stops_a_runaway_recursive_query(tiny_db_path: Path) -> None:
    res = runner.invoke(app, ["sql", "--db", str(tiny_db_path), "--timeout", "0.5",
                              "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t"])
    assert res.exit_code == 1
    assert "ran longer than 0.5 s and was stopped" in res.output


def test_sql_memory_limit_ends_a_greedy_query_with_one_sentence(tiny_db_path: Path) -> None:
    res = runner.invoke(app, ["sql", "--db", str(tiny_db_path), "--memory-limit", "20MB",
                              "SELECT string_agg(repeat('x', 100), '') FROM range(2000000)"])
    assert res.exit_code == 1
    assert "SQL error" in res.output and "memory" in res.output.lower()


def test_sql_memory_limit_must_be_a_size(tiny_db_path: Path) -> None:
    res = runner.invoke(app, ["sql", "--db", str(tiny_db_path), "--memory-limit", "1GB'; ATTACH 'x", "SELECT 1"])
    assert res.exit_code == 2 and "must be a size" in res.output


@pytest.mark.parametrize("query", [
    "PIVOT scores ON jaar USING avg(lbm) GROUP BY release",
    "PIVOT scores ON jaar IN (2014, 2024) USING avg(lbm) GROUP BY release",
    "UNPIVOT (SELECT code, lbm, afw FROM scores WHERE jaar = 2024) ON lbm, afw INTO NAME k VALUE v",
])
def test_sql_read_only_pivot_is_accepted(tiny_db_path: Path, query: str) -> None:
    res = runner.invoke(app, ["sql", "--db", str(tiny_db_path), "--format", "csv", query])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("query", [
    "PIVOT (SELECT * FROM read_csv('/etc/passwd')) ON column0 USING count(*)",
    "PIVOT (SELECT getenv('HOME') AS h, 1 AS x) ON h USING count(*)",
])
def test_sql_dynamic_pivot_over_files_is_refused(tiny_db_path: Path, query: str) -> None:
    res = runner.invoke(app, ["sql", "--db", str(tiny_db_path), query])
    assert res.exit_code == 1 and "is refused" in res.output
