"""CBS population files: StatLine CSV, KWB spreadsheet/CSV, and the code-keyed JSON (+ TableInfos.json).

Codes must be prefixed (GM0363, WK036300, BU03630000); KWB files that give bare digits are accepted
when a ``recs`` column says the level (Gemeente/Wijk/Buurt). Rows of other regions (Nederland,
provinces) are skipped and counted in the source detail.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.ingest import validate as v
from leeftui.ingest.report import Issues
from leeftui.ingest.sources import SourceFile
from leeftui.ingest.tables import Loaded

CODE_COLUMNS = ("wijkenenbuurten", "gwb_code", "code", "codering_3", "codering", "regioaanduiding/codering (code)")
"""The region-code column: OData names, the KWB spreadsheet's, and StatLine's CSV export with labels as headers
("Regioaanduiding/Codering (code)", codes padded with spaces)."""
_INW = re.compile(r"^(aantalinwoners(_\d+)?|a_inw|aant_inw|(.*/)?aantal inwoners \(aantal\))$")
_WON = re.compile(r"^(woningvoorraad(_\d+)?|a_woning|(.*/)?woningvoorraad \(aantal\))$")
_HH = re.compile(r"^(huishoudenstotaal(_\d+)?|aantal_hh|a_hh|(.*/)?huishoudens totaal \(aantal\))$")
NAME_COLUMNS = ("wijken en buurten", "regionaam", "naam")
"""The region's own name (StatLine's label export: "Wijken en buurten"), never its gemeente's."""
_YEAR = re.compile(r"(19|20)\d{2}")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
ANY_CODE = r"^(GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$"


@dataclass(frozen=True)
class YearHint:
    """Where a population file's year may come from when the file has no year column."""

    table_infos: dict[str, tuple[int, str]]
    """folder key → (year, metadata file name) from TableInfos.json Period."""
    cli_year: int | None
    """The --year option."""


def table_infos_year(path: Path) -> int | None:
    """Return the year of a CBS TableInfos.json ('Period': '2024'), or None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    items = data if isinstance(data, list) else data.get("value", [data]) if isinstance(data, dict) else []
    for item in items:
        if isinstance(item, dict) and (m := _YEAR.search(str(item.get("Period", "")))):
            return int(m.group(0))
    return None


def is_population_header(header: tuple[str, ...]) -> bool:
    """True when a header has a region-code column and an inhabitants column."""
    return any(c in header for c in CODE_COLUMNS) and any(_INW.match(h) for h in header)


def _year_for(src: SourceFile, hint: YearHint) -> tuple[int, str]:
    if src.folder_key in hint.table_infos:
        year, meta = hint.table_infos[src.folder_key]
        return year, f"year {year} from {meta} Period"
    if hint.cli_year is not None:
        return hint.cli_year, f"year {hint.cli_year} from --year"
    years = set(_NAME_YEAR.findall(src.path.name))
    if len(years) == 1:  # CBS names its exports by year: Kerncijfers_wijken_en_buurten_2024…, wijk_2016.dbf
        year = int(years.pop())
        return year, f"year {year} from the file name"
    raise UsageError(f"The population file {src.name} says no year (no Perioden or jaar column, no TableInfos.json "
                     f"beside it, no year in its name): pass --year N.")


TYPED_NULLS = ("NA", "", "#N/A", ".")
"""Cells a typed read of a population CSV takes as NULL: :func:`leeftui.ingest.validate.text`'s and CBS '.'."""


def count_columns(header: tuple[str, ...]) -> tuple[str, ...]:
    """The inhabitants column and, when there are, the dwellings and households columns of a population header."""
    inw = next(h for h in header if _INW.match(h))
    others = (next((h for h in header if rx.match(h)), None) for rx in (_WON, _HH))
    return (inw,) + tuple(h for h in others if h)


def _named(header: tuple[str, ...], rx: re.Pattern[str]) -> str | None:
    return next((h for h in header if rx.match(h)), None)


