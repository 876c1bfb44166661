"""Residents in problem areas per wave (`leeftui stats problems`); the monitor's other reports are in
:mod:`leeftui.store.monitor`.

"Areas with livability problems" are classes 1–4 (the 'onvoldoende' side plus 'zwak'). Where
no class boundary table is loaded, a score threshold stands in (``lbm < below``).
Inhabitants come from the population year nearest to each wave.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.store.db import Database, ReleaseInfo


@dataclass(frozen=True)
class ProblemCriterion:
    """What counts as a problem area: a class range, or (without classes) a score threshold."""

    klasse_max: int | None = 4
    """Classes 1..klasse_max count (default 4: the official 'livability problems')."""
    below: float | None = None
    """When set, areas whose score (lbm; afw for LBM 2.0) is below this value count instead of classes."""

    def describe(self) -> str:
        """Human text, e.g. 'class 1–4' or 'score < 3.9'."""
        return f"score < {self.below:g}" if self.below is not None else f"class 1–{self.klasse_max}"


def _problem_sql(c: ProblemCriterion, score: str) -> tuple[str, dict[str, object]]:
    if c.below is not None:
        return f"s.{score} < $below", {"below": c.below}  # score: 'lbm' or 'afw' (ReleaseInfo.score)
    return "s.klasse <= $kmax", {"kmax": c.klasse_max}


def problem_residents(db: Database, rel: ReleaseInfo, level: str = "buurt",
                      criterion: ProblemCriterion = ProblemCriterion()) -> pa.Table:
    """Return per wave: areas and inhabitants in problem areas at ``level`` against the total.

    Columns: jaar, population_year, areas, problem_areas, inwoners, areas_with_inwoners (the inhabitant
    figures stand on these areas only), problem_inwoners, problem_share (of inhabitants; NULL without
    population). Raises UsageError when the
    release has no classes and no score threshold is given.
    """
    levels = ("gemeente", "wijk", "buurt", "pc4", "grid")
    if level not in levels:
        from leeftui.store.select import nearest

        raise UsageError(f"Unknown level '{level}'; use gemeente, wijk, buurt, pc4 or grid.{nearest(level, levels)}")
    if level == "grid" and not rel.grid:
        raise UsageError(f"{rel.label} holds no 100 m grid cells.")
    if criterion.below is None and rel.classes_source is None:
        raise UsageError(f"{rel.label} has no class boundaries loaded; give a score threshold "
                         "instead (e.g. --below 3.9) or rebuild with --classes FILE.")
    score = rel.score
    cond, params = _problem_sql(criterion, score)
    params.update({"rel": rel.release, "level": level})
    if level == "grid":  # cells have no inhabitants: counts of cells only
        return db.arrow(f"""
            SELECT s.jaar, NULL::SMALLINT AS population_year, count(*) AS areas,
                   count(*) FILTER (WHERE {cond}) AS problem_areas, NULL::BIGINT AS inwoners,
                   0::BIGINT AS areas_with_inwoners, NULL::BIGINT AS problem_inwoners, NULL::DOUBLE AS problem_share
            FROM grid_scores s WHERE s.release = $rel AND (s.{score} IS NOT NULL OR s.klasse IS NOT NULL)
            GROUP BY s.jaar ORDER BY s.jaar""", {k: v for k, v in params.items() if k != "level"})
    sql = f"""
        WITH years AS (SELECT DISTINCT jaar FROM population),
        waves AS (
            SELECT w.jaar,
                   (SELECT y.jaar FROM years y ORDER BY abs(y.jaar - w.jaar), y.jaar LIMIT 1) AS popyear
            FROM (SELECT DISTINCT jaar FROM scores WHERE release = $rel) w
        )
        SELECT w.jaar, w.popyear AS population_year,
               count(*) AS areas,
               count(*) FILTER (WHERE {cond}) AS problem_areas,
               sum(p.inwoners)::BIGINT AS inwoners,
               count(p.inwoners) AS areas_with_inwoners,
               -- no resident in a problem area is 0, not unknown (unknown only without any population figure)
               CASE WHEN sum(p.inwoners) IS NOT NULL
                    THEN coalesce(sum(p.inwoners) FILTER (WHERE {cond}), 0) END::BIGINT AS problem_inwoners,
               CASE WHEN sum(p.inwoners) IS NOT NULL
                    THEN coalesce(sum(p.inwoners) FILTER (WHERE {cond}), 0) / nullif(sum(p.inwoners), 0)
               END AS problem_share
        FROM waves w
        JOIN scores s ON s.release = $rel AND s.jaar = w.jaar
        JOIN areas a ON a.release = $rel AND a.code = s.code AND a.level = $level
        LEFT JOIN population p ON p.code = s.code AND p.jaar = w.popyear
        WHERE s.{score} IS NOT NULL OR s.klasse IS NOT NULL
        GROUP BY w.jaar, w.popyear ORDER BY w.jaar
    """
    return db.arrow(sql, params)


def set_names(db: Database) -> tuple[str, ...]:
    """Return the names of the area sets in the database, sorted."""
    return tuple(n for (n,) in db.rows("SELECT name FROM area_sets ORDER BY name"))
