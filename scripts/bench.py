"""Benchmark leeftui at national scale, against baselines measured in the same run.

    python scripts/bench.py                 # full run: national scale, 5 repeats, 20 presses per key
    python scripts/bench.py --grid          # also the 100 m grid (≈ 400,000 cells × 9 waves)
    python scripts/bench.py --quick --out /tmp/x.json   # CI: scale 0.1, 3 repeats, no grid, < 1 minute

Prints a table (figure, leeftui median, baseline median, value, target, PASS/FAIL) and writes
JSON (default bench-results/bench.json). Every temporary file lives in a TemporaryDirectory.
Exit status: 0 when the harness ran, even if targets FAIL; 1 when a measurement raised (ERROR);
2 on bad options. See docs/performance.md for what each figure means.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_core as core  # noqa: E402
import bench_data as data  # noqa: E402
import bench_legibility as legibility  # noqa: E402
import bench_process as process  # noqa: E402
import bench_ui as ui  # noqa: E402
import typer  # noqa: E402
from rich.console import Console  # noqa: E402

console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 150)

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                  help="Benchmark leeftui at national scale against same-run baselines.")

ALL_PARTS = ("rebuild", "console", "startup", "keys", "painted", "settled", "export", "process", "rss", "size",
             "monitor", "effect", "workbench", "map", "report", "grid")


def _step(msg: str) -> None:
    console.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {msg}")


@app.command()
def main(
    quick: Annotated[bool, typer.Option("--quick", help="CI mode: scale 0.1, 3 repeats, 10 presses, no grid.")] = False,
    out: Annotated[Path, typer.Option(
        "--out", help="Where to write the JSON results.")] = Path("bench-results/bench.json"),
    scale: Annotated[str | None, typer.Option(
        help="'national', 'demo' or a factor of national (default: national; 0.1 with --quick).")] = None,
    repeats: Annotated[int | None, typer.Option(
        min=1, help="Runs per side for medians (default 5; 3 with --quick).")] = None,
    presses: Annotated[int | None, typer.Option(
        min=1, help="Key presses per action (default 20; 10 with --quick).")] = None,
    grid: Annotated[bool, typer.Option("--grid", help="Also generate and measure the 100 m grid file.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the generated sources.")] = 2024,
    only: Annotated[str | None, typer.Option(help=f"Comma-separated subset of: {', '.join(ALL_PARTS)}.")] = None,
    markdown: Annotated[Path | None, typer.Option(help="Also write the table as Markdown to this file.")] = None,
) -> None:
    """Generate sources, build the database, measure everything, print the table, write JSON."""
    started = time.time()
    t_start = time.perf_counter()
    if quick and grid:
        console.print("[yellow]--grid is ignored with --quick[/]")
        grid = False
    scale_v: str | float = scale if scale is not None else ("0.1" if quick else "national")
    try:
        scale_v = float(scale_v)
    except ValueError:
        pass
    repeats_v = repeats or (3 if quick else 5)
    presses_v = presses or (10 if quick else 20)
    parts = set(ALL_PARTS if only is None else (p.strip() for p in only.split(",") if p.strip()))
    if unknown := parts - set(ALL_PARTS):
        raise typer.BadParameter(f"unknown part(s): {', '.join(sorted(unknown))}", param_hint="--only")
    if not grid:
        parts.discard("grid")
    settings = {"quick": quick, "scale": scale_v, "repeats": repeats_v, "presses": presses_v, "grid": grid,
                "seed": seed, "parts": sorted(parts)}
    figures: list[core.Figure] = []
    with tempfile.TemporaryDirectory(prefix="leeftui-bench-") as tmp:
        # the explorer's remembered state (theme, waves, scope …) of this machine must not shape the figures
        os.environ["LEEFTUI_CONFIG_DIR"] = str(Path(tmp) / "config")
        figures = run_all(Path(tmp), scale_v, seed, grid, repeats_v, presses_v, parts, settings, quick)
    wall = time.perf_counter() - t_start
    settings["wall_seconds"] = round(wall, 1)
    out_console.print(core.results_table(figures, title=f"leeftui benchmark — scale {scale_v}, "
                                                        f"medians of {repeats_v} runs, {presses_v} presses"))
    doc = core.results_json(figures, settings, started, wall)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(core.markdown_table(figures) + "\n", encoding="utf-8")
    counts = ", ".join(f"{k} {v}" for k, v in doc["summary"].items() if v)
    console.print(f"results: {out}  ({wall:.0f} s; {counts})")
    if doc["summary"][core.ERROR]:
        raise typer.Exit(1)


def run_all(work: Path, scale: str | float, seed: int, grid: bool, repeats: int, presses: int,
            parts: set[str], settings: dict, quick: bool = False) -> list[core.Figure]:
    """Generate, build once, then run each selected measurement; never raise for a measurement."""
    figures: list[core.Figure] = []

    def add(fs: list[core.Figure]) -> None:
        for f in fs:
            figures.append(f)
            colour = {"PASS": "green", "FAIL": "red"}.get(f.status, "yellow")
            console.print(f"  {f.label}: {core.fmt_value(f.value, f.unit)} [{colour}]{f.status}[/] "
                          f"[dim]{f.note if f.status in (core.ERROR, core.UNAVAILABLE) else ''}[/]")

    _step(f"generating sources (scale {scale}{', with grid' if grid else ''})")
    try:
        src = data.generate_sources(work, scale, seed, grid)
    except data.Missing as exc:
        add([core.unavailable(p, p, "x", None, str(exc)) for p in sorted(parts)])
        return figures
    settings["counts"] = src.counts
    settings["generate_seconds"] = round(src.seconds, 2)
    settings["source_mb"] = round(data.dir_size(src.src_dir) / data.MB, 1)
    _step(f"generated {src.counts} in {src.seconds:.1f} s; building the database once")
    db_path = work / "national.duckdb"
    try:
        settings["first_build_seconds"] = round(data.build_database(src, db_path), 2)
    except data.Missing as exc:
        add([core.unavailable("rebuild_ratio", "rebuild vs DuckDB read_csv", "x", 2.0, str(exc))])
        db_path = None  # type: ignore[assignment]
    except Exception as exc:  # noqa: BLE001
        add([core.errored("rebuild_ratio", "rebuild vs DuckDB read_csv", "x", 2.0, exc)])
        db_path = None  # type: ignore[assignment]

    def step(part: str, msg: str, key: str, label: str, unit: str, target: float | None,
             fn: Callable[[], core.Figure | list[core.Figure]]) -> None:
        if part not in parts:
            return
        if db_path is None and part != "rebuild":
            add([core.unavailable(key, label, unit, target, "no database: the build is missing or failed")])
            return
        _step(msg)
        add(data.guarded(key, label, unit, target, fn))

    step("rebuild", f"rebuild vs read_csv × {repeats}", "rebuild_ratio", "rebuild vs DuckDB read_csv", "x", 1.5,
         lambda: data.measure_rebuild(src, work, repeats))
    step("console", f"start from the console script in a pty vs floor app × {repeats}", "console_start_ratio",
         "start from the console script vs floor", "x", 1.15, lambda: process.measure_console_start(db_path, repeats))
    step("startup", f"cold start vs minimal Textual app × {repeats}", "startup_ratio",
         "cold start to data vs minimal app", "x", 1.25, lambda: ui.measure_startup(db_path, repeats))
    step("keys", f"key latency, {presses} presses per action", "keys", "key latency", "ms", 50.0,
         lambda: ui.measure_keys(db_path, presses))
    step("painted", f"keys as painted in a pty, {presses} presses per action", "painted", "keys as painted", "ms",
         50.0, lambda: process.measure_keys_painted(db_path, presses))
    step("settled", f"keys until the screen is finished, {presses} presses per action, paired with the floor",
         "settled", "keys until finished", "ms", 50.0, lambda: process.measure_keys_settled(db_path, presses))
    step("export", f"export all buurten × all waves × {repeats}", "export_ratio", "export vs DuckDB COPY", "x", 1.3,
         lambda: data.measure_export(db_path, work, repeats))
    step("process", f"whole processes: leeftui --help, export -o FILE × {repeats}", "process",
         "whole processes", "x", 1.2,
         lambda: [process.measure_help(repeats), *process.measure_export_process(db_path, work, repeats)])
    step("rss", "peak RSS of the explorer on the national buurt list", "rss_explorer", "explorer peak RSS",
         "MB", 150.0, lambda: ui.measure_rss(db_path, runs=1 if quick else 3))
    step("rss", "peak RSS of the explorer started with 10,000 remembered marks", "rss_marks",
         "explorer peak RSS with 10,000 marks", "MB", 300.0, lambda: ui.measure_marks(db_path, runs=1 if quick else 3))
    step("size", "database sizes", "db_size_national", "database sizes", "MB", None,
         lambda: data.measure_sizes(db_path))
    step("monitor", "the monitor's four reports over all buurten", "monitor", "monitor reports", "ms", 200.0,
         lambda: data.measure_monitor(db_path, repeats))
    step("effect", "stats effect with 1,000 draws over all buurten", "effect", "effect", "ms", 2000.0,
         lambda: data.measure_effect(db_path, work, repeats))
    step("workbench", "the filter language and the statistics view over all buurten", "workbench", "workbench",
         "ms", 50.0, lambda: data.measure_workbench(db_path, repeats))
    step("map", "the map on a national buurt level", "map", "map", "ms", 300.0,
         lambda: _map_figures(work, scale, repeats, quick))
    step("report", "the one-page report of a buurt, HTML and PDF", "report", "report", "s", 3.0,
         lambda: data.measure_report(data.build_map_database(work, scale), repeats))
    step("grid", f"grid: rebuild and export × {repeats}", "grid", "grid", "x", 2.0,
         lambda: [*data.measure_grid(src, work, repeats),
                  process.measure_grid_rebuild_process(src.grid, src.classes, work, repeats)])  # type: ignore[arg-type]
    return figures


def _map_figures(work: Path, scale: str | float, repeats: int, quick: bool) -> list[core.Figure]:
    """The map part: its own database with outlines as detailed as real ones; the first map and the RSS in the
    explorer, the redraws in-process."""
    target = data.build_map_database(work, scale)
    figures = [*ui.measure_map_explorer(target, runs=2 if quick else repeats), *data.measure_map(target, repeats),
               *ui.measure_small_map(target, runs=2 if quick else repeats),
               *data.measure_map(target, repeats, size=(76, 34), label="80×24"),
               *data.measure_gis(target, work, repeats), *process.measure_gis_process(target, work, repeats),
               *process.measure_map_settled(target, runs=2 if quick else 3)]
    real = data.REPO.parent / "shared" / "data" / "real"
    if not real.is_dir():
        return [*figures, core.unavailable("legibility", "map legibility: half-blocks vs braille", "%", None,
                                           f"the real outlines are not at {real}")]
    return [*figures, *legibility.measure_legibility(real, work)]


if __name__ == "__main__":
    app()
