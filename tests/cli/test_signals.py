"""Ctrl+C, SIGTERM and SIGHUP, sent to real processes: exit 128 + signal, one sentence, nothing lost or left.

Each case waits for a state it can see (the build's temp file beside the target, the explorer's first
frame) before it sends the signal, so none depends on timing luck.
"""

from __future__ import annotations

import hashlib
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leeftui.demo import generate


@pytest.fixture(scope="module")
def big_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo sources at a fifth of the national size: a rebuild takes long enough to be interrupted."""
    out = tmp_path_factory.mktemp("big") / "src"
    generate(out, seed=3, scale=0.2)
    return out


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(tmp), "COLUMNS": "120"}


def _rebuild(sources: Path, db: Path, tmp: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "leeftui", "db", "rebuild", str(sources), "--db", str(db),
                             "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp))


def _wait_for_temp(folder: Path, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not any(p.name.endswith(".tmp") for p in folder.iterdir()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the rebuild never started writing"
        time.sleep(0.005)


@pytest.mark.parametrize(("signum", "code", "word"), [
    (signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP")])
def test_signal_during_rebuild_keeps_database_and_leaves_no_temp_files(
        big_sources: Path, tiny_db_path: Path, tmp_path: Path, signum: int, code: int, word: str) -> None:
    folder = tmp_path / "dbs"
    folder.mkdir()
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    db = folder / "a.duckdb"
    db.write_bytes(tiny_db_path.read_bytes())
    before = _sha(db)
    proc = _rebuild(big_sources, db, tmp)
    _wait_for_temp(folder, proc)
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err and f"Interrupted by {word}" in err
    assert _sha(db) == before
    assert sorted(p.name for p in folder.iterdir()) == ["a.duckdb"]  # no .tmp, .wal or .lock left
    assert list(tmp.iterdir()) == []  # no leeftui-build-* work folder


def test_ctrl_c_stops_a_running_sql_query_within_a_second(tiny_db_path: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "leeftui", "sql", "--db", str(tiny_db_path),
                             "SELECT count(*) FROM range(1000000000000::BIGINT)"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp_path))
    time.sleep(1.5)  # the query is running (it would take minutes)
    assert proc.poll() is None
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 1.0
    assert proc.returncode == 130 and "Traceback" not in err and "Interrupted by Ctrl+C" in err


def _run_in_terminal(args: list[str], signum: int) -> tuple[int, bytes]:
    """Start the explorer in a pseudo-terminal, wait for its first frame, send ``signum``; return exit code and
    everything it wrote."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ.update({"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"})
        os.execv(sys.executable, [sys.executable, "-m", "leeftui", *args])
    out = b""
    deadline = time.monotonic() + 60
    sent = False
    while True:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not sent and b"Nederland" in out:
            time.sleep(0.3)
            os.kill(pid, signum)
            sent = True
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            break
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_to_the_explorer_restores_the_terminal(tiny_db_path: Path, signum: int, code: int) -> None:
    status, out = _run_in_terminal(["--db", str(tiny_db_path)], signum)
    assert status == code, out[-500:]
    assert b"Traceback" not in out
    last_enter = out.rfind(b"\x1b[?1049h")
    assert last_enter >= 0 and out.rfind(b"\x1b[?1049l") > last_enter  # alternate screen left
    assert out.rfind(b"\x1b[?1000l") > out.rfind(b"\x1b[?1000h")  # mouse reporting switched off


def test_explorer_starts_without_the_command_line_layer(tiny_db_path: Path) -> None:
    """`leeftui` / `leeftui --db X` go straight to the explorer: typer, pydantic and the command modules stay
    unloaded (they cost ≈ 0.1–0.2 s before the first frame)."""
    probe = ("import sys; from leeftui import entry; sys.argv = ['leeftui', '--db', sys.argv[1]]\n"
             "import leeftui.ui.launch as l; l.launch = lambda db, **kw: print(sorted(m for m in sys.modules if "
             "m.split('.')[0] in ('typer', 'pydantic', 'click') or m.startswith('leeftui.cli'))) or 0\n"
             "entry.main()")
    proc = subprocess.run([sys.executable, "-c", probe, str(tiny_db_path)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize(("argv", "expected"), [
    ([], ()), (["--db", "x.duckdb"], ("x.duckdb",)), (["--db=x.duckdb"], ("x.duckdb",)),
    (["--fresh", "--theme", "nord", "--db", "x"], ("x", True, "nord")),
    (["--theme=ansi-dark"], (None, False, "ansi-dark")),
    (["--help"], None), (["export"], None), (["--db", "x", "show", "GM1"], None),
    (["--db"], None), (["--db", "--help"], None), (["--fresh", "--fresh"], None), (["--theme"], None),
])
def test_only_the_explorer_takes_the_fast_path(argv: list[str], expected: tuple | None) -> None:
    from leeftui.entry import ExplorerArgs, explorer_args

    assert explorer_args(argv) == (None if expected is None else ExplorerArgs(*expected))


def test_the_explorer_never_outlives_its_terminal(tiny_db_path: Path) -> None:
    """The terminal taken away (the pty's master closed: SIGHUP, then EIO on every write, as an SSH disconnect
    does) at random moments from start through the first keys, 50 times (5 at once): every explorer is gone
    within 5 s of losing its terminal."""
    import random

    rng = random.Random(20071)
    left: list[str] = []
    for _batch in range(10):
        kids: dict[int, dict[str, float | int | None]] = {}
        for _ in range(5):
            pid, fd = pty.fork()
            if pid == 0:  # child
                os.environ.update({"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"})
                os.execv(sys.executable, [sys.executable, "-m", "leeftui", "--db", str(tiny_db_path)])
            os.set_inheritable(fd, False)  # else the next child holds this terminal open: no hangup
            kids[pid] = {"fd": fd, "close_at": time.monotonic() + rng.uniform(0.0, 2.5), "closed": None,
                         "start": time.monotonic(),
                         "keys": rng.random() < 0.5}
        while any(k["closed"] is None for k in kids.values()):
            open_fds = [int(k["fd"]) for k in kids.values() if k["closed"] is None]
            ready, _, _ = select.select(open_fds, [], [], 0.05)
            for fd in ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
            now = time.monotonic()
            for k in kids.values():
                if k["closed"] is None and k["keys"] and now > float(k["close_at"]) - 0.3:
                    try:
                        os.write(int(k["fd"]), b"j")  # a first key, just before the terminal goes
                    except OSError:
                        pass
                if k["closed"] is None and now >= float(k["close_at"]):
                    os.close(int(k["fd"]))
                    k["closed"] = now
        for pid, k in kids.items():
            deadline = float(k["closed"]) + 5.0  # type: ignore[arg-type]
            while True:
                done, _status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                if time.monotonic() > deadline:
                    info = ""
                    for tid in sorted(os.listdir(f"/proc/{pid}/task")):
                        try:
                            info += " | " + open(f"/proc/{pid}/task/{tid}/comm").read().strip() + " " + \
                                open(f"/proc/{pid}/task/{tid}/wchan").read() + " " + " ".join(
                                    ln for ln in open(f"/proc/{pid}/task/{tid}/status").read().splitlines()
                                    if ln.startswith(("SigBlk", "SigPnd", "ShdPnd")))
                        except OSError:
                            pass
                    left.append(f"pid {pid}, terminal closed {float(k['closed']) - float(k['start']):.2f} s after "
                                f"start{info}")
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.02)
    assert not left, f"{len(left)} of 50 explorers outlived their terminal: {left}"
