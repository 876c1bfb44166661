"""Area sets defined by name, matched to each release's wijken and buurten: the 40 aandachtswijken of 2007.

The definition (``leeftui/data/aandachtswijken-2007.toml``) names each member as the official annex does, with
its gemeente's CBS code and, where the annex name is not a CBS area name, the names to look for (each with its
source). A build from official files matches every name, **within its gemeente** (a name like Poelenburg or
Zuidwijk exists in several gemeenten), to the wijken and buurten of every release: the names of the release's
own files and those of the CBS file of its division (:mod:`leeftui.ingest.name_match` has the rules). Each
sub-area of a member is matched on its own; every match, candidate and miss is stored in ``set_matches`` with
its rule and confidence (``leeftui db sets show``), the members in ``area_set_members`` per release, at buurt
level (wijk level for a release without buurten). An override file (``[[override]] set, member`` with
``codes``, ``accept`` or ``reject``) settles members by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from leeftui.ingest.extras import AreaSet, parse_toml
from leeftui.ingest.name_match import COMPASS, RULES, STRENGTH, Hit, Place, match_name, nearest, normalise
from leeftui.ingest.overrides import Override
from leeftui.ingest.report import Issues
from leeftui.ingest.writer import insert_many
from leeftui.schema import PLURAL

SHIPPED_SETS = (Path(__file__).resolve().parents[1] / "data" / "aandachtswijken-2007.toml",)
"""The named-set definitions leeftui ships."""


@dataclass(frozen=True)
class NamedMember:
    gemeente: str
    gemeente_code: str
    name: str
    areas: tuple[tuple[str, ...], ...]
    """The member's sub-areas, each as its names (the first is how it is shown; the others are other names of
    the same area, e.g. 'Kruiskamp' and 'De Kruiskamp')."""
    end: int | None
    source: str | None = None
    """Where the sub-areas come from, when they are not the annex name itself."""

    @property
    def key(self) -> str:
        """How the member is named in messages and override files: 'Rotterdam Noord'."""
        return f"{self.gemeente} {self.name}"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name of the member: the annex name and all names of its sub-areas."""
        return (self.name, *(n for area in self.areas for n in area))


@dataclass(frozen=True)
class NamedSet:
    name: str
    description: str
    source: str
    members: tuple[NamedMember, ...]


def read_definition(path: Path) -> NamedSet:
    """Read a named-set definition (the shipped file's format)."""
    data, problem = parse_toml(path)
    if data is None:
        raise ValueError(f"{path.name}: {problem}")
    head = data["set"]
    assert isinstance(head, dict)
    members = []
    listed = data.get("member")
    for m in listed if isinstance(listed, list) else []:
        listed_areas = m.get("areas") or [p.strip() for p in str(m["name"]).split("/")]
        areas = tuple((a,) if isinstance(a, str) else tuple(str(x) for x in a) for a in listed_areas)
        members.append(NamedMember(str(m["gemeente"]), str(m["gemeente_code"]), str(m["name"]), areas,
                                   m.get("end") if isinstance(m.get("end"), int) else None,
                                   str(m["source"]) if m.get("source") else None))
    return NamedSet(str(head["name"]), str(head["description"]), "leeftui/data/" + path.name, tuple(members))


@dataclass(frozen=True)
class MatchRow:
    """One row of ``set_matches``: an area a member's name found (or its absence), how and how sure."""

    member: str
    area: str
    """The name looked for (one of the member's names)."""
    code: str | None
    level: str | None
    name: str | None
    rule: str
    confidence: str | None
    included: bool
    scored: bool
    detail: str
    status: str = ""
    """The member's :func:`member_status` in this release (the same on all its rows)."""


@dataclass(frozen=True)
class ReleaseMatch:
    release: str
    level: str
    members: AreaSet
    rows: tuple[MatchRow, ...]
    summary: str


