"""Data-side measurements: source generation, rebuild vs raw read_csv, export vs COPY, sizes, the grid.

Every measured function returns a :class:`bench_core.Figure` (or a list of them); a missing
leeftui module gives an UNAVAILABLE figure, an exception inside leeftui an ERROR figure.
"""

from __future__ import annotations

import importlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
from bench_core import Figure, errored, median, paired_runs, ratio_figure, unavailable

REPO = Path(__file__).resolve().parents[1]
BUNDLED_DB = REPO / "db" / "leefbaarometer.duckdb"
MB = 1024 * 1024


class Missing(Exception):
    """A leeftui module or function the measurement needs does not exist (yet)."""


def need(module: str, attr: str | None = None) -> Any:
    """Import ``module`` (and return ``attr`` of it); raise :class:`Missing` only when it truly is not there."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise Missing(f"module {exc.name} does not exist") from None
        raise
    if attr is None:
        return mod
    if not hasattr(mod, attr):
        raise Missing(f"{module}.{attr} does not exist")
    return getattr(mod, attr)


def guarded(key: str, label: str, unit: str, target: float | None, fn: Callable[[], Figure | list[Figure]],
            ) -> list[Figure]:
    """Run a measurement; turn Missing into UNAVAILABLE and any other exception into ERROR."""
    try:
        out = fn()
    except Missing as exc:
        return [unavailable(key, label, unit, target, str(exc))]
    except Exception as exc:  # noqa: BLE001 - the harness reports, it does not crash
        return [errored(key, label, unit, target, exc)]
    return out if isinstance(out, list) else [out]


@dataclass(frozen=True)
class Sources:
    """Generated source files, laid out for the build."""

    src_dir: Path
    """Score, population and area-set files (what the build reads)."""
    classes: Path
    """The DEMO class-boundary CSV (passed to the build as ``classes=``)."""
    score_files: tuple[Path, ...]
    population_files: tuple[Path, ...]
    grid: Path | None
    """The 100 m grid file (stand-in layout), outside ``src_dir``; None without --grid."""
    counts: dict[str, int]
    seconds: float


def generate_sources(root: Path, scale: str | float, seed: int, grid: bool) -> Sources:
    """Generate source files with leeftui.demo; move the classes (and grid) file out of the source folder."""
    generate = need("leeftui.demo", "generate")
    src = root / "sources"
    t0 = time.perf_counter()
    files = generate(src, seed=seed, scale=scale, grid=grid)
    seconds = time.perf_counter() - t0
    extra = root / "extra"
    extra.mkdir()
    classes = Path(shutil.move(str(files.classes), extra / files.classes.name))
    grid_path = Path(shutil.move(str(files.grid), extra / files.grid.name)) if files.grid else None
    return Sources(src, classes, tuple(files.scores), tuple(files.population), grid_path,
                   dict(files.counts), seconds)


def build_database(src: Sources, target: Path) -> float:
    """Rebuild a database from ``src`` at ``target`` with leeftui's build; return seconds."""
    rebuild = need("leeftui.ingest", "rebuild")
    t0 = time.perf_counter()
    rebuild(sources=[src.src_dir], target=target, classes=src.classes, synthetic=True, force=True)
    return time.perf_counter() - t0


def raw_read_csv(src: Sources, target: Path) -> float:
    """The baseline: DuckDB read_csv of the same score + population files into tables of a fresh file."""
    if target.exists():
        target.unlink()
    t0 = time.perf_counter()
    con = duckdb.connect(str(target))
    try:
        for i, p in enumerate((*src.score_files, *src.population_files)):
            con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?)", [str(p)])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return time.perf_counter() - t0


def measure_rebuild(src: Sources, work: Path, repeats: int) -> Figure:
    """Rebuild time vs raw read_csv of the same files (ratio of medians, target ≤ 2)."""
    need("leeftui.ingest", "rebuild")
    n = iter(range(10_000))

    def ours() -> float:
        t = work / f"rebuild-{next(n)}.duckdb"
        try:
            return build_database(src, t)
        finally:
            t.unlink(missing_ok=True)

    def base() -> float:
        t = work / "raw.duckdb"
        try:
            return raw_read_csv(src, t)
        finally:
            t.unlink(missing_ok=True)

    ms, bs = paired_runs(ours, base, repeats, warmup=0)
    return ratio_figure("rebuild_ratio", "rebuild vs DuckDB read_csv", ms, bs, 1.5,
                        "leeftui.ingest.rebuild of scores+population+area set+classes vs "
                        "CREATE TABLE AS read_csv of the score and population files, fresh files each run")


