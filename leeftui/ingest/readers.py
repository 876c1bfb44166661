"""Recognising one source file and staging it, through a registry of source kinds.

A new kind of source is one more entry: :data:`FILE_KINDS` for files recognised by their suffix
(area-set TOML, CBS JSON), :data:`TABLE_KINDS` for CSV/XLSX tables recognised by their header (first
match wins). Each table kind says how to read the file fast (a typed CSV read, or the all-text read)
and how to stage it; staging may ask for the all-text read instead, to report what the typed read found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from leeftui.ingest import class_codes, lbm2, population
from leeftui.ingest.extras import AreaSet, is_area_set_file, parse_toml, read_area_sets
from leeftui.ingest.outlines import is_geojson, read_outlines
from leeftui.ingest.overrides import Override, is_override_file, read_overrides
from leeftui.ingest.report import Issues
from leeftui.ingest.scores import TYPED_COLUMNS, lbm3_header_problem, lbm3_level, stage_lbm3
from leeftui.ingest.sources import SourceFile
from leeftui.ingest.tables import Loaded, LoadError, load_csv_typed, load_file, read_header


@dataclass
class Read:
    """What reading one file produced."""

    kind: str | None
    """Source kind (schema ``sources.kind``), or None when the file was not recognised / not stored."""
    rows: int = 0
    detail: str = ""
    area_sets: list[AreaSet] = field(default_factory=list)
    overrides: dict[tuple[str, str], Override] = field(default_factory=dict)
    """Hand-made matches of named-set members (:mod:`leeftui.ingest.named_sets`)."""


@dataclass(frozen=True)
class Context:
    """What staging a file may need besides the file itself."""

    con: duckdb.DuckDBPyConnection
    src: SourceFile
    workdir: Path
    hint: population.YearHint
    ord_: int
    issues: Issues


@dataclass(frozen=True)
class TableKind:
    """One kind of CSV/XLSX source, recognised by its header."""

    name: str
    """What the kind is, for this module's readers."""
    recognise: Callable[[tuple[str, ...]], str | None]
    """The source kind (schema ``sources.kind``) of a header, or None when it is not this kind."""
    stage: Callable[[Context, Loaded, str], Read | None]
    """Stage a loaded table of source kind ``kind``; None asks to stage the all-text read instead."""
    typed_read: Callable[[Context, tuple[str, ...]], Loaded | None] | None = None
    """A CSV read with numbers parsed while reading; without one, or when it returns None, the all-text
    read is used."""
    header_problem: Callable[[tuple[str, ...], str], str | None] | None = None
    """What is wrong with a header of source kind ``kind``, checked before the file is loaded (None: nothing)."""


@dataclass(frozen=True)
class FileKind:
    """One kind of source recognised by its suffix."""

    suffix: str
    read: Callable[[Context], Read]


def _unrecognised(ctx: Context, what: str) -> Read:
    name = ctx.src.name
    ctx.issues.warn(name, None, "unrecognised",
                    f"{name}: not a recognised Leefbaarometer, CBS population or area-set file ({what}); skipped.")
    return Read(None)


# -- file kinds --------------------------------------------------------------------------------


def _read_area_sets(ctx: Context) -> Read:
    data, problem = parse_toml(ctx.src.path)
    if data is None:  # a set file with a typo must not vanish silently from the build
        ctx.issues.error(ctx.src.name, None, problem or "cannot read it")
        return Read(None)
    if is_override_file(data):
        overrides = read_overrides(data, ctx.src.name, ctx.issues)
        return Read("set-override", len(overrides), f"{len(overrides)} member matches", overrides=overrides)
    if not is_area_set_file(data):
        return _unrecognised(ctx, "TOML without [[set]] or [[override]] tables")
    sets = read_area_sets(data, ctx.src.name, ctx.issues)
    return Read("area-set", sum(len(s.members) for s in sets), f"{len(sets)} area sets", sets)


def _read_outlines(ctx: Context) -> Read:
    got = read_outlines(ctx.con, ctx.src.path, ctx.src.name, ctx.ord_, ctx.issues)
    return Read("outlines" if got.rows else None, got.rows, got.detail)


def _read_population_json(ctx: Context) -> Read:
    if is_geojson(ctx.src.path):  # the WFS serves outlines as GeoJSON
        return _read_outlines(ctx)
    data = population.load_json(ctx.src.path)
    if not isinstance(data, dict) or not population.is_population_json(data):
        return _unrecognised(ctx, "JSON that is not code-keyed CBS figures")
    rows, detail = population.stage_json(ctx.con, data, ctx.src, ctx.ord_, ctx.hint, ctx.issues)
    return Read("population", rows, detail)


def _read_dbf(ctx: Context) -> Read:
    kind, rows, detail = population.stage_dbf(ctx.con, ctx.src, ctx.ord_, ctx.hint, ctx.issues)
    return Read(kind, rows, detail)


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind(".toml", _read_area_sets),
    FileKind(".json", _read_population_json),
    FileKind(".geojson", _read_outlines),
    FileKind(".gpkg", _read_outlines),
    FileKind(".dbf", _read_dbf),
)
"""Sources recognised by their suffix."""


