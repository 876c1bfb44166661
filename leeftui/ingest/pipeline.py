"""``rebuild``: read sources, validate, derive, and write a new database atomically."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

import leeftui
from leeftui import schema, tables
from leeftui.atomic import tracked
from leeftui.errors import BuildError, UsageError
from leeftui.ingest import assemble, class_codes, derive, figures, grid, outlines
from leeftui.ingest.extras import SHIPPED_CLASSES, SHIPPED_FOR, AreaSet, Bound, read_bounds
from leeftui.ingest.named_sets import SHIPPED_SETS, ReleaseMatch, match_all, read_definition, write_set
from leeftui.ingest.overrides import Override
from leeftui.ingest.population import YearHint, table_infos_year
from leeftui.ingest.readers import read_source
from leeftui.ingest.report import BuildReport, Issues, NullProgress, Progress, SourceSummary
from leeftui.ingest.scores import STAGING_DDL
from leeftui.ingest.sources import Discovery, discover, sha256_of
from leeftui.ingest.writer import atomic_target, check_target, connect_new, first_line, insert_many
from leeftui.schema import SYNTHETIC_MARKER
from leeftui.signals import interruptible
from leeftui.store import setmatch
from leeftui.store.coverage import population_coverage

ROW_WARNINGS = ("afw-sum", "lbm-afw-constant")
"""Per-row warning kinds: stored in build_warnings, summarised in the report."""


def rebuild(sources: Sequence[Path], target: Path, *, classes: Path | None = None, no_classes: bool = False,
            year: int | None = None, synthetic: bool = False, force: bool = False,
            progress: Progress | None = None) -> BuildReport:
    """Build a new leeftui database at ``target`` from source files, atomically.

    ``sources``: the official open-data zip, folders (searched recursively) or single files
    (CSV/XLSX/JSON/TOML), recognised by header. ``classes``: a class-boundary CSV; without one, LBM 3.0
    meting 2024 gets the bounds leeftui ships (reconstructed from the official class codes, not the published
    table) and any other LBM 3.0 release none (a warning says so); ``no_classes``: none at all. ``year``: the
    year of population files that do not say it themselves. ``synthetic``: mark the data as demo.
    ``force``: replace an existing target. On any failure the previous target is left untouched.
    Raises :class:`UsageError` (bad arguments) or :class:`BuildError` (bad sources).
    """
    prog: Progress = progress or NullProgress()
    target = Path(target)
    if not sources:
        raise UsageError("Give at least one source file, folder or zip.")
    for s in sources:
        if not Path(s).exists():
            raise UsageError(f"Source {s} does not exist.")
    if classes is not None and not Path(classes).is_file():
        raise UsageError(f"Class-boundary file {classes} does not exist.")
    if classes is not None and no_classes:
        raise UsageError("Give either --classes FILE or --no-classes, not both.")
    check_target(target, force)
    issues = Issues()
    with tempfile.TemporaryDirectory(prefix="leeftui-build-") as wd, tracked(Path(wd)):
        pool = ThreadPoolExecutor(1)
        try:
            disc = discover([Path(s) for s in sources], Path(wd))
            # files leeftui generated say so by a marker beside them: what is built from them is demo data
            synthetic = synthetic or any(m.path.name.lower() == SYNTHETIC_MARKER.lower() for m in disc.metadata)
            # hash the files in the background while DuckDB reads them (hashlib and DuckDB both release the GIL)
            hashes = {f.path: pool.submit(sha256_of, f.path) for f in disc.files}
            bounds = read_bounds(Path(classes), issues) if classes is not None else []
            issues.raise_if_errors()
            with atomic_target(target, force) as tmp:
                con = connect_new(tmp, target)
                try:
                    with interruptible(con):
                        report = _build(con, disc, Path(wd), target, bounds, Path(classes) if classes else None,
                                        no_classes, year, synthetic, issues, prog, hashes)
                        # no explicit transaction: rowid (= line - 2) is only stable when committed
                        prog.step("writing")
                        con.execute("CHECKPOINT")
                except (duckdb.IOException, duckdb.FatalException) as exc:
                    raise BuildError(f"Cannot write the new database next to {target}: {first_line(exc)}.") from None
                except duckdb.OutOfMemoryException as exc:
                    raise BuildError(f"The rebuild ran out of memory and of room to spill beside {target} "
                                     f"({first_line(exc)}).") from None
                finally:
                    con.close()
        finally:  # on failure: drop the hashes not started, wait for the one running (it reads from wd)
            pool.shutdown(wait=True, cancel_futures=True)
    return report


LATE_KEYS = ("scores",)
"""The big table created without its PRIMARY KEY, which is added once it is full (one bulk index build
instead of index maintenance on every insert; the build checks duplicates itself). The schema ends up
exactly as :func:`leeftui.tables.ddl` says."""


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("\n\n".join(replace(t, constraints=()).ddl() if t.name in LATE_KEYS else t.ddl()
                             for t in tables.TABLES if not t.derived))


def _add_late_keys(con: duckdb.DuckDBPyConnection) -> None:
    for name in LATE_KEYS:
        for c in tables.TABLE_BY_NAME[name].constraints:
            con.execute(f"ALTER TABLE {name} ADD {c}")


def _build(con: duckdb.DuckDBPyConnection, disc: Discovery, wd: Path, target: Path, bounds: list[Bound],
           classes: Path | None, no_classes: bool, year: int | None, synthetic: bool, issues: Issues,
           prog: Progress, hashes: dict[Path, Future[str]]) -> BuildReport:
    _create_tables(con)
    con.execute(STAGING_DDL)
    con.execute(outlines.STAGING_DDL)
    infos = {m.folder_key: (y, m.path.name) for m in disc.metadata
             if m.path.name.lower() == "tableinfos.json" and (y := table_infos_year(m.path)) is not None}
    hint = YearHint(infos, year)
    used: list[tuple[str, Path, str, int, str]] = []
    area_sets: list[AreaSet] = []
    overrides: dict[tuple[str, str], Override] = {}
    for i, src in enumerate(disc.files, start=1):
        prog.file_started(src.name, i, len(disc.files))
        got = read_source(con, src, wd, hint, i, issues)
        prog.file_done(src.name, got.rows)
        if got.kind:
            used.append((src.name, src.path, got.kind, got.rows, got.detail))
            area_sets += got.area_sets
            overrides |= got.overrides
    issues.raise_if_errors()
    if not any(k.startswith(("scores-", "lbm2-")) for _, _, k, _, _ in used):
        raise BuildError("No Leefbaarometer score file among the sources (expected a header like "
                         "wk_code,wk_naam,jaar,lbm,afw,… or an LBM 2.0 KLyy/RLB* file); nothing was written.")
    prog.step("checking")
    grid.combine(con)
    assemble.assign_releases(con)
    assemble.check_staged_duplicates(con, issues)
    issues.raise_if_errors()
    rels = assemble.write_releases(con, synthetic)
    if not rels:
        raise BuildError("The score files hold no areas; nothing was written.")
    if classes is None and not no_classes:
        classes, bounds = _default_classes(rels, synthetic, issues)
    class_rows, classes_source = (derive.store_bounds(con, bounds, _shown(classes), synthetic, issues) if classes
                                  else ([], None))
    issues.raise_if_errors()
    assemble.write_scores(con, class_rows)  # each row once, with its classes
    assemble.write_areas(con)
    assemble.write_population(con, issues)
    outlines.write(con, issues)  # after the population: the CBS list counts the buurten a derived outline lacks
    assemble.check_invariants(con, issues)
    prog.step("deriving")
    derive.write_wave_population(con)
    borrowed = derive.borrow_names(con)
    mapping = derive.wave_population_map(con)
    n_derived = derive.derive(con)
    derive.report_partial(con, issues)
    coverage = population_coverage(lambda sql, params: con.execute(sql, list(params)).fetchall()) if mapping else ()
    for c in coverage:  # without any population there is nothing to match
        if not c.complete:
            issues.warn(None, None, "population-coverage",
                        f"{c.release} {c.describe()}: the CBS figures may be of another area division than the "
                        "scores; inhabitant-weighted figures stand on the areas with a figure.")
    derive.classify_derived(con, class_rows)
    class_check = tuple(class_codes.check(con, issues))
    if grid.staged(con):
        prog.step("writing the grid")
        grid.write(con)
    named = _named_sets(con, rels, synthetic, {s.name for s in area_sets}, overrides, issues)
    _write_sets(con, area_sets, named, issues)
    issues.raise_if_errors()
    insert_many(con, "INSERT INTO class_labels VALUES (?, ?, ?)", [[k, lab, k <= 4] for k, lab in schema.CLASS_LABELS])
    release_of = assemble.release_of_files(con)
    summaries = []
    for name, path, kind, rows, detail in used:
        summaries.append(SourceSummary(name, kind, hashes[path].result() if path in hashes else sha256_of(path),
                                       rows, release_of.get(name), detail))
    for path, matches in named:
        summaries.append(SourceSummary(matches[0].members.source, "area-set", sha256_of(path),
                                       sum(len(m.members.members) for m in matches), None,
                                       "definition by name, matched to each release's areas (leeftui db sets show "
                                       f"{matches[0].members.name})"))
    if classes is not None:
        name = _shown(classes) if classes == SHIPPED_CLASSES else str(classes)
        summaries.append(SourceSummary(name, "classes", sha256_of(classes), len(bounds), None, classes_source or ""))
    insert_many(con, "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                    [[s.file, s.kind, s.sha256, s.rows, s.release, s.detail] for s in summaries])
    prog.step("writing the lists")
    figures.write(con)  # after the sources (a grid-only release is known by them) and the class labels
    lbm3 = [r for r, i, m in sorted(rels, key=lambda x: x[2]) if i == "LBM 3.0"]
    default = lbm3[-1] if lbm3 else max(rels, key=lambda x: x[2])[0]
    meta = {
        "schema_version": str(schema.SCHEMA_VERSION), "tool_version": leeftui.__version__,
        "built_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "synthetic": "true" if synthetic else "false", "notice": "DEMO DATA — synthetic" if synthetic else "",
        "default_release": default, "population_note": derive.population_note(mapping),
        "names_note": (f"{borrowed:,} areas named from CBS files (their own files give codes only; see "
                       "borrowed_names)") if borrowed else "",
    }
    insert_many(con, "INSERT INTO meta VALUES (?, ?)", [list(x) for x in meta.items()])
    insert_many(con, "INSERT INTO build_warnings VALUES (?, ?, ?, ?)", [list(w) for w in issues.warnings])
    _add_late_keys(con)
    return _report(con, target, rels, issues, n_derived, summaries, disc, classes_source,
                   tuple(f"{c.release} {c.describe()}" for c in coverage), class_check)


def _default_classes(rels: list[tuple[str, str, int]], synthetic: bool,
                     issues: Issues) -> tuple[Path | None, list[Bound]]:
    """The shipped bounds when LBM 3.0 meting 2024 is built from official files (else none); a warning for
    every other LBM 3.0 release, which gets no classes rather than bounds checked on another release."""
    shipped = None
    for rel, instrument, meting in rels:
        if (instrument, meting) == SHIPPED_FOR and not synthetic:
            shipped = SHIPPED_CLASSES
        elif instrument == "LBM 3.0" and not synthetic:
            issues.warn(None, None, "classes-none",
                        f"No class boundaries for {rel} (Leefbaarometer 3.0, meting {meting}): leeftui's bounds, "
                        "reconstructed for meting 2024, are not applied to another release, so its classes stay "
                        "empty; pass --classes FILE to load a table.")
    if shipped is None:
        return None, []
    return shipped, [b for b in read_bounds(shipped, issues) if b.release == f"lbm3-{SHIPPED_FOR[1]}"]


def _shown(classes: Path) -> str:
    """How a class file is named in the database: leeftui's own by its place in the package."""
    return "leeftui/data/" + classes.name if classes == SHIPPED_CLASSES else classes.name


