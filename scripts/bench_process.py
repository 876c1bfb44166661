"""Whole-process measurements, as users meet leeftui: the console script started in a pseudo-terminal until
the first data row is painted, ``leeftui --help``, and ``leeftui export … -o FILE`` — each against a
baseline process started the same way, alternating round by round."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from bench_core import Figure, paired_runs, ratio_figure
from bench_data import export_selection

FLOOR = Path(__file__).resolve().parent / "bench_floor.py"
COLUMNS, LINES = 120, 40
TIMEOUT = 60.0


def console_script() -> list[str]:
    """The installed ``leeftui`` script beside this Python (what users type), else ``python -m leeftui``."""
    script = Path(sys.executable).parent / "leeftui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "leeftui"]


def _config_root() -> str | None:
    """Where the harness's config folders go: inside the bench's temporary folder when bench.py set one."""
    base = os.environ.get("LEEFTUI_CONFIG_DIR")
    if base:
        Path(base).mkdir(parents=True, exist_ok=True)
    return base


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TEXTUAL", "NO_COLOR")}
    env.update({"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
                # a config folder of its own: nothing remembered from the run before (the console script runs
                # as users first meet it), and no state left behind for the next
                "LEEFTUI_CONFIG_DIR": tempfile.mkdtemp(prefix="config-", dir=_config_root())})
    return env


BSU, ESU = b"\x1b[?2026h", b"\x1b[?2026l"
"""Begin/end of a synchronized update: Textual wraps each frame in them once the terminal says it supports
mode 2026 (as tmux, kitty, WezTerm and iTerm2 do), so the end of a frame can be seen in the byte stream."""
DECRQM_2026, SUPPORTED_2026 = b"\x1b[?2026$p", b"\x1b[?2026;2$y"

KEY_BYTES = {"down": b"\x1b[B", "up": b"\x1b[A", "enter": b"\r", "backspace": b"\x7f", "tab": b"\t",
             "escape": b"\x1b"}
"""Bytes of the named keys; any other key name is a character typed as itself."""
FILTER_TYPED = "d_lbm < 0 and klasse_b <= 4"
"""What the settled part types, character by character, into the filter dialog's expression over the national
buurt list."""


class Terminal:
    """A program in a 120×40 pseudo-terminal that answers Textual's query for synchronized output."""

    def __init__(self, argv: list[str]) -> None:
        import fcntl
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=_env(),
                                     start_new_session=True)
        os.close(slave)
        self.seen = b""
        self._answered = False

    def read(self, timeout: float) -> bytes:
        """Whatever arrives within ``timeout`` seconds (answering the 2026 query when it comes)."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:
            return b""
        self.seen += chunk
        if not self._answered and DECRQM_2026 in self.seen:
            os.write(self.master, SUPPORTED_2026)
            self._answered = True
        return chunk

    def wait_for(self, marker: bytes, timeout: float = TIMEOUT) -> float:
        """Seconds since start until ``marker`` has arrived."""
        while marker not in self.seen:
            if time.perf_counter() - self.t0 > timeout:
                raise RuntimeError(f"no {marker!r} within {timeout:g} s: {self.seen[-300:]!r}")
            if not self.read(0.05) and self.proc.poll() is not None:
                raise RuntimeError(f"exited {self.proc.returncode} before writing {marker!r}: {self.seen[-300:]!r}")
        return time.perf_counter() - self.t0

    def quiet(self, seconds: float) -> None:
        """Read until nothing has arrived for ``seconds``."""
        while self.read(seconds):
            pass

    def key(self, name: str) -> float:
        """Send a key; milliseconds until the end of the next frame arrives."""
        self.seen = b""
        t0 = time.perf_counter()
        os.write(self.master, KEY_BYTES.get(name) or name.encode())
        while ESU not in self.seen:
            if time.perf_counter() - t0 > 10:
                raise RuntimeError(f"no frame after {name!r}")
            self.read(0.01)
        return (time.perf_counter() - t0) * 1000

    def key_settled(self, name: str, quiet: float = 0.3, limit: float = 5.0) -> float:
        """Send a key; milliseconds until the screen is finished: the end of the last frame before nothing more
        arrives for ``quiet`` seconds (the detail, the map, a second frame all count, not only the first)."""
        self.seen = b""
        t0 = time.perf_counter()
        os.write(self.master, KEY_BYTES.get(name) or name.encode())
        last = None
        silent_since = time.perf_counter()
        while True:
            now = time.perf_counter()
            if now - t0 > limit:
                raise RuntimeError(f"the screen did not settle within {limit:g} s after {name!r}")
            chunk = self.read(0.01)
            if chunk:
                silent_since = time.perf_counter()
                if ESU in self.seen[-(len(chunk) + len(ESU) - 1):]:  # (a frame's end can span two reads)
                    last = silent_since
            elif last is not None and now - silent_since >= quiet:
                return (last - t0) * 1000

    def close(self) -> None:
        """SIGTERM, drain, reap."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def first_paint(argv: list[str], marker: bytes) -> float:
    """Seconds from starting ``argv`` in a 120×40 pseudo-terminal until ``marker`` (text of the first data row)
    has been written to it; the process is then stopped with SIGTERM and reaped."""
    term = Terminal(argv)
    try:
        return term.wait_for(marker)
    finally:
        term.close()