# ---------------------------------------------------------------------------------------------
# export


def export_selection(db_path: Path, level: str = "buurt") -> tuple[Callable[[Path, str], None], str, Any, str]:
    """Return (leeftui's export of all buurten (or all of ``level``) × all waves, the same query as SQL, its
    parameters, how).

    leeftui side, as `leeftui export --level buurt -o FILE` runs it: open the database with
    leeftui.store, ``select(db, db.default_release, Selection(level="buurt"))`` (long format: every buurt × every wave),
    then leeftui.export.write_table with provenance. The SQL and parameters for the COPY baseline
    are captured from that very call, so both sides run the same query.
    """
    write_table = need("leeftui.export", "write_table")
    provenance = need("leeftui.export", "Provenance")
    open_database = need("leeftui.store", "open_database")
    select = need("leeftui.store.select", "select")
    selection = need("leeftui.model.selection", "Selection")(level=level)

    captured: list[tuple[str, Any]] = []
    db = open_database(db_path)
    try:
        real_arrow = db.arrow

        def recording(sql: str, params: object = None) -> Any:
            captured.append((sql, params))
            return real_arrow(sql, params)

        db.arrow = recording  # type: ignore[method-assign]
        rows = select(db, db.default_release, selection).num_rows
    finally:
        db.close()
    if len(captured) != 1:
        raise RuntimeError(f"expected select() to run one Arrow query, saw {len(captured)}")
    sql, params = captured[0]

    def ours(out: Path, fmt: str) -> None:
        db = open_database(db_path)
        try:
            rel = db.default_release
            table = select(db, rel, selection)
            write_table(table, out, fmt, provenance.from_db(db, rel, selection.describe()), overwrite=True)
        finally:
            db.close()

    return ours, sql, params, (f"{rows:,} rows; leeftui.store.select(Selection(level='{level}')) + "
                               f"leeftui.export.write_table, as `leeftui export --level {level} -o FILE`")


def _copy(db_path: Path, sql: str, params: Any, out: Path, fmt: str) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        opts = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        con.execute(f"COPY ({sql}) TO '{out}' ({opts})", params)
    finally:
        con.close()


def measure_export(db_path: Path, work: Path, repeats: int, label_prefix: str = "export",
                   key_prefix: str = "export", level: str = "buurt") -> list[Figure]:
    """Export of all buurten (or ``level``) × all waves via leeftui vs DuckDB COPY of the same query, parquet
    and csv."""
    ours_fn, sql, params, how = export_selection(db_path, level)
    figs = []
    for fmt in ("parquet", "csv"):
        out = work / f"export.{fmt}"

        def ours(fmt: str = fmt, out: Path = out) -> float:
            t0 = time.perf_counter()
            ours_fn(out, fmt)
            dt = time.perf_counter() - t0
            out.unlink(missing_ok=True)
            return dt

        def base(fmt: str = fmt, out: Path = out) -> float:
            t0 = time.perf_counter()
            _copy(db_path, sql, params, out, fmt)
            dt = time.perf_counter() - t0
            out.unlink(missing_ok=True)
            return dt

        ms, bs = paired_runs(ours, base, repeats)
        figs.append(ratio_figure(f"{key_prefix}_{fmt}_ratio", f"{label_prefix} {fmt} vs DuckDB COPY", ms, bs, 1.3,
                                 f"{how}; vs DuckDB connect + COPY (same query) TO file; "
                                 "fresh connection each run, output deleted after each run"))
    return figs


# ---------------------------------------------------------------------------------------------
# sizes


def measure_sizes(national_db: Path) -> list[Figure]:
    """Size of the national database (information) and of the bundled demo database (target ≤ 5 MB)."""
    figs = [Figure("db_size_national", "national database size", national_db.stat().st_size / MB, "MB", None,
                   note=str(national_db.name))]
    if not BUNDLED_DB.exists() or BUNDLED_DB.stat().st_size == 0:
        figs.append(unavailable("db_size_bundled", "bundled db/leefbaarometer.duckdb size", "MB", 5.0,
                                "db/leefbaarometer.duckdb is missing or empty (not built yet)"))
    else:
        figs.append(Figure("db_size_bundled", "bundled db/leefbaarometer.duckdb size",
                           BUNDLED_DB.stat().st_size / MB, "MB", 5.0))
    return figs


