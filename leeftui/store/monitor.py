"""The monitor's questions, as the minister's letter asks them every two years (domain.md), one report each.

- :func:`overview`: per wave, areas and residents over the nine classes, residents in areas with livability
  problems, the inhabitant-weighted mean score;
- :func:`set_report`: an area set against the rest of the country and against the rest of its own gemeenten,
  per wave, per dimension, member by member — membership years respected;
- :func:`improvement`: did the weakest areas improve most? Δ per starting class;
- :func:`decliners`: areas whose score fell while the national mean rose.

Every report is a :class:`Report`: named Arrow tables (what the CLI prints or writes and the screens show and
export) and notes that say what the figures stand on (population years, inhabitants known, membership). The
score is the release's (``lbm``; ``afw`` for LBM 2.0). Inhabitants: CBS, the population year nearest to each
wave (the earlier on a tie), said per wave. No Textual here; queries take parameters, identifiers come from
fixed allow-lists.
"""

from __future__ import annotations

import re

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.model.columns import Context, reported
from leeftui.model.measures import CLASSES_1_4, ProblemCriterion
from leeftui.model.release import ReleaseInfo
from leeftui.model.report import Report
from leeftui.store.db import Database
from leeftui.store.headline import WEIGHTS, problem_line, report_lines, weight_column, weighted_names
from leeftui.store.scope import MEMBER_IN, OF_RELEASE, check_wave
from leeftui.store.stats import problem_sql

LEVELS = ("gemeente", "wijk", "buurt", "pc4")
"""Levels the reports work at (the grid has no inhabitants: `stats problems --level grid` counts cells)."""


def area_table(view: pa.Table, context: Context) -> pa.Table:
    """The rows of a view as the monitor's area tables show them: the columns with a report place
    (:func:`leeftui.model.columns.reported`), under their export names."""
    cols = reported(context)
    return view.select([c.key for c in cols]).rename_columns([c.export for c in cols])


def _arrow(db: Database, sql: str, params: dict[str, object]) -> pa.Table:
    """Run ``sql`` with the parameters it names (DuckDB refuses unused ones)."""
    used = set(re.findall(r"\$([a-z_][a-z_0-9]*)", sql))
    return db.arrow(sql, {k: v for k, v in params.items() if k in used})


def check_level(rel: ReleaseInfo, level: str) -> None:
    if level not in LEVELS:
        from leeftui.text import nearest

        raise UsageError(f"Unknown level '{level}'; use gemeente, wijk, buurt or pc4.{nearest(level, LEVELS)}")
    if level not in rel.levels:
        raise UsageError(f"{rel.label} has no {level} scores (levels: {', '.join(rel.levels)}).")


def _waves_sql(db: Database, rel: ReleaseInfo) -> tuple[str, dict[str, object]]:
    """A CTE of (jaar, popyear) for every wave of the release: the population year nearest to it."""
    waves = list(rel.waves)
    years = [rel.population_year(w) for w in waves]
    return ("waves AS (SELECT unnest($waves)::SMALLINT AS jaar, unnest($popyears)::SMALLINT AS popyear)",
            {"waves": waves, "popyears": years})


def population_notes(db: Database, rel: ReleaseInfo, waves: tuple[int, ...] | None = None) -> tuple[str, ...]:
    """One sentence saying which CBS population year weighs each wave (exact, or the nearest)."""
    if not rel.population:
        return ("No CBS population figures on this release's boundaries are loaded: inhabitant-weighted figures are "
                "empty, means unweighted.",)
    parts = []
    for w in waves if waves is not None else rel.waves:
        y = rel.population_year(w)
        parts.append(f"{w}: {y}" if y == w else f"{w}: {y} (nearest)")
    return ("Inhabitants (CBS) per wave — " + ", ".join(parts) + ".",)


def _need_classes(rel: ReleaseInfo, criterion: ProblemCriterion) -> None:
    if criterion.below is None and rel.classes_source is None:
        raise UsageError(f"{rel.label} has no class boundaries loaded; give a score threshold instead "
                         "(e.g. --below 3.9) or rebuild with --classes FILE.")


