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
from leeftui.model import measures
from leeftui.model.columns import Context, reported
from leeftui.model.conditions import Any_, Missing, both, filter_table, mask
from leeftui.model.measures import CLASSES_1_4, ProblemCriterion
from leeftui.model.release import ReleaseInfo
from leeftui.model.report import Report
from leeftui.store.db import Database
from leeftui.store.scope import Scope, check_wave
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


def _check_level(rel: ReleaseInfo, level: str) -> None:
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


def overview(db: Database, rel: ReleaseInfo, level: str = "buurt", criterion: ProblemCriterion = CLASSES_1_4) -> Report:
    """Per wave: areas, residents, residents in problem areas, unweighted and inhabitant-weighted mean score
    (``summary``); areas and residents per class (``classes``, with class boundaries only)."""
    _check_level(rel, level)
    _need_classes(rel, criterion)
    score = rel.score
    waves, params = _waves_sql(db, rel)
    params |= {"rel": rel.release, "level": level}
    cond = problem_sql(rel, criterion, params)
    rows = f"""WITH {waves}, rows AS (
            SELECT w.jaar, w.popyear, s.{score} AS score, s.klasse, p.inwoners, {cond} AS problem
            FROM waves w JOIN scores s ON s.release = $rel AND s.jaar = w.jaar
            JOIN areas a ON a.release = $rel AND a.code = s.code AND a.level = $level
            LEFT JOIN population p ON p.code = s.code AND p.jaar = w.popyear
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
               popyear AS population_year, popyear = jaar AS population_year_exact
        FROM rows GROUP BY jaar, popyear ORDER BY jaar""", params)
    tables = {"summary": summary}
    notes = [f"Problem areas: {_describe(criterion)}; {level} level.", *population_notes(db, rel)]
    if rel.classes_source is not None:
        tables["classes"] = _arrow(db, f"""{rows}
            SELECT j.jaar, l.klasse, l.label AS klasse_label, count(r.klasse) AS areas,
                   count(r.klasse) / nullif(sum(count(r.klasse)) OVER (PARTITION BY j.jaar), 0) AS share_areas,
                   sum(r.inwoners)::BIGINT AS inwoners,
                   sum(r.inwoners) / nullif(sum(sum(r.inwoners)) OVER (PARTITION BY j.jaar), 0) AS share_inwoners
            FROM (SELECT DISTINCT jaar FROM rows) j CROSS JOIN class_labels l
            LEFT JOIN rows r ON r.jaar = j.jaar AND r.klasse = l.klasse
            GROUP BY j.jaar, l.klasse, l.label ORDER BY j.jaar, l.klasse""", params)
        tables["class_shares"] = _class_shares(tables["classes"])
        notes.append(f"Classes: {rel.classes_source}.")
    else:
        notes.append("No class boundaries are loaded: no class distribution (the problem areas use the threshold).")
    short = [r for r in summary.to_pylist() if r["inwoners"] is not None and r["areas_with_inwoners"] < r["areas"]]
    if short:
        notes.append("Inhabitants known for " + "; ".join(f"{r['areas_with_inwoners']:,} of {r['areas']:,} areas in "
                                                         f"{r['jaar']}" for r in short)
                     + ": resident figures and weighted means stand on those areas only.")
    return Report(f"The national overview ({level}, {_describe(criterion)})", tables, tuple(notes),
                  terminal=tuple(t for t in ("summary", "class_shares") if t in tables))


def _class_shares(classes: pa.Table) -> pa.Table:
    """The class table wide: one row per wave, the share of residents (of areas, without inhabitants) per class."""
    rows = classes.to_pylist()
    waves = sorted({r["jaar"] for r in rows})
    by_residents = any(r["share_inwoners"] is not None for r in rows)
    key = "share_inwoners" if by_residents else "share_areas"
    out: dict[str, list[object]] = {"jaar": waves, "of": ["inwoners" if by_residents else "areas"] * len(waves)}
    for k in range(1, 10):
        values = {r["jaar"]: r[key] for r in rows if r["klasse"] == k}
        out[f"share_{k}"] = [values.get(w) for w in waves]
    return pa.table(out)


def _describe(c: ProblemCriterion) -> str:
    return c.describe() if c.below is not None else (f"classes 1–{c.klasse_max}" if c.klasse_max != 1 else "class 1")


# -- 2. a set against the rest ------------------------------------------------------------------


