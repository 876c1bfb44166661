"""The 100 m grid: staged grid files become ``grid_scores`` in one copy, classified on the way in.

A national grid is ≈ 382,000 cells × 9 waves — twenty times the buurt rows — so it takes a shorter road than
the areas: each checked file is a view over its loaded table (:func:`leeftui.build.scores.stage_lbm3`),
:func:`combine` unites them as ``stg_grid``, and :func:`write` inserts them once, with every class computed in
the same pass (no UPDATE afterwards, no index; the build checks (release, grid_id, jaar) for repeats itself).
"""

from __future__ import annotations

import duckdb

from leeftui.build.derive import class_expressions
from leeftui.build.scores import LBM3_VALUES
from leeftui.schema import CLASS_FIELDS


def combine(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temp view ``stg_grid`` (every staged grid file, with its file name); empty without any."""
    srcs = [int(s) for (s,) in con.execute("SELECT src FROM stg_grid_files ORDER BY src").fetchall()]
    parts = [f"SELECT * FROM stg_grid_{s}" for s in srcs]  # generated names, no user text
    if not parts:
        parts = ["SELECT NULL::INTEGER AS src, NULL::VARCHAR AS code, NULL::SMALLINT AS jaar, "
                 + "".join(f"NULL::DOUBLE AS {c}, " for c in LBM3_VALUES) + "NULL::BIGINT AS line WHERE false"]
    con.execute("CREATE TEMP VIEW stg_grid AS SELECT g.*, f.file FROM (" + " UNION ALL ".join(parts)
                + ") g JOIN stg_grid_files f USING (src)")


def staged(con: duckdb.DuckDBPyConnection) -> bool:
    """True when grid files were staged."""
    return bool(con.execute("SELECT count(*) FROM stg_grid_files").fetchall()[0][0])


def write(con: duckdb.DuckDBPyConnection) -> int:
    """Insert the staged cells into ``grid_scores`` with the classes of their release's bounds (class_bounds,
    already written); return the rows written."""
    bounds = con.execute("SELECT release, field, scale, klasse, lower, upper FROM class_bounds").fetchall()
    total = 0
    for (rel,) in con.execute("SELECT DISTINCT r.release FROM stg_release r JOIN stg_grid_files f USING (file) "
                              "ORDER BY 1").fetchall():
        classes = class_expressions([list(b) for b in bounds if b[0] == rel])
        select = ", ".join(classes[f][0] if f in classes else "NULL" for f in CLASS_FIELDS)
        params = [p for f in CLASS_FIELDS if f in classes for p in classes[f][1]]
        values = ", ".join(f"g.{c}" for c in LBM3_VALUES)
        ((rows,),) = con.execute(
            f"INSERT INTO grid_scores SELECT ?, g.code, g.jaar, {values}, {select} "
            "FROM stg_grid g JOIN stg_release r USING (file) WHERE r.release = ?", [rel, *params, rel]).fetchall()
        total += int(rows)
    return total
