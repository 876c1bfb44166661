"""How far the CBS population covers the scored areas: per release and level, in the latest wave.

CBS population codes must belong to the same area division as the scores (a release on the wijken of 2016
with CBS figures of 2024 leaves many wijken without a figure). The build summary, ``db info`` and the
inhabitant-weighted figures report this share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from leeftui.schema import PLURAL

Query = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]
"""Runs one SQL query with parameters and returns its rows (a build connection or a Database)."""

POPULATION_COVERAGE_SQL = """
    WITH latest AS (SELECT release, max(jaar) AS jaar FROM scores GROUP BY release),
    pick AS (
        SELECT l.release, l.jaar, w.pop_jaar
        FROM latest l LEFT JOIN wave_population w ON w.release = l.release AND w.jaar = l.jaar)
    SELECT k.release, a.level, k.jaar, k.pop_jaar, count(*) AS areas, count(p.inwoners) AS known
    FROM pick k
    JOIN scores s ON s.release = k.release AND s.jaar = k.jaar AND s.official
    JOIN areas a ON a.release = s.release AND a.code = s.code AND a.level IN ('gemeente', 'wijk', 'buurt')
    LEFT JOIN population p ON p.code = s.code AND p.jaar = k.pop_jaar
    GROUP BY k.release, a.level, k.jaar, k.pop_jaar
    ORDER BY k.release, CASE a.level WHEN 'gemeente' THEN 1 WHEN 'wijk' THEN 2 ELSE 3 END
"""


@dataclass(frozen=True)
class PopulationCoverage:
    """Of the official areas of one level scored in a release's latest wave, how many have inhabitants."""

    release: str
    """Release id."""
    level: str
    """'gemeente', 'wijk' or 'buurt'."""
    wave: int
    """The release's latest wave."""
    population_year: int | None
    """The CBS year used for that wave (None without any population)."""
    areas: int
    """Official areas of the level with a score in that wave."""
    known: int
    """Of those, the areas with an inhabitants figure."""

    @property
    def complete(self) -> bool:
        """True when every area has a figure."""
        return self.known == self.areas

    def describe(self) -> str:
        """'wijken: inhabitants known for 2,392 of 2,981 (80%; CBS 2024)'."""
        share = 100 * self.known / self.areas if self.areas else 0
        year = f"CBS {self.population_year}" if self.population_year is not None else "no CBS population"
        return f"{PLURAL[self.level]}: inhabitants known for {self.known:,} of {self.areas:,} ({share:.0f}%; {year})"



def population_coverage(query: Query) -> tuple[PopulationCoverage, ...]:
    """The share of scored areas with an inhabitants figure, per release and level (latest wave)."""
    return tuple(PopulationCoverage(rel, level, int(wave), None if year is None else int(year), int(n), int(k))
                 for rel, level, wave, year, n, k in query(POPULATION_COVERAGE_SQL, []))