@dataclass(frozen=True)
class _Division:
    """The wijken and buurten of one release, with every name the database holds for them."""

    level: str
    places: dict[str, list[Place]]
    """Per gemeente code."""
    buurten_of: dict[str, list[str]]
    scored: frozenset[str]
    names: dict[str, str]


def _division(con: duckdb.DuckDBPyConnection, release: str) -> _Division | None:
    rows = con.execute("""
        SELECT code, level, name, parent_code, gemeente_code, code IN (SELECT code FROM scores WHERE release = $r)
        FROM areas WHERE release = $r AND level IN ('wijk', 'buurt')""", {"r": release}).fetchall()
    if not rows:
        return None
    level = "buurt" if any(r[1] == "buurt" for r in rows) else "wijk"
    # the CBS names of the release's division: the year nearest to its meting (the earlier on a tie)
    cbs = con.execute("""
        WITH y AS (SELECT p.jaar FROM population p, releases r WHERE r.release = $r AND p.naam IS NOT NULL
                   ORDER BY abs(p.jaar - r.meting), p.jaar LIMIT 1)
        SELECT code, CASE WHEN code LIKE 'BU%' THEN 'buurt' ELSE 'wijk' END, naam,
               CASE WHEN code LIKE 'BU%' THEN 'WK' || code[3:8] END, 'GM' || code[3:6], false
        FROM population WHERE jaar = (SELECT jaar FROM y) AND naam IS NOT NULL
          AND (code LIKE 'WK%' OR code LIKE 'BU%')""", {"r": release}).fetchall()
    places: dict[str, list[Place]] = {}
    buurten_of: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    names: dict[str, str] = {}
    for code, lv, name, parent, gm, _ in [*rows, *cbs]:
        if not name or (code, name) in seen:
            continue
        seen.add((code, name))
        names.setdefault(code, name)
        places.setdefault(gm, []).append(Place(code, lv, name, parent))
        if lv == "buurt" and parent and code not in buurten_of.get(parent, []):
            buurten_of.setdefault(parent, []).append(code)
    return _Division(level, places, buurten_of, frozenset(r[0] for r in rows if r[5]), names)


def match(con: duckdb.DuckDBPyConnection, release: str, definition: NamedSet,
          overrides: dict[tuple[str, str], Override]) -> ReleaseMatch | None:
    """Match ``definition`` to the areas of ``release``; None when the release has no wijken or buurten."""
    div = _division(con, release)
    if div is None:
        return None
    rows: list[MatchRow] = []
    members: list[tuple[str, int | None, int | None, str | None]] = []
    for m in definition.members:
        found = _member(m, div, overrides.get((definition.name, m.key)))
        status = member_status(found)
        found = [replace(r, status=status) for r in found]
        rows += found
        for r in found:
            if r.included and r.scored and r.code and r.code not in {x[0] for x in members}:
                members.append((r.code, None, m.end, f"{m.key} ({r.rule}: {r.detail})"))
    summary = _summary(definition, release, div.level, rows)
    return ReleaseMatch(release, div.level, AreaSet(definition.name, definition.description, definition.source,
                                                    tuple(members), release), tuple(rows), summary)


def _member(m: NamedMember, div: _Division, override: Override | None) -> list[MatchRow]:
    places = div.places.get(m.gemeente_code, [])
    out: list[MatchRow] = []
    if override is not None and override.codes is not None:
        out += [_row(m, "(override file)", div, code, "override", "high", "set by the override file")
                for code in _expand(override.codes, div)]
        if not out:
            out.append(MatchRow(m.key, "(override file)", None, None, None, "override", None, False, False,
                                "left out by the override file"))
    else:
        hits = {names: _hits(m, names, places) for names in m.areas}
        direct = frozenset(h.place.code for taken, _ in hits.values() for h in taken
                           if h.place.level == "buurt" and h.confidence == "high")
        for names in m.areas:
            out += _wanted(m, names, places, div, hits[names], direct)
    if override is not None:
        rejected = set(_expand(override.reject, div))
        out = [r if r.code not in rejected else MatchRow(r.member, r.area, r.code, r.level, r.name, r.rule,
                                                         r.confidence, False, r.scored,
                                                         r.detail + " — rejected in the override file")
               for r in out]
        have = {r.code for r in out if r.included}
        accepted = [code for code in _expand(override.accept, div) if code not in have]
        out = [r for r in out if r.code not in accepted]  # an accepted candidate is no longer left out
        out += [_row(m, "(override file)", div, code, "accepted", "high", "accepted in the override file")
                for code in accepted]
    return out