def _set_level(db: Database, rel: ReleaseInfo, name: str) -> str:
    row = db.one("SELECT count(*) FROM area_sets WHERE name = ?", [name])
    if not row or row[0] == 0:
        from leeftui.store.stats import set_names
        from leeftui.text import nearest

        names = set_names(db)
        raise UsageError(f"Unknown area set '{name}'; sets: {', '.join(names) or 'none loaded'}.{nearest(name, names)}")
    levels = db.rows("SELECT DISTINCT a.level FROM area_set_members m JOIN areas a ON a.code = m.code "
                     "AND a.release = ? WHERE m.set_name = ?", [rel.release, name])
    if len(levels) != 1:
        raise UsageError(f"Area set '{name}' " + ("has no members in " if not levels else "mixes levels in ")
                         + f"{rel.label}.")
    return str(levels[0][0])


_MEMBER_IN = "(m.start_year IS NULL OR {w} >= m.start_year) AND (m.end_year IS NULL OR {w} <= m.end_year)"
"""A member counts in wave ``w`` from its start year up to and including its end year (NULL: open)."""


def set_report(db: Database, rel: ReleaseInfo, name: str, wave_a: int, wave_b: int) -> Report:
    """An area set per wave against the rest of the country and the rest of its own gemeenten (``groups``: areas,
    inhabitants, means, Δ since wave A, share in problem classes; ``classes``: the class mix), per dimension
    from A to B (``dimensions``) and member by member (``members``, most improved first)."""
    level = _set_level(db, rel, name)
    for w in (wave_a, wave_b):
        check_wave(rel, w)
    if wave_a >= wave_b:
        raise UsageError(f"--compare needs the earlier wave first, e.g. {min(wave_a, wave_b)}:{max(wave_a, wave_b)}.")
    score, dims = rel.score, rel.dimensions
    waves, params = _waves_sql(db, rel)
    params |= {"rel": rel.release, "set": name, "level": level, "a": wave_a, "b": wave_b}
    rows = f"""WITH {waves},
        own AS (SELECT DISTINCT a.gemeente_code FROM area_set_members m JOIN areas a ON a.release = $rel
                AND a.code = m.code WHERE m.set_name = $set),
        rows AS (
            SELECT w.jaar, s.code, s.{score} AS score, s.klasse, p.inwoners,
                   {", ".join(f"s.{d}" for d in dims)},
                   CASE WHEN m.code IS NULL THEN (CASE WHEN a.gemeente_code IN (SELECT gemeente_code FROM own)
                                                       THEN 'own gemeenten' ELSE 'rest' END)
                        WHEN {_MEMBER_IN.format(w="w.jaar")} THEN 'set' END AS grp
            FROM waves w JOIN scores s ON s.release = $rel AND s.jaar = w.jaar
            JOIN areas a ON a.release = $rel AND a.code = s.code AND a.level = $level
            LEFT JOIN area_set_members m ON m.set_name = $set AND m.code = s.code
            LEFT JOIN population p ON p.code = s.code AND p.jaar = w.popyear),
        grouped AS (SELECT * FROM rows WHERE grp IN ('set', 'own gemeenten')
                    UNION ALL SELECT * REPLACE ('rest of the country' AS grp) FROM rows
                    WHERE grp IN ('rest', 'own gemeenten'))"""
    problem = problem_sql(rel, CLASSES_1_4, params, alias=None) if rel.classes_source is not None else "false"
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
               {_MEMBER_IN.format(w="$b")} AS counted_in_b,
               any_value(s.{score}) FILTER (WHERE s.jaar = $a) AS {score}_a,
               any_value(s.{score}) FILTER (WHERE s.jaar = $b) AS {score}_b,
               {score}_b - {score}_a AS delta_{score},
               {", ".join(f"any_value(s.{d}) FILTER (WHERE s.jaar = $b) - any_value(s.{d}) FILTER (WHERE s.jaar = $a)"
                          f" AS delta_{d}" for d in dims)}
        FROM area_set_members m JOIN areas a ON a.release = $rel AND a.code = m.code
        LEFT JOIN areas g ON g.release = $rel AND g.code = a.gemeente_code
        LEFT JOIN scores s ON s.release = $rel AND s.code = m.code AND s.jaar IN ($a, $b)
        WHERE m.set_name = $set GROUP BY ALL ORDER BY delta_{score} DESC NULLS LAST, name, m.code""",
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
    if short:
        notes.append("Weighted means stand on the areas with inhabitants: " + "; ".join(
            f"{r['areas_with_inwoners']} of {r['areas']} ({r['group']}, {r['jaar']})" for r in short) + ".")
    notes += population_notes(db, rel)
    return Report(f"Area set '{name}' against the rest, {wave_a} → {wave_b}", tables, tuple(notes),
                  {"level": level})


# -- 3. where did improvement happen ------------------------------------------------------------


def _view(db: Database, rel: ReleaseInfo, level: str, wave_a: int, wave_b: int,
          set_name: str | None = None) -> pa.Table:
    from leeftui.store.view import ViewRequest, base_rows

    for w in (wave_a, wave_b):
        check_wave(rel, w)
    if wave_a >= wave_b:
        raise UsageError(f"Give the earlier wave first, e.g. {min(wave_a, wave_b)}:{max(wave_a, wave_b)}.")
    return base_rows(db, rel, ViewRequest(Scope(level=level, set_name=set_name), wave_a, wave_b))


def improvement(db: Database, rel: ReleaseInfo, wave_a: int, wave_b: int, level: str = "buurt", per: str = "nederland",
                set_name: str | None = None) -> Report:
    """Per class of wave A (``per='gemeente'``: per gemeente and class): areas, mean Δ (unweighted and weighted
    by inhabitants nearest to B), and the shares that improved and declined — did the weakest improve most?
    ``set_name``: only the set's members (those counted in wave B)."""
    _check_level(rel, level)
    measures.check_change(rel, wave_a, wave_b)
    if rel.classes_source is None:
        raise UsageError(f"{rel.label} has no class boundaries loaded, so areas have no starting class; "
                         "rebuild with --classes FILE.")
    if per not in ("nederland", "gemeente"):
        raise UsageError(f"--per must be nederland or gemeente, not '{per}'.")
    if set_name is not None:
        level = _set_level(db, rel, set_name)
    view = _view(db, rel, level, wave_a, wave_b, set_name)
    if set_name is not None:
        counted = {c for (c,) in db.rows(f"SELECT m.code FROM area_set_members m WHERE m.set_name = $set AND "
                                         f"{_MEMBER_IN.format(w='$b')}", {"set": set_name, "b": wave_b})}
        import pyarrow.compute as pc

        view = view.filter(pc.is_in(view.column("code"), value_set=pa.array(sorted(counted), pa.string())))
    score = rel.score
    table = _by_class(view, rel, wave_a, per == "gemeente", dict(_labels(db)))
    where = f"members of '{set_name}' counted in {wave_b}" if set_name else f"all {level} areas"
    what = (f"Δ = {rel.change_measure(wave_a, wave_b)} from {wave_a} to {wave_b}" if rel.developments
            else f"Δ = {score} {wave_b} − {score} {wave_a}")
    notes = [f"{what} per area, grouped by its class in {wave_a} ({where}); "
             f"weighted by inhabitants of {rel.population_year(wave_b) or 'no year'}.",
             f"Classes: {rel.classes_source}."]
    return Report(f"Where did improvement happen? {wave_a} → {wave_b}, by starting class", {"by_class": table},
                  tuple(notes))


