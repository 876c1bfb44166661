"""Explorer measurements, each in fresh subprocesses (scripts/bench_child.py): cold start, keys, RSS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench_core import Figure, median, paired_runs, percentile, ratio_figure
from bench_data import need

CHILD = Path(__file__).resolve().parent / "bench_child.py"
CHILD_TIMEOUT = 600


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TEXTUAL", None)  # no devtools, no debug
    env["TERM"] = "xterm-256color"
    return env


def run_child(*args: str) -> tuple[float, str, object]:
    """Run the child with ``args``; return (whole-process wall seconds, stdout, rusage). Raise on failure."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_env(), text=True)
    try:
        out, err = proc.communicate(timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"bench_child {args[0]} took longer than {CHILD_TIMEOUT} s") from None
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = " | ".join(err.strip().splitlines()[-3:])
        raise RuntimeError(f"bench_child {args[0]} exited {proc.returncode}: {tail}")
    return wall, out, None


def measure_startup(db_path: Path, repeats: int) -> Figure:
    """Cold start of the explorer to its first screen with data vs a minimal Textual + DuckDB app."""
    need("leeftui.ui.app", "create_app")
    ms, bs = paired_runs(lambda: run_child("start-explorer", str(db_path))[0],
                         lambda: run_child("start-baseline", str(db_path))[0], repeats)
    return ratio_figure("startup_ratio", "cold start to data vs minimal app", ms, bs, 1.25,
                        "fresh process each run, headless run_test at 120×40, until the list has rows; "
                        "baseline: Textual App importing DuckDB, 50 rows from the same database in a DataTable")


KEY_FIGURES = (
    # (sample name, label, target ms)
    ("cursor_early", "key ↓ in the first second after start", 35.0),
    ("cursor", "key ↓/↑ on gemeenten", 35.0),
    ("drill", "key Enter: drill into a gemeente", 50.0),
    ("back", "key ⌫: back to Nederland", 50.0),
    ("wave", "key [ ]: switch wave (gemeenten)", 50.0),
    ("cursor_national", "key ↓ on all buurten", 35.0),
    ("wave_national", "key [ ]: switch wave, all buurten", 50.0),
    ("sort_national", "key S: sort all buurten by Δ", 50.0),
)


def measure_keys(db_path: Path, presses: int) -> list[Figure]:
    """p50/p95 from key press to the updated screen, per action (value = p95, leeftui column = p50)."""
    need("leeftui.ui.app", "create_app")
    _, out, _ = run_child("keys", str(db_path), str(presses))
    samples: dict[str, list[float]] = json.loads(out.strip().splitlines()[-1])
    rows = int(samples.pop("national_rows", [0])[0])
    floor = samples.pop("floor_cursor", [])
    figs = []
    if floor:
        figs.append(Figure("keys_floor_p95", "key ↓ in a minimal 50-row DataTable (p95, harness floor)",
                           percentile(floor, 95), "ms", None, measured=percentile(floor, 50), detail_unit="ms",
                           note=f"{len(floor)} presses, same timing code; leeftui column = p50",
                           samples={"ms": floor}))
    for name, label, target in KEY_FIGURES:
        xs = samples.get(name, [])
        if not xs:
            continue
        gc_ms = samples.get(f"gc:{name}", [])
        gc_note = (f"; {sum(1 for g in gc_ms if g > 10)} presses spent > 10 ms in Python's GC "
                   f"(max {max(gc_ms):.0f} ms, total {sum(gc_ms):.0f} ms)") if gc_ms else ""
        figs.append(Figure(f"keys_{name}_p95", f"{label} (p95)", percentile(xs, 95), "ms", target,
                           measured=percentile(xs, 50), detail_unit="ms",
                           note=f"{len(xs)} presses; leeftui column = p50; national list = {rows} buurten{gc_note}",
                           samples={"ms": xs, "gc_ms": gc_ms}))
    return figs


def measure_rss(db_path: Path, runs: int = 3) -> list[Figure]:
    """Peak RSS of the explorer process with the national buurt list open and sorted (median of runs), beside the
    minimal Textual + DuckDB app and the floor: that app with pyarrow loaded (what any explorer on these three
    libraries costs before it holds any data).

    The child reports its own VmHWM just before it exits (see bench_child.vm_hwm_kb for why not wait4).
    """
    need("leeftui.ui.app", "create_app")
    xs: list[float] = []
    bs: list[float] = []
    fs: list[float] = []
    rows = 0
    for _ in range(runs):
        for mode, acc in (("rss", xs), ("rss-baseline", bs), ("rss-floor", fs)):
            _, out, _ = run_child(mode, str(db_path))
            doc = json.loads(out.strip().splitlines()[-1])
            if doc["scope"] != "buurt":
                raise RuntimeError(f"the RSS child ended on scope {doc['scope']!r}, not the national buurt list")
            acc.append(doc["vmhwm_kb"] / 1024)
            rows = doc["rows"] if mode == "rss" else rows
    return [Figure("rss_explorer", "explorer peak RSS, all buurten", median(xs), "MB", 150.0,
                   measured=median(xs), baseline=median(bs), detail_unit="MB",
                   note=f"median of {runs} processes: headless run_test at 120×40, national list of {rows} "
                        "buurten sorted by Δ, detail loaded; VmHWM of the process at exit; baseline column: "
                        "the minimal Textual + DuckDB app with its 50-row DataTable",
                   samples={"MB": xs, "baseline_MB": bs}),
            Figure("rss_floor", "floor: the minimal app with pyarrow loaded", median(fs), "MB", None,
                   measured=median(fs), baseline=median(bs), detail_unit="MB",
                   note="the minimal app fetching its 50 rows as Arrow: Textual + DuckDB + pyarrow, no data held; "
                        "what is left of the explorer's 150 MB for its own work is 150 MB minus this",
                   samples={"MB": fs})]


