"""What a headline figure stands on, and the one national figure per wave.

- :func:`coverage`: per level and wave, the areas scored of the areas there are (the CBS list of the wave's
  population year where one is loaded, else the release's own files), the residents those areas hold of the
  country's, and the scored areas without a resident figure — the lines every report, the monitor's titles and
  the explorer's status show;
- :func:`national`: Nederland's figure per wave, named for what it is ("Nederland: inhabitant-weighted mean of
  342 gemeenten, CBS 2024"), the one national figure every screen and report quotes.

No Textual here; queries take parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.model.release import ReleaseInfo
from leeftui.schema import PLURAL
from leeftui.store.db import Database

PREFIX = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}
"""The CBS code prefix of a level (PC4 and grid cells have no CBS list)."""

WEIGHTS = {"inwoners": "inhabitants", "huishoudens": "households"}
"""The population table's weight columns (a fixed allow-list) and what they count."""


@dataclass(frozen=True)
class Coverage:
    """What the figures of one level and wave stand on."""

    level: str
    wave: int
    scored: int
    """Areas of the level with a score (or class) in the wave."""
    areas: int
    """The areas of that level there are: the CBS list of the population year, else the release's own."""
    areas_from: str
    """Where :attr:`areas` comes from: 'CBS 2024' or "the release's files"."""
    population_year: int | None
    residents: int | None
    """Inhabitants of the scored areas that have a figure (None without population)."""
    country: int | None
    """Inhabitants of Nederland in the population year (the sum over the CBS gemeenten)."""
    without_residents: int
    """Scored areas without an inhabitants figure."""
    derived: int = 0
    """Scored areas whose figure leeftui derived from their parts (not published)."""
    partial: int = 0
    """Of those, the figures that stand on part of the area only."""

    @property
    def noun(self) -> str:
        return PLURAL.get(self.level, self.level) if self.areas != 1 else self.level

    def short(self) -> str:
        """'1,770 of 14,574 buurten scored · 9.6% of residents (CBS 2024)' — the explorer's status."""
        text = f"{self.scored:,} of {self.areas:,} {self.noun} scored"
        if self.residents is not None and self.country:
            text += f" · {100 * self.residents / self.country:.1f}% of residents (CBS {self.population_year})"
        return text

    def lines(self) -> tuple[str, ...]:
        """The coverage sentences of a report's header."""
        share = f"{100 * self.scored / self.areas:.1f}% of the {PLURAL[self.level]} in {self.areas_from}"
        out = [f"Coverage {self.wave}: {self.scored:,} of {self.areas:,} {self.noun} scored ({share})."]
        if self.derived:
            of_them = f"; {self.partial:,} of them stand on part of the area only" if self.partial else ""
            out.append(f"{self.derived:,} of the {self.scored:,} scored {PLURAL[self.level]} in {self.wave} are "
                       f"derived by leeftui from their parts, not published{of_them}.")
        if self.residents is None or self.population_year is None:
            out.append(f"Residents {self.wave}: no CBS figures on this release's boundaries.")
        else:
            of = (f" of {self.country:,} ({100 * self.residents / self.country:.1f}% of the country)"
                  if self.country else "")
            out.append(f"Residents {self.wave}: {self.residents:,}{of} live in the scored {PLURAL[self.level]} "
                       f"(CBS {self.population_year}).")
            if self.areas_from != f"CBS {self.population_year}" and self.without_residents:
                out.append(f"CBS {self.population_year} is not of this release's division: its codes match "
                           f"{self.scored - self.without_residents:,} of the {self.scored:,} scored "
                           f"{PLURAL[self.level]}.")
            if self.without_residents:
                out.append(f"{self.without_residents:,} of {self.scored:,} scored {PLURAL[self.level]} have no "
                           f"resident figure in CBS {self.population_year}: resident counts and weighted means "
                           "stand on the others.")
        return tuple(out)