def measure_keys_painted(db: Path, presses: int) -> list[Figure]:
    """Keys as painted: from writing the key's bytes to the terminal until the end of the next frame arrives,
    in the console script in a pty — in the first second after the first row, then on the settled lists."""
    from bench_core import percentile

    term = Terminal([*console_script(), "--db", str(db)])
    samples: dict[str, list[float]] = {}
    try:
        term.wait_for(_first_row_code(db))
        term.wait_for(ESU)
        first = time.perf_counter()
        early = samples.setdefault("painted_cursor_early", [])
        while time.perf_counter() - first < 1.0:  # down and up in turn: every press moves (and paints) the cursor
            early.append(term.key("down" if len(early) % 2 == 0 else "up"))
        term.quiet(1.0)  # what the explorer reads after its first screen has arrived
        for i in range(presses):
            samples.setdefault("painted_cursor", []).append(term.key("down" if i % 4 != 3 else "up"))
            term.quiet(0.05)
        for _ in range(presses):
            samples.setdefault("painted_drill", []).append(term.key("enter"))
            term.quiet(0.1)
            samples.setdefault("painted_back", []).append(term.key("backspace"))
            term.quiet(0.1)
        for i in range(presses):
            samples.setdefault("painted_wave", []).append(term.key("[" if i % 2 == 0 else "]"))
            term.quiet(0.1)
    finally:
        term.close()
    labels = {"painted_cursor_early": ("key ↓ as painted, first second after start", 35.0),
              "painted_cursor": ("key ↓/↑ as painted (gemeenten)", 35.0),
              "painted_drill": ("key Enter as painted (drill into a gemeente)", 50.0),
              "painted_back": ("key ⌫ as painted (back)", 50.0),
              "painted_wave": ("key [ ] as painted (switch wave)", 50.0)}
    return [Figure(key, label, percentile(samples[key], 95), "ms", target, percentile(samples[key], 50), None, "ms",
                   f"{len(samples[key])} presses; from the key's bytes written to the pty until the end of the next "
                   "frame (synchronized-update mode 2026) arrives", {"samples": samples[key]})
            for key, (label, target) in labels.items() if key in samples]


def _first_row_code(db: Path) -> bytes:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT code FROM areas WHERE level = 'gemeente' ORDER BY name, code LIMIT 1").fetchone()
    finally:
        con.close()
    if row is None:
        raise RuntimeError("the database has no gemeenten")
    return str(row[0]).encode()


def measure_console_start(db: Path, repeats: int) -> Figure:
    """`leeftui --db DB` (the console script) vs the floor app, both in a pty until the first row is painted."""
    marker = _first_row_code(db)
    ours = [*console_script(), "--db", str(db)]
    floor = [sys.executable, str(FLOOR), str(db)]
    ms, bs = paired_runs(lambda: first_paint(ours, marker), lambda: first_paint(floor, marker), repeats)
    return ratio_figure("console_start_ratio", "start from the console script to first row vs floor", ms, bs, 1.15,
                        f"pty {COLUMNS}×{LINES}, until the first gemeente's code is written to the terminal; floor: "
                        "Textual App with Header, DataTable and Footer, 50 rows from DuckDB, started the same way")


def _timed(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=_env(), timeout=600)
    return time.perf_counter() - t0


def measure_help(repeats: int) -> Figure:
    """`leeftui --help` vs `python -c "import duckdb"` (whole processes)."""
    ms, bs = paired_runs(lambda: _timed([*console_script(), "--help"]),
                         lambda: _timed([sys.executable, "-c", "import duckdb"]), repeats)
    return ratio_figure("help_ratio", "leeftui --help vs python -c 'import duckdb'", ms, bs, 1.5,
                        "whole processes, output to /dev/null")