def _labels(db: Database) -> list[tuple[int, str]]:
    return [(int(k), str(lab)) for k, lab in db.rows("SELECT klasse, label FROM class_labels ORDER BY klasse")]


def _by_class(view: pa.Table, rel: ReleaseInfo, wave_a: int, per_gemeente: bool, labels: dict[int, str]) -> pa.Table:
    """Group the view's rows by the class of wave A (and gemeente): areas, mean Δ, weighted mean Δ, the shares that
    improved and declined (:mod:`leeftui.model.measures`)."""
    import pyarrow.compute as pc

    change = measures.change_key(rel)
    known = "dev_class" if rel.developments else change  # a pair with published classes only has no Δ: counted
    v = filter_table(view, both(Missing(known, negate=True), Missing("klasse_a", negate=True)))
    d, inw = v.column(change), v.column("inwoners").cast(pa.float64())
    keys = ["gemeente_code", "gemeente_name", "klasse_a"] if per_gemeente else ["klasse_a"]
    work = pa.table({**{k: v.column(k) for k in keys}, "n": pa.repeat(1, v.num_rows), "d": d, "dw": pc.multiply(d, inw),
                     "w": pc.if_else(pc.is_valid(inw), inw, None),
                     "up": pc.cast(mask(measures.improved(rel), v), pa.int64()),
                     "down": pc.cast(mask(measures.declined(rel), v), pa.int64())})
    g = work.group_by(keys).aggregate([("n", "sum"), ("d", "mean"), ("dw", "sum"), ("w", "sum"), ("w", "count"),
                                       ("up", "sum"), ("down", "sum")])
    g = g.take(pc.sort_indices(g, [(k, "ascending") for k in keys]))
    n = g.column("n_sum").cast(pa.float64())
    out = {}
    if per_gemeente:
        out["gemeente_code"], out["gemeente"] = g.column("gemeente_code"), g.column("gemeente_name")
    out[f"klasse_{wave_a}"] = g.column("klasse_a")
    out[f"klasse_label_{wave_a}"] = pa.array([labels.get(k) for k in g.column("klasse_a").to_pylist()], pa.string())
    out["areas"] = g.column("n_sum")
    out["mean_delta"] = g.column("d_mean")
    out["weighted_mean_delta"] = pc.divide(g.column("dw_sum"), g.column("w_sum"))
    out["share_improved"] = pc.divide(g.column("up_sum").cast(pa.float64()), n)
    out["share_declined"] = pc.divide(g.column("down_sum").cast(pa.float64()), n)
    out["areas_with_inwoners"] = g.column("w_count")
    return pa.table(out)


