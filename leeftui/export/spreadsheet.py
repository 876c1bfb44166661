"""The spreadsheet side of exports: the xlsx writer (data and an ``about`` sheet with the provenance; every text
cell from data literal text, never a formula) and :func:`neutralised`, the ``'`` before formula-like text that
``--spreadsheet-safe`` puts in csv and tsv."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO

import pyarrow as pa


def write_xlsx(flat: pa.Table, rows: int, about_rows: dict[str, object], batches: Iterable[pa.RecordBatch],
               fh: BinaryIO) -> None:
    """Sheet ``data`` (``flat``: flat columns, the DEMO notice among them, written a batch at a time), sheet
    ``about`` (one key/value row per field of the provenance, a row per coverage line, and the rows written)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(flat.column_names)
    for batch in batches:
        cols = [c.to_pylist() for c in batch.columns]
        for i in range(batch.num_rows):
            ws.append([_xlsx_value(c[i], ws) for c in cols])
    about = wb.create_sheet("about")
    about.append(["key", "value"])
    for k, v in about_rows.items():
        for line in v if isinstance(v, list) else [v]:  # the coverage: a row per line
            about.append([k, _xlsx_value(line, about)])
    about.append(["rows", rows])
    # built in memory (an xlsx is compressed and at most 1,048,576 rows), then written: a full disk fails in one
    # write, not inside openpyxl's zip writer (which then complains again when it is collected)
    buf = io.BytesIO()
    wb.save(buf)
    view = buf.getbuffer()
    for start in range(0, len(view), 1 << 20):
        fh.write(view[start:start + (1 << 20)])


FORMULA_START = r"^[=+\-@\t\r]"
"""Text a spreadsheet may read as a formula (or a DDE command) when it opens a csv file."""


def neutralised(table: pa.Table) -> pa.Table:
    """``table`` with every text cell that begins like a formula prefixed by ``'`` (what spreadsheets show as
    text); numbers and other columns unchanged."""
    import pyarrow.compute as pc

    cols = []
    for col in table.columns:
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            risky = pc.fill_null(pc.match_substring_regex(col, FORMULA_START), False)
            col = pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)
        cols.append(col)
    return pa.Table.from_arrays(cols, schema=table.schema)


def _xlsx_text(ws: object, v: str) -> object:
    """A text cell written as literal text: never a formula; control characters xlsx cannot hold as ``\\xNN``."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", v))
    cell.data_type = "s"
    return cell


def _xlsx_value(v: object, ws: object = None) -> object:
    if isinstance(v, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if v[:1] == "=" or ILLEGAL_CHARACTERS_RE.search(v):
            return _xlsx_text(ws, v)
        return v
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, datetime) and v.tzinfo is not None:
        return v.replace(tzinfo=None)
    if isinstance(v, Decimal):
        return float(v)
    return v