COPY_SCRIPT = """
import json, sys, duckdb
job = json.load(open(sys.argv[1]))
con = duckdb.connect(job["db"], read_only=True)
con.execute(f"COPY ({job['sql']}) TO '{job['out']}' ({job['opts']})", job["params"])
con.close()
"""


def measure_export_process(db: Path, work: Path, repeats: int) -> list[Figure]:
    """`leeftui export --level buurt -o FILE` as a process vs a process doing DuckDB COPY of the same query."""
    _ours, sql, params, _how = export_selection(db)
    figs = []
    for fmt in ("parquet", "csv"):
        out = work / f"process-export.{fmt}"
        job = work / f"copy-{fmt}.json"
        opts = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        job.write_text(json.dumps({"db": str(db), "sql": sql, "params": params, "out": str(out), "opts": opts}))

        def ours(fmt: str = fmt, out: Path = out) -> float:
            dt = _timed([*console_script(), "export", "--db", str(db), "--level", "buurt", "--format", fmt,
                         "-o", str(out), "--force"])
            out.unlink(missing_ok=True)
            return dt

        def base(out: Path = out, job: Path = job) -> float:
            dt = _timed([sys.executable, "-c", COPY_SCRIPT, str(job)])
            out.unlink(missing_ok=True)
            return dt

        ms, bs = paired_runs(ours, base, repeats)
        figs.append(ratio_figure(f"export_process_{fmt}_ratio", f"leeftui export process {fmt} vs COPY process",
                                 ms, bs, 1.2, "whole processes: the console script vs python + duckdb COPY of the "
                                 "same query to the same file"))
    return figs


READ_CSV_SCRIPT = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("CREATE TABLE grid AS SELECT * FROM read_csv(?, nullstr = 'NA')", [sys.argv[1]])
con.execute("CHECKPOINT")
con.close()
"""


def measure_grid_rebuild_process(grid: Path, classes: Path, work: Path, repeats: int) -> Figure:
    """`leeftui db rebuild GRID --classes C` as a process vs a process doing DuckDB read_csv of the grid file."""
    target, raw = work / "grid-process.duckdb", work / "grid-process-raw.duckdb"

    def ours() -> float:
        dt = _timed([*console_script(), "db", "rebuild", str(grid), "--db", str(target), "--classes", str(classes),
                     "--force"])
        target.unlink(missing_ok=True)
        return dt

    def base() -> float:
        raw.unlink(missing_ok=True)
        dt = _timed([sys.executable, "-c", READ_CSV_SCRIPT, str(grid), str(raw)])
        raw.unlink(missing_ok=True)
        return dt

    ms, bs = paired_runs(ours, base, repeats, warmup=0)
    return ratio_figure("grid_rebuild_process_ratio", "leeftui db rebuild GRID process vs read_csv process", ms, bs,
                        2.0, "whole processes: the console script (rebuild with class bounds, summary on stderr) vs "
                        "python + duckdb CREATE TABLE AS read_csv + CHECKPOINT of the same file")


def main() -> None:  # pragma: no cover - manual use: python scripts/bench_process.py DB
    db = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as d:
        for f in [measure_console_start(db, 5), measure_help(5), *measure_export_process(db, Path(d), 3)]:
            print(f.key, f"{f.value:.2f}", f.measured, f.baseline)


if __name__ == "__main__":
    main()



def measure_gis_process(db: Path, work: Path, repeats: int) -> list[Figure]:
    """`leeftui export --level buurt --compare A:B -o x.gpkg` (and GeoParquet) as processes vs the same command
    writing parquet, alternately: what a user waits for (target ≤ 2×)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        (first, last), = con.execute("SELECT min(jaar), max(jaar) FROM scores").fetchall()
    finally:
        con.close()
    args = [*console_script(), "export", "--db", str(db), "--level", "buurt", "--compare", f"{first}:{last}",
            "--force"]

    def run(fmt: str, out: Path) -> float:
        dt = _timed([*args, "--format", fmt, "-o", str(out)])
        out.unlink(missing_ok=True)
        return dt

    figs = []
    for fmt in ("gpkg", "geoparquet"):
        ms, bs = paired_runs(lambda fmt=fmt: run(fmt, work / f"gis-process.{fmt}"),  # type: ignore[misc]
                             lambda: run("parquet", work / "gis-process.parquet"), repeats)
        figs.append(ratio_figure(f"export_process_{fmt}_ratio", f"leeftui export process {fmt} vs parquet", ms, bs,
                                 2.0, "whole processes: the console script with --compare, all buurten with their "
                                 "outlines, against the same command writing parquet"))
    return figs