# -- 1. the national overview ---------------------------------------------------------------------


def overview(db: Database, rel: ReleaseInfo, level: str = "buurt", criterion: ProblemCriterion = CLASSES_1_4,
             weight: str = "inwoners") -> Report:
    """Per wave: areas, residents, residents in problem areas, unweighted and inhabitant-weighted mean score, the
    national figure (``summary``); areas and residents per class (``classes``, with class boundaries only).
    ``weight='huishoudens'``: households instead of inhabitants."""
    check_level(rel, level)
    _need_classes(rel, criterion)
    w = weight_column(db, rel, weight)
    score = rel.score
    waves, params = _waves_sql(db, rel)
    params |= {"rel": rel.release, "level": level}
    cond = problem_sql(rel, criterion, params)
    rows = f"""WITH {waves}, rows AS (
            SELECT w.jaar, w.popyear, s.{score} AS score, s.klasse, p.{w} AS inwoners, {cond} AS problem,
                   NOT (s.official AND a.official) AS derived, c.partial
            FROM waves w JOIN scores s ON s.release = $rel AND s.jaar = w.jaar
            JOIN areas a ON a.release = $rel AND a.code = s.code AND a.level = $level
            LEFT JOIN population p ON p.code = s.code AND p.jaar = w.popyear
            LEFT JOIN coverage c ON c.release = s.release AND c.code = s.code AND c.jaar = s.jaar
            WHERE s.{score} IS NOT NULL OR s.klasse IS NOT NULL)"""
    summary = _arrow(db, f"""{rows}
        SELECT jaar, count(*) AS areas, count(*) FILTER (WHERE problem) AS problem_areas,
               sum(inwoners)::BIGINT AS inwoners,
               CASE WHEN sum(inwoners) IS NOT NULL
                    THEN coalesce(sum(inwoners) FILTER (WHERE problem), 0) END::BIGINT AS problem_inwoners,
               CASE WHEN sum(inwoners) IS NOT NULL
                    THEN coalesce(sum(inwoners) FILTER (WHERE problem), 0) / nullif(sum(inwoners), 0) END
                    AS problem_share,
               sum(score * inwoners) / nullif(sum(inwoners) FILTER (WHERE score IS NOT NULL), 0)
                    AS weighted_mean_{score},
               avg(score) AS mean_{score}, count(inwoners) AS areas_with_inwoners,
               count(*) FILTER (WHERE problem AND inwoners IS NULL) AS problem_areas_without_inwoners,
               count(*) FILTER (WHERE derived) AS derived_areas, count(*) FILTER (WHERE partial) AS partial_areas,
               popyear AS population_year, popyear = jaar AS population_year_exact
        FROM rows GROUP BY jaar, popyear ORDER BY jaar""", params)
    summary = _with_national(db, rel, summary)
    tables = {"summary": summary}
    notes = [f"Problem areas: {criterion.describe()}; {level} level.", *population_notes(db, rel),
             f"weighted_mean_{score} is the mean over the scored {level} areas with a figure; national_{score} is "
             "the national figure (the coverage lines say what it is) — quote that one for Nederland."]
    if rel.classes_source is not None:
        tables["classes"] = _arrow(db, f"""{rows}
            SELECT j.jaar, l.klasse, l.label AS klasse_label, count(r.klasse) AS areas,
                   count(r.klasse) / nullif(sum(count(r.klasse)) OVER (PARTITION BY j.jaar), 0) AS share_areas,
                   sum(r.inwoners)::BIGINT AS inwoners,
                   sum(r.inwoners) / nullif(sum(sum(r.inwoners)) OVER (PARTITION BY j.jaar), 0) AS share_inwoners
            FROM (SELECT DISTINCT jaar FROM rows) j CROSS JOIN class_labels l
            LEFT JOIN rows r ON r.jaar = j.jaar AND r.klasse = l.klasse
            GROUP BY j.jaar, l.klasse, l.label ORDER BY j.jaar, l.klasse""", params)
        tables["class_shares"] = _class_shares(tables["classes"], w)
        notes.append(f"Classes: {rel.classes_source}.")
    else:
        notes.append("No class boundaries are loaded: no class distribution (the problem areas use the threshold).")
    short = [r for r in summary.to_pylist() if r["inwoners"] is not None and r["areas_with_inwoners"] < r["areas"]]
    if short:
        notes.append("Inhabitants known for " + "; ".join(f"{r['areas_with_inwoners']:,} of {r['areas']:,} areas in "
                                                         f"{r['jaar']}" for r in short)
                     + ": resident figures and weighted means stand on those areas only.")
    last = summary.to_pylist()[-1] if summary.num_rows else None
    lines = report_lines(db, rel, level, rel.waves[-1:], w)
    if last is not None and last["problem_inwoners"] is not None:
        lines += (problem_line(last, level, WEIGHTS[w]),)
    return Report(f"The national overview ({level}, {criterion.describe()})",
                  {k: weighted_names(t, w) for k, t in tables.items()}, tuple(notes),
                  terminal=tuple(t for t in ("summary", "class_shares") if t in tables), coverage=lines)