def grid_read_csv(grid: Path, target: Path) -> float:
    """The grid baseline: DuckDB read_csv of the grid file into a table of a fresh file; return seconds."""
    target.unlink(missing_ok=True)
    t0 = time.perf_counter()
    con = duckdb.connect(str(target))
    try:
        con.execute("CREATE TABLE grid AS SELECT * FROM read_csv(?, nullstr = 'NA')", [str(grid)])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return time.perf_counter() - t0


def measure_grid(src: Sources, work: Path, repeats: int) -> list[Figure]:
    """The national 100 m grid: leeftui's rebuild of the grid file vs DuckDB read_csv of it (target ≤ 2), and
    `export --level grid` (every cell × wave) vs COPY of the same query (target ≤ 1.3)."""
    if src.grid is None:
        raise Missing("no grid file generated")
    rebuild = need("leeftui.ingest", "rebuild")
    db = work / "grid.duckdb"
    rows = sum(1 for _ in src.grid.open(encoding="utf-8")) - 1

    def ours() -> float:
        t0 = time.perf_counter()
        rebuild(sources=[src.grid], target=db, classes=src.classes, force=True)
        return time.perf_counter() - t0

    def base() -> float:
        try:
            return grid_read_csv(src.grid, work / "grid-raw.duckdb")  # type: ignore[arg-type]
        finally:
            (work / "grid-raw.duckdb").unlink(missing_ok=True)

    ms, bs = paired_runs(ours, base, repeats, warmup=0)
    figs = [ratio_figure("grid_rebuild_ratio", "grid rebuild vs DuckDB read_csv", ms, bs, 2.0,
                         f"{rows:,} rows ({src.grid.stat().st_size / MB:.0f} MB): leeftui.ingest.rebuild of the grid "
                         "file with class bounds (checks, releases, grid_values + the classifying view) vs "
                         "CREATE TABLE AS read_csv + CHECKPOINT, fresh files each run")]
    figs += measure_export(db, work, repeats, "grid export", "grid_export", level="grid")
    return figs


