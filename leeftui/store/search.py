"""Fuzzy, ranked search over all areas by name or code (a typo still finds 'Kanaleneiland')."""

from __future__ import annotations

from dataclasses import dataclass

from leeftui.model.release import ReleaseInfo
from leeftui.store.db import Database


@dataclass(frozen=True)
class SearchHit:
    """One search result."""

    code: str
    """Area code."""
    name: str
    """Area name (the code where the source has none)."""
    level: str
    """'nederland', 'gemeente', 'wijk' or 'buurt'."""
    parent_name: str | None
    """Name of the parent area (None for Nederland)."""
    gemeente_name: str | None
    """Name of the gemeente it lies in (None for Nederland)."""
    score: float
    """Relevance, higher is better (100 = exact code or name)."""


# Ranking: exact code/name, then prefixes, then substrings, then typo-tolerant similarity
# (Jaro-Winkler on the whole name and on its best-matching word). Gemeenten rank above
# wijken above buurten on equal relevance.
_SEARCH_SQL = """
WITH q AS (SELECT lower(trim($q)) AS q),
cand AS (
    SELECT a.code, coalesce(a.name, a.code) AS name, a.level, a.parent_code, a.gemeente_code,
           lower(coalesce(a.name, '')) AS lname, lower(a.code) AS lcode
    FROM areas a WHERE a.release = $rel
),
scored AS (
    SELECT c.*,
        CASE
            WHEN lcode = q.q THEN 100
            WHEN lname = q.q THEN 99
            WHEN starts_with(lcode, q.q) THEN 90
            WHEN starts_with(lname, q.q) THEN 85
            WHEN list_has_any(string_split_regex(lname, '[ \\-/]+'), [q.q]) THEN 82
            WHEN contains(lname, q.q) THEN 75
            ELSE 70 * greatest(
                jaro_winkler_similarity(lname, q.q),
                list_max(list_transform(string_split_regex(lname, '[ \\-/]+'),
                                        lambda w: jaro_winkler_similarity(w, q.q))),
                CASE WHEN length(q.q) < length(lname)
                     THEN jaro_winkler_similarity(left(lname, length(q.q)), q.q) - 0.05 ELSE 0 END)
        END AS score
    FROM cand c, q
)
SELECT s.code, s.name, s.level, coalesce(p.name, s.parent_code) AS parent_name,
       coalesce(g.name, s.gemeente_code) AS gemeente_name, s.score
FROM scored s
LEFT JOIN areas p ON p.release = $rel AND p.code = s.parent_code
LEFT JOIN areas g ON g.release = $rel AND g.code = s.gemeente_code
WHERE s.score >= $min_score
ORDER BY s.score DESC,
         CASE s.level WHEN 'nederland' THEN 0 WHEN 'gemeente' THEN 1 WHEN 'wijk' THEN 2 ELSE 3 END,
         s.name, s.code
LIMIT $limit
"""


def search_areas(db: Database, rel: ReleaseInfo, text: str, limit: int = 50,
                 min_score: float = 60.0) -> tuple[SearchHit, ...]:
    """Return areas whose name or code matches ``text``, best first; empty for blank text."""
    if not text.strip():
        return ()
    rows = db.rows(_SEARCH_SQL, {"q": text, "rel": rel.release, "limit": limit, "min_score": min_score})
    return tuple(SearchHit(c, n, lvl, p, g, float(s)) for c, n, lvl, p, g, s in rows)