def _named_sets(con: duckdb.DuckDBPyConnection, rels: list[tuple[str, str, int]], synthetic: bool, given: set[str],
                overrides: dict[tuple[str, str], Override], issues: Issues) -> list[tuple[Path, list[ReleaseMatch]]]:
    """The sets leeftui ships by name (the 40 aandachtswijken), matched in every release; not for demo data (it
    has its own) nor where the sources define a set of the same name."""
    if synthetic:
        if overrides:
            issues.warn(None, None, "set-override-unused", "The override file is not used: demo data has its own "
                                                           "area set, not the 40 aandachtswijken.")
        return []
    releases = [r for r, _, _ in sorted(rels, key=lambda x: (-x[2], x[0]))]  # newest first
    out = []
    for path in SHIPPED_SETS:
        definition = read_definition(path)
        if definition.name in given:
            continue
        matched = match_all(con, definition, releases, overrides, issues)
        if any(m.members.members for m in matched):
            out.append((path, matched))
    unknown = {s for s, _ in overrides} - {m[0].members.name for _, m in out}
    for name in sorted(unknown):
        issues.warn(None, None, "set-override-unused", f"The override file names set {name!r}, which this build "
                                                       "does not match by name; its overrides are not used.")
    return out


def _write_sets(con: duckdb.DuckDBPyConnection, sets: list[AreaSet], named: list[tuple[Path, list[ReleaseMatch]]],
                issues: Issues) -> None:
    names = [s.name for s in sets] + [m[0].members.name for _, m in named]
    for dup in {n for n in names if names.count(n) > 1}:
        issues.error(next(s.source for s in sets if s.name == dup), None, f"area set {dup!r} is defined twice")
    if issues.error_count:
        return
    known = {c for (c,) in con.execute("SELECT DISTINCT code FROM areas").fetchall()}
    for s in sets:
        con.execute("INSERT INTO area_sets VALUES (?, ?, ?)", [s.name, s.description, s.source])
        write_set(con, s)
        unknown = [m[0] for m in s.members if m[0] not in known]
        if unknown:
            issues.warn(s.source, None, "set-unknown-codes",
                        f"{s.source}: area set {s.name!r} names {len(unknown)} codes without scores "
                        f"({', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}).")
    for _, matches in named:
        first = matches[0].members
        con.execute("INSERT INTO area_sets VALUES (?, ?, ?)", [first.name, first.description, first.source])
        for m in matches:
            write_set(con, m.members, m.rows)