def measure_keys_settled(db: Path, presses: int) -> list[Figure]:
    """Keys until the screen is finished (no change for 300 ms), in the console script in a pty, each paired with
    a ↓ in the floor app (Textual's DataTable with 50 rows from DuckDB) in the same loop: ↓ on the gemeenten and
    on the national buurt list, Enter and ⌫, a wave switch, the next sort, and each character of an expression
    typed into the filter dialog over the national buurt list. p95 against the target of 50 ms."""
    from bench_core import percentile

    floor = Terminal([sys.executable, str(FLOOR), str(db)])
    term = Terminal([*console_script(), "--db", str(db)])
    samples: dict[str, list[float]] = {"floor": []}
    try:
        floor.wait_for(_first_row_code(db))
        term.wait_for(_first_row_code(db))
        term.quiet(1.5)
        floor.quiet(0.5)

        def pair(key: str, name: str) -> None:
            samples.setdefault(name, []).append(term.key_settled(key))
            samples["floor"].append(floor.key_settled("down" if len(samples["floor"]) % 2 == 0 else "up"))

        for i in range(presses):
            pair("down" if i % 4 != 3 else "up", "settled_cursor")
        for _ in range(presses // 2):
            pair("enter", "settled_drill")
            pair("backspace", "settled_back")
        for i in range(presses // 2):
            pair("[" if i % 2 == 0 else "]", "settled_wave")
        for _ in range(presses // 2):
            pair("s", "settled_sort")
        for _ in range(2):  # all buurten of the country
            term.key_settled("a", quiet=1.0)
        for i in range(presses):
            pair("down" if i % 4 != 3 else "up", "settled_cursor_buurten")
        term.key_settled("f", quiet=0.5)  # the filter dialog, its expression field (the third after the choices)
        for _ in range(3):
            term.key_settled("tab", quiet=0.5)
        for ch in FILTER_TYPED:
            pair(ch, "settled_filter")
        term.key_settled("escape", quiet=0.5)
    finally:
        term.close()
        floor.close()
    labels = {"settled_cursor": "key ↓/↑ until the screen is finished (gemeenten)",
              "settled_cursor_buurten": "key ↓/↑ until finished (all buurten of the country)",
              "settled_drill": "key Enter until finished (drill into a gemeente)",
              "settled_back": "key ⌫ until finished (back)",
              "settled_wave": "key [ ] until finished (switch wave)",
              "settled_sort": "key s until finished (the next sort column, gemeenten)",
              "settled_filter": "a character typed into the filter's expression until finished (all buurten)"}
    floor_p95 = percentile(samples["floor"], 95)
    return [Figure(key, label, percentile(samples[key], 95), "ms", 50.0, percentile(samples[key], 50), floor_p95,
                   "ms", f"{len(samples[key])} presses; from the key's bytes to the end of the last frame before "
                   f"300 ms of quiet; baseline column: the floor app's ↓ the same way, p95 of {len(samples['floor'])} "
                   "presses in the same loop", {"samples": samples[key], "floor": samples["floor"]})
            for key, label in labels.items() if key in samples]


def measure_map_settled(db: Path, runs: int) -> list[Figure]:
    """The map's keys until the screen is finished, in the console script in a pty at 120×40 on the national buurt
    list of a database with outlines: the first `m` (the map's libraries, outlines, raster, paint), the next `m`s
    (another colouring of the same areas) and `z` (the map takes the screen, and back). Fresh processes."""
    from bench_core import percentile

    first: list[float] = []
    recolour: list[float] = []
    large: list[float] = []
    for _ in range(runs):
        term = Terminal([*console_script(), "--db", str(db)])
        try:
            term.wait_for(_first_row_code(db))
            term.quiet(1.0)
            for _ in range(2):  # all buurten of the country
                term.key_settled("a", quiet=1.0)
            first.append(term.key_settled("m"))
            for _ in range(3):
                recolour.append(term.key_settled("m"))
            for _ in range(2):
                large.append(term.key_settled("z"))
        finally:
            term.close()
    how = f"{runs} fresh explorers, pty 120×40, the national buurt list; until 300 ms without a frame"
    return [Figure("map_first_settled", "map: first `m` until finished (slowest)", max(first), "ms", 150.0,
                   median(first), None, "ms", how, {"samples": first}),
            Figure("map_recolour_settled", "map: next `m` (another colouring) until finished (p95)",
                   percentile(recolour, 95), "ms", 50.0, median(recolour), None, "ms", how, {"samples": recolour}),
            Figure("map_z_settled", "map: `z` (the screen, and back) until finished (p95)", percentile(large, 95),
                   "ms", 50.0, median(large), None, "ms", how, {"samples": large})]