def stage_table(con: duckdb.DuckDBPyConnection, ld: Loaded, src: SourceFile, ord_: int, hint: YearHint,
                issues: Issues) -> tuple[int, str] | None:
    """Stage a population CSV/XLSX into ``stg_pop``; return (rows staged, detail).

    With a typed table (``ld.numeric``, counts read as DOUBLE) any failing check returns None instead:
    the caller loads the file as text and calls again, so errors read exactly the same.
    """
    code_name = next(c for c in CODE_COLUMNS if c in ld.header)
    names = count_columns(ld.header)
    inw, won, hh = names[0], _named(ld.header, _WON), _named(ld.header, _HH)
    name_col = next((c for c in NAME_COLUMNS if ld.has(c)), None)
    code = f"upper({v.text(ld.col(code_name))})"
    if ld.has("recs"):
        recs = f"lower({v.text(ld.col('recs'))})"
        code = (f"CASE WHEN regexp_full_match({code}, '[0-9]+') THEN CASE {recs} WHEN 'gemeente' THEN 'GM' "
                f"WHEN 'wijk' THEN 'WK' WHEN 'buurt' THEN 'BU' ELSE '' END || {code} ELSE {code} END")
    wave: v.Check | None = None
    if ld.has("perioden"):
        year_sql, detail = f"TRY_CAST(substr({v.text(ld.col('perioden'))}, 1, 4) AS SMALLINT)", "year from Perioden"
        wave = v.wave_check(f"substr({ld.col('perioden')}, 1, 4)")
    elif ld.has("jaar"):
        year_sql, detail = f"TRY_CAST({v.text(ld.col('jaar'))} AS DOUBLE)::SMALLINT", "year from jaar column"
        wave = v.wave_check(ld.col("jaar"))
    else:
        year, detail = _year_for(src, hint)
        year_sql = str(int(year))
    typed = set(names) <= set(ld.numeric) if ld.numeric else False
    if ld.numeric and not typed:
        return None
    # one scan counts every kind of bad cell; examples are fetched only for what fails
    flags = ([wave.where] if wave else []) + [_unfit(ld.col(n)) if typed else _bad_count(ld.col(n)) for n in names]
    counts = con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE {f})" for f in flags)
                         + f" FROM {ld.table}").fetchall()[0]
    if typed and any(counts):
        return None
    if wave is not None:
        v.report_check(con, ld, src.name, wave, int(counts[0]), issues)
        counts = counts[1:]
    before = issues.error_count
    if any(counts):
        _check_counts(con, ld, src.name, names, issues)
    if issues.error_count > before:
        return 0, detail
    value = (lambda c: f"CAST(round({c}) AS BIGINT)") if typed else _count
    won_sql = value(ld.col(won)) if won else "NULL"
    hh_sql = value(ld.col(hh)) if hh else "NULL"
    name_sql = v.text(ld.col(name_col)) if name_col else "NULL"
    ((staged,),) = con.execute(
        f"INSERT INTO stg_pop SELECT code, jaar, inw, won, ?, ?, line, hh, naam FROM (SELECT {code} AS code, "
        f"{year_sql} AS jaar, {value(ld.col(inw))} AS inw, {won_sql} AS won, rowid + 2 AS line, {hh_sql} AS hh, "
        f"{name_sql} AS naam FROM {ld.table}) WHERE regexp_full_match(code, ?)", [src.name, ord_, ANY_CODE]).fetchall()
    skipped = ld.rows - int(staged)
    if skipped:
        detail += f"; {skipped} rows of other regions (Nederland, provinces, unprefixed codes) skipped"
    return int(staged), detail


def _count(col: str) -> str:
    """SQL for a count cell: CBS '.' (unknown) or empty is NULL; spaces ignored; '25845.0' reads as 25845;
    NULL too for what is no count (text, nan, inf, beyond BIGINT), which :func:`_bad_count` reports."""
    t = f"NULLIF(NULLIF(replace({v.text(col)}, ' ', ''), '.'), '')"
    return f"TRY_CAST(round(TRY_CAST({t} AS DOUBLE)) AS BIGINT)"