def _report(con: duckdb.DuckDBPyConnection, target: Path, rels: list[tuple[str, str, int]], issues: Issues,
            n_derived: int, summaries: list[SourceSummary], disc: Discovery, classes_source: str | None,
            coverage: tuple[str, ...], class_check: tuple[str, ...] = ()) -> BuildReport:
    rows = dict(con.execute("SELECT a.level, count(*) FROM scores s JOIN areas a USING (release, code) "
                            "GROUP BY ALL").fetchall())
    areas = dict(con.execute("SELECT level, count(*) FROM areas GROUP BY ALL").fetchall())
    if grid.staged(con):  # cells count as the grid's areas
        ((rows[schema.GRID], areas[schema.GRID]),) = con.execute(
            "SELECT count(*), count(DISTINCT (release, grid_id)) FROM grid_values").fetchall()
    waves = tuple(int(w) for (w,) in con.execute("SELECT DISTINCT jaar FROM scores UNION SELECT DISTINCT jaar "
                                                 "FROM grid_values ORDER BY 1").fetchall())
    return BuildReport(
        target=str(target), releases=tuple(r for r, _, _ in rels),
        rows_per_level={lv: int(rows.get(lv, 0)) for lv in (*schema.ALL_LEVELS, schema.GRID)},
        areas_per_level={lv: int(areas.get(lv, 0)) for lv in (*schema.ALL_LEVELS, schema.GRID)},
        waves=waves,
        warnings=tuple(m for _, _, k, m in issues.warnings
                       if k not in ROW_WARNINGS and k not in setmatch.KINDS and k != "class-codes"),
        class_check=class_check,
        set_matching=tuple(setmatch.condensed([(k, m) for _, _, k, m in issues.warnings])),
        derived=n_derived, sources=tuple(summaries), ignored=disc.ignored,
        population_years=tuple(derive.population_years(con)), classes_source=classes_source,
        population_coverage=coverage)
