"""Leefbaarometer 2.0 files: class files (``KLyy``/``VKLaabb``) and dimension files (``RLB*``, long or wide).

Postcode (PC4) areas are skipped with a warning: leeftui has no postcode level.
"""

from __future__ import annotations

import re

import duckdb

from leeftui.ingest import validate as v
from leeftui.ingest.report import Issues
from leeftui.ingest.tables import Loaded
from leeftui.schema import CODE_PATTERNS

CODE_COLUMNS = ("gm_code", "wk_code", "bu_code", "code", "gbd")
DIMS = ("rlbrmtr", "rlbwon", "rlbbev", "rlbvrz", "rlbvei", "rlbfys")
_KL = re.compile(r"^kl(\d{2})$")
_VKL = re.compile(r"^vkl(\d{2})(\d{2})$")
_RLB_WIDE = re.compile(r"^(rlb[a-z]{3,4})(\d{2})$")
_DLB = re.compile(r"^dlb[a-z]+(\d{4})?$")


def year2(yy: str) -> int:
    """Two-digit wave to a year: '02' → 2002, '98' → 1998."""
    n = int(yy)
    return 1900 + n if n >= 90 else 2000 + n


def classify(header: tuple[str, ...]) -> str | None:
    """Return 'lbm2-klassen', 'lbm2-dimensies', 'lbm2-ontwikkeling' or None for an LBM 2.0 header."""
    cols = [h for h in header if h != "_idx"]
    if not cols or cols[0] not in CODE_COLUMNS:
        return None
    rest = cols[1:]
    if any(_KL.match(c) for c in rest):
        return "lbm2-klassen"
    if "jaar" in rest and "rlbrmtr" in rest:
        return "lbm2-dimensies"
    if any(_RLB_WIDE.match(c) and _RLB_WIDE.match(c).group(1) in DIMS for c in rest):  # type: ignore[union-attr]
        return "lbm2-dimensies"
    if any(_DLB.match(c) for c in rest):
        return "lbm2-ontwikkeling"
    return None


DLB = ("dlbrmtr", "dlbwon", "dlbbev", "dlbvrz", "dlbvei", "dlbfys")
"""The development score columns of an LBM 2.0 file (long form: one row per area and BEGIN–EINDE pair)."""


def _stage_development(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, cols: list[str],
                       issues: Issues) -> int:
    """Validate an LBM 2.0 development file (code, BEGIN, EINDE, DLB*) and append it to ``stg_dlb``."""
    before = issues.error_count
    expected = ("begin", "einde", *DLB)
    missing = [c for c in expected if c not in cols]
    unknown = [c for c in cols[1:] if c not in expected]
    if missing or unknown:
        issues.error(file, 1, f"LBM 2.0 development file: missing columns {', '.join(missing) or 'none'}, "
                              f"unknown columns {', '.join(map(repr, unknown)) or 'none'}")
        return 0
    _check_codes(con, ld, file, cols[0], issues)
    v.check_waves(con, ld, file, ld.col("begin"), issues)
    v.check_waves(con, ld, file, ld.col("einde"), issues)
    dc = ld.delimiter in (";", "\t")
    v.check_numbers(con, ld, file, DLB, dc, issues)
    if issues.error_count > before:
        return 0
    years = ", ".join(f"CAST(CAST({v.text(ld.col(c))} AS DOUBLE) AS SMALLINT)" for c in ("begin", "einde"))
    vals = ", ".join(v.number(ld.col(d), dc) for d in DLB)
    con.execute(f"INSERT INTO stg_dlb SELECT level, code, {years}, {vals}, ?, line FROM ({_base(ld, cols[0])})",
                [file])
    return ld.rows


def _base(ld: Loaded, code_name: str) -> str:
    code = v.text(ld.col(code_name))
    levels = " ".join(f"WHEN regexp_full_match({code}, '{pattern}') THEN '{level}'"
                      for level, pattern in CODE_PATTERNS.items())  # fixed patterns from the schema
    return f"SELECT *, rowid + 2 AS line, {code} AS code, CASE {levels} END AS level FROM {ld.table}"


def _check_codes(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, code_name: str, issues: Issues) -> int:
    """Report bad codes; return the number of PC4 rows (postcode areas, a level of their own)."""
    expect = {"gm_code": "gemeente", "wk_code": "wijk", "bu_code": "buurt"}.get(code_name)
    bad = con.execute(
        f"SELECT line, code, count(*) OVER () FROM ({_base(ld, code_name)}) "
        f"WHERE level IS NULL OR (? IS NOT NULL AND level <> ?) ORDER BY line LIMIT {v.EXAMPLES}",
        [expect, expect]).fetchall()
    if bad:
        what = f"level {expect}" if expect else "any level (GM, WK, BU code or 4-digit postcode)"
        issues.errors_from(file, [(ln, f"code {c!r} does not fit {what}") for ln, c, _ in bad], int(bad[0][2]))
    pc4 = con.execute(f"SELECT count(*) FROM ({_base(ld, code_name)}) WHERE level = 'pc4'").fetchall()[0][0]
    return int(pc4)


