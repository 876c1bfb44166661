"""From staging tables to the final tables: releases, scores, areas, developments, population, invariants."""

from __future__ import annotations

import duckdb

from leeftui.build import validate as v
from leeftui.build.report import Issues
from leeftui.schema import DIMENSIONS_LBM2, DIMENSIONS_LBM3

TOLERANCE = 1e-6
"""Absolute tolerance of the invariants afw = Σ dimensions and lbm − afw = constant."""
WARN_ROWS = 20
"""At most this many rows per invariant and release go to build_warnings (plus one summary)."""


def check_staged_duplicates(con: duckdb.DuckDBPyConnection, issues: Issues) -> None:
    """Duplicate (code, jaar) inside and across score files are errors (file:line of the repeat)."""
    v.check_duplicates(con, "stg_scores", ("code", "jaar"), issues)
    v.check_duplicates(con, "stg_lbm2_kl", ("code", "jaar"), issues)
    v.check_duplicates(con, "stg_lbm2_dim", ("code", "jaar"), issues)
    v.check_duplicates(con, "stg_dev", ("code", "from_jaar", "to_jaar"), issues, "(code, from, to)")
    v.check_duplicates(con, "stg_dlb", ("code", "from_jaar", "to_jaar"), issues, "(code, BEGIN, EINDE)")
    v.check_duplicates(con, "(SELECT * FROM stg_pop)", ("code", "jaar", "file"), issues)


def write_releases(con: duckdb.DuckDBPyConnection, synthetic: bool) -> list[tuple[str, str, int]]:
    """Create releases from staged scores; return [(release, instrument, meting)]."""
    out = []
    (m3,) = con.execute("SELECT max(jaar) FROM stg_scores WHERE kind = 'lbm3'").fetchall()[0]
    (m2,) = con.execute("SELECT max(jaar) FROM (SELECT jaar FROM stg_lbm2_kl UNION ALL "
                        "SELECT jaar FROM stg_lbm2_dim)").fetchall()[0]
    demo = " (DEMO — synthetic)" if synthetic else ""
    if m3 is not None:
        rel = f"lbm3-{m3}"
        con.execute("UPDATE stg_scores SET kind = ? WHERE kind = 'lbm3'", [rel])
        con.execute("INSERT INTO releases VALUES (?, 'LBM 3.0', ?, ?, ?, NULL, NULL, ?)",
                    [rel, m3, f"Leefbaarometer 3.0, meting {m3}{demo}", ",".join(DIMENSIONS_LBM3), synthetic])
        out.append((rel, "LBM 3.0", int(m3)))
    if m2 is not None:
        rel = f"lbm2-{m2}"
        con.execute(
            "INSERT INTO stg_scores (kind, level, code, jaar, afw, won, bev, vrz, vei, fys, klasse, file, line) "
            "SELECT ?, coalesce(k.level, d.level), coalesce(k.code, d.code), coalesce(k.jaar, d.jaar), "
            "d.afw, d.won, d.bev, d.vrz, d.vei, d.fys, k.klasse, coalesce(d.file, k.file), coalesce(d.line, k.line) "
            "FROM stg_lbm2_kl k FULL OUTER JOIN stg_lbm2_dim d ON k.code = d.code AND k.jaar = d.jaar", [rel])
        con.execute("INSERT INTO developments SELECT ?, coalesce(k.code, d.code), coalesce(k.from_jaar, d.from_jaar), "
                    "coalesce(k.to_jaar, d.to_jaar), k.vklasse, d.dlb, d.won, d.bev, d.vrz, d.vei, d.fys "
                    "FROM stg_dev k FULL OUTER JOIN stg_dlb d "
                    "ON k.code = d.code AND k.from_jaar = d.from_jaar AND k.to_jaar = d.to_jaar", [rel])
        con.execute("INSERT INTO releases VALUES (?, 'LBM 2.0', ?, ?, ?, NULL, ?, ?)",
                    [rel, m2, f"Leefbaarometer 2.0, meting {m2}{demo}", ",".join(DIMENSIONS_LBM2),
                     "source files (LBM 2.0 KLyy class columns)", synthetic])
        out.append((rel, "LBM 2.0", int(m2)))
    return out


def write_scores(con: duckdb.DuckDBPyConnection) -> None:
    """Copy staged official scores into ``scores`` (kind now holds the release id)."""
    con.execute(
        "INSERT INTO scores SELECT kind, code, jaar, lbm, afw, fys, onv, soc, vrz, won, bev, vei, klasse, "
        "CASE WHEN klasse IS NOT NULL THEN 'file' END, true, NULL, NULL, NULL, NULL, NULL, NULL "
        "FROM stg_scores ORDER BY kind, code, jaar")


