"""Loading one CSV or XLSX file into a DuckDB temp table of text columns ``c0 … cN``.

Columns get positional names (never the file's header text) so no user text ever becomes an
SQL identifier; callers map header names to positions. The table's ``rowid`` follows file order,
so a data row's line number is ``rowid + 2`` (line 1 is the header; quoted fields spanning lines would
shift it). Rows with fewer fields than the header are padded with NULL (the real LBM 2.0 PC4 files end
rows early); rows with more fields are errors.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from leeftui.ingest.sources import Sniff, SourceFile, sniff_csv

_counter = itertools.count()
_LINE_RE = re.compile(r"Line:\s*(\d+)")
_COLS_RE = re.compile(r"Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)")


class LoadError(Exception):
    """A file could not be parsed; ``line`` is the file line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Loaded:
    """A file loaded as a temp table."""

    table: str
    """Temp table name (generated, safe)."""
    header: tuple[str, ...]
    """Normalised header: lower-case, stripped; a leading index column becomes '_idx'."""
    rows: int
    """Number of data rows."""
    delimiter: str
    """The delimiter ('' for spreadsheets)."""
    numeric: tuple[str, ...] = ()
    """Header names read as DOUBLE by :func:`load_csv_typed` (NULL = missing); all other columns are VARCHAR."""

    def col(self, name: str) -> str:
        """Return the positional SQL column for a header name (``KeyError`` if absent)."""
        return f"c{self.header.index(name)}"

    def has(self, name: str) -> bool:
        """True when the header holds ``name``."""
        return name in self.header


