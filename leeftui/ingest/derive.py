"""Derived figures and classes.

Gemeente rows missing from the sources are derived per wave from the gemeente's wijken (or its buurten when
the release has no wijk rows for it): the mean of each score column weighted by inhabitants of the CBS
population year nearest to the wave (ties: the later year), when every contributing area has a population
figure; otherwise the unweighted mean. The Nederland row of each wave is the same kind of mean over all
gemeenten (official and derived), weighted by the gemeente's own inhabitants (or, missing that, the sum of
its contributing areas). Derived rows have ``official = false``.
"""

from __future__ import annotations

import duckdb

from leeftui.ingest.extras import Bound
from leeftui.ingest.report import Issues
from leeftui.ingest.scores import SCORE_COLUMNS
from leeftui.ingest.writer import insert_many
from leeftui.schema import CLASS_FIELDS, PLURAL


def population_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years present in the population table, ascending."""
    return [int(y) for (y,) in con.execute("SELECT DISTINCT jaar FROM population ORDER BY jaar").fetchall()]


BOUNDARY_FIT = 0.95
"""A CBS year is on a release's boundaries when its codes match at least this share of what the best year matches
(a file of another division leaves many areas without a figure: 42 of 130 problem wijken of LBM 2.0 with 2024
figures)."""


SAME_DIVISION = 0.95
"""A CBS year that gives at least this share of a release's areas a figure is of the release's division: its list
of areas says how many there are (coverage, partial figures)."""


def write_wave_population(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``wave_population``: per release and wave, the CBS year nearest to the wave (the earlier on a tie)
    among the years on the release's boundaries, with how many of its areas that year gives inhabitants."""
    con.execute(f"""
        INSERT INTO wave_population
        WITH own AS (SELECT release, code FROM areas WHERE level IN ('gemeente', 'wijk', 'buurt')),
        years AS (SELECT DISTINCT jaar FROM population),
        fit AS (SELECT o.release, y.jaar AS pop_jaar, count(*) AS areas, count(p.inwoners) AS matched
                FROM own o CROSS JOIN years y
                LEFT JOIN population p ON p.code = o.code AND p.jaar = y.jaar GROUP BY ALL),
        fitting AS (SELECT * FROM fit WHERE matched > 0
                    QUALIFY matched >= {BOUNDARY_FIT} * max(matched) OVER (PARTITION BY release)),
        waves AS (SELECT DISTINCT release, jaar FROM scores)
        SELECT w.release, w.jaar, arg_min(f.pop_jaar, abs(f.pop_jaar::INTEGER - w.jaar) * 10000 + f.pop_jaar),
               arg_min(f.areas, abs(f.pop_jaar::INTEGER - w.jaar) * 10000 + f.pop_jaar),
               arg_min(f.matched, abs(f.pop_jaar::INTEGER - w.jaar) * 10000 + f.pop_jaar),
               arg_min(f.matched >= {SAME_DIVISION} * f.areas, abs(f.pop_jaar::INTEGER - w.jaar) * 10000 + f.pop_jaar)
        FROM waves w JOIN fitting f ON f.release = w.release
        GROUP BY w.release, w.jaar ORDER BY w.release, w.jaar
    """)


def wave_population_map(con: duckdb.DuckDBPyConnection) -> dict[str, dict[int, int]]:
    """Per release, every wave's population year (:func:`write_wave_population`); {} without population."""
    out: dict[str, dict[int, int]] = {}
    for release, wave, year in con.execute(
            "SELECT release, jaar, pop_jaar FROM wave_population ORDER BY ALL").fetchall():
        out.setdefault(str(release), {})[int(wave)] = int(year)
    return out


def population_note(mapping: dict[str, dict[int, int]]) -> str:
    """One sentence saying which population year serves which waves of each release."""
    if not mapping:
        return "No CBS population loaded on the releases' boundaries: derived figures are unweighted means."
    parts = []
    for release, waves in sorted(mapping.items()):
        by_year: dict[int, list[int]] = {}
        for wave, year in sorted(waves.items()):
            by_year.setdefault(year, []).append(wave)
        parts.append(f"{release}: " + "; ".join(f"waves {', '.join(map(str, ws))} weighted with CBS population {y}"
                                                for y, ws in sorted(by_year.items())))
    return " — ".join(parts) + "."


