"""Export an Arrow table with its provenance: csv | tsv | parquet | json | jsonl | xlsx | markdown | gpkg |
geoparquet.

One format-driven function, :func:`write_table`, used by the CLI (`leeftui export`, `leeftui sql`)
and by the explorer's export dialog. No Textual here.

Where provenance (and the DEMO notice of a synthetic database) goes, per format:

- parquet: file key/value metadata ``leeftui.release``, ``leeftui.release_id``, ``leeftui.built_at``,
  ``leeftui.synthetic``, ``leeftui.notice``, ``leeftui.database``, ``leeftui.query``, ``leeftui.version``,
  ``leeftui.classes`` (where the class bounds came from);
- json: the ``"meta"`` object next to ``"rows"``;
- jsonl: rows only; written to a file, the provenance goes to a sidecar ``<file>.meta.json``
  (nothing extra when writing to a stream);
- xlsx: a second sheet ``about`` with one key/value row per field;
- markdown: blockquote lines before the table (``> DEMO DATA — synthetic …``, source, query);
- csv/tsv: a header row, then rows, so every reader parses it; the CLI also prints the notice
  on stderr;
- gpkg: the layer's metadata (``leeftui.<field>`` items, as parquet's keys); geoparquet: parquet's keys and
  ``geo`` (:mod:`leeftui.export.gis`).

A synthetic (demo) export must say so wherever it ends up: for csv, tsv and xlsx, which have no
place for metadata that a reader sees, every row then carries a last column ``notice`` with the
text ``DEMO DATA — synthetic``. Exports of official data have no such column.

List columns (e.g. the explorer's ``spark``) stay lists in parquet/json/jsonl and become JSON
array text (``[4.1, null, 4.2]``) in csv/tsv/xlsx/markdown. NULL stays NULL in every format.
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from leeftui import __version__
from leeftui.errors import UsageError
from leeftui.export.files import sidecar_path, write_file
from leeftui.export.spreadsheet import neutralised

__all__ = ["FORMATS", "Provenance", "check_format", "format_from_suffix", "neutralised", "sidecar_path",
           "write_file", "write_table"]

if TYPE_CHECKING:
    from leeftui.model.release import ReleaseInfo
    from leeftui.store.db import Database

FORMATS: tuple[str, ...] = ("csv", "tsv", "parquet", "json", "jsonl", "xlsx", "markdown", "gpkg", "geoparquet")
"""Formats :func:`write_table` writes (the last two with the areas' outlines: :mod:`leeftui.export.gis`)."""

SUFFIXES: dict[str, str] = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".parquet": "parquet", ".pq": "parquet",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx", ".md": "markdown",
    ".markdown": "markdown", ".gpkg": "gpkg", ".geoparquet": "geoparquet",
}
"""File suffix → format."""