def _with_national(db: Database, rel: ReleaseInfo, summary: pa.Table) -> pa.Table:
    """``summary`` (a row per wave, ``jaar``) with ``national_<score>``: the national figure of each wave."""
    from leeftui.store.headline import national

    values = {f.wave: f.value for f in national(db, rel)}
    column = pa.array([values.get(j) for j in summary.column("jaar").to_pylist()], pa.float64())
    at = summary.column_names.index(f"weighted_mean_{rel.score}")
    return summary.add_column(at, f"national_{rel.score}", column)


def _class_shares(classes: pa.Table, weight: str = "inwoners") -> pa.Table:
    """The class table wide: one row per wave, the share of residents (of areas, without inhabitants) per class."""
    rows = classes.to_pylist()
    waves = sorted({r["jaar"] for r in rows})
    by_residents = any(r["share_inwoners"] is not None for r in rows)
    key = "share_inwoners" if by_residents else "share_areas"
    out: dict[str, list[object]] = {"jaar": waves, "of": [weight if by_residents else "areas"] * len(waves)}
    for k in range(1, 10):
        values = {r["jaar"]: r[key] for r in rows if r["klasse"] == k}
        out[f"share_{k}"] = [values.get(w) for w in waves]
    return pa.table(out)


# -- 2. a set against the rest ------------------------------------------------------------------


def set_level(db: Database, rel: ReleaseInfo, name: str) -> str:
    row = db.one("SELECT count(*) FROM area_sets WHERE name = ?", [name])
    if not row or row[0] == 0:
        from leeftui.store.stats import set_names
        from leeftui.text import nearest

        names = set_names(db)
        raise UsageError(f"Unknown area set '{name}'; sets: {', '.join(names) or 'none loaded'}.{nearest(name, names)}")
    levels = db.rows("SELECT DISTINCT a.level FROM area_set_members m JOIN areas a ON a.code = m.code "
                     f"AND a.release = $rel WHERE m.set_name = $set AND {OF_RELEASE.format(rel='$rel')}",
                     {"rel": rel.release, "set": name})
    if len(levels) != 1:
        raise UsageError(f"Area set '{name}' " + ("has no members in " if not levels else "mixes levels in ")
                         + f"{rel.label}.")
    return str(levels[0][0])


