"""The 100 m grid: staged grid files become ``grid_values`` in one copy, classified by the view ``grid_scores``.

A national grid is ≈ 382,000 cells × 9 waves — twenty times the buurt rows — so it takes a shorter road than
the areas: each checked file is a view over its loaded table (:func:`leeftui.ingest.scores.stage_lbm3`),
:func:`combine` unites them as ``stg_grid``, and :func:`write` inserts them once (no UPDATE, no index; the build
checks (release, grid_id, jaar) for repeats itself). The classes are computed when rows are read, by the CASE
expressions of the release's bounds written into the view: storing seven classes per row cost as much as the
copy itself (0.6 s nationally), computing them costs a query ≈ 0.1 s.
"""

from __future__ import annotations

import math
import re

import duckdb

from leeftui.ingest import validate as v
from leeftui.ingest.derive import class_expressions
from leeftui.ingest.report import Issues
from leeftui.ingest.scores import LBM3_VALUES
from leeftui.schema import CLASS_FIELDS


def combine(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temp view ``stg_grid`` (src, code, jaar, the values, line) of every staged grid file; empty
    without any. ``stg_grid_files`` names each ``src``'s file (and, after the releases are known, its release):
    the big queries never join it, they select by ``src``."""
    srcs = [int(s) for (s,) in con.execute("SELECT src FROM stg_grid_files ORDER BY src").fetchall()]
    parts = [f"SELECT * FROM stg_grid_{s}" for s in srcs]  # generated names, no user text
    if not parts:
        parts = ["SELECT NULL::INTEGER AS src, NULL::VARCHAR AS code, NULL::SMALLINT AS jaar, "
                 + "".join(f"NULL::DOUBLE AS {c}, " for c in LBM3_VALUES) + "NULL::BIGINT AS line WHERE false"]
    con.execute("CREATE TEMP VIEW stg_grid AS " + " UNION ALL ".join(parts))


def staged(con: duckdb.DuckDBPyConnection) -> bool:
    """True when grid files were staged."""
    return bool(con.execute("SELECT count(*) FROM stg_grid_files").fetchall()[0][0])


def rows_of(con: duckdb.DuckDBPyConnection, release: str) -> str:
    """SQL for the staged grid rows of ``release`` (a subquery; the ``src`` numbers are the build's own)."""
    srcs = [int(s) for (s,) in con.execute("SELECT src FROM stg_grid_files WHERE release = ?", [release]).fetchall()]
    return f"(SELECT * FROM stg_grid WHERE src IN ({', '.join(map(str, srcs)) or 'NULL'}))"


def check_duplicates(con: duckdb.DuckDBPyConnection, issues: Issues) -> None:
    """A cell given twice for one wave within one release is an error (file:line of the repeat)."""
    for (rel,) in con.execute("SELECT DISTINCT release FROM stg_grid_files ORDER BY 1").fetchall():
        rows = rows_of(con, rel)
        ((dup,),) = con.execute(f"SELECT EXISTS (SELECT 1 FROM {rows} GROUP BY code, jaar HAVING count(*) > 1)"
                                ).fetchall()
        if dup:  # only now the file names: one join on the few rows reported
            v.check_duplicates(con, f"(SELECT g.*, f.file FROM {rows} g JOIN stg_grid_files f USING (src))",
                               ("code", "jaar"), issues)


def write(con: duckdb.DuckDBPyConnection) -> int:
    """Insert the staged cells into ``grid_values`` and write the view ``grid_scores`` that classifies them with
    each release's bounds (class_bounds, already written); return the rows written."""
    total = 0
    releases = [str(r) for (r,) in con.execute("SELECT DISTINCT release FROM stg_grid_files ORDER BY 1").fetchall()]
    for rel in releases:
        ((rows,),) = con.execute(f"INSERT INTO grid_values SELECT ?, code, jaar, {', '.join(LBM3_VALUES)} "
                                 f"FROM {rows_of(con, rel)}", [rel]).fetchall()
        total += int(rows)
    bounds = con.execute("SELECT release, field, scale, klasse, lower, upper FROM class_bounds").fetchall()
    per_release = {rel: class_expressions([list(b) for b in bounds if b[0] == rel]) for rel in releases}
    columns = []
    for field in CLASS_FIELDS:
        whens = [f"WHEN {_literal(rel)} THEN {_inline(*exprs[field])}" for rel, exprs in per_release.items()
                 if field in exprs]
        columns.append(f"CASE release {' '.join(whens)} END::TINYINT AS {field}" if whens
                       else f"NULL::TINYINT AS {field}")
    con.execute(f"CREATE OR REPLACE VIEW grid_scores AS SELECT *, {', '.join(columns)} FROM grid_values")
    return total


def _literal(release: str) -> str:
    """A release id as an SQL literal: the build's own ids ('lbm3-2024'), checked, since a view takes no
    parameters."""
    if not re.fullmatch(r"lbm[23]-[0-9]{4}", release):
        raise ValueError(f"unexpected release id {release!r}")
    return f"'{release}'"


def _inline(sql: str, params: list[object]) -> str:
    """``sql`` (a CASE of :func:`leeftui.ingest.derive.class_expressions`) with its ``?`` placeholders replaced by
    the numbers they stand for, for a view; every parameter is a number (a bound or a class)."""
    parts = sql.split("?")
    if len(parts) != len(params) + 1:
        raise ValueError("placeholders and parameters differ")
    out = parts[0]
    for value, rest in zip(params, parts[1:], strict=True):
        number = float(value) if not isinstance(value, int) else value  # type: ignore[arg-type]
        if isinstance(number, float) and not math.isfinite(number):
            raise ValueError(f"a class bound is not finite: {number!r}")
        out += repr(number) + rest
    return out