BATCH_ROWS = 65_536
"""Rows written per batch (and per progress callback)."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Provenance:
    """Where exported data came from; travels with every export (see the module doc)."""

    release: str
    """Human release label, e.g. 'Leefbaarometer 3.0, meting 2024'."""
    release_id: str
    """Release id, e.g. 'lbm3-2024'."""
    built_at: str
    """When the database was built (ISO 8601 UTC), '' if unknown."""
    synthetic: bool
    """True for generated demo data."""
    notice: str
    """Text every export must carry (e.g. 'DEMO DATA — synthetic'); '' for official data."""
    database: str
    """Path of the database file."""
    query: str
    """What was exported: the selection description or the SQL text."""
    version: str = __version__
    """leeftui version that wrote the export."""
    classes: str = ""
    """Where the class bounds came from (the release's ``classes_source``); '' when none are loaded."""
    coverage: tuple[str, ...] = ()
    """What a report's headline figures stand on (:attr:`leeftui.model.report.Report.coverage`); empty for a
    plain export."""

    @classmethod
    def from_db(cls, db: Database, rel: ReleaseInfo, description: str) -> Provenance:
        """Build the provenance of an export of release ``rel`` from the open database and a description of the
        selection."""
        return cls(release=rel.label, release_id=rel.release, built_at=db.meta.get("built_at", ""),
                   synthetic=db.synthetic, notice=db.notice, database=str(db.path), query=description,
                   classes=rel.classes_source or "")

    def as_dict(self) -> dict[str, object]:
        """Return the fields as a plain dict (JSON ``meta``, xlsx ``about`` sheet); ``coverage`` only when set."""
        out = asdict(self)
        out["coverage"] = list(self.coverage)
        if not self.coverage:
            del out["coverage"]
        return out

    def metadata(self) -> dict[str, str]:
        """Return the fields as Parquet key/value metadata (keys ``leeftui.<field>``; coverage lines joined by
        newlines)."""
        return {f"leeftui.{k}": (("true" if v else "false") if isinstance(v, bool)
                                 else "\n".join(v) if isinstance(v, list) else str(v))
                for k, v in self.as_dict().items()}

    def banner(self) -> list[str]:
        """Return human lines for text formats: the notice (if any), the source and the query."""
        lines = []
        if self.notice:
            lines.append(f"{self.notice}: these are not real Leefbaarometer figures.")
        lines.append(f"Source: {self.release} ({self.release_id}), database {self.database}, "
                     f"built {self.built_at or 'unknown'}; leeftui {self.version}.")
        lines.append(f"Classes: {self.classes or 'none loaded (class columns are empty)'}")
        if self.query:
            lines.append(f"Selection: {self.query}")
        lines += [f"Coverage: {line}" for line in self.coverage]
        return lines


def format_from_suffix(path: str | os.PathLike[str]) -> str | None:
    """Return the format a file name implies ('out.parquet' → 'parquet'), or None if unknown."""
    return SUFFIXES.get(Path(path).suffix.lower())


def check_format(fmt: str) -> str:
    """Return ``fmt`` normalised; raise UsageError naming it and the nearest format when unknown."""
    f = fmt.strip().lower()
    f = {"md": "markdown", "ndjson": "jsonl", "pq": "parquet", "geopackage": "gpkg"}.get(f, f)
    if f not in FORMATS:
        import difflib

        near = difflib.get_close_matches(f, FORMATS, n=1)
        hint = f" Did you mean '{near[0]}'?" if near else ""
        raise UsageError(f"Unknown format '{fmt}'; use one of {', '.join(FORMATS)}.{hint}")
    return f



# --------------------------------------------------------------------------------------------
# public entry point


def write_table(table: pa.Table, target: Path | BinaryIO, fmt: str, provenance: Provenance, *,
                overwrite: bool = False, progress: Progress | None = None, spreadsheet_safe: bool = False) -> None:
    """Write ``table`` to ``target`` (a file path or a binary stream) in format ``fmt``.

    A path is written through a temporary file beside it and renamed at the end, so a failed
    or interrupted export leaves nothing half-written. An existing file is never replaced
    unless ``overwrite`` is true (UsageError naming the file otherwise). ``progress`` is called
    as ``progress(rows_written, total_rows)`` after each batch. OS errors (permission, full
    disk) become a :class:`LeeftuiError` with one sentence. ``spreadsheet_safe``: text cells that a spreadsheet
    would read as a formula (beginning with = + - @, a tab or a carriage return) get a leading ``'`` in csv and
    tsv (:func:`neutralised`); xlsx cells from data are always literal text, whatever this says.
    """
    fmt = check_format(fmt)
    writer = _WRITERS[fmt]
    if spreadsheet_safe and fmt in ("csv", "tsv"):
        table = neutralised(table)
    if not isinstance(target, (str, os.PathLike)):
        writer(table, target, provenance, progress)
        return
    write_file(Path(target), lambda fh: writer(table, fh, provenance, progress), overwrite=overwrite,
               sidecar=(lambda fh: fh.write(_meta_json(provenance, table).encode("utf-8"))) if fmt == "jsonl"
               else None)



# --------------------------------------------------------------------------------------------
# helpers


def _batches(table: pa.Table, total: int, progress: Progress | None) -> Iterator[pa.RecordBatch]:
    done = 0
    for batch in table.to_batches(max_chunksize=BATCH_ROWS):
        yield batch
        done += batch.num_rows
        if progress is not None:
            progress(done, total)
    if progress is not None and total == 0:
        progress(0, 0)


def _is_nested(t: pa.DataType) -> bool:
    return bool(pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)
                or pa.types.is_struct(t) or pa.types.is_map(t))


def _jsonable(v: object) -> object:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return v


def _default(v: object) -> object:
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, bytes):
        return v.hex()
    return str(v)


def _dumps(v: object) -> str:
    return json.dumps(_jsonable(v), ensure_ascii=False, default=_default)


def _flatten(table: pa.Table) -> pa.Table:
    """Replace list/struct columns by JSON text so flat formats can hold them."""
    if not any(_is_nested(f.type) for f in table.schema):
        return table
    cols = []
    for f, col in zip(table.schema, table.columns, strict=True):
        if _is_nested(f.type):
            col = pa.array([None if v is None else _dumps(v) for v in col.to_pylist()], pa.string())
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def _meta_json(provenance: Provenance, table: pa.Table) -> str:
    meta = {**provenance.as_dict(), "rows": table.num_rows, "columns": table.column_names}
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"