def _unfit(col: str) -> str:
    """SQL condition on a typed (DOUBLE) count cell: a number that is no count (negative, nan, inf, or
    beyond BIGINT)."""
    return (f"{col} IS NOT NULL AND NOT (round({col}) >= 0 AND round({col}) < 9223372036854775808.0)")


def _bad_count(col: str) -> str:
    """SQL condition: a count cell that is present (not '.') but not a count (text, nan, inf, negative, too big)."""
    return (f"{v.text(col)} IS NOT NULL AND {v.text(col)} <> '.' "
            f"AND coalesce({_count(col)} < 0, true)")


def _check_counts(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, names: tuple[str, ...],
                  issues: Issues) -> None:
    parts = [f"SELECT rowid + 2 AS line, {i} AS k, {v.text(ld.col(n))} AS val FROM {ld.table} "
             f"WHERE {_bad_count(ld.col(n))}" for i, n in enumerate(names)]
    bad = con.execute(f"SELECT line, k, val, count(*) OVER () FROM ({' UNION ALL '.join(parts)}) "
                      f"ORDER BY line LIMIT {v.EXAMPLES}").fetchall()
    if bad:
        issues.errors_from(file, [(ln, f"{val!r} in column {names[k]} is not a count (a whole number from 0)")
                                  for ln, k, val, _ in bad], int(bad[0][3]))


def _json_count(val: object) -> int | None:
    """A count from a JSON value (None when missing or not a whole number from 0 that fits a BIGINT)."""
    if isinstance(val, bool) or not isinstance(val, (int, float)):
        return None
    if isinstance(val, float) and not (math.isfinite(val) and val.is_integer()):
        return None  # 1.5 inhabitants is no count
    count = round(val)
    return count if 0 <= count < 2 ** 63 else None