# -- table kinds -------------------------------------------------------------------------------


def _stage_lbm2(ctx: Context, ld: Loaded, kind: str) -> Read:
    rows = lbm2.stage_lbm2(ctx.con, ld, ctx.src.name, kind, ctx.issues)
    return Read(kind, rows)


def _lbm3_kind(header: tuple[str, ...]) -> str | None:
    level = lbm3_level(header)
    return f"scores-{level}" if level else None


def _stage_lbm3(ctx: Context, ld: Loaded, kind: str) -> Read | None:
    staged = stage_lbm3(ctx.con, ld, ctx.src.name, kind.removeprefix("scores-"), ctx.issues)
    return None if staged is None else Read(kind, staged)


def _population_kind(header: tuple[str, ...]) -> str | None:
    return "population" if population.is_population_header(header) else None


def _stage_population(ctx: Context, ld: Loaded, kind: str) -> Read | None:
    got = population.stage_table(ctx.con, ld, ctx.src, ctx.ord_, ctx.hint, ctx.issues)
    return None if got is None else Read(kind, *got)


def _stage_class_codes(ctx: Context, ld: Loaded, kind: str) -> Read:
    rows = class_codes.stage(ctx.con, ld, ctx.src.name)
    return Read(kind, rows, "the official class codes: leeftui's classes are checked against them")


TABLE_KINDS: tuple[TableKind, ...] = (
    TableKind("official class codes", class_codes.recognise, _stage_class_codes),
    TableKind("LBM 2.0 classes and dimensions", lbm2.classify, _stage_lbm2),
    TableKind("LBM 3.0 scores", _lbm3_kind, _stage_lbm3,
              lambda ctx, header: load_csv_typed(ctx.con, ctx.src, ctx.workdir, TYPED_COLUMNS),
              lambda header, kind: lbm3_header_problem(header, kind.removeprefix("scores-"))),
    # counts never take a decimal comma (CBS writes '.' for unknown)
    TableKind("CBS population", _population_kind, _stage_population,
              lambda ctx, header: load_csv_typed(ctx.con, ctx.src, ctx.workdir, population.count_columns(header),
                                                 decimal_comma=False, null_texts=population.TYPED_NULLS)),
)
"""Tabular sources, tried in this order (the first that recognises a header wins)."""


def classify_header(header: tuple[str, ...]) -> tuple[TableKind, str] | None:
    """The table kind and source kind of a header, or None when no kind recognises it."""
    for table_kind in TABLE_KINDS:
        kind = table_kind.recognise(header)
        if kind:
            return table_kind, kind
    return None


# -- dispatch ----------------------------------------------------------------------------------


def read_source(con: duckdb.DuckDBPyConnection, src: SourceFile, workdir: Path, hint: population.YearHint,
                ord_: int, issues: Issues) -> Read:
    """Recognise and stage one file; unrecognised files become one warning, bad ones errors."""
    ctx = Context(con, src, workdir, hint, ord_, issues)
    for file_kind in FILE_KINDS:
        if src.suffix == file_kind.suffix:
            return file_kind.read(ctx)
    try:
        if src.suffix == ".xlsx":
            ld: Loaded | None = load_file(con, src, workdir)
            header = ld.header if ld is not None else ()
            found = classify_header(header)
        else:
            header = read_header(src)
            found = classify_header(header)
            ld = None
            problem = found[0].header_problem if found is not None else None
            if found is not None and problem is not None and (message := problem(header, found[1])):
                issues.error(src.name, 1, message)
                return Read(None)
            if found is not None:
                typed_read = found[0].typed_read
                ld = typed_read(ctx, header) if typed_read is not None else None
                if ld is None:
                    ld = load_file(con, src, workdir)
    except LoadError as exc:
        issues.error(src.name, exc.line, str(exc))
        return Read(None)
    except OSError as exc:
        issues.error(src.name, None, f"cannot read ({exc.strerror or exc})")
        return Read(None)
    if found is None or ld is None:
        shown = ", ".join(h for h in header[:6]) + ("…" if len(header) > 6 else "")
        return _unrecognised(ctx, f"header: {shown or 'empty'}")
    table_kind, kind = found
    read = table_kind.stage(ctx, ld, kind)
    if read is None:  # the typed read found something to report: stage the all-text read, for the messages
        ld = _reload_as_text(ctx, ld)
        if ld is None:
            return Read(None)
        read = table_kind.stage(ctx, ld, kind) or Read(kind)
    return read


def _reload_as_text(ctx: Context, ld: Loaded) -> Loaded | None:
    """Replace a typed staging table by the all-text read of the same file (None: that read failed too,
    and the failure is recorded)."""
    ctx.con.execute(f"DROP TABLE {ld.table}")
    try:
        return load_file(ctx.con, ctx.src, ctx.workdir)
    except LoadError as exc:
        ctx.issues.error(ctx.src.name, exc.line, str(exc))
        return None
