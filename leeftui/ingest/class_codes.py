"""The official class codes file (``kscore``, ``kafw``, ``kfys`` … ``kwon`` per area and wave, as the WFS serves
them): recognised instead of refused, and used as a check — after the build has classified every score with its
class bounds, each class is compared with the official code of the same area and wave, and the build summary
says how many agree (the shipped bounds for meting 2024 are reconstructed from these very codes: here a user sees
they hold on their own files)."""

from __future__ import annotations

import duckdb

from leeftui.ingest.report import Issues
from leeftui.ingest.tables import Loaded
from leeftui.schema import CLASS_FIELDS, PLURAL

CODE_FIELDS = {"kscore": "klasse", "kafw": "klasse_afw", **{f"k{f.removeprefix('klasse_')}": f
                                                           for f in CLASS_FIELDS if f not in ("klasse", "klasse_afw")}}
"""The WFS's name of each class column of ``scores``."""
CODE_COLUMNS = ("bu_code", "wk_code", "gm_code", "code", "pc4")


def recognise(header: tuple[str, ...]) -> str | None:
    """'class-codes' for a header with an area code, jaar and at least kscore."""
    if "kscore" in header and "jaar" in header and any(c in header for c in CODE_COLUMNS):
        return "class-codes"
    return None


def stage(con: duckdb.DuckDBPyConnection, ld: Loaded, name: str) -> int:
    """Stage the codes of one file (area, wave, each class code it has)."""
    code = next(c for c in CODE_COLUMNS if ld.has(c))
    con.execute("CREATE TEMP TABLE IF NOT EXISTS stg_class_codes (file VARCHAR, code VARCHAR, jaar SMALLINT, "
                + ", ".join(f"{k} INTEGER" for k in CODE_FIELDS) + ")")
    values = ", ".join(f"TRY_CAST(trim({ld.col(k)}) AS INTEGER)" if ld.has(k) else "NULL" for k in CODE_FIELDS)
    con.execute(f"INSERT INTO stg_class_codes SELECT ?, upper(trim({ld.col(code)})), "  # generated names only
                f"TRY_CAST(trim({ld.col('jaar')}) AS SMALLINT), {values} FROM {ld.table}", [name])
    return ld.rows


def check(con: duckdb.DuckDBPyConnection, issues: Issues) -> list[str]:
    """Compare the build's classes with the staged official codes: one line per file (a build warning of kind
    class-codes too)."""
    try:
        files = [f for (f,) in con.execute("SELECT DISTINCT file FROM stg_class_codes ORDER BY 1").fetchall()]
    except duckdb.CatalogException:
        return []
    lines = []
    for file in files:
        parts = []
        for k, field in CODE_FIELDS.items():
            agree, total, level = con.execute(f"""
                SELECT count(*) FILTER (WHERE s.{field} = c.{k}), count(*), any_value(a.level)
                FROM stg_class_codes c JOIN scores s ON s.code = c.code AND s.jaar = c.jaar
                JOIN areas a ON a.release = s.release AND a.code = s.code
                WHERE c.file = ? AND c.{k} IS NOT NULL""", [file]).fetchall()[0]  # fixed names
            if total:
                parts.append(f"{k} {agree:,} of {total:,}" + ("" if agree == total else f" ({total - agree:,} differ)"))
                what = PLURAL.get(str(level), str(level))
        if not parts:
            line = (f"official class codes {file}: none of its areas and waves is in the scores, so nothing was "
                    "compared.")
        else:
            line = (f"official class codes {file}: the classes leeftui gave agree with them for {', '.join(parts)} "
                    f"{what}.")
        issues.warn(file, None, "class-codes", line)
        lines.append(line)
    return lines