def measure_map_explorer(db_path: Path, runs: int) -> list[Figure]:
    """In the explorer, fresh processes: the national buurt list, then `m` — milliseconds from the key until the
    map of every buurt is painted (imports of the map's libraries, outlines fetched, rasterised, painted; target
    300 ms), and the peak RSS with the map open against the same explorer without it, alternately in one run."""
    need("leeftui.ui.app", "create_app")
    first: list[float] = []
    with_map: list[float] = []
    without: list[float] = []
    areas = 0
    for _ in range(runs):
        for mode in ("map", "rss"):
            doc = json.loads(run_child(mode, str(db_path))[1].strip().splitlines()[-1])
            (with_map if mode == "map" else without).append(doc["vmhwm_kb"] / 1024)
            if mode == "map":
                first.append(doc["map_ms"])
                areas = doc["map_areas"]
    spread = f"{min(first):.0f}–{max(first):.0f} ms"
    return [Figure("map_first", f"map: first map of all {areas:,} buurten (explorer, slowest of {runs})", max(first),
                   "ms", 300.0, measured=median(first), detail_unit="ms", samples={"ms": first},
                   note=f"{runs} fresh explorers at 120×40, `m` on the national buurt list until painted ({spread})"),
            Figure("rss_map", "explorer peak RSS with the map open", median(with_map), "MB", 150.0,
                   measured=median(with_map), baseline=median(without), detail_unit="MB",
                   samples={"MB": with_map, "baseline_MB": without},
                   note=f"median of {runs}; baseline column: the same explorer without the map, alternately in "
                        "this run")]


def measure_marks(db_path: Path, runs: int, n: int = 10_000) -> list[Figure]:
    """Peak RSS of the explorer started on a remembered state with ``n`` marks, against the same start without
    marks, alternately in one run (target ≤ 300 MB: restoring marks is linear, each mark no longer copying them
    all into the undo history)."""
    need("leeftui.ui.remembered", "Remembered")
    with_marks: list[float] = []
    without: list[float] = []
    ms: list[float] = []
    restored = 0
    for _ in range(runs):
        for count, acc in ((n, with_marks), (0, without)):
            doc = json.loads(run_child("marks", str(db_path), str(count))[1].strip().splitlines()[-1])
            acc.append(doc["vmhwm_kb"] / 1024)
            if count:
                restored = doc["marks"]
                ms.append(doc["ms"])
    if restored < min(n, 1000):
        raise RuntimeError(f"only {restored} of {n} remembered marks were restored")
    return [Figure("rss_marks", f"explorer peak RSS with {restored:,} remembered marks", median(with_marks), "MB",
                   300.0,
                   measured=median(with_marks), baseline=median(without), detail_unit="MB",
                   samples={"MB": with_marks, "baseline_MB": without, "start_ms": ms},
                   note=f"median of {runs} fresh processes at 120×40 (first screen with data in "
                        f"{min(ms):.0f}–{max(ms):.0f} ms); baseline column: the same start without marks")]


def measure_small_map(db_path: Path, runs: int) -> list[Figure]:
    """The map at 80×24 in fresh explorers on the national buurt list: `m` until painted (target 300 ms, the
    slowest run), then `z` until drawn again large."""
    need("leeftui.ui.app", "create_app")
    first: list[float] = []
    large: list[float] = []
    pixels: object = None
    for _ in range(runs):
        doc = json.loads(run_child("map-small", str(db_path))[1].strip().splitlines()[-1])
        first.append(doc["map_ms"])
        large.append(doc["z_ms"])
        pixels = doc["pixels"]
    return [Figure("map_first_80x24", "map at 80×24: first map of all buurten (slowest)", max(first), "ms", 300.0,
                   measured=median(first), detail_unit="ms", samples={"ms": first},
                   note=f"{runs} fresh explorers at 80×24, `m` until painted ({min(first):.0f}–{max(first):.0f} ms)"),
            Figure("map_z_80x24", "map at 80×24: `z` until drawn large (slowest)", max(large), "ms", 300.0,
                   measured=median(large), detail_unit="ms", samples={"ms": large},
                   note=f"the same runs; the large map is {pixels} pixels ({min(large):.0f}–{max(large):.0f} ms)")]
