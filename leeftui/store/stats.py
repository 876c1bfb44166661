"""Residents in problem areas per wave (`leeftui stats problems`); the monitor's other reports are in
:mod:`leeftui.store.monitor`.

"Areas with livability problems" are classes 1–4 (the 'onvoldoende' side plus 'zwak'). Where
no class boundary table is loaded, a score threshold stands in (``lbm < below``).
Inhabitants come from each wave's population year (the nearest CBS year on the release's boundaries).
"""

from __future__ import annotations

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.model.conditions import to_sql
from leeftui.model.measures import CLASSES_1_4, ProblemCriterion, problem
from leeftui.model.release import ReleaseInfo
from leeftui.model.report import Report
from leeftui.store.db import Database
from leeftui.store.scope import OF_RELEASE


def problem_sql(rel: ReleaseInfo, criterion: ProblemCriterion, params: dict[str, object],
                alias: str | None = "s") -> str:
    """The problem-area condition (:func:`leeftui.model.measures.problem`) on a query's rows of one wave:
    ``<alias>.klasse``, ``<alias>.<score>``; its values go into ``params``."""
    where = f"{alias}." if alias else ""
    names = {"klasse_b": f"{where}klasse", f"{rel.score}_b": f"{where}{rel.score}"}  # fixed allow-lists
    return to_sql(problem(rel, criterion), params, names)


def problems_report(db: Database, rel: ReleaseInfo, level: str = "buurt", criterion: ProblemCriterion = CLASSES_1_4,
                    weight: str = "inwoners") -> Report:
    """`leeftui stats problems`: :func:`problem_residents` with what it stands on (coverage, national figure, the
    weight) and the problem areas without a resident figure, said next to the count they leave out."""
    from leeftui.store.headline import WEIGHTS, problem_line, report_lines, weight_column, weighted_names

    wcol = weight_column(db, rel, weight) if level != "grid" else "inwoners"
    table = problem_residents(db, rel, level, criterion, wcol)
    what = "grid cells" if level == "grid" else f"{level} areas"
    title = f"{what} with livability problems ({criterion.describe()}) per wave"
    if level == "grid":
        return Report(title, {"problems": table}, ("100 m cells have no inhabitants: counts of cells only.",))
    lines = report_lines(db, rel, level, rel.waves[-1:], wcol)
    if table.num_rows and (last := table.to_pylist()[-1])["problem_inwoners"] is not None:
        lines += (problem_line(last, level, WEIGHTS[wcol]),)
    return Report(title, {"problems": weighted_names(table, wcol)}, (), coverage=lines)


def problem_residents(db: Database, rel: ReleaseInfo, level: str = "buurt",
                      criterion: ProblemCriterion = CLASSES_1_4, weight: str = "inwoners") -> pa.Table:
    """Return per wave: areas and inhabitants in problem areas at ``level`` against the total.

    Columns: jaar, population_year, areas, problem_areas, inwoners, areas_with_inwoners (the inhabitant
    figures stand on these areas only), problem_inwoners, problem_share (of inhabitants; NULL without
    population). Raises UsageError when the
    release has no classes and no score threshold is given.
    """
    levels = ("gemeente", "wijk", "buurt", "pc4", "grid")
    if level not in levels:
        from leeftui.text import nearest

        raise UsageError(f"Unknown level '{level}'; use gemeente, wijk, buurt, pc4 or grid.{nearest(level, levels)}")
    if level == "grid" and not rel.grid:
        raise UsageError(f"{rel.label} holds no 100 m grid cells.")
    if criterion.below is None and rel.classes_source is None:
        raise UsageError(f"{rel.label} has no class boundaries loaded; give a score threshold "
                         "instead (e.g. --below 3.9) or rebuild with --classes FILE.")
    score = rel.score
    params: dict[str, object] = {"rel": rel.release, "level": level}
    cond = problem_sql(rel, criterion, params)
    if level == "grid":  # cells have no inhabitants: counts of cells only
        return db.arrow(f"""
            SELECT s.jaar, NULL::SMALLINT AS population_year, count(*) AS areas,
                   count(*) FILTER (WHERE {cond}) AS problem_areas, NULL::BIGINT AS inwoners,
                   0::BIGINT AS areas_with_inwoners, NULL::BIGINT AS problem_inwoners, NULL::DOUBLE AS problem_share
            FROM grid_scores s WHERE s.release = $rel AND (s.{score} IS NOT NULL OR s.klasse IS NOT NULL)
            GROUP BY s.jaar ORDER BY s.jaar""", {k: v for k, v in params.items() if k != "level"})
    from leeftui.store.headline import WEIGHTS

    if weight not in WEIGHTS:  # a fixed allow-list: the name goes into the query
        raise UsageError(f"Unknown weight '{weight}'; use {', '.join(WEIGHTS)}.")
    w = weight
    sql = f"""
        WITH waves AS (
            SELECT w.jaar, wp.pop_jaar AS popyear
            FROM (SELECT DISTINCT jaar FROM scores WHERE release = $rel) w
            LEFT JOIN wave_population wp ON wp.release = $rel AND wp.jaar = w.jaar
        )
        SELECT w.jaar, w.popyear AS population_year,
               count(*) AS areas,
               count(*) FILTER (WHERE {cond}) AS problem_areas,
               sum(p.{w})::BIGINT AS inwoners,
               count(p.{w}) AS areas_with_inwoners,
               -- no resident in a problem area is 0, not unknown (unknown only without any population figure)
               CASE WHEN sum(p.{w}) IS NOT NULL
                    THEN coalesce(sum(p.{w}) FILTER (WHERE {cond}), 0) END::BIGINT AS problem_inwoners,
               CASE WHEN sum(p.{w}) IS NOT NULL
                    THEN coalesce(sum(p.{w}) FILTER (WHERE {cond}), 0) / nullif(sum(p.{w}), 0)
               END AS problem_share,
               count(*) FILTER (WHERE {cond} AND p.{w} IS NULL) AS problem_areas_without_inwoners
        FROM waves w
        JOIN scores s ON s.release = $rel AND s.jaar = w.jaar
        JOIN areas a ON a.release = $rel AND a.code = s.code AND a.level = $level
        LEFT JOIN population p ON p.code = s.code AND p.jaar = w.popyear
        WHERE s.{score} IS NOT NULL OR s.klasse IS NOT NULL
        GROUP BY w.jaar, w.popyear ORDER BY w.jaar
    """
    return db.arrow(sql, params)


def set_names(db: Database, rel: ReleaseInfo | None = None) -> tuple[str, ...]:
    """Return the names of the area sets in the database, sorted; with ``rel``, of those with members in it."""
    if rel is None:
        return tuple(n for (n,) in db.rows("SELECT name FROM area_sets ORDER BY name"))
    return tuple(n for (n,) in db.rows(f"SELECT DISTINCT m.set_name FROM area_set_members m WHERE "
                                       f"{OF_RELEASE.format(rel='?')} ORDER BY 1", [rel.release]))


def check_set(db: Database, name: str) -> None:
    """UsageError naming the sets there are (and the nearest) when ``name`` is none of them."""
    names = set_names(db)
    if name not in names:
        from leeftui.text import nearest

        raise UsageError(f"Unknown area set '{name}' (sets: {', '.join(names) or 'none'}).{nearest(name, names)}")
