"""leeftui.export: every format round-trips to the same Arrow table as select(), NULLs included."""

from __future__ import annotations

import io
import json
import math

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from leeftui.errors import UsageError
from leeftui.export import FORMATS, Provenance, format_from_suffix, sidecar_path, write_table
from leeftui.model.selection import Selection
from leeftui.store.select import select


@pytest.fixture()
def table(tiny_db) -> pa.Table:
    """Long format, all buurten and waves: NULL dimensions in 2002/2008/2012/2016."""
    return select(tiny_db, tiny_db.default_release, Selection(level="buurt"))


@pytest.fixture()
def prov(tiny_db) -> Provenance:
    return Provenance.from_db(tiny_db, tiny_db.default_release, "export level=buurt")


def _same(got: list[dict], want: pa.Table, rel: float = 0.0) -> None:
    """Row dicts equal to the table's rows; floats exactly (full precision) unless ``rel`` is given."""
    rows = want.to_pylist()
    assert len(got) == len(rows)
    for g, w in zip(got, rows, strict=True):
        assert list(g) == list(w)
        for k in w:
            if rel and isinstance(w[k], float) and g[k] is not None:
                assert math.isclose(g[k], w[k], rel_tol=rel), (k, g[k], w[k])
            else:
                assert g[k] == w[k], (k, g[k], w[k])


def _parse_text(value: str, typ: pa.DataType) -> object:
    if value == "":
        return None
    if pa.types.is_integer(typ):
        return int(value)
    if pa.types.is_floating(typ):
        return float(value)
    if pa.types.is_boolean(typ):
        return value == "true"
    return value


def test_table_has_nulls(table):
    assert table.column("fys").null_count > 0
    assert set(table.column_names) >= {"code", "name", "jaar", "lbm", "afw", "fys", "klasse", "inwoners", "official"}


@pytest.mark.parametrize("fmt,delim", [("csv", ","), ("tsv", "\t")])
def test_delimited_round_trip(tmp_path, table, prov, fmt, delim):
    out = tmp_path / f"x.{fmt}"
    write_table(table, out, fmt, prov)
    convert = pacsv.ConvertOptions(column_types=table.schema, strings_can_be_null=True,
                                   quoted_strings_can_be_null=False)
    back = pacsv.read_csv(out, parse_options=pacsv.ParseOptions(delimiter=delim), convert_options=convert)
    # a synthetic export says so in every row: a last column 'notice'
    assert back.column_names == [*table.column_names, "notice"]
    assert set(back.column("notice").to_pylist()) == {"DEMO DATA — synthetic"}
    _same(back.drop_columns(["notice"]).to_pylist(), table)
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0].replace('"', "").split(delim) == [*table.column_names, "notice"]


def test_official_csv_has_no_notice_column(tmp_path, table, prov):
    from dataclasses import replace

    official = replace(prov, synthetic=False, notice="")
    out = tmp_path / "official.csv"
    write_table(table, out, "csv", official)
    back = pacsv.read_csv(out)
    assert back.column_names == table.column_names
    assert "DEMO" not in out.read_text(encoding="utf-8")


def test_parquet_keeps_types_and_provenance(tmp_path, table, prov):
    out = tmp_path / "x.parquet"
    write_table(table, out, "parquet", prov)
    back = pq.read_table(out)
    assert back.schema.remove_metadata() == table.schema.remove_metadata()
    assert back.equals(table.replace_schema_metadata(back.schema.metadata))
    meta = pq.read_metadata(out).metadata
    assert meta[b"leeftui.notice"].decode() == "DEMO DATA — synthetic"
    assert meta[b"leeftui.synthetic"] == b"true"
    assert meta[b"leeftui.release_id"] == b"lbm3-2024"
    assert meta[b"leeftui.built_at"] == b"2026-01-01T00:00:00Z"
    assert meta[b"leeftui.query"] == b"export level=buurt"
    assert b"leeftui.release" in meta and b"leeftui.version" in meta


def test_json_round_trip(tmp_path, table, prov):
    out = tmp_path / "x.json"
    write_table(table, out, "json", prov)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["meta"]["notice"] == "DEMO DATA — synthetic"
    assert doc["meta"]["synthetic"] is True
    _same(doc["rows"], table)


def test_jsonl_round_trip_and_sidecar(tmp_path, table, prov):
    out = tmp_path / "x.jsonl"
    write_table(table, out, "jsonl", prov)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    _same(rows, table)
    meta = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
    assert meta["notice"] == "DEMO DATA — synthetic" and meta["rows"] == table.num_rows