def _check_classes(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, cols: list[str], top: int,
                   issues: Issues) -> None:
    parts = [f"SELECT rowid + 2 AS line, '{c}' AS col, {v.text(ld.col(c))} AS val FROM {ld.table} WHERE "
             f"{v.text(ld.col(c))} IS NOT NULL AND coalesce({v.number(ld.col(c), False)} NOT IN "
             f"({', '.join(str(i) for i in range(1, top + 1))}), true)" for c in cols]
    if not parts:
        return
    bad = con.execute(f"SELECT line, col, val, count(*) OVER () FROM ({' UNION ALL '.join(parts)}) "
                      f"ORDER BY line LIMIT {v.EXAMPLES}").fetchall()
    if bad:
        issues.errors_from(file, [(ln, f"class {val!r} in column {c} is not 1–{top}") for ln, c, val, _ in bad],
                           int(bad[0][3]))


def stage_lbm2(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, kind: str, issues: Issues) -> int:
    """Validate an LBM 2.0 class or dimension file and append it to the staging tables; return rows read."""
    cols = [h for h in ld.header if h != "_idx"]
    code_name = cols[0]
    before = issues.error_count
    if kind == "lbm2-ontwikkeling":
        return _stage_development(con, ld, file, cols, issues)
    _check_codes(con, ld, file, code_name, issues)
    base = _base(ld, code_name)
    if kind == "lbm2-klassen":
        kl = [c for c in cols if _KL.match(c)]
        vkl = [c for c in cols if _VKL.match(c)]
        unknown = [c for c in cols[1:] if c not in kl and c not in vkl]
        if unknown:
            issues.error(file, 1, f"unknown columns {', '.join(map(repr, unknown))} in an LBM 2.0 class file")
            return 0
        _check_classes(con, ld, file, kl, 9, issues)
        _check_classes(con, ld, file, vkl, 7, issues)
        if issues.error_count > before:
            return 0
        for c in kl:
            jaar = year2(_KL.match(c).group(1))  # type: ignore[union-attr]
            klasse = v.number(ld.col(c), False)
            con.execute(f"INSERT INTO stg_lbm2_kl SELECT level, code, ?, CAST({klasse} AS TINYINT), "
                        f"?, line FROM ({base})", [jaar, file])
        for c in vkl:
            m = _VKL.match(c)
            con.execute(f"INSERT INTO stg_dev SELECT level, code, ?, ?, CAST({v.number(ld.col(c), False)} AS TINYINT), "
                        f"?, line FROM ({base})",
                        [year2(m.group(1)), year2(m.group(2)), file])  # type: ignore[union-attr]
        return ld.rows
    dc = ld.delimiter in (";", "\t")
    if "jaar" in cols:
        missing = [d for d in DIMS if d not in cols]
        unknown = [c for c in cols[1:] if c not in DIMS and c != "jaar"]
        if missing or unknown:
            issues.error(file, 1, f"LBM 2.0 dimension file: missing columns {', '.join(missing) or 'none'}, "
                                  f"unknown columns {', '.join(map(repr, unknown)) or 'none'}")
            return 0
        v.check_waves(con, ld, file, ld.col("jaar"), issues)
        v.check_numbers(con, ld, file, DIMS, dc, issues)
        if issues.error_count > before:
            return 0
        vals = ", ".join(v.number(ld.col(d), dc) for d in DIMS)
        con.execute(f"INSERT INTO stg_lbm2_dim SELECT level, code, CAST(CAST({v.text(ld.col('jaar'))} AS DOUBLE) "
                    f"AS SMALLINT), {vals}, ?, line FROM ({base})", [file])
        return ld.rows
    years = sorted({m.group(2) for c in cols[1:] if (m := _RLB_WIDE.match(c))})
    unknown = [c for c in cols[1:] if not ((m := _RLB_WIDE.match(c)) and m.group(1) in DIMS)]
    missing = [f"{d}{y}" for y in years for d in DIMS if f"{d}{y}" not in cols]
    if unknown or missing:
        issues.error(file, 1, f"LBM 2.0 dimension file: missing columns {', '.join(missing) or 'none'}, "
                              f"unknown columns {', '.join(map(repr, unknown)) or 'none'}")
        return 0
    wide = tuple(c for c in cols[1:])
    v.check_numbers(con, ld, file, wide, dc, issues)
    if issues.error_count > before:
        return 0
    for y in years:
        vals = ", ".join(v.number(ld.col(f"{d}{y}"), dc) for d in DIMS)
        con.execute(f"INSERT INTO stg_lbm2_dim SELECT level, code, ?, {vals}, ?, line FROM ({base})",
                    [year2(y), file])
    return ld.rows
