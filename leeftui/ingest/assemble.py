"""From staging tables to the final tables: releases, scores, areas, developments, population, invariants."""

from __future__ import annotations

import duckdb

from leeftui.ingest import grid
from leeftui.ingest import validate as v
from leeftui.ingest.derive import class_columns
from leeftui.ingest.report import Issues
from leeftui.ingest.scores import SCORE_COLUMNS
from leeftui.schema import DIMENSIONS_LBM2, DIMENSIONS_LBM3

TOLERANCE = 1e-6
"""Absolute tolerance of the invariants afw = Σ dimensions and lbm − afw = constant."""
WARN_ROWS = 20
"""At most this many rows per invariant and release go to build_warnings (plus one summary)."""

SCORE_COLUMNS_SQL = ", ".join(SCORE_COLUMNS)


def assign_releases(con: duckdb.DuckDBPyConnection) -> None:
    """Give every staged file its release: the latest wave in a file is its meting (domain.md: the constant
    lbm − afw does not tell releases apart, the latest wave does), so files of meting 2022 and of meting 2024
    become two releases side by side; files of one meting (a zip's gemeente, wijk, buurt, PC4 and grid tables)
    one. ``stg_release`` maps each score file to its release; LBM 3.0 rows of ``stg_scores`` get it as kind."""
    con.execute("""
        CREATE TEMP TABLE stg_release AS
        SELECT file, 'LBM 3.0' AS instrument, max(jaar) AS meting, 'lbm3-' || max(jaar) AS release FROM (
            SELECT file, jaar FROM stg_scores WHERE kind = 'lbm3' UNION ALL
            SELECT f.file, g.jaar FROM (SELECT src, max(jaar) AS jaar FROM stg_grid GROUP BY src) g
            JOIN stg_grid_files f USING (src))
        GROUP BY file
        UNION ALL
        SELECT file, 'LBM 2.0', max(jaar), 'lbm2-' || max(jaar) FROM (
            SELECT file, jaar FROM stg_lbm2_kl UNION ALL SELECT file, jaar FROM stg_lbm2_dim
            UNION ALL SELECT file, to_jaar FROM stg_dev UNION ALL SELECT file, to_jaar FROM stg_dlb)
        GROUP BY file;
        UPDATE stg_scores SET kind = r.release FROM stg_release r WHERE stg_scores.file = r.file
            AND stg_scores.kind = 'lbm3';
        UPDATE stg_grid_files SET release = r.release FROM stg_release r WHERE stg_grid_files.file = r.file;
    """)