def coverage(db: Database, rel: ReleaseInfo, level: str, waves: tuple[int, ...]) -> tuple[Coverage, ...]:
    """The coverage of ``level`` in each of ``waves`` (PC4 and grid: the areas only, no CBS list): three queries
    whatever the number of waves (the explorer asks for every wave of every level when the release loads)."""
    params = {"rel": rel.release, "level": level, "wv": list(waves)}
    scored_by_wave = {int(w): rest for w, *rest in db.rows(f"""
        WITH lv AS (SELECT code, official FROM areas WHERE release = $rel AND level = $level),
        scored AS (SELECT s.jaar, s.code, lv.official AND s.official AS official, c.partial, wp.pop_jaar
                   FROM scores s JOIN lv USING (code)
                   LEFT JOIN coverage c ON c.release = s.release AND c.code = s.code AND c.jaar = s.jaar
                   LEFT JOIN wave_population wp ON wp.release = s.release AND wp.jaar = s.jaar
                   WHERE s.release = $rel AND list_contains($wv, s.jaar)
                   AND (s.{rel.score} IS NOT NULL OR s.klasse IS NOT NULL))
        SELECT scored.jaar, count(*), (SELECT count(*) FROM lv), count(p.inwoners), sum(p.inwoners)::BIGINT,
               count(*) FILTER (WHERE NOT scored.official), count(*) FILTER (WHERE scored.partial)
        FROM scored LEFT JOIN population p ON p.code = scored.code AND p.jaar = scored.pop_jaar
        GROUP BY scored.jaar""", params)}
    own = int(db.one("SELECT count(*) FROM areas WHERE release = $rel AND level = $level",
                     {"rel": rel.release, "level": level})[0])  # type: ignore[index]
    same = {int(w): bool(d) for w, d in db.rows("SELECT jaar, same_division FROM wave_population "
                                                "WHERE release = $rel", {"rel": rel.release})}
    years = sorted({y for w in waves if (y := rel.population_year(w)) is not None})
    cbs = {int(y): (int(n), None if c is None else int(c)) for y, n, c in db.rows(
        "SELECT jaar, count(*) FILTER (WHERE left(code, 2) = $p), sum(inwoners) FILTER (WHERE left(code, 2) = 'GM')"
        "::BIGINT FROM population WHERE list_contains($y, jaar) GROUP BY jaar",
        {"p": PREFIX.get(level, ""), "y": years})} if years else {}
    out = []
    for wave in waves:
        year = rel.population_year(wave)
        scored, _, with_inw, residents, derived, partial = scored_by_wave.get(wave, (0, own, 0, None, 0, 0))
        listed, country = cbs.get(year, (0, None)) if year is not None else (0, None)
        on_division = same.get(wave, False) and level in PREFIX
        areas, areas_from = ((listed, f"CBS {year}") if listed and listed >= own and on_division
                             else (own, "the release's files"))
        out.append(Coverage(level, wave, int(scored), max(areas, int(scored)), areas_from, year,
                            None if year is None or residents is None else int(residents), country,
                            int(scored) - int(with_inw), int(derived), int(partial)))
    return tuple(out)


@dataclass(frozen=True)
class NationalFigure:
    """Nederland's score in one wave and what it is."""

    wave: int
    value: float | None
    description: str
    """'Nederland: inhabitant-weighted mean of 342 gemeenten, CBS 2024 (derived by leeftui)'."""