def borrow_names(con: duckdb.DuckDBPyConnection) -> int:
    """Name the areas the release's files leave unnamed (LBM 2.0 gives codes only) from the CBS files: the name of
    the year nearest to the release's meting (its boundary year; the earlier on a tie), recorded in
    ``borrowed_names``. Returns how many areas got a name."""
    con.execute("""
        INSERT INTO borrowed_names
        SELECT a.release, a.code, arg_min(p.jaar, abs(p.jaar::INTEGER - r.meting) * 10000 + p.jaar),
               arg_min(p.source, abs(p.jaar::INTEGER - r.meting) * 10000 + p.jaar)
        FROM areas a JOIN releases r USING (release) JOIN population p ON p.code = a.code AND p.naam IS NOT NULL
        WHERE a.name IS NULL OR a.name = a.code GROUP BY ALL
    """)
    con.execute("""
        UPDATE areas SET name = p.naam FROM borrowed_names b, population p
        WHERE b.release = areas.release AND b.code = areas.code AND p.code = b.code AND p.jaar = b.jaar
    """)
    return int(con.execute("SELECT count(*) FROM borrowed_names").fetchall()[0][0])


def _mean_sql(weight: str) -> str:
    cols = []
    for c in SCORE_COLUMNS:
        cols.append(f"CASE WHEN bool_and({weight} IS NOT NULL) AND sum({weight}) > 0 "
                    f"THEN sum({c} * {weight}) / sum(CASE WHEN {c} IS NOT NULL THEN {weight} END) "
                    f"ELSE avg({c}) END AS {c}")
    return ", ".join(cols)


def derive(con: duckdb.DuckDBPyConnection) -> int:
    """Insert derived gemeente and Nederland rows, weighted with each release's population year per wave
    (``wave_population``); return how many rows were derived."""
    con.execute("CREATE TEMP VIEW wave_pop AS SELECT release, jaar, pop_jaar FROM wave_population")
    (before,) = con.execute("SELECT count(*) FROM scores").fetchall()[0]
    cols = ", ".join(SCORE_COLUMNS)
    # children: wijk rows where the gemeente-wave has any, else buurt rows
    con.execute(f"""
        CREATE TEMP TABLE stg_children AS
        WITH lv AS (
            SELECT s.*, a.level, a.gemeente_code FROM scores s JOIN areas a USING (release, code)
            WHERE a.level IN ('wijk', 'buurt')),
        pick AS (
            SELECT release, gemeente_code, jaar, CASE WHEN bool_or(level = 'wijk') THEN 'wijk' ELSE 'buurt' END AS lvl
            FROM lv GROUP BY ALL)
        SELECT lv.release, lv.gemeente_code, lv.jaar, lv.code, {', '.join('lv.' + c for c in SCORE_COLUMNS)},
               p.inwoners AS w, pick.lvl
        FROM lv JOIN pick ON pick.release = lv.release AND pick.gemeente_code = lv.gemeente_code
             AND pick.jaar = lv.jaar AND pick.lvl = lv.level
        LEFT JOIN wave_pop wp ON wp.release = lv.release AND wp.jaar = lv.jaar
        LEFT JOIN population p ON p.code = lv.code AND p.jaar = wp.pop_jaar
        ANTI JOIN scores g ON g.release = lv.release AND g.code = lv.gemeente_code AND g.jaar = lv.jaar
    """)
    con.execute(f"""
        INSERT INTO scores ({'release, code, jaar, ' + cols + ', official'})
        SELECT release, gemeente_code, jaar, {_mean_sql('w')}, false
        FROM stg_children GROUP BY release, gemeente_code, jaar HAVING count(lbm) + count(afw) > 0
    """)
    con.execute(f"""
        INSERT INTO scores ({'release, code, jaar, ' + cols + ', official'})
        WITH g AS (
            SELECT s.*, coalesce(p.inwoners, (SELECT sum(c.w) FROM stg_children c WHERE c.release = s.release
                   AND c.gemeente_code = s.code AND c.jaar = s.jaar)) AS w
            FROM scores s JOIN areas a USING (release, code)
            LEFT JOIN wave_pop wp ON wp.release = s.release AND wp.jaar = s.jaar
            LEFT JOIN population p ON p.code = s.code AND p.jaar = wp.pop_jaar
            WHERE a.level = 'gemeente')
        SELECT release, 'NL', jaar, {_mean_sql('w')}, false FROM g
        ANTI JOIN scores n ON n.release = g.release AND n.code = 'NL' AND n.jaar = g.jaar
        GROUP BY release, jaar HAVING count(lbm) + count(afw) > 0
    """)
    # LBM 3.0: lbm − afw is the release's national reference; a derived row keeps it exactly (its lbm and afw
    # are averaged over possibly different areas when some lack one of them)
    con.execute("""
        UPDATE scores SET afw = CASE WHEN scores.lbm IS NOT NULL THEN scores.lbm - r.national_constant
                                     ELSE scores.afw END,
                          lbm = CASE WHEN scores.lbm IS NULL AND scores.afw IS NOT NULL
                                     THEN scores.afw + r.national_constant ELSE scores.lbm END
        FROM releases r
        WHERE r.release = scores.release AND r.instrument = 'LBM 3.0' AND r.national_constant IS NOT NULL
          AND NOT scores.official
    """)
    (after,) = con.execute("SELECT count(*) FROM scores").fetchall()[0]
    _write_coverage(con)
    return int(after - before)


