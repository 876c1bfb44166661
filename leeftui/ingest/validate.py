"""SQL checks on a loaded file: codes per level, numbers, waves, duplicates — each reported with file:line.

All SQL identifiers here are positional columns (``c0`` …) or names from fixed tuples in code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from leeftui.ingest.report import Issues
from leeftui.ingest.tables import Loaded
from leeftui.schema import CODE_PATTERNS, GRID, GRID_ID_PATTERN

MIN_WAVE, MAX_WAVE = 1990, 2100
EXAMPLES = 5

def text(col: str) -> str:
    """SQL for a cleaned text cell: trimmed, with 'NA', '' and Excel's '#N/A' as NULL."""
    return f"NULLIF(NULLIF(NULLIF(trim({col}), 'NA'), ''), '#N/A')"


def number(col: str, decimal_comma: bool) -> str:
    """SQL for a numeric cell (NULL when missing or unparseable)."""
    t = text(col)
    if decimal_comma:
        t = f"replace({t}, ',', '.')"
    return f"TRY_CAST({t} AS DOUBLE)"


@dataclass(frozen=True)
class Check:
    """One row check: rows where ``where`` holds are errors; ``value`` is shown in the message."""

    where: str
    value: str
    message: Callable[[object], str]


def run_checks(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, checks: list[Check], issues: Issues) -> None:
    """Run all checks in one scan; fetch example lines only for checks that fail."""
    if not checks:
        return
    counts = con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE {c.where})" for c in checks)
                         + f" FROM {ld.table}").fetchall()[0]
    for c, n in zip(checks, counts, strict=True):
        report_check(con, ld, file, c, int(n), issues)


def report_check(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, check: Check, count: int,
                 issues: Issues) -> None:
    """Record ``count`` failures of ``check`` (counted by the caller), fetching example lines when non-zero."""
    if count:
        rows = con.execute(f"SELECT rowid + 2, {check.value} FROM {ld.table} WHERE {check.where} "
                           f"ORDER BY rowid LIMIT {EXAMPLES}").fetchall()
        issues.errors_from(file, [(ln, check.message(val)) for ln, val in rows], count)


SCORE_LIMITS = {"lbm": (0.0, 10.0)}
"""Plausible range of a score column (the Leefbaarometer scale lies near 3.3–4.7); any other score column (afw,
dimensions, LBM 2.0 deviations, typically ±0.8) must lie within :data:`DEVIATION_LIMITS`."""
DEVIATION_LIMITS = (-5.0, 5.0)


def out_of_range(value_sql: str, column: str) -> str:
    """SQL condition: a parsed score that is not finite (inf, nan) or outside the column's plausible range."""
    lo, hi = SCORE_LIMITS.get(column.lower(), DEVIATION_LIMITS)
    return f"{value_sql} IS NOT NULL AND NOT ({value_sql} >= {lo} AND {value_sql} <= {hi})"


def number_checks(ld: Loaded, names: tuple[str, ...], decimal_comma: bool) -> list[Check]:
    """Checks for cells of the named columns that are present but not numbers, or numbers that are not finite
    or out of the plausible range of a score."""
    out = []
    for n in names:
        if ld.has(n) and _safe(n):
            value = number(ld.col(n), decimal_comma)
            out.append(Check(f"{text(ld.col(n))} IS NOT NULL AND {value} IS NULL", text(ld.col(n)), _unparseable(n)))
            out.append(Check(out_of_range(value, n), text(ld.col(n)), _implausible(n)))
    return out


def _implausible(column: str) -> Callable[[object], str]:
    lo, hi = SCORE_LIMITS.get(column.lower(), DEVIATION_LIMITS)
    return lambda val: f"{val!r} in column {column} is not a finite score within {lo:g}…{hi:g}"


def _unparseable(column: str) -> Callable[[object], str]:
    return lambda val: f"unparseable number {val!r} in column {column}"


def code_check(code_col: str, level: str, cleaned: bool = True) -> Check:
    """Check for codes that do not fit the level's CBS pattern (``cleaned=False``: of the cell as it is, not
    trimmed and with 'NA' as text, for a typed read whose code column is then used as it is)."""
    c = text(code_col) if cleaned else code_col
    if level == GRID:
        return Check(f"{c} IS NULL OR NOT regexp_full_match({c}, '{GRID_ID_PATTERN}')", c,
                     lambda val: f"grid_id {val!r} is not an id of 1–40 letters, digits and _ . : -")
    return Check(f"{c} IS NULL OR NOT regexp_full_match({c}, '{CODE_PATTERNS[level]}')", c,
                 lambda val: f"code {val!r} does not fit level {level}")


def wave_check(jaar_col: str) -> Check:
    """Check for waves that are missing, not whole numbers, or outside 1990–2100."""
    j = f"TRY_CAST({text(jaar_col)} AS DOUBLE)"
    return Check(f"{j} IS NULL OR {j} <> floor({j}) OR {j} < {MIN_WAVE} OR {j} > {MAX_WAVE}", text(jaar_col),
                 lambda val: f"wave {val!r} is not a year in {MIN_WAVE}–{MAX_WAVE}")


def check_numbers(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, names: tuple[str, ...],
                  decimal_comma: bool, issues: Issues) -> None:
    """Report cells of the named columns that are present but not numbers."""
    run_checks(con, ld, file, number_checks(ld, names, decimal_comma), issues)


def check_waves(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, jaar_col: str, issues: Issues) -> None:
    """Report waves that are missing, not whole numbers, or outside 1990–2100."""
    run_checks(con, ld, file, [wave_check(jaar_col)], issues)


def check_duplicates(con: duckdb.DuckDBPyConnection, table: str, keys: tuple[str, ...], issues: Issues,
                     what: str = "(code, jaar)") -> None:
    """Report duplicate keys in a staging table that has ``file`` and ``line`` columns (a leading ``kind`` or
    ``release`` key, the release the rest is unique within, is left out of the message)."""
    k = ", ".join(keys)
    ((any_dup,),) = con.execute(f"SELECT EXISTS (SELECT 1 FROM {table} GROUP BY {k} HAVING count(*) > 1)").fetchall()
    if not any_dup:  # the usual case: one aggregation instead of two window passes
        return
    rows = con.execute(
        f"SELECT file, line, {k}, count(*) OVER () FROM (SELECT *, count(*) OVER (PARTITION BY {k}) AS n, "
        f"row_number() OVER (PARTITION BY {k} ORDER BY file, line) AS r FROM {table}) WHERE n > 1 AND r > 1 "
        f"ORDER BY file, line LIMIT {EXAMPLES}").fetchall()
    if not rows:
        return
    total = int(rows[0][-1])
    hidden = sum(k in ("kind", "release") for k in keys)  # the release a key is unique within is not shown
    for row in rows:
        issues.error(row[0], row[1], f"duplicate {what} {tuple(row[2 + hidden:-1])!r}")
    issues.error_count += max(0, total - len(rows))


def _safe(name: str) -> bool:
    """Column labels embedded as SQL literals come from fixed tuples; refuse anything unusual."""
    return name.replace("_", "").isalnum()
