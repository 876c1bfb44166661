"""LBM 3.0 score files (``wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won`` and the gm/bu variants)."""

from __future__ import annotations

import itertools

import duckdb

from leeftui.ingest import validate as v
from leeftui.ingest.report import Issues
from leeftui.ingest.tables import Loaded

SCORE_COLUMNS = ("lbm", "afw", "fys", "onv", "soc", "vrz", "won", "bev", "vei")
"""Numeric score columns of the scores table (fixed allow-list)."""

LBM3_VALUES = ("lbm", "afw", "fys", "onv", "soc", "vrz", "won")
PREFIX_LEVEL = {"gm": "gemeente", "wk": "wijk", "bu": "buurt"}

STAGING_DDL = """
CREATE TEMP TABLE stg_scores (
    kind VARCHAR, level VARCHAR, code VARCHAR, naam VARCHAR, jaar SMALLINT,
    lbm DOUBLE, afw DOUBLE, fys DOUBLE, onv DOUBLE, soc DOUBLE, vrz DOUBLE, won DOUBLE, bev DOUBLE, vei DOUBLE,
    klasse TINYINT, file VARCHAR, line BIGINT);
CREATE TEMP TABLE stg_lbm2_kl (level VARCHAR, code VARCHAR, jaar SMALLINT, klasse TINYINT, file VARCHAR, line BIGINT);
CREATE TEMP TABLE stg_lbm2_dim (level VARCHAR, code VARCHAR, jaar SMALLINT, afw DOUBLE, won DOUBLE, bev DOUBLE,
    vrz DOUBLE, vei DOUBLE, fys DOUBLE, file VARCHAR, line BIGINT);
CREATE TEMP TABLE stg_dev (level VARCHAR, code VARCHAR, from_jaar SMALLINT, to_jaar SMALLINT, vklasse TINYINT,
    file VARCHAR, line BIGINT);
CREATE TEMP TABLE stg_dlb (level VARCHAR, code VARCHAR, from_jaar SMALLINT, to_jaar SMALLINT, dlb DOUBLE,
    won DOUBLE, bev DOUBLE, vrz DOUBLE, vei DOUBLE, fys DOUBLE, file VARCHAR, line BIGINT);
CREATE TEMP TABLE stg_pop (code VARCHAR, jaar SMALLINT, inwoners BIGINT, woningen BIGINT, file VARCHAR,
    ord INTEGER, line BIGINT, huishoudens BIGINT, naam VARCHAR);
CREATE TEMP TABLE stg_grid_files (src INTEGER, file VARCHAR, release VARCHAR);
"""
"""Temp tables the readers fill before the final tables are written."""


def lbm3_level(header: tuple[str, ...]) -> str | None:
    """Return the level of an LBM 3.0 score file from its header ('wk_code' → 'wijk', 'PC4' → 'pc4'), else None."""
    for prefix, level in PREFIX_LEVEL.items():
        if f"{prefix}_code" in header:
            return level
    if "pc4" in header and "jaar" in header:
        return "pc4"
    if "grid_id" in header and "jaar" in header:
        return "grid"
    return None


def _code_and_name(level: str) -> tuple[str, str | None]:
    """The code column of an LBM 3.0 file of ``level``, and its name column (PC4 tables have none)."""
    if level == "pc4":
        return "pc4", None
    if level == "grid":
        return "grid_id", None
    prefix = next(p for p, lv in PREFIX_LEVEL.items() if lv == level)
    return f"{prefix}_code", f"{prefix}_naam"