def write_areas(con: duckdb.DuckDBPyConnection) -> None:
    """Areas of every release: those with scores (official), their implied parents, and Nederland."""
    con.execute("""
        CREATE TEMP TABLE stg_named AS
        SELECT kind AS release, code, any_value(level) AS level, arg_max(naam, jaar) AS name
        FROM stg_scores GROUP BY ALL;
        CREATE TEMP TABLE stg_implied AS
        SELECT DISTINCT release, 'WK' || substr(code, 3, 6) AS code, 'wijk' AS level FROM stg_named
            WHERE level = 'buurt'
        UNION SELECT DISTINCT release, 'GM' || substr(code, 3, 4), 'gemeente' FROM stg_named
            WHERE level IN ('buurt', 'wijk');
        INSERT INTO areas
        SELECT release, code, level, name,
               CASE level WHEN 'gemeente' THEN 'NL' WHEN 'wijk' THEN 'GM' || substr(code, 3, 4)
                          WHEN 'pc4' THEN 'NL' ELSE 'WK' || substr(code, 3, 6) END,
               CASE WHEN level = 'pc4' THEN NULL ELSE 'GM' || substr(code, 3, 4) END, true
        FROM stg_named;
        INSERT INTO areas
        SELECT i.release, i.code, i.level,
               (SELECT max(n.name) FROM stg_named n WHERE n.code = i.code),
               CASE i.level WHEN 'gemeente' THEN 'NL' ELSE 'GM' || substr(i.code, 3, 4) END,
               'GM' || substr(i.code, 3, 4), false
        FROM stg_implied i ANTI JOIN stg_named n ON n.release = i.release AND n.code = i.code;
        INSERT INTO areas SELECT release, 'NL', 'nederland', 'Nederland', NULL, NULL, false FROM releases;
    """)


def write_population(con: duckdb.DuckDBPyConnection, issues: Issues) -> None:
    """Population: the first file that gives a (code, jaar) wins; overlaps are warnings."""
    con.execute("INSERT INTO population SELECT code, jaar, arg_min(inwoners, ord), arg_min(woningen, ord), "
                "arg_min(file, ord) FROM stg_pop GROUP BY code, jaar ORDER BY code, jaar")
    overlaps = con.execute(
        "SELECT p.source, s.file, s.jaar, count(*) FROM stg_pop s JOIN population p ON p.code = s.code "
        "AND p.jaar = s.jaar AND p.source <> s.file GROUP BY ALL ORDER BY ALL").fetchall()
    for kept, dropped, jaar, n in overlaps:
        issues.warn(dropped, None, "population-overlap",
                    f"{dropped}: population {jaar} for {n} codes was already given by {kept}; kept {kept}.")


def check_invariants(con: duckdb.DuckDBPyConnection, issues: Issues) -> None:
    """Warn where afw ≠ Σ dimensions, or lbm − afw differs from the release's constant; set national_constant."""
    releases = con.execute("SELECT release, instrument FROM releases").fetchall()
    for rel, instrument in releases:
        dims = DIMENSIONS_LBM3 if instrument == "LBM 3.0" else DIMENSIONS_LBM2
        total = " + ".join(dims)
        all_present = " AND ".join(f"{d} IS NOT NULL" for d in dims)
        _warn_rows(con, issues, rel, "afw-sum",
                   f"afw IS NOT NULL AND {all_present} AND abs(afw - ({total})) > {TOLERANCE}",
                   f"afw differs from {'+'.join(dims)}")
        if instrument == "LBM 3.0":
            con.execute("UPDATE releases SET national_constant = (SELECT median(lbm - afw) FROM stg_scores "
                        "WHERE kind = ?) WHERE release = ?", [rel, rel])
            (c,) = con.execute("SELECT national_constant FROM releases WHERE release = ?", [rel]).fetchall()[0]
            if c is not None:
                _warn_rows(con, issues, rel, "lbm-afw-constant",
                           f"lbm IS NOT NULL AND afw IS NOT NULL AND abs(lbm - afw - {float(c)!r}) > {TOLERANCE}",
                           f"lbm − afw differs from the release constant {c:.8f}")


def _warn_rows(con: duckdb.DuckDBPyConnection, issues: Issues, rel: str, kind: str, where: str, what: str) -> None:
    rows = con.execute(f"SELECT file, line, code, jaar, count(*) OVER () FROM stg_scores WHERE kind = ? AND {where} "
                       f"ORDER BY file, line LIMIT {WARN_ROWS}", [rel]).fetchall()
    if not rows:
        return
    for file, line, code, jaar, _ in rows:
        issues.warn(file, line, kind, f"{code} {jaar}: {what}.")
    issues.warn(None, None, kind + "-summary", f"{rows[0][4]} score rows of {rel}: {what} (tolerance {TOLERANCE}).")