def coverage_text(partial: bool, parts: int, expected: int, level: str, inw_parts: int | None,
                  inw_whole: int | None) -> str:
    """'partial: 2 of 7 wijken, 32,905 of 51,787 inhabitants', or 'all 7 wijken'."""
    noun = PLURAL[level] if expected != 1 else level
    if not partial:
        return f"all {expected} {noun}"
    text = f"partial: {parts} of {expected} {noun}"
    if inw_parts is not None and inw_whole is not None:
        text += f", {inw_parts:,} of {inw_whole:,} inhabitants"
    elif inw_parts is not None:
        text += f", {inw_parts:,} inhabitants"
    return text


def _write_coverage(con: duckdb.DuckDBPyConnection) -> None:
    """Record what every derived gemeente and Nederland row stands on (table ``coverage``)."""
    # areas each gemeente (and the country) holds: the release's own, and those the CBS list names
    con.execute("""
        CREATE TEMP TABLE stg_known AS
        SELECT release, gemeente_code AS whole, level, code, NULL::SMALLINT AS pop_jaar FROM areas
            WHERE level IN ('wijk', 'buurt')
        UNION ALL SELECT release, 'NL', 'gemeente', code, NULL FROM areas WHERE level = 'gemeente'
        UNION ALL SELECT r.release, CASE WHEN p.code LIKE 'GM%' THEN 'NL' ELSE 'GM' || substr(p.code, 3, 4) END,
                         CASE left(p.code, 2) WHEN 'GM' THEN 'gemeente' WHEN 'WK' THEN 'wijk' ELSE 'buurt' END,
                         p.code, p.jaar
            FROM population p CROSS JOIN releases r WHERE left(p.code, 2) IN ('GM', 'WK', 'BU')
            AND EXISTS (SELECT 1 FROM wave_population w WHERE w.release = r.release AND w.pop_jaar = p.jaar
                        AND w.same_division)
    """)
    rows = con.execute("""
        WITH used AS (
            SELECT release, gemeente_code AS code, jaar, any_value(lvl) AS lvl, count(*) AS parts,
                   CASE WHEN bool_and(w IS NOT NULL) THEN sum(w) END AS inw_parts
            FROM stg_children GROUP BY ALL
            UNION ALL
            SELECT s.release, 'NL', s.jaar, 'gemeente', count(*),
                   CASE WHEN bool_and(p.inwoners IS NOT NULL) THEN sum(p.inwoners) END
            FROM scores s JOIN areas a USING (release, code)
            LEFT JOIN wave_pop wp ON wp.release = s.release AND wp.jaar = s.jaar
            LEFT JOIN population p ON p.code = s.code AND p.jaar = wp.pop_jaar
            WHERE a.level = 'gemeente' GROUP BY ALL
        ), derived AS (
            SELECT u.* FROM used u JOIN scores s ON s.release = u.release AND s.code = u.code AND s.jaar = u.jaar
            WHERE NOT s.official
        )
        SELECT d.release, d.code, d.jaar, d.lvl, d.parts,
               (SELECT count(DISTINCT k.code) FROM stg_known k
                LEFT JOIN wave_pop wp ON wp.release = d.release AND wp.jaar = d.jaar
                WHERE k.release = d.release AND k.whole = d.code AND k.level = d.lvl
                  AND (k.pop_jaar IS NULL OR k.pop_jaar = wp.pop_jaar)) AS expected,
               d.inw_parts,
               (SELECT sum(p.inwoners)::BIGINT FROM population p
                JOIN wave_pop wp ON wp.release = d.release AND wp.jaar = d.jaar AND p.jaar = wp.pop_jaar
                WHERE p.code = d.code OR (d.code = 'NL' AND p.code LIKE 'GM%')) AS inw_whole
        FROM derived d ORDER BY d.release, d.code, d.jaar
    """).fetchall()
    # without a CBS list of gemeenten, the country is known only when the release's own files list its gemeenten
    checkable = {r for (r,) in con.execute(
        "SELECT DISTINCT r.release FROM releases r, population p WHERE p.code LIKE 'GM%' "
        "UNION SELECT release FROM areas WHERE level = 'gemeente' GROUP BY release HAVING bool_and(official)"
    ).fetchall()}
    out = []
    for release, code, jaar, lvl, parts, expected, inw_parts, inw_whole in rows:
        expected = max(int(expected), int(parts))
        if code == "NL" and release not in checkable:
            text = (f"{parts} {PLURAL['gemeente'] if parts != 1 else 'gemeente'} loaded, no CBS list to check "
                    "them against the country")
            out.append([release, code, jaar, lvl, parts, expected, inw_parts, inw_whole, True, text])
            continue
        partial = parts < expected
        out.append([release, code, jaar, lvl, parts, expected, inw_parts, inw_whole, partial,
                    coverage_text(partial, parts, expected, lvl, inw_parts, inw_whole)])
    insert_many(con, "INSERT INTO coverage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", out)
    # a mean over part of the country is not Nederland: name it for what it is
    for release, parts in con.execute("""
            SELECT release, parts FROM coverage c WHERE code = 'NL' AND partial
            AND jaar = (SELECT max(jaar) FROM coverage m WHERE m.release = c.release AND m.code = 'NL')
            """).fetchall():
        noun = PLURAL["gemeente"] if parts != 1 else "gemeente"
        con.execute("UPDATE areas SET name = ? WHERE release = ? AND code = 'NL'",
                    [f"all loaded areas ({parts} {noun})", release])