def load_json(path: Path) -> object:
    """Parse a JSON file (None when it is not JSON)."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # nested beyond Python's reach: not data leeftui reads
        return None


def is_population_json(data: object) -> bool:
    """True for a code-keyed CBS JSON: {"GM1680": {"AantalInwoners_5": …}, …}."""
    if not isinstance(data, dict) or not data:
        return False
    first = next(iter(data.values()))
    return isinstance(first, dict) and any(_INW.match(str(k).lower()) for k in first)


def stage_json(con: duckdb.DuckDBPyConnection, data: dict[str, Any], src: SourceFile, ord_: int, hint: YearHint,
               issues: Issues) -> tuple[int, str]:
    """Stage a code-keyed population JSON into ``stg_pop``; return (rows staged, detail)."""
    year, detail = _year_for(src, hint)
    codes, inws, wons, lines = [], [], [], []
    for n, (code, rec) in enumerate(data.items(), start=2):
        if not isinstance(rec, dict):
            issues.error(src.name, None, f"entry {code!r} is not an object")
            continue
        low = {str(k).lower(): val for k, val in rec.items()}
        inw = next((val for k, val in low.items() if _INW.match(k)), None)
        won = next((val for k, val in low.items() if _WON.match(k)), None)
        counts = []
        for val, what in ((inw, "AantalInwoners"), (won, "Woningvoorraad")):
            count = _json_count(val)
            if val is not None and count is None:
                issues.error(src.name, None, f"entry {code!r}: {what} {val!r} is not a count (a whole number from 0)")
            counts.append(count)
        codes.append(str(code).strip().upper())
        inws.append(counts[0])
        wons.append(counts[1])
        lines.append(n)
    tbl = pa.table({"code": codes, "inw": pa.array(inws, pa.int64()), "won": pa.array(wons, pa.int64()),
                    "line": pa.array(lines, pa.int64())})
    con.register("pop_json_arrow", tbl)
    con.execute("INSERT INTO stg_pop SELECT code, ?, inw, won, ?, ?, line, NULL, NULL FROM pop_json_arrow "
                "WHERE regexp_full_match(code, ?)", [year, src.name, ord_, ANY_CODE])
    con.unregister("pop_json_arrow")
    staged = con.execute("SELECT count(*) FROM stg_pop WHERE ord = ?", [ord_]).fetchall()[0][0]
    if len(codes) - int(staged):
        detail += f"; {len(codes) - int(staged)} entries of other regions skipped"
    return int(staged), detail


_DBF_LEVELS = (("bu_code", "bu_naam"), ("wk_code", "wk_naam"), ("gm_code", "gm_naam"))
"""The own code and name columns of a CBS wijk- en buurtkaart table, finest level first (a wijk table also names
its gemeente: the row's own code is the finest one)."""


def stage_dbf(con: duckdb.DuckDBPyConnection, src: SourceFile, ord_: int, hint: YearHint,
              issues: Issues) -> tuple[str | None, int, str]:
    """Stage the attribute table (``.dbf``) of a CBS wijk- en buurtkaart into ``stg_pop``: inhabitants
    (AANT_INW), households (AANTAL_HH), dwellings (WONINGVOORRAAD) and the name, per gemeente, wijk or buurt.
    CBS marks unknown and secret figures with negative numbers (-99999999, -99999997): read as NULL. Returns
    (source kind or None when the table is not a CBS kaart, rows staged, detail)."""
    import pyogrio

    try:
        _, table = pyogrio.read_arrow(src.path, read_geometry=False)
    except Exception as exc:  # GDAL's errors name the file and its fault; nothing else here can fail
        issues.error(src.name, None, f"cannot read this dBASE table ({str(exc).splitlines()[0] if str(exc) else exc})")
        return None, 0, ""
    table = table.rename_columns([c.lower() for c in table.column_names])
    cols = set(table.column_names)
    own = next(((c, n) for c, n in _DBF_LEVELS if c in cols), None)
    inw = next((c for c in ("aant_inw", "aantal_inw") if c in cols), None)
    if own is None or inw is None:
        issues.warn(src.name, None, "unrecognised", f"{src.name}: a dBASE table without a CBS code and AANT_INW "
                    "column (not a CBS wijk- en buurtkaart); skipped.")
        return None, 0, ""
    year, detail = _year_for(src, hint)
    code_col, name_col = own
    import pyarrow.compute as pc

    def count(name: str | None) -> pa.Array:
        if name is None or name not in cols:
            return pa.nulls(table.num_rows, pa.int64())
        values = pc.cast(table.column(name), pa.float64(), safe=False)
        return pc.cast(pc.round(pc.if_else(pc.less(values, 0), None, values)), pa.int64())

    negatives = sum(pc.sum(pc.less(pc.cast(table.column(c), pa.float64(), safe=False), 0)).as_py() or 0
                    for c in (inw, "aantal_hh") if c in cols)
    staged_tbl = pa.table({
        "code": pc.utf8_upper(pc.utf8_trim_whitespace(table.column(code_col).cast(pa.string()))),
        "inw": count(inw), "won": count("woningvoorraad" if "woningvoorraad" in cols else "woning"),
        "hh": count("aantal_hh"), "line": pa.array(range(2, table.num_rows + 2), pa.int64()),
        "naam": table.column(name_col).cast(pa.string()) if name_col in cols else pa.nulls(table.num_rows, pa.string()),
    })
    con.register("pop_dbf_arrow", staged_tbl)
    try:
        con.execute("INSERT INTO stg_pop SELECT code, ?, inw, won, ?, ?, line, hh, nullif(trim(naam), '') "
                    "FROM pop_dbf_arrow WHERE regexp_full_match(code, ?)", [year, src.name, ord_, ANY_CODE])
    finally:
        con.unregister("pop_dbf_arrow")
    staged = int(con.execute("SELECT count(*) FROM stg_pop WHERE ord = ?", [ord_]).fetchall()[0][0])
    if negatives:
        detail += f"; {negatives} unknown or secret figures (CBS negative codes) read as missing"
    return "population", staged, detail