# -- 4. who declined while the country improved -------------------------------------------------


def national_change(db: Database, rel: ReleaseInfo, wave_a: int, wave_b: int) -> tuple[float | None, float | None]:
    """The national mean (the NL row: inhabitant-weighted over all gemeenten, derived by leeftui) in A and B."""
    row = db.one(f"SELECT any_value({rel.score}) FILTER (WHERE jaar = $a), "
                 f"any_value({rel.score}) FILTER (WHERE jaar = $b) FROM scores "
                 "WHERE release = $rel AND code = 'NL'", {"rel": rel.release, "a": wave_a, "b": wave_b})
    return (row[0], row[1]) if row else (None, None)


def decliners(db: Database, rel: ReleaseInfo, wave_a: int, wave_b: int, level: str = "buurt",
              limit: int | None = None, significant: bool = False) -> Report:
    """Areas whose score fell from A to B while the national mean rose, most declined first, with the change of
    each dimension; none when the national mean did not rise (a note says so). Where the release publishes its
    developments (LBM 2.0), the areas whose published development score is below zero: that score is measured
    against the country's own development, so it is "declined while the country improved" by construction."""
    _check_level(rel, level)
    measures.check_change(rel, wave_a, wave_b)
    view = _view(db, rel, level, wave_a, wave_b)
    import pyarrow.compute as pc

    if significant and not rel.developments:
        raise UsageError(f"{rel.label} publishes no development classes, so no decline is 'significant' by its own "
                         "measure; leave out --significant.")
    if rel.developments:
        na = nb = None
        rose = True
        sig = mask(measures.declined_significantly(), view)
        n_sig = pc.sum(pc.cast(pc.fill_null(sig, False), pa.int64())).as_py() or 0
        scored = (wave_a, wave_b) in rel.development_scores
        notes = [f"Change: {rel.change_measure(wave_a, wave_b)} from {wave_a} to {wave_b}, as the release publishes "
                 "it; " + ("below zero is a decline (measured against the country's own development). " if scored
                           else "it publishes no development score for these waves: a class of 1–3 is a decline. ")
                 + "The difference of afw between the waves (Δrel) is not used: afw is relative to each wave's "
                 "national level.",
                 f"Significant decline (published development class VKL 1–3): {n_sig:,} {level} areas"
                 + (" — only those are listed." if significant else "; --significant lists only those.")]
    else:
        na, nb = national_change(db, rel, wave_a, wave_b)
        rose = na is not None and nb is not None and nb > na
        if na is None or nb is None:
            trend = f"the national mean is unknown for {wave_a} or {wave_b}"
        else:
            trend = f"the national mean went from {na:.3f} to {nb:.3f} ({nb - na:+.3f})"
        notes = [f"Change: {rel.change_measure(wave_a, wave_b)}. National mean: the NL figure, inhabitant-weighted "
                 f"over all gemeenten (derived by leeftui); {trend}."]
        if not rose:
            notes.append("The country did not improve between these waves, so no area declined 'while the country "
                         "improved'; `leeftui export --compare A:B --declined` lists every decline.")
    wanted = both(measures.declined(rel), measures.declined_significantly()) if significant else measures.declined(rel)
    rows = filter_table(view, wanted if rose else Any_(()))
    order = [(measures.change_key(rel), "ascending")] + ([("dev_class", "ascending")] if rel.developments else [])
    rows = rows.take(pc.sort_indices(rows, [*order, ("name", "ascending")]))
    if limit is not None:
        rows = rows.slice(0, limit)
    table = area_table(rows, Context(rel, wave_a, wave_b))
    table = table.add_column(0, "rank", pa.array(range(1, table.num_rows + 1), pa.int32()))
    title = (f"Declined (published development score), {wave_a} → {wave_b} ({level})" if rel.developments
             else f"Declined while the country improved, {wave_a} → {wave_b} ({level})")
    return Report(title, {"decliners": table},
                  tuple(notes), {"national": (na, nb), "rose": rose})