def report_partial(con: duckdb.DuckDBPyConnection, issues: Issues) -> None:
    """One build warning per area whose derived figure (in its latest wave) stands on part of it."""
    for release, code, jaar, text in con.execute("""
            SELECT release, code, jaar, description FROM coverage c WHERE partial
            AND jaar = (SELECT max(jaar) FROM coverage m WHERE m.release = c.release AND m.code = c.code)
            ORDER BY release, code = 'NL' DESC, code""").fetchall():
        what = "the national figure" if code == "NL" else f"{code}"
        issues.warn(None, None, "partial", f"{release}: {what} in {jaar} is derived from {text}; it is labelled "
                                           "partial wherever it shows.")


def _class_case(scale: str, bounds: list[list[object]], params: list[object]) -> str:
    """SQL CASE giving the class of column ``scale`` under ``bounds`` (rows of class_bounds); values are params."""
    whens = []
    for _, _, _, k, lo, up, *_ in sorted(bounds, key=lambda r: int(str(r[3]))):
        conds = []
        if lo is not None:
            conds.append(f"{scale} >= ?")
            params.append(lo)
        if up is not None:
            conds.append(f"{scale} < ?")
            params.append(up)
        params.append(k)
        whens.append(f"WHEN {' AND '.join(conds)} THEN ?")
    return f"CASE {' '.join(whens)} END"


