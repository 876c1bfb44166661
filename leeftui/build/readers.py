"""Dispatch: recognise one source file by its header (or content) and stage it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from leeftui.build import lbm2, population
from leeftui.build.extras import AreaSet, is_area_set_file, read_area_sets
from leeftui.build.report import Issues
from leeftui.build.scores import TYPED_COLUMNS, lbm3_level, stage_lbm3
from leeftui.build.sources import SourceFile
from leeftui.build.tables import Loaded, LoadError, load_csv_typed, load_file, read_header


@dataclass
class Read:
    """What reading one file produced."""

    kind: str | None
    """Source kind (schema ``sources.kind``), or None when the file was not recognised / not stored."""
    rows: int = 0
    detail: str = ""
    area_sets: list[AreaSet] = field(default_factory=list)


def classify_header(header: tuple[str, ...]) -> str | None:
    """Return the source kind for a tabular header, or None when unrecognised."""
    kind = lbm2.classify(header)
    if kind:
        return kind
    level = lbm3_level(header)
    if level:
        return f"scores-{level}"
    if population.is_population_header(header):
        return "population"
    return None


def _unrecognised(issues: Issues, src: SourceFile, what: str) -> Read:
    issues.warn(src.name, None, "unrecognised",
                f"{src.name}: not a recognised Leefbaarometer, CBS population or area-set file ({what}); skipped.")
    return Read(None)


def read_source(con: duckdb.DuckDBPyConnection, src: SourceFile, workdir: Path, hint: population.YearHint,
                ord_: int, issues: Issues) -> Read:
    """Recognise and stage one file; unrecognised files become one warning, bad ones errors."""
    if src.suffix == ".toml":
        if not is_area_set_file(src.path):
            return _unrecognised(issues, src, "TOML without [[set]] tables")
        sets = read_area_sets(src.path, src.name, issues)
        return Read("area-set", sum(len(s.members) for s in sets), f"{len(sets)} area sets", sets)
    if src.suffix == ".json":
        data = population.load_json(src.path)
        if not population.is_population_json(data):
            return _unrecognised(issues, src, "JSON that is not code-keyed CBS figures")
        rows, detail = population.stage_json(con, data, src, ord_, hint, issues)  # type: ignore[arg-type]
        return Read("population", rows, detail)
    try:
        if src.suffix == ".xlsx":
            ld = load_file(con, src, workdir)
            header = ld.header
            kind = classify_header(header)
        else:
            header = read_header(src)
            kind = classify_header(header)
            ld = None
            if kind and kind.startswith("scores-"):  # fast path: numbers parsed while reading
                ld = load_csv_typed(con, src, workdir, TYPED_COLUMNS)
            elif kind == "population":  # counts never take a decimal comma (CBS writes '.' for unknown)
                ld = load_csv_typed(con, src, workdir, population.count_columns(header), decimal_comma=False,
                                    null_texts=population.TYPED_NULLS)
            if kind and ld is None:
                ld = load_file(con, src, workdir)
    except LoadError as exc:
        issues.error(src.name, exc.line, str(exc))
        return Read(None)
    except OSError as exc:
        issues.error(src.name, None, f"cannot read ({exc.strerror or exc})")
        return Read(None)
    if kind is None or ld is None:
        shown = ", ".join(h for h in header[:6]) + ("…" if len(header) > 6 else "")
        return _unrecognised(issues, src, f"header: {shown or 'empty'}")
    if kind.startswith("scores-"):
        staged = stage_lbm3(con, ld, src.name, kind.removeprefix("scores-"), issues)
        if staged is None:  # the typed read found a bad code or wave: check again as text, for the messages
            ld = _reload_as_text(con, ld, src, workdir, issues)
            if ld is None:
                return Read(None)
            staged = stage_lbm3(con, ld, src.name, kind.removeprefix("scores-"), issues)
        return Read(kind, staged or 0)
    if kind.startswith("lbm2-"):
        rows = lbm2.stage_lbm2(con, ld, src.name, kind, issues)
        return Read(kind if kind != "lbm2-ontwikkeling" else None, rows)
    got = population.stage_table(con, ld, src, ord_, hint, issues)
    if got is None:  # the typed read found something to report: check again as text, for the messages
        ld = _reload_as_text(con, ld, src, workdir, issues)
        if ld is None:
            return Read(None)
        got = population.stage_table(con, ld, src, ord_, hint, issues)
    rows, detail = got or (0, "")
    return Read("population", rows, detail)


def _reload_as_text(con: duckdb.DuckDBPyConnection, ld: Loaded, src: SourceFile, workdir: Path,
                    issues: Issues) -> Loaded | None:
    """Replace a typed staging table by the all-text read of the same file (None: that read failed too,
    and the failure is recorded)."""
    con.execute(f"DROP TABLE {ld.table}")
    try:
        return load_file(con, src, workdir)
    except LoadError as exc:
        issues.error(src.name, exc.line, str(exc))
        return None