def normalise_header(fields: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Lower-case and strip header fields; a first field that is empty, a number or 'unnamed: 0' is '_idx'."""
    out = [str(f if f is not None else "").strip().strip('"').strip().lower() for f in fields]
    if out and (out[0] == "" or out[0].isdigit() or out[0].startswith("unnamed")):
        out[0] = "_idx"
    return tuple(out)


def read_header(src: SourceFile) -> tuple[str, ...]:
    """Return the normalised header of a CSV or XLSX file without loading it."""
    if src.suffix == ".xlsx":
        return normalise_header(next(iter(_xlsx_rows(src.path, limit=1)), ()))
    return normalise_header(sniff_csv(src.path).header)


def load_file(con: duckdb.DuckDBPyConnection, src: SourceFile, workdir: Path) -> Loaded:
    """Load a CSV/TSV or XLSX file into a temp table of VARCHAR columns; raise :class:`LoadError` on bad input."""
    if src.suffix == ".xlsx":
        return _load_xlsx(con, src)
    return _load_csv(con, src, workdir)


def _utf8_path(src: SourceFile, sn: Sniff, workdir: Path) -> Path:
    _check_last_row(src.path, sn)
    if sn.encoding == "utf-8":
        return src.path
    path = workdir / f"utf8-{next(_counter)}.csv"
    raw = src.path.read_bytes()
    raw = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = raw.decode(sn.encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(f"byte 0x{raw[exc.start]:02x} is text in neither UTF-8 nor Windows-1252; save the file as "
                        "UTF-8", raw[:exc.start].count(b"\n") + 1) from None
    path.write_text(text, encoding="utf-8")
    return path


def _check_last_row(path: Path, sn: Sniff) -> None:
    """LoadError with its line for a file cut off in its last row: no line end, and fewer fields than the header
    (read as they are, the missing fields would be empty and the cut number a different number)."""
    import csv

    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - (1 << 16)))
        tail = fh.read()
    if not tail or tail.endswith((b"\n", b"\r")):
        return
    last = tail.rsplit(b"\n", 1)[-1].decode(sn.encoding, errors="replace")
    fields = next(csv.reader([last], delimiter=sn.delimiter), [])
    if len(fields) >= len(sn.header):
        return
    with path.open("rb") as fh:
        line = 1 + sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 22), b""))
    raise LoadError(f"the last row has {len(fields)} of the header's {len(sn.header)} fields and no line end: the "
                    "file looks cut off", line)


def _read_csv_sql(table: str, types: list[str], extra: str = "") -> str:
    cols = "{" + ", ".join(f"'c{i}': '{t}'" for i, t in enumerate(types)) + "}"
    return (f"CREATE TEMP TABLE {table} AS SELECT * FROM read_csv(?, header = true, auto_detect = false, "
            f"delim = ?, quote = '\"', escape = '\"', null_padding = true, columns = {cols}{extra})")


def _load_csv(con: duckdb.DuckDBPyConnection, src: SourceFile, workdir: Path) -> Loaded:
    sn = sniff_csv(src.path)
    path = _utf8_path(src, sn, workdir)
    header = normalise_header(sn.header)
    table = f"raw{next(_counter)}"
    try:
        ((rows,),) = con.execute(_read_csv_sql(table, ["VARCHAR"] * len(header)),
                                 [str(path), sn.delimiter]).fetchall()
    except duckdb.Error as exc:
        raise _csv_error(str(exc)) from None
    return Loaded(table, header, int(rows), sn.delimiter)


NULL_TEXTS = ("NA", "", "#N/A")
"""Cells :func:`leeftui.ingest.validate.text` reads as missing (before trimming)."""


def load_csv_typed(con: duckdb.DuckDBPyConnection, src: SourceFile, workdir: Path, numeric: tuple[str, ...],
                   decimal_comma: bool | None = None, null_texts: tuple[str, ...] = NULL_TEXTS) -> Loaded | None:
    """Fast path: load a CSV with the ``numeric`` header columns parsed as DOUBLE in one read.

    Returns None when the file does not parse that way (a bad number, a malformed row, …): the caller
    then loads it with :func:`load_file` (all VARCHAR), whose checks name file and line. The DuckDB CSV
    parser accepts a subset of what ``TRY_CAST(trim(cell) AS DOUBLE)`` accepts, with the same values, so a
    successful typed read holds the numbers the VARCHAR path would compute. A file with a decimal comma
    (';' or tab delimited) is read with ``decimal_separator = ','`` unless ``decimal_comma`` says otherwise;
    ``null_texts`` are the cells read as NULL (in every column).
    """
    sn = sniff_csv(src.path)
    header = normalise_header(sn.header)
    num = tuple(n for n in numeric if n in header)
    types = ["DOUBLE" if h in num else "VARCHAR" for h in header]
    extra = ", nullstr = [" + ", ".join("'" + t.replace("'", "''") + "'" for t in null_texts) + "]"
    if decimal_comma if decimal_comma is not None else sn.delimiter in (";", "\t"):
        extra += ", decimal_separator = ','"
    table = f"raw{next(_counter)}"
    try:
        path = _utf8_path(src, sn, workdir)
        ((rows,),) = con.execute(_read_csv_sql(table, types, extra), [str(path), sn.delimiter]).fetchall()
    except (duckdb.Error, OSError, UnicodeError):
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return None
    return Loaded(table, header, int(rows), sn.delimiter, num)


def _csv_error(msg: str) -> LoadError:
    line_m = _LINE_RE.search(msg)
    cols_m = _COLS_RE.search(msg)
    line = int(line_m.group(1)) if line_m else None
    if cols_m:
        return LoadError(f"malformed CSV row: expected {cols_m.group(1)} fields, found {cols_m.group(2)}", line)
    first = msg.splitlines()[0] if msg else "unreadable CSV"
    return LoadError(f"unreadable CSV ({first})", line)


def _xlsx_rows(path: Path, limit: int | None = None):  # type: ignore[no-untyped-def]
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise LoadError(f"unreadable spreadsheet ({type(exc).__name__}: {exc})") from None
    n = 0
    try:
        ws = wb.worksheets[0]
        for n, row in enumerate(ws.iter_rows(max_row=limit, values_only=True), start=1):  # noqa: B007
            yield row
    except LoadError:
        raise
    except Exception as exc:  # a damaged sheet (truncated XML, a bad cell) fails while it is read
        raise LoadError(f"damaged spreadsheet: the sheet cannot be read after row {n} "
                        f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'unreadable'})",
                        n + 1) from None
    finally:
        wb.close()


def _cell(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _load_xlsx(con: duckdb.DuckDBPyConnection, src: SourceFile) -> Loaded:
    rows = _xlsx_rows(src.path)
    first = next(rows, None)
    if first is None:
        raise LoadError("empty spreadsheet")
    header = normalise_header(list(first))
    width = len(header)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    pending_blank = 0  # blank rows are kept only when data follows (so rowid + 2 stays the row number)
    for n, row in enumerate(rows, start=2):
        if all(v is None for v in row):
            pending_blank += 1
            continue
        if len(row) > width and any(v is not None for v in row[width:]):
            raise LoadError(f"row has more cells than the header's {width}", n)
        for i in range(width):
            columns[i].extend([None] * pending_blank)
            columns[i].append(_cell(row[i]) if i < len(row) else None)
        pending_blank = 0
    arrow = pa.table({f"c{i}": pa.array(c, type=pa.string()) for i, c in enumerate(columns)})
    table = f"raw{next(_counter)}"
    con.register(f"{table}_arrow", arrow)
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {table}_arrow")
    con.unregister(f"{table}_arrow")
    return Loaded(table, header, arrow.num_rows, "")