def lbm3_header_problem(header: tuple[str, ...], level: str) -> str | None:
    """What is wrong with the header of an LBM 3.0 score file of ``level`` (missing or unknown columns), else None.

    Checked before the file is loaded, so a file of the wrong shape costs no time or memory however big it is.
    """
    code, name = _code_and_name(level)
    expected = (code, *((name,) if name else ()), "jaar", *LBM3_VALUES)
    present = tuple(h for h in header if h != "_idx")
    missing = [c for c in expected if c not in present]
    unknown = [c for c in present if c not in expected]
    if not (missing or unknown):
        return None
    parts = []
    if missing:
        parts.append("missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing))
    if unknown:
        parts.append("unknown column" + ("s " if len(unknown) > 1 else " ") + ", ".join(repr(u) for u in unknown))
    return f"{' and '.join(parts)} in a {level} score file"


TYPED_COLUMNS = ("jaar", *LBM3_VALUES)
"""Columns an LBM 3.0 file may be read as DOUBLE in one pass (:func:`leeftui.ingest.tables.load_csv_typed`)."""


def stage_lbm3(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, level: str, issues: Issues) -> int | None:
    """Validate an LBM 3.0 score file and append it to ``stg_scores``; return rows staged (0 on errors).

    With a typed table (``ld.numeric``) the numbers are already parsed; when a code or wave check fails
    there, None is returned: the caller loads the file as text and calls again, so errors read the same.
    """
    code_col, name_col = _code_and_name(level)
    problem = lbm3_header_problem(ld.header, level)
    if problem:
        issues.error(file, 1, problem)
        return 0
    if ld.numeric:
        return _stage_typed(con, ld, file, level)
    before = issues.error_count
    dc = ld.delimiter in (";", "\t")
    checks = [v.code_check(ld.col(code_col), level), v.wave_check(ld.col("jaar")),
              *v.number_checks(ld, LBM3_VALUES, dc)]
    v.run_checks(con, ld, file, checks, issues)
    if issues.error_count > before:
        return 0
    values = ", ".join(v.number(ld.col(c), dc) for c in LBM3_VALUES)
    if level == "grid":
        return _stage_grid(con, ld, file, v.text(ld.col(code_col)),
                           f"CAST(CAST({v.text(ld.col('jaar'))} AS DOUBLE) AS SMALLINT)",
                           [v.number(ld.col(c), dc) for c in LBM3_VALUES])
    con.execute(
        f"INSERT INTO stg_scores (kind, level, code, naam, jaar, {', '.join(LBM3_VALUES)}, file, line) "
        f"SELECT 'lbm3', ?, {v.text(ld.col(code_col))}, {v.text(ld.col(name_col)) if name_col else 'NULL'}, "
        f"CAST(CAST({v.text(ld.col('jaar'))} AS DOUBLE) AS SMALLINT), {values}, ?, rowid + 2 FROM {ld.table}",
        [level, file])
    return ld.rows


def _stage_typed(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, level: str) -> int | None:
    if set(ld.numeric) != set(TYPED_COLUMNS):
        return None
    code_col, name_col = _code_and_name(level)
    code = ld.col(code_col)
    j = ld.col("jaar")
    implausible = " OR ".join(f"({v.out_of_range(ld.col(c), c)})" for c in LBM3_VALUES)
    ((bad,),) = con.execute(
        # grid ids are used as read (no trim per row in every later query): one that needs cleaning fails here
        f"SELECT count(*) FILTER (WHERE ({v.code_check(code, level, cleaned=level != 'grid').where}) OR {j} IS NULL "
        f"OR {j} <> floor({j}) "
        f"OR {j} < {v.MIN_WAVE} OR {j} > {v.MAX_WAVE} OR {implausible}) FROM {ld.table}").fetchall()
    if bad:
        return None
    values = ", ".join(ld.col(c) for c in LBM3_VALUES)
    if level == "grid":
        return _stage_grid(con, ld, file, code, f"CAST({j} AS SMALLINT)", [ld.col(c) for c in LBM3_VALUES])
    con.execute(
        f"INSERT INTO stg_scores (kind, level, code, naam, jaar, {', '.join(LBM3_VALUES)}, file, line) "
        f"SELECT 'lbm3', ?, {v.text(code)}, {v.text(ld.col(name_col)) if name_col else 'NULL'}, "
        f"CAST({j} AS SMALLINT), {values}, "
        f"?, rowid + 2 FROM {ld.table}", [level, file])
    return ld.rows


_grid_files = itertools.count(1)


def _stage_grid(con: duckdb.DuckDBPyConnection, ld: Loaded, file: str, code: str, jaar: str,
                values: list[str]) -> int:
    """Stage a checked grid file as a view over its loaded table (no copy: ≈ 3.6 million rows nationally are
    copied once, into ``grid_values``); :func:`leeftui.ingest.grid.combine` unites the views as ``stg_grid``."""
    src = next(_grid_files)
    con.execute("INSERT INTO stg_grid_files VALUES (?, ?, NULL)", [src, file])
    con.execute(f"CREATE TEMP VIEW stg_grid_{src} AS SELECT {src} AS src, {code} AS code, {jaar} AS jaar, "
                + "".join(f"{x} AS {c}, " for x, c in zip(values, LBM3_VALUES, strict=True))
                + f"rowid + 2 AS line FROM {ld.table}")
    return ld.rows