def dir_size(path: Path) -> int:
    """Total bytes of the files under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def rss_of_files(paths: list[Path]) -> float:
    """Total size in MB (used for the JSON's settings, e.g. source bytes)."""
    return sum(os.path.getsize(p) for p in paths) / MB


MONITOR_REPORTS = (
    ("overview", "stats overview: classes and residents per wave, all buurten"),
    ("set", "stats set: the area set against the rest, per wave, dimension, member"),
    ("improvement", "stats improvement 2014:2024: Δ per starting class, all buurten"),
    ("decliners", "stats decliners 2014:2024: declined while the country rose, all buurten"),
)


def measure_monitor(db_path: Path, repeats: int) -> list[Figure]:
    """Each of the monitor's reports over all buurten of the national database, in-process on an open database
    (what the monitor screen's workers and `leeftui stats` run): p95 of ``repeats`` runs after one warm-up run
    (which imports pyarrow.compute once), target ≤ 200 ms."""
    open_database = need("leeftui.store", "open_database")
    monitor = need("leeftui.store.monitor")
    change = need("leeftui.store.change")
    set_names = need("leeftui.store.stats", "set_names")
    from bench_core import percentile

    db = open_database(db_path)
    try:
        sets = set_names(db)
        rel = db.default_release
        calls = {
            "overview": lambda: monitor.overview(db, rel, "buurt"),
            "set": lambda: monitor.set_report(db, rel, sets[0], 2014, 2024),
            "improvement": lambda: change.improvement(db, rel, 2014, 2024, "buurt"),
            "decliners": lambda: change.decliners(db, rel, 2014, 2024, "buurt"),
        }
        figs = []
        for key, label in MONITOR_REPORTS:
            calls[key]()  # warm-up
            ms = []
            for _ in range(max(repeats, 5) * 2):
                t0 = time.perf_counter()
                calls[key]()
                ms.append((time.perf_counter() - t0) * 1000)
            figs.append(Figure(f"monitor_{key}", label + " (p95)", percentile(ms, 95), "ms", 200.0,
                               measured=percentile(ms, 50), detail_unit="ms",
                               note=f"{len(ms)} runs in-process after a warm-up; leeftui column = p50",
                               samples={"ms": ms}))
        return figs
    finally:
        db.close()


def measure_effect(db_path: Path, work: Path, repeats: int) -> list[Figure]:
    """`stats effect` with 1,000 draws over all buurten of the national database, for a set of buurten (those of
    the demo set's wijken, added to a copy of the database): p95 of the in-process runs after a warm-up, target
    ≤ 2 s (what the monitor's Effect tab runs in its worker)."""
    import shutil

    open_database = need("leeftui.store", "open_database")
    add_sets = need("leeftui.ingest.add_set", "add_sets")
    set_file_text = need("leeftui.ingest.add_set", "set_file_text")
    effect = need("leeftui.store.effect", "effect")
    from bench_core import percentile

    copy = work / "effect.duckdb"
    shutil.copyfile(db_path, copy)
    db = open_database(copy)
    try:
        buurten = [(c, "bench") for (c,) in db.rows(
            "SELECT a.code FROM areas a JOIN area_set_members m ON m.code = a.parent_code WHERE a.level = 'buurt' "
            "AND a.release = ? ORDER BY 1", [db.default_release.release])]
    finally:
        db.close()
    set_file = work / "bench-buurten.toml"
    set_file.write_text(set_file_text("bench-buurten", "the buurten of the demo set's wijken", buurten),
                        encoding="utf-8")
    add_sets(copy, set_file)
    db = open_database(copy)
    try:
        rel = db.default_release
        effect(db, rel, "bench-buurten", 2014, 2024)  # warm-up
        ms = []
        for _ in range(max(repeats, 5)):
            t0 = time.perf_counter()
            effect(db, rel, "bench-buurten", 2014, 2024)
            ms.append((time.perf_counter() - t0) * 1000)
        return [Figure("effect", f"stats effect 2014:2024: {len(buurten)} member buurten against all others, 1,000 "
                       "draws (p95)", percentile(ms, 95), "ms", 2000.0, measured=percentile(ms, 50),
                       detail_unit="ms", note=f"{len(ms)} runs in-process after a warm-up; leeftui column = p50",
                       samples={"ms": ms})]
    finally:
        db.close()


FILTER_TYPED = "Δonv < 0 and Δ > 0 and name ~ \"e\""
"""An expression as it is typed in the filter box; every prefix is a keystroke."""


def measure_workbench(db_path: Path, repeats: int) -> list[Figure]:
    """The filter language and the statistics view over all buurten of the national database, in-process on
    the list's rows in memory (what the explorer does): per keystroke, the expression typed so far is checked,
    and applied where it reads (target ≤ 50 ms); the statistics view (`I`) of all buurten (target ≤ 100 ms)."""
    open_database = need("leeftui.store", "open_database")
    view_mod = need("leeftui.store.view")
    scope = need("leeftui.store.scope", "Scope")
    expr = need("leeftui.model.expr")
    model_columns = need("leeftui.model.columns")
    describe = need("leeftui.store.describe")
    from bench_core import percentile

    db = open_database(db_path)
    try:
        rows = view_mod.base_rows(db, db.default_release, view_mod.ViewRequest(scope(level="buurt"), 2014, 2024))
    finally:
        db.close()
    aliases = model_columns.export_aliases(rows.column_names, "lbm")
    keystrokes: list[float] = []
    stats: list[float] = []
    for _ in range(max(repeats, 3)):
        for i in range(1, len(FILTER_TYPED) + 1):
            t0 = time.perf_counter()
            try:
                expr.compile_filter(FILTER_TYPED[:i], rows.schema, aliases).apply(rows)
            except expr.ExprError:
                pass
            keystrokes.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        describe.class_histogram(rows, 2014, 2024)
        describe.column_statistics(rows, [c for c in rows.column_names if c.startswith(("lbm", "afw", "d_"))])
        stats.append((time.perf_counter() - t0) * 1000)
    n = f"{rows.num_rows:,} buurten"
    return [Figure("filter_keystroke", f"filter expression per keystroke, {n} (p95)", percentile(keystrokes, 95),
                   "ms", 50.0, measured=percentile(keystrokes, 50), detail_unit="ms",
                   note=f"'{FILTER_TYPED}' typed {max(repeats, 3)} times: check + apply of each prefix; "
                        "leeftui column = p50", samples={"ms": keystrokes}),
            Figure("stats_view", f"statistics of the view (I), {n} (p95)", percentile(stats, 95), "ms", 100.0,
                   measured=percentile(stats, 50), detail_unit="ms",
                   note="class histogram + statistics of the score, deviation and change columns",
                   samples={"ms": stats})]


def build_map_database(work: Path, scale: str | float) -> Path:
    """A database of the run's scale with nested synthetic outlines as detailed as real ones (12 points more per
    edge: 53 vertices per outline, the WFS's northern buurten have 50 on average)."""
    generate = need("leeftui.demo", "generate")
    rebuild = need("leeftui.ingest", "rebuild")
    folder = work / "map-sources"
    target = work / "map.duckdb"
    if target.exists():  # built once per run (the map and the report parts share it)
        return target
    files = generate(folder, seed=7, scale=scale, outlines=True, outline_points=12)
    rebuild(sources=[folder], target=target, classes=files.classes, synthetic=True, force=True)
    return target


def measure_map(target: Path, repeats: int, size: tuple[int, int] = (116, 72), label: str = "") -> list[Figure]:
    """The map's redraws after a key, in-process as the map pane runs them (the list's rows come from the
    explorer's view as read and are not timed here), at the pane's size in a 120×40 terminal (116 × 72
    pixels): a cursor move (repaint of the cached raster), a wave switch (new classes from the rows, the same
    raster) and a drill-down into a gemeente (other areas: fetched and rasterised). Target p95 ≤ 50 ms. The first
    map is measured in the explorer itself (:func:`bench_ui.measure_map_explorer`). ``size``: the pane's pixels
    (80×24 with `z`: 76 × 34); ``label`` names that size in the figures."""
    open_database = need("leeftui.store", "open_database")
    view_mod = need("leeftui.store.view")
    scope = need("leeftui.store.scope", "Scope")
    outlines = need("leeftui.store.outlines")
    choropleth = need("leeftui.present.choropleth")
    labels = need("leeftui.schema", "CLASS_LABELS")
    from bench_core import percentile

    db = open_database(target)
    try:
        views = {}

        def rows(level: str, parent: str | None, a: int, b: int) -> Any:
            key = (level, parent, a, b)
            if key not in views:
                request = view_mod.ViewRequest(scope(parent=parent, level=level), a, b)
                views[key] = view_mod.base_rows(db, db.default_release, request)
            return views[key]

        def draw(level: str, parent: str | None, a: int, b: int) -> tuple[Any, Any]:
            data = outlines.map_data(db, db.default_release, rows(level, parent, a, b), "class", a, b, labels, size)
            raster = choropleth.rasterise_map(data, *size)
            choropleth.render_terminal(raster, data.classes, set(data.codes), data.codes[0])
            return raster, data

        raster, data = draw("buurt", None, 2014, 2024)
        cursor: list[float] = []
        waves: list[float] = []
        drill: list[float] = []
        for i in range(max(repeats, 5) * 4):
            t0 = time.perf_counter()
            choropleth.render_terminal(raster, data.classes, set(data.codes), data.codes[i % len(data.codes)])
            cursor.append((time.perf_counter() - t0) * 1000)
        gemeenten = sorted({c[2:6] for c in data.codes})
        draw("buurt", "GM" + gemeenten[-1], 2014, 2024)  # warm-up: the first drill-down builds its caches once
        for i in range(max(repeats, 5)):
            rows("buurt", None, 2014, 2022)
            rows("buurt", "GM" + gemeenten[i % len(gemeenten)], 2014, 2024)
        for i in range(max(repeats, 5)):
            view = rows("buurt", None, 2014, 2022 if i % 2 else 2024)
            t0 = time.perf_counter()  # a wave switch: the same areas, new classes (what the pane does)
            classes, _, _ = outlines.map_values(db.default_release, view, "class", 2014, 2024, labels)
            choropleth.render_terminal(raster, classes, set(data.codes), data.codes[0])
            waves.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            draw("buurt", "GM" + gemeenten[i % len(gemeenten)], 2014, 2024)
            drill.append((time.perf_counter() - t0) * 1000)
    finally:
        db.close()
    n = f"{len(data.codes):,} buurten"
    key, at = (f"_{label.replace('×', 'x')}", f" at {label}") if label else ("", "")
    return [Figure(f"map_cursor{key}", f"map{at}: redraw after a cursor move (p95)", percentile(cursor, 95), "ms",
                   50.0, measured=percentile(cursor, 50), detail_unit="ms", samples={"ms": cursor}),
            Figure(f"map_wave{key}", f"map{at}: redraw after a wave switch, all {n} (p95)", percentile(waves, 95),
                   "ms", 50.0, measured=percentile(waves, 50), detail_unit="ms", samples={"ms": waves}),
            Figure(f"map_drill{key}", f"map{at}: redraw after drilling into a gemeente (p95)", percentile(drill, 95),
                   "ms", 50.0, measured=percentile(drill, 50), detail_unit="ms", samples={"ms": drill})]


def measure_gis(target: Path, work: Path, repeats: int) -> list[Figure]:
    """GIS exports of all buurten (wide, 2014:2024, as `export --compare … -o x.gpkg` runs: the selection, each
    area's outline joined, the file written) against the parquet export of the same selection, alternately in one
    run. Target ≤ 2×."""
    write_table = need("leeftui.export", "write_table")
    provenance = need("leeftui.export", "Provenance")
    open_database = need("leeftui.store", "open_database")
    select = need("leeftui.store.select", "select")
    selection = need("leeftui.model.selection", "Selection")
    with_geometry = need("leeftui.store.outlines", "with_geometry")

    def export(fmt: str) -> float:
        out = work / f"gis.{fmt}"
        t0 = time.perf_counter()
        db = open_database(target)
        try:
            rel = db.default_release
            table = select(db, rel, selection(level="buurt", compare=(min(rel.waves), max(rel.waves))))
            if fmt != "parquet":
                table, _ = with_geometry(db, table)
            write_table(table, out, fmt, provenance.from_db(db, rel, "bench"))
        finally:
            db.close()
        dt = time.perf_counter() - t0
        out.unlink(missing_ok=True)
        return dt

    figs = []
    def plain() -> float:
        return export("parquet")

    for fmt in ("gpkg", "geoparquet"):
        ms, bs = paired_runs(partial(export, fmt), plain, repeats)
        figs.append(ratio_figure(f"export_{fmt}_ratio", f"export {fmt} (with outlines) vs parquet", ms, bs, 2.0,
                                 "all buurten wide, open + select + outlines joined + write, in-process; vs the "
                                 "same export to parquet without outlines"))
    return figs


def measure_report(db_path: Path, repeats: int) -> list[Figure]:
    """The one-page report of a buurt on the national database, in-process as `leeftui report` makes it (open,
    profile, ranks, map, render): HTML target ≤ 1 s, PDF ≤ 3 s (the slowest of the runs)."""
    open_database = need("leeftui.store", "open_database")
    area_sheet = need("leeftui.store.sheet", "area_sheet")
    page = need("leeftui.present.sheet")
    pdf = need("leeftui.present.sheetpdf", "pdf")

    db = open_database(db_path)
    try:
        code = db.one("SELECT code FROM areas WHERE release = $rel AND level = 'buurt' ORDER BY code LIMIT 1",
                      {"rel": db.default_release.release})[0]
    finally:
        db.close()

    def make(kind: str) -> float:
        t0 = time.perf_counter()
        d = open_database(db_path)
        try:
            sheet = area_sheet(d, d.default_release, code)
            page.html(sheet) if kind == "html" else pdf(sheet)
        finally:
            d.close()
        return time.perf_counter() - t0

    figs = []
    for kind, target in (("html", 1.0), ("pdf", 3.0)):
        runs = [make(kind) for _ in range(max(repeats, 3))]
        figs.append(Figure(f"report_{kind}", f"report of a buurt to {kind.upper()} (slowest)", max(runs), "s", target,
                           measured=median(runs), detail_unit="s", samples={"s": runs},
                           note=f"in-process: open, profile, ranks among all buurten, map, render; {code}"))
    return figs