def national(db: Database, rel: ReleaseInfo, waves: tuple[int, ...] | None = None) -> tuple[NationalFigure, ...]:
    """The national figure of each wave (all the release's waves by default): the NL row, named for what it is —
    published, or derived from the gemeenten (weighted with the wave's CBS year, or unweighted where some
    gemeenten have no figure), with the share of the country it stands on when partial."""
    rows = {int(j): (v, bool(off), parts, inw, partial, desc) for j, v, off, parts, inw, partial, desc in db.rows(
        f"SELECT s.jaar, s.{rel.score}, s.official, c.parts, c.inwoners_parts, c.partial, c.description "
        "FROM scores s LEFT JOIN coverage c ON c.release = s.release AND c.code = s.code AND c.jaar = s.jaar "
        "WHERE s.release = ? AND s.code = 'NL'", [rel.release])}
    out = []
    for wave in waves if waves is not None else rel.waves:
        if wave not in rows:
            out.append(NationalFigure(wave, None, "Nederland: no national figure for this wave"))
            continue
        value, official, parts, inw, partial, desc = rows[wave]
        if official:
            text = "Nederland: the figure the release publishes"
        else:
            year = rel.population_year(wave)
            if parts is None:  # no record of what it stands on (a database not built by leeftui's own build)
                how = "mean of the gemeenten"
            elif inw is not None and year:
                how = f"inhabitant-weighted mean of {parts:,} gemeenten, CBS {year}"
            else:
                how = f"unweighted mean of {parts:,} gemeenten (inhabitants not known for all)"
            text = f"Nederland: {how} (derived by leeftui)"
            if partial:
                text += f" — {desc}: not the whole country"
        out.append(NationalFigure(wave, value, text))
    return tuple(out)


def weight_column(db: Database, rel: ReleaseInfo, weight: str) -> str:
    """The population column a weighted figure uses (``inwoners`` or ``huishoudens``, a fixed allow-list);
    UsageError for another name, or for households where the release's CBS years give none."""
    if weight not in WEIGHTS:
        choices = ", ".join(f"{k} ({v})" for k, v in WEIGHTS.items())
        named = {v: k for k, v in WEIGHTS.items()}
        if weight in named:
            return weight_column(db, rel, named[weight])
        raise UsageError(f"Unknown weight '{weight}'; use {choices}.")
    if weight == "huishoudens":
        years = sorted({y for _, y in rel.population})
        row = db.one("SELECT count(huishoudens) FROM population WHERE list_contains($y, jaar)", {"y": years})
        if not row or not row[0]:
            raise UsageError(f"No household figures are loaded for {rel.label} (CBS {', '.join(map(str, years)) or '—'}"
                             "); CBS files with HuishoudensTotaal or AANTAL_HH give them — or weigh by inhabitants.")
    return weight


def weighted_names(table: pa.Table, weight: str) -> pa.Table:
    """A report table under the weight's names: ``inwoners`` → ``huishoudens`` in its column names."""
    if weight == "inwoners":
        return table
    return table.rename_columns([c.replace("inwoners", weight) for c in table.column_names])


def report_lines(db: Database, rel: ReleaseInfo, level: str, waves: tuple[int, ...], weight: str = "inwoners"
             ) -> tuple[str, ...]:
    """The coverage lines of a report (:mod:`leeftui.store.headline`): per wave the areas scored and the residents
    covered, then the national figure of the last wave, and the weight."""
    lines = [line for c in coverage(db, rel, level, tuple(dict.fromkeys(waves))) for line in c.lines()]
    figure = national(db, rel, (waves[-1],))[0]
    if figure.value is not None:
        lines.append(f"National figure {figure.wave}: {rel.score} {figure.value:.3f} — {figure.description}.")
    what = WEIGHTS[weight]
    lines.append(f"Weighted figures: by {what} (CBS, the year per wave on the release's boundaries)."
                 if rel.population else "Weighted figures: none (no CBS population on this release's boundaries).")
    return tuple(lines)


def problem_line(row: dict[str, object], level: str, what: str) -> str:
    """'Residents in problem areas 2024: 1,131,425 — 42 of 130 problem wijken without a resident figure.'"""
    missing, n = row["problem_areas_without_inwoners"], row["problem_areas"]
    text = f"{what.capitalize()} in problem areas {row['jaar']}: {row['problem_inwoners']:,}"
    if missing:
        text += (f" — {missing:,} of {n:,} problem {PLURAL[level]} without a figure: an undercount, those areas' "
                 f"{what} are not in it")
    return text + "."