def release_of_files(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The release each score file fed (after :func:`assign_releases`)."""
    return dict(con.execute("SELECT file, release FROM stg_release").fetchall())


_WITH_RELEASE = "(SELECT s.*, r.release FROM {} s JOIN stg_release r USING (file))"


def check_staged_duplicates(con: duckdb.DuckDBPyConnection, issues: Issues) -> None:
    """Duplicate (code, jaar) inside and across score files of one release are errors (file:line of the repeat)."""
    v.check_duplicates(con, "stg_scores", ("kind", "code", "jaar"), issues)
    grid.check_duplicates(con, issues)
    v.check_duplicates(con, _WITH_RELEASE.format("stg_lbm2_kl"), ("release", "code", "jaar"), issues)
    v.check_duplicates(con, _WITH_RELEASE.format("stg_lbm2_dim"), ("release", "code", "jaar"), issues)
    v.check_duplicates(con, _WITH_RELEASE.format("stg_dev"), ("release", "code", "from_jaar", "to_jaar"), issues,
                       "(code, from, to)")
    v.check_duplicates(con, _WITH_RELEASE.format("stg_dlb"), ("release", "code", "from_jaar", "to_jaar"), issues,
                       "(code, BEGIN, EINDE)")
    v.check_duplicates(con, "(SELECT * FROM stg_pop)", ("code", "jaar", "file"), issues)


def write_releases(con: duckdb.DuckDBPyConnection, synthetic: bool) -> list[tuple[str, str, int]]:
    """Create the releases of the staged files (:func:`assign_releases`); return [(release, instrument, meting)],
    newest LBM 3.0 first."""
    out = []
    demo = " (DEMO — synthetic)" if synthetic else ""
    for rel, instrument, meting in con.execute("SELECT DISTINCT release, instrument, meting FROM stg_release "
                                               "ORDER BY instrument DESC, meting DESC").fetchall():
        if instrument == "LBM 3.0":
            con.execute("INSERT INTO releases VALUES (?, 'LBM 3.0', ?, ?, ?, NULL, NULL, ?)",
                        [rel, meting, f"Leefbaarometer 3.0, meting {meting}{demo}", ",".join(DIMENSIONS_LBM3),
                         synthetic])
        else:
            _write_lbm2(con, rel)
            con.execute("INSERT INTO releases VALUES (?, 'LBM 2.0', ?, ?, ?, NULL, ?, ?)",
                        [rel, meting, f"Leefbaarometer 2.0, meting {meting}{demo}", ",".join(DIMENSIONS_LBM2),
                         "source files (LBM 2.0 KLyy class columns)", synthetic])
        out.append((str(rel), str(instrument), int(meting)))
    return out


def _write_lbm2(con: duckdb.DuckDBPyConnection, rel: str) -> None:
    """Scores (classes joined with dimensions) and developments of one LBM 2.0 release."""
    def of(table: str) -> str:  # the staged rows of ``rel`` (table names are fixed)
        return f"(SELECT t.* FROM {table} t JOIN stg_release r USING (file) WHERE r.release = $rel)"

    con.execute(
        "INSERT INTO stg_scores (kind, level, code, jaar, afw, won, bev, vrz, vei, fys, klasse, file, line) "
        "SELECT $rel, coalesce(k.level, d.level), coalesce(k.code, d.code), coalesce(k.jaar, d.jaar), "
        "d.afw, d.won, d.bev, d.vrz, d.vei, d.fys, k.klasse, coalesce(d.file, k.file), coalesce(d.line, k.line) "
        f"FROM {of('stg_lbm2_kl')} k FULL OUTER JOIN {of('stg_lbm2_dim')} d ON k.code = d.code AND k.jaar = d.jaar",
        {"rel": rel})
    con.execute("INSERT INTO developments SELECT $rel, coalesce(k.code, d.code), coalesce(k.from_jaar, d.from_jaar), "
                "coalesce(k.to_jaar, d.to_jaar), k.vklasse, d.dlb, d.won, d.bev, d.vrz, d.vei, d.fys "
                f"FROM {of('stg_dev')} k FULL OUTER JOIN {of('stg_dlb')} d "
                "ON k.code = d.code AND k.from_jaar = d.from_jaar AND k.to_jaar = d.to_jaar", {"rel": rel})


def write_scores(con: duckdb.DuckDBPyConnection, bounds: list[list[object]]) -> None:
    """Copy staged official scores into ``scores`` (kind now holds the release id), each row once with its classes
    under ``bounds`` (class_bounds rows; :func:`leeftui.ingest.derive.class_columns`)."""
    for (rel,) in con.execute("SELECT DISTINCT kind FROM stg_scores ORDER BY kind").fetchall():
        columns, params = class_columns([b for b in bounds if b[0] == rel])
        con.execute(
            f"INSERT INTO scores (release, code, jaar, {SCORE_COLUMNS_SQL}, official, "
            f"{', '.join(c for c, _ in columns)}) "
            f"SELECT kind, code, jaar, {SCORE_COLUMNS_SQL}, true, {', '.join(sql for _, sql in columns)} "
            "FROM stg_scores WHERE kind = ? ORDER BY code, jaar", [*params, rel])


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
                "arg_min(file, ord), arg_min(huishoudens, ord), arg_min(naam, ord) FROM stg_pop "
                "GROUP BY code, jaar ORDER BY code, jaar")
    overlaps = con.execute(
        "SELECT p.source, s.file, s.jaar, count(*) FROM stg_pop s JOIN population p ON p.code = s.code "
        "AND p.jaar = s.jaar AND p.source <> s.file GROUP BY ALL ORDER BY ALL").fetchall()
    for kept, dropped, jaar, n in overlaps:
        issues.warn(dropped, None, "population-overlap",
                    f"{dropped}: population {jaar} for {n} codes was already given by {kept}; kept {kept}.")


def _staged_rows(con: duckdb.DuckDBPyConnection, rel: str) -> str:
    """Every staged score row of release ``$rel``: its areas and its grid cells (``src`` names a grid file)."""
    return ("(SELECT NULL::INTEGER AS src, file, line, code, jaar, lbm, afw, fys, onv, soc, vrz, won, bev, vei "
            "FROM stg_scores WHERE kind = $rel UNION ALL SELECT src, NULL, line, code, jaar, lbm, afw, fys, onv, soc, "
            f"vrz, won, NULL, NULL FROM {grid.rows_of(con, rel)})")


def check_invariants(con: duckdb.DuckDBPyConnection, issues: Issues) -> None:
    """Warn where afw ≠ Σ dimensions, or lbm − afw differs from the release's constant; set national_constant
    (the median over the release's areas, or over its grid cells when it has no areas)."""
    releases = con.execute("SELECT release, instrument FROM releases").fetchall()
    for rel, instrument in releases:
        dims = DIMENSIONS_LBM3 if instrument == "LBM 3.0" else DIMENSIONS_LBM2
        total = " + ".join(dims)
        all_present = " AND ".join(f"{d} IS NOT NULL" for d in dims)
        _warn_rows(con, issues, rel, "afw-sum",
                   f"afw IS NOT NULL AND {all_present} AND abs(afw - ({total})) > {TOLERANCE}",
                   f"afw differs from {'+'.join(dims)}")
        if instrument == "LBM 3.0":
            con.execute("UPDATE releases SET national_constant = coalesce("
                        "(SELECT median(lbm - afw) FROM stg_scores WHERE kind = $rel), "
                        f"(SELECT median(lbm - afw) FROM {grid.rows_of(con, rel)})) WHERE release = $rel",
                        {"rel": rel})
            (c,) = con.execute("SELECT national_constant FROM releases WHERE release = ?", [rel]).fetchall()[0]
            if c is not None:
                _warn_rows(con, issues, rel, "lbm-afw-constant",
                           f"lbm IS NOT NULL AND afw IS NOT NULL AND abs(lbm - afw - {float(c)!r}) > {TOLERANCE}",
                           f"lbm − afw differs from the release constant {c:.8f}")


def _warn_rows(con: duckdb.DuckDBPyConnection, issues: Issues, rel: str, kind: str, where: str, what: str) -> None:
    ((n,),) = con.execute(f"SELECT count(*) FROM {_staged_rows(con, rel)} WHERE {where}", {"rel": rel}).fetchall()
    if not n:  # the usual case: one scan, no window or sort over millions of grid rows
        return
    rows = con.execute(
        "SELECT coalesce(file, (SELECT f.file FROM stg_grid_files f WHERE f.src = r.src)), line, code, jaar, n FROM ("
        f"SELECT *, count(*) OVER () AS n FROM {_staged_rows(con, rel)} WHERE {where} "
        f"ORDER BY src NULLS FIRST, file, line LIMIT {WARN_ROWS}) r", {"rel": rel}).fetchall()
    if not rows:
        return
    for file, line, code, jaar, _ in rows:
        issues.warn(file, line, kind, f"{code} {jaar}: {what}.")
    issues.warn(None, None, kind + "-summary", f"{rows[0][4]} score rows of {rel}: {what} (tolerance {TOLERANCE}).")