def _cell(v: object) -> str:
    """A value as text for markdown: NULL → '', floats at full precision."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v) if math.isfinite(v) else ""
    if isinstance(v, (list, tuple, dict)):
        return _dumps(v)
    return str(v)


# --------------------------------------------------------------------------------------------
# one writer per format: (table, binary stream, provenance, progress)


NOTICE_COLUMN = "notice"
"""Name of the column that marks every row of a synthetic csv/tsv/xlsx export."""


def _with_notice(table: pa.Table, provenance: Provenance) -> pa.Table:
    """Append the ``notice`` column to a synthetic export (unchanged for official data)."""
    if not provenance.notice or NOTICE_COLUMN in table.column_names:
        return table
    return table.append_column(NOTICE_COLUMN, pa.repeat(pa.scalar(provenance.notice), table.num_rows))


def _write_delimited(delimiter: str) -> Callable[[pa.Table, BinaryIO, Provenance, Progress | None], None]:
    def write(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None) -> None:
        flat = _with_notice(_flatten(table), provenance)
        opts = pacsv.WriteOptions(include_header=True, delimiter=delimiter, quoting_style="needed")
        with pacsv.CSVWriter(fh, flat.schema, write_options=opts) as w:
            for batch in _batches(flat, flat.num_rows, progress):
                w.write_batch(batch)
    return write


def _write_parquet(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None,
                   extra: dict[bytes, bytes] | None = None) -> None:
    schema = table.schema.with_metadata({**(table.schema.metadata or {}),
                                         **{k.encode(): v.encode() for k, v in provenance.metadata().items()},
                                         **(extra or {})})
    # snappy like DuckDB's own COPY; dictionary pages only for text columns (scores are near-unique doubles)
    text_cols = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    with pq.ParquetWriter(fh, schema, compression="snappy", use_dictionary=text_cols) as w:
        for batch in _batches(table, table.num_rows, progress):
            w.write_batch(batch.replace_schema_metadata(schema.metadata), row_group_size=1_000_000)


def _json_rows(table: pa.Table, progress: Progress | None) -> Iterator[str]:
    for batch in _batches(table, table.num_rows, progress):
        for row in batch.to_pylist():
            yield _dumps(row)


def _write_json(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None) -> None:
    meta = {**provenance.as_dict(), "columns": table.column_names}
    fh.write(('{"meta": ' + json.dumps(meta, ensure_ascii=False) + ',\n"rows": [').encode("utf-8"))
    first = True
    for line in _json_rows(table, progress):
        fh.write((("\n" if first else ",\n") + line).encode("utf-8"))
        first = False
    fh.write(b"\n]}\n")


def _write_jsonl(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None) -> None:
    buf: list[str] = []
    for line in _json_rows(table, progress):
        buf.append(line)
        if len(buf) >= 4096:
            fh.write(("\n".join(buf) + "\n").encode("utf-8"))
            buf.clear()
    if buf:
        fh.write(("\n".join(buf) + "\n").encode("utf-8"))


def _write_markdown(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None) -> None:
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    out = io.StringIO()
    for line in provenance.banner():
        out.write(f"> {esc(line)}\n")
    out.write("\n| " + " | ".join(esc(n) for n in table.column_names) + " |\n")
    numeric = [pa.types.is_integer(f.type) or pa.types.is_floating(f.type) for f in table.schema]
    out.write("|" + "|".join("---:" if n else "---" for n in numeric) + "|\n")
    fh.write(out.getvalue().encode("utf-8"))
    for batch in _batches(table, table.num_rows, progress):
        cols = [c.to_pylist() for c in batch.columns]
        lines = ["| " + " | ".join(esc(_cell(c[i])) for c in cols) + " |" for i in range(batch.num_rows)]
        if lines:
            fh.write(("\n".join(lines) + "\n").encode("utf-8"))


def _write_xlsx(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None) -> None:
    from leeftui.export.spreadsheet import write_xlsx

    flat = _with_notice(_flatten(table), provenance)
    write_xlsx(flat, table.num_rows, provenance.as_dict(), _batches(flat, flat.num_rows, progress), fh)


def _write_gpkg(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None) -> None:
    from leeftui.export.gis import write_gpkg

    write_gpkg(table, fh, provenance, progress, _flatten)


def _write_geoparquet(table: pa.Table, fh: BinaryIO, provenance: Provenance, progress: Progress | None) -> None:
    from leeftui.export.gis import geoparquet_metadata

    _write_parquet(table, fh, provenance, progress, geoparquet_metadata(table, provenance))


_WRITERS: dict[str, Callable[[pa.Table, BinaryIO, Provenance, Progress | None], None]] = {
    "csv": _write_delimited(","),
    "tsv": _write_delimited("\t"),
    "parquet": _write_parquet,
    "json": _write_json,
    "jsonl": _write_jsonl,
    "markdown": _write_markdown,
    "xlsx": _write_xlsx,
    "gpkg": _write_gpkg,
    "geoparquet": _write_geoparquet,
}