def _hits(m: NamedMember, names: tuple[str, ...], places: list[Place]) -> tuple[list[Hit], list[Hit]]:
    """(the hits that put an area in the set, the candidates) of one sub-area, known by ``names``; an area
    found under several names or ways comes first by its strongest match and rule, through its wijk where the
    wijk matched as well."""
    taken: list[Hit] = []
    candidates: list[Hit] = []
    for name in names:
        got, weak = match_name(name, places, m.names)
        taken += got
        candidates += weak
    taken.sort(key=lambda h: (STRENGTH[h.confidence], list(RULES).index(h.rule), h.place.level != "wijk"))
    return taken, candidates


def _wanted(m: NamedMember, names: tuple[str, ...], places: list[Place], div: _Division,
            hits: tuple[list[Hit], list[Hit]], direct: frozenset[str]) -> list[MatchRow]:
    """The rows of one sub-area, known by ``names`` (``direct``: the buurten the member's names find
    themselves)."""
    wanted = names[0]
    if not places:
        return [MatchRow(m.key, wanted, None, None, None, "none", None, False, False,
                         f"the database has no wijken or buurten of {m.gemeente} ({m.gemeente_code})")]
    taken, candidates = hits
    out: list[MatchRow] = []
    done: set[str] = set()
    for hit in taken:
        for code, rule, confidence, detail, included in _at_level(hit, div, direct):
            if code not in done:
                done.add(code)
                row = _row(m, wanted, div, code, rule, confidence, detail)
                out.append(row if included else MatchRow(row.member, row.area, row.code, row.level, row.name, rule,
                                                         "low", False, row.scored, detail))
    for hit in candidates:
        if hit.place.code not in done:
            done.add(hit.place.code)
            out.append(MatchRow(m.key, wanted, hit.place.code, hit.place.level, hit.place.name, hit.rule,
                                hit.confidence, False, hit.place.code in div.scored, hit.detail))
    if not taken:
        near = [p for p in nearest(wanted, places) if p.code not in done] if normalise(wanted) not in COMPASS else []
        called = " or ".join(f"'{n}'" for n in names)
        out.append(MatchRow(m.key, wanted, None, None, None, "none", None, False, False,
                            f"no wijk or buurt of {m.gemeente} is called {called} or of its family"))
        out += [MatchRow(m.key, wanted, p.code, p.level, p.name, "nearest", None, False, p.code in div.scored,
                         f"a similar name: '{p.name}'") for p in near]
    return out


def _at_level(hit: Hit, div: _Division, direct: frozenset[str]) -> list[tuple[str, str, str, str, bool]]:
    """The release-level areas of a hit (code, rule, confidence, detail, included): a wijk's buurten in a release
    with buurten — of a wijk that is not the member's very name, only the buurten the member's names find
    themselves where there are such ('Heechterp & Schieringen': Heechterp and Schieringen, not De Centrale) —,
    a buurt's wijk in one without (a wider area: medium confidence)."""
    p = hit.place
    if p.level == "wijk" and div.level == "buurt":
        inside = div.buurten_of.get(p.code, [])
        named = [b for b in inside if b in direct] if hit.rule != "exact" else []
        via = f"in wijk '{p.name}' ({p.code}): {hit.detail}"
        return [(b, hit.rule, hit.confidence, via, True) if not named or b in named else
                (b, hit.rule, "low", f"in wijk '{p.name}' ({p.code}), whose other buurten the member's names find: "
                                     "not named as the member", False) for b in inside]
    if p.level == "buurt" and div.level == "wijk":
        wijk = p.parent or ""
        return [(wijk, "holds", "medium", f"the wijk holding buurt '{p.name}' ({p.code}): a wider area", True)] \
            if wijk else []
    return [(p.code, hit.rule, hit.confidence, hit.detail, True)]