def set_report(db: Database, rel: ReleaseInfo, name: str, wave_a: int, wave_b: int,
               criterion: ProblemCriterion = CLASSES_1_4, weight: str = "inwoners") -> Report:
    """An area set per wave against the rest of the country and the rest of its own gemeenten (``groups``: areas,
    inhabitants, means, Δ since wave A, share in problem classes; ``classes``: the class mix), per dimension
    from A to B (``dimensions``) and member by member (``members``, most improved first)."""
    level = set_level(db, rel, name)
    wcol = weight_column(db, rel, weight)
    for w in (wave_a, wave_b):
        check_wave(rel, w)
    if wave_a >= wave_b:
        raise UsageError(f"--compare needs the earlier wave first, e.g. {min(wave_a, wave_b)}:{max(wave_a, wave_b)}.")
    score, dims = rel.score, rel.dimensions
    waves, params = _waves_sql(db, rel)
    params |= {"rel": rel.release, "set": name, "level": level, "a": wave_a, "b": wave_b}
    rows = f"""WITH {waves},
        own AS (SELECT DISTINCT a.gemeente_code FROM area_set_members m JOIN areas a ON a.release = $rel
                AND a.code = m.code WHERE m.set_name = $set AND {OF_RELEASE.format(rel="$rel")}),
        rows AS (
            SELECT w.jaar, s.code, s.{score} AS score, s.klasse, p.{wcol} AS inwoners,
                   {", ".join(f"s.{d}" for d in dims)},
                   CASE WHEN m.code IS NULL THEN (CASE WHEN a.gemeente_code IN (SELECT gemeente_code FROM own)
                                                       THEN 'own gemeenten' ELSE 'rest' END)
                        WHEN {MEMBER_IN.format(w="w.jaar")} THEN 'set' END AS grp
            FROM waves w JOIN scores s ON s.release = $rel AND s.jaar = w.jaar
            JOIN areas a ON a.release = $rel AND a.code = s.code AND a.level = $level
            LEFT JOIN area_set_members m ON m.set_name = $set AND m.code = s.code AND {OF_RELEASE.format(rel="$rel")}
            LEFT JOIN population p ON p.code = s.code AND p.jaar = w.popyear),
        grouped AS (SELECT * FROM rows WHERE grp IN ('set', 'own gemeenten')
                    UNION ALL SELECT * REPLACE ('rest of the country' AS grp) FROM rows
                    WHERE grp IN ('rest', 'own gemeenten'))"""
    problem = (problem_sql(rel, criterion, params, alias=None) if rel.classes_source is not None
               or criterion.below is not None else "false")
    groups = _arrow(db, f"""{rows}, g AS (
            SELECT grp AS "group", jaar, count(score) AS areas, count(inwoners) FILTER (WHERE score IS NOT NULL)
                   AS areas_with_inwoners, sum(inwoners) FILTER (WHERE score IS NOT NULL)::BIGINT AS inwoners,
                   avg(score) AS mean, sum(score * inwoners) / nullif(sum(inwoners) FILTER (WHERE score IS NOT NULL), 0)
                   AS weighted_mean,
                   CASE WHEN count(klasse) > 0 THEN count(*) FILTER (WHERE {problem}) / count(klasse) END
                   AS share_problem_areas
            FROM grouped GROUP BY ALL)
        SELECT g.*, g.weighted_mean - base.weighted_mean AS weighted_delta_since_a, g.mean - base.mean AS delta_since_a
        FROM g LEFT JOIN g base ON base."group" = g."group" AND base.jaar = $a
        ORDER BY CASE g."group" WHEN 'set' THEN 0 WHEN 'own gemeenten' THEN 1 ELSE 2 END,
                 g.jaar""", params)
    groups = groups.select(["group", "jaar", "weighted_mean", "weighted_delta_since_a", "share_problem_areas",
                            "mean", "delta_since_a", "areas", "areas_with_inwoners", "inwoners"])
    tables = {"groups": groups.rename_columns([c.replace("mean", f"mean_{score}") if "mean" in c else c
                                               for c in groups.column_names])}
    if rel.classes_source is not None:
        tables["classes"] = _arrow(db, f"""{rows}
            SELECT grp AS "group", jaar, klasse, count(*) AS areas, sum(inwoners)::BIGINT AS inwoners,
                   count(*) / sum(count(*)) OVER (PARTITION BY grp, jaar) AS share_areas
            FROM grouped WHERE klasse IS NOT NULL GROUP BY grp, jaar, klasse
            ORDER BY CASE grp WHEN 'set' THEN 0 WHEN 'own gemeenten' THEN 1 ELSE 2 END,
                     jaar, klasse""", params)
    dim_rows = " UNION ALL ".join(
        f"SELECT grp, '{d}' AS dimension, {i} AS o, jaar, {'score' if i == 0 else d} AS v, inwoners FROM grouped"
        for i, d in enumerate((score, *dims)))  # fixed allow-lists
    tables["dimensions"] = _arrow(db, f"""{rows}, d AS ({dim_rows})
        SELECT grp AS "group", dimension,
               sum(v * inwoners) FILTER (WHERE jaar = $a) / nullif(sum(inwoners) FILTER (WHERE jaar = $a
                   AND v IS NOT NULL), 0) AS weighted_a,
               sum(v * inwoners) FILTER (WHERE jaar = $b) / nullif(sum(inwoners) FILTER (WHERE jaar = $b
                   AND v IS NOT NULL), 0) AS weighted_b,
               weighted_b - weighted_a AS weighted_delta,
               avg(v) FILTER (WHERE jaar = $b) - avg(v) FILTER (WHERE jaar = $a) AS delta
        FROM d GROUP BY grp, dimension, o
        ORDER BY CASE grp WHEN 'set' THEN 0 WHEN 'own gemeenten' THEN 1 ELSE 2 END, o""", params)
    members = _arrow(db, f"""
        SELECT m.code, coalesce(a.name, a.code) AS name, g.name AS gemeente, m.start_year, m.end_year, m.note,
               {MEMBER_IN.format(w="$b")} AS counted_in_b,
               any_value(s.{score}) FILTER (WHERE s.jaar = $a) AS {score}_a,
               any_value(s.{score}) FILTER (WHERE s.jaar = $b) AS {score}_b,
               {score}_b - {score}_a AS delta_{score},
               {", ".join(f"any_value(s.{d}) FILTER (WHERE s.jaar = $b) - any_value(s.{d}) FILTER (WHERE s.jaar = $a)"
                          f" AS delta_{d}" for d in dims)}
        FROM area_set_members m JOIN areas a ON a.release = $rel AND a.code = m.code
        LEFT JOIN areas g ON g.release = $rel AND g.code = a.gemeente_code
        LEFT JOIN scores s ON s.release = $rel AND s.code = m.code AND s.jaar IN ($a, $b)
        WHERE m.set_name = $set AND {OF_RELEASE.format(rel="$rel")}
        GROUP BY ALL ORDER BY delta_{score} DESC NULLS LAST, name, m.code""",
                       params)
    tables["members"] = members
    notes = [f"Set '{name}' at {level} level: a member counts in a wave from its start year up to and including "
             "its end year (after it, in no group); 'own gemeenten' are the other areas of the gemeenten the set "
             "lies in, 'rest of the country' all areas outside the set (own gemeenten included)."]
    left = [r for r in members.to_pylist() if r["end_year"] is not None]
    if left:
        notes.append("Left the set: " + "; ".join(f"{r['name']} ({r['code']}) after {r['end_year']}" for r in left)
                     + " — counted in the waves up to then.")
    short = [r for r in groups.to_pylist() if r["jaar"] in (wave_a, wave_b) and rel.population
             and r["areas_with_inwoners"] < r["areas"]]
    lines = report_lines(db, rel, level, (wave_a, wave_b), wcol)
    if short:  # the groups' own coverage: a headline line
        lines += ("Weighted means stand on the areas with inhabitants: " + "; ".join(
            f"{r['areas_with_inwoners']} of {r['areas']} ({r['group']}, {r['jaar']})" for r in short) + ".",)
    notes += population_notes(db, rel)
    notes.append(f"share_problem_areas: {criterion.describe()}.")
    return Report(f"Area set '{name}' against the rest, {wave_a} → {wave_b}",
                  {k: weighted_names(t, wcol) for k, t in tables.items()}, tuple(notes), {"level": level},
                  coverage=lines)