def test_xlsx_round_trip(tmp_path, table, prov):
    from openpyxl import load_workbook

    out = tmp_path / "x.xlsx"
    write_table(table, out, "xlsx", prov)
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["data", "about"]
    rows = list(wb["data"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert list(header) == [*table.column_names, "notice"]
    assert {r[-1] for r in data} == {"DEMO DATA — synthetic"}
    # openpyxl writes 16 significant digits (Excel itself shows 15)
    _same([dict(zip(header[:-1], r[:-1], strict=True)) for r in data], table, rel=1e-15)
    about = dict(list(wb["about"].iter_rows(values_only=True))[1:])
    assert about["notice"] == "DEMO DATA — synthetic"


def test_markdown_round_trip(tmp_path, table, prov):
    out = tmp_path / "x.md"
    write_table(table, out, "markdown", prov)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("> DEMO DATA — synthetic")
    body = [ln for ln in lines if ln.startswith("|")]
    header = [c.strip() for c in body[0].strip("|").split("|")]
    assert header == table.column_names
    got = []
    for ln in body[2:]:
        cells = [c.strip() for c in ln[2:-2].split(" | ")]
        got.append({f.name: _parse_text(c, f.type) for f, c in zip(table.schema, cells, strict=True)})
    _same(got, table)


def test_wide_with_list_column_in_flat_formats(tmp_path, tiny_db, prov):
    from leeftui.store.scope import Scope
    from tests.dbquery import area_table

    t = area_table(tiny_db, Scope(level="buurt"), 2012, 2022)
    assert pa.types.is_list(t.schema.field("spark").type)
    write_table(t, tmp_path / "w.csv", "csv", prov)
    back = pacsv.read_csv(tmp_path / "w.csv")
    first = json.loads(back.column("spark")[0].as_py())
    assert first == t.column("spark")[0].as_py()
    write_table(t, tmp_path / "w.parquet", "parquet", prov)
    assert pq.read_table(tmp_path / "w.parquet").column("spark").to_pylist() == t.column("spark").to_pylist()


def test_refuses_to_overwrite(tmp_path, table, prov):
    out = tmp_path / "x.csv"
    out.write_text("keep me")
    with pytest.raises(UsageError, match="x.csv"):
        write_table(table, out, "csv", prov)
    assert out.read_text() == "keep me"
    write_table(table, out, "csv", prov, overwrite=True)
    assert out.read_text().startswith('"code"')


def test_jsonl_refuses_existing_sidecar(tmp_path, table, prov):
    out = tmp_path / "x.jsonl"
    sidecar_path(out).write_text("{}")
    with pytest.raises(UsageError, match="meta.json"):
        write_table(table, out, "jsonl", prov)
    assert not out.exists()


def test_failed_export_leaves_nothing(tmp_path, table, prov):
    out = tmp_path / "x.parquet"

    def boom(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_table(table, out, "parquet", prov, progress=boom)
    assert list(tmp_path.iterdir()) == []


def test_progress_reports_batches(tmp_path, prov):
    big = pa.table({"a": pa.array(range(200_000), pa.int64())})
    seen: list[tuple[int, int]] = []
    write_table(big, tmp_path / "b.csv", "csv", prov, progress=lambda d, t: seen.append((d, t)))
    assert len(seen) > 1 and seen[-1] == (200_000, 200_000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_stream_target_and_bad_folder(tmp_path, table, prov):
    buf = io.BytesIO()
    write_table(table, buf, "parquet", prov)
    assert pq.read_table(io.BytesIO(buf.getvalue())).num_rows == table.num_rows
    with pytest.raises(UsageError, match="does not exist"):
        write_table(table, tmp_path / "nope" / "x.csv", "csv", prov)
    with pytest.raises(UsageError, match="'parqet'.*parquet"):
        write_table(table, tmp_path / "x.pq", "parqet", prov)


def test_official_db_has_no_notice(tiny_official_db_path, tmp_path):
    from leeftui.store import open_database

    db = open_database(tiny_official_db_path)
    try:
        t = select(db, db.default_release, Selection(level="gemeente", waves=(2024,)))
        p = Provenance.from_db(db, db.default_release, "x")
        write_table(t, tmp_path / "o.md", "markdown", p)
        assert not p.synthetic and p.notice == ""
        assert "DEMO" not in (tmp_path / "o.md").read_text(encoding="utf-8")
    finally:
        db.close()


def test_format_from_suffix():
    assert format_from_suffix("a/b.PARQUET") == "parquet"
    assert format_from_suffix("x.md") == "markdown"
    assert format_from_suffix("x.ndjson") == "jsonl"
    assert format_from_suffix("x.txt") is None
    assert format_from_suffix("x.gpkg") == "gpkg" and format_from_suffix("x.geoparquet") == "geoparquet"
    assert set(FORMATS) == {"csv", "tsv", "parquet", "json", "jsonl", "xlsx", "markdown", "gpkg", "geoparquet"}


def test_non_finite_floats_become_null(tmp_path, prov):
    t = pa.table({"v": [1.5, math.nan, None]})
    write_table(t, tmp_path / "n.json", "json", prov)
    assert [r["v"] for r in json.loads((tmp_path / "n.json").read_text())["rows"]] == [1.5, None, None]