def class_expressions(rows: list[list[object]]) -> dict[str, tuple[str, list[object]]]:
    """Per class field (in :data:`CLASS_FIELDS` order) that ``rows`` (class_bounds rows of one release) have
    bounds for: the SQL CASE giving the class, and its parameters."""
    out: dict[str, tuple[str, list[object]]] = {}
    for field, scales in CLASS_FIELDS.items():  # fixed allow-lists of class and score columns
        for scale in scales:
            bounds = [r for r in rows if r[1] == field and r[2] == scale]
            if bounds and field not in out:
                params: list[object] = []
                out[field] = (_class_case(scale, bounds, params), params)
    return out


def class_columns(rows: list[list[object]]) -> tuple[list[tuple[str, str]], list[object]]:
    """The class columns of ``scores`` — (column, SQL) for klasse, klasse_source, then the other
    :data:`CLASS_FIELDS` — over a row with the score columns and the source's own ``klasse``, under the bounds
    ``rows`` (class_bounds rows of one release), and their parameters in that order. A class the source gave
    stays (klasse_source 'file'); a field without bounds is NULL."""
    exprs = class_expressions(rows)
    out: list[tuple[str, str]] = []
    params: list[object] = []
    for field in CLASS_FIELDS:  # fixed allow-list of class columns
        case, case_params = exprs.get(field, ("NULL", []))
        if field == "klasse":
            out.append(("klasse", f"CASE WHEN klasse IS NOT NULL THEN klasse ELSE {case} END"))
            out.append(("klasse_source",
                        f"CASE WHEN klasse IS NOT NULL THEN 'file' WHEN {case} IS NOT NULL THEN 'bounds' END"))
            params += case_params * 2
        else:
            out.append((field, case))
            params += case_params
    return out, params


def classify_derived(con: duckdb.DuckDBPyConnection, rows: list[list[object]]) -> None:
    """Give the derived rows of ``scores`` (official false: a few per gemeente and wave at most) their classes
    under the bounds ``rows``; the source's rows got theirs as they were written (:func:`class_columns`)."""
    for rel in sorted({str(r[0]) for r in rows}):
        columns, params = class_columns([r for r in rows if r[0] == rel])
        sets = ", ".join(f"{column} = {sql}" for column, sql in columns)
        con.execute(f"UPDATE scores SET {sets} WHERE release = ? AND NOT official", [*params, rel])


def store_bounds(con: duckdb.DuckDBPyConnection, bounds: list[Bound], file: str, synthetic: bool,
                 issues: Issues) -> tuple[list[list[object]], str | None]:
    """Store class bounds (``class_bounds``, and each release's classes_source); return their rows, by which the
    scores are classified, and the classes source text (None where no bound applies)."""
    releases = dict(con.execute("SELECT release, instrument FROM releases").fetchall())
    lbm3 = sorted((r for r, i in releases.items() if i == "LBM 3.0"), reverse=True)
    rows = []
    for b in bounds:
        rel = b.release or (lbm3[0] if lbm3 else None)
        if rel is None:
            issues.error(file, None, "a class row has an empty release but no LBM 3.0 release is being built")
            return [], None
        if rel not in releases:
            issues.warn(file, None, "classes-unused", f"{file}: class bounds for release {rel} ignored (not built).")
            continue
        rows.append([rel, b.field, b.scale, b.klasse, b.lower, b.upper, b.label,
                     "DEMO — synthetic" if synthetic else b.source])
    if not rows:
        return [], None
    insert_many(con, "INSERT INTO class_bounds VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    sources = con.execute(
        "SELECT release, string_agg(DISTINCT source, '; ') FROM class_bounds GROUP BY release").fetchall()
    for rel, src in sources:
        text = f"{src} ({file})" if src != file else file
        con.execute("UPDATE releases SET classes_source = ? WHERE release = ?", [text, rel])
    return rows, "; ".join(s for _, s in sources)