def _row(m: NamedMember, wanted: str, div: _Division, code: str, rule: str, confidence: str,
         detail: str) -> MatchRow:
    level = "buurt" if code.startswith("BU") else "wijk"
    return MatchRow(m.key, wanted, code, level, div.names.get(code), rule, confidence, True, code in div.scored,
                    detail)


def _expand(codes: tuple[str, ...], div: _Division) -> list[str]:
    out: list[str] = []
    for c in codes:
        out += div.buurten_of.get(c, [c]) if c.startswith("WK") and div.level == "buurt" else [c]
    return out


def member_status(rows: list[MatchRow]) -> str:
    """'matched', 'uncertain' (a medium match, or a name of the member not found while another was) or
    'unmatched'."""
    included = [r for r in rows if r.included]
    if not included:
        return "unmatched"
    missing = {r.area for r in rows} - {r.area for r in included} - {"(override file)"}
    return "uncertain" if missing or any(r.confidence == "medium" for r in included) else "matched"


def _summary(definition: NamedSet, release: str, level: str, rows: list[MatchRow]) -> str:
    by_member: dict[str, list[MatchRow]] = {}
    for r in rows:
        by_member.setdefault(r.member, []).append(r)
    status = {k: v[0].status for k, v in by_member.items()}
    unscored = [k for k, v in by_member.items() if status[k] != "unmatched" and not any(r.scored and r.included
                                                                                           for r in v)]
    n = {s: [k for k, v in status.items() if v == s] for s in ("matched", "uncertain", "unmatched")}
    areas = len({r.code for r in rows if r.included and r.scored})
    text = (f"{definition.name} in {release}: {len(n['matched'])} of {len(definition.members)} members matched, "
            f"{len(n['uncertain'])} uncertain, {len(n['unmatched'])} unmatched; {areas} scored {PLURAL[level]}")
    if n["uncertain"]:
        text += f"; uncertain: {', '.join(n['uncertain'])}"
    if n["unmatched"]:
        text += f"; unmatched: {', '.join(n['unmatched'])}"
    if unscored:
        text += f"; matched without a score in this release: {', '.join(unscored)}"
    return text + f" (leeftui db sets show {definition.name})."


def write_set(con: duckdb.DuckDBPyConnection, s: AreaSet, rows: tuple[MatchRow, ...] = ()) -> None:
    """Insert one release's members of a set (and, for a set matched by name, how they were matched); the
    ``area_sets`` row is the caller's."""
    insert_many(con, "INSERT INTO area_set_members VALUES (?, ?, ?, ?, ?, ?)",
                [[s.name, *m, s.release] for m in s.members])
    insert_many(con, "INSERT INTO set_matches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[s.name, s.release, r.member, r.status, r.area, r.code, r.level, r.name, r.rule,
                  r.confidence, r.included, r.scored, r.detail] for r in rows])


def match_all(con: duckdb.DuckDBPyConnection, definition: NamedSet, releases: list[str],
              overrides: dict[tuple[str, str], Override], issues: Issues) -> list[ReleaseMatch]:
    """Match ``definition`` in each of ``releases`` (one summary warning per release, kind set-summary)."""
    out = []
    for release in releases:
        got = match(con, release, definition, overrides)
        if got is not None:
            issues.warn(definition.source, None, "set-summary", got.summary)
            out.append(got)
    unknown = {m for s, m in overrides if s == definition.name} - {m.key for m in definition.members}
    for member in sorted(unknown):
        issues.warn(None, None, "set-override-unused", f"The override file names {member!r}, which is not a member "
                                                       f"of {definition.name}; that override is not used.")
    return out
