"""The review of an area set: per member what matched, by which rule and how sure, what was left out and the
nearest names of anything unmatched (``leeftui db sets show``, the explorer's set review).

A set matched by name (the 40 aandachtswijken) keeps every match in ``set_matches`` per release; a set given by
codes has nothing to match and is listed as its codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.model.release import ReleaseInfo
from leeftui.model.report import Report
from leeftui.model.sets import STATUSES, SetReview
from leeftui.schema import PLURAL
from leeftui.store.db import Database
from leeftui.store.scope import OF_RELEASE
from leeftui.store.stats import check_set


def set_review(db: Database, rel: ReleaseInfo, name: str, only: str | None = None) -> SetReview:
    """The review of set ``name`` in release ``rel``; ``only`` keeps the members of one status."""
    check_set(db, name)
    if only is not None and only not in STATUSES:
        from leeftui.text import nearest

        raise UsageError(f"--only must be {', '.join(STATUSES)}, not '{only}'.{nearest(only, STATUSES)}")
    params = {"set": name, "rel": rel.release}
    by_name = db.one("SELECT count(*) > 0 FROM set_matches WHERE set_name = ?", [name]) == (True,)
    if by_name:
        matches = db.arrow(f"""
            SELECT member, status, area, code, name, level, rule, confidence, included, scored, detail
            FROM set_matches WHERE set_name = $set AND release = $rel {"AND status = $only" if only else ""}
            ORDER BY member, area, NOT included, code NULLS FIRST""", params | ({"only": only} if only else {}))
    else:
        matches = db.arrow(f"""
            SELECT '' AS member, 'matched' AS status, '' AS area, m.code, a.name, a.level, 'listed' AS rule,
                   'high' AS confidence, true AS included, a.code IS NOT NULL AS scored,
                   coalesce(m.note, 'listed in ' || s.source) AS detail
            FROM area_set_members m JOIN area_sets s ON s.name = m.set_name
            LEFT JOIN areas a ON a.release = $rel AND a.code = m.code
            WHERE m.set_name = $set AND {OF_RELEASE.format(rel="$rel")} ORDER BY m.code""", params)
    if matches.num_rows == 0 and by_name and only is None:
        raise UsageError(f"Area set '{name}' was not matched in {rel.label}: it has no wijken or buurten; choose "
                         "another with --release.")
    members = _members(matches) if by_name else pa.table({
        "member": pa.array([], pa.string()), "status": pa.array([], pa.string())})
    level = next((lv for lv in matches.column("level").to_pylist() if lv), None)
    title = f"Area set '{name}' in {rel.label}" + (f" ({PLURAL.get(level, level)})" if level else "")
    notes = (("Rules: exact, stem (the name's family), parts (a compound of the member's names), part (one part "
              "of a compound: uncertain), wider (the name without its qualifier: uncertain), holds (the wijk "
              "holding a buurt: uncertain), word (a candidate only), nearest (a similar name), override / accepted "
              "(the override file). Decide with: leeftui db sets accept|reject.",)
             if by_name else (f"Set '{name}' is given by codes: nothing was matched by name.",))
    counts = dict(db.rows("SELECT status, count(DISTINCT member) FROM set_matches WHERE set_name = ? AND release = ? "
                          "GROUP BY ALL", [name, rel.release]))
    return SetReview(name, rel, by_name, Report(title, {"matches": matches, "members": members}, notes,
                                                {"level": level, "counts": {s: int(counts.get(s, 0))
                                                                            for s in STATUSES}}))


@dataclass
class _Tally:
    status: str
    areas: int = 0
    scored: int = 0
    candidates: int = 0
    uncertain: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)


def _members(matches: pa.Table) -> pa.Table:
    """One row per member: its status, the areas it stands on (and how many are scored), the sub-areas matched
    only uncertainly or not found, the candidates left out."""
    tally: dict[str, _Tally] = {}
    for r in matches.to_pylist():
        t = tally.setdefault(r["member"], _Tally(r["status"]))
        if r["included"]:
            t.areas += 1
            t.scored += int(bool(r["scored"]))
            if r["confidence"] == "medium" and r["area"] not in t.uncertain:
                t.uncertain.append(r["area"])
        elif r["rule"] == "none":
            t.not_found.append(r["area"])
        elif r["code"]:
            t.candidates += 1
    return pa.table({
        "member": pa.array(list(tally), pa.string()),
        "status": pa.array([t.status for t in tally.values()], pa.string()),
        "areas": pa.array([t.areas for t in tally.values()], pa.int64()),
        "scored": pa.array([t.scored for t in tally.values()], pa.int64()),
        "uncertain": pa.array([", ".join(t.uncertain) for t in tally.values()], pa.string()),
        "not_found": pa.array([", ".join(t.not_found) for t in tally.values()], pa.string()),
        "candidates": pa.array([t.candidates for t in tally.values()], pa.int64()),
    })


def check_decision(db: Database, name: str, member: str, codes: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """(the member as the set names it, the codes cleaned) for a decision on a set matched by name; UsageError
    for a set given by codes, an unknown member, a code that is no wijk or buurt, one the database does not know
    or one outside the member's gemeente."""
    import re

    from leeftui.schema import CODE_PATTERNS
    from leeftui.text import nearest

    check_set(db, name)
    members = [str(m) for (m,) in db.rows("SELECT DISTINCT member FROM set_matches WHERE set_name = ? ORDER BY 1",
                                          [name])]
    if not members:
        raise UsageError(f"Area set '{name}' is given by codes, not matched by name: change its set file instead.")
    found = next((m for m in members if m.casefold() == member.strip().casefold()), None)
    if found is None:
        raise UsageError(f"'{member}' is not a member of '{name}'.{nearest(member, members)}")
    cleaned = tuple(dict.fromkeys(c.strip().upper() for c in codes))
    if not cleaned:
        raise UsageError("Name at least one wijk or buurt code.")
    for code in cleaned:
        if not (re.match(CODE_PATTERNS["wijk"], code) or re.match(CODE_PATTERNS["buurt"], code)):
            raise UsageError(f"'{code}' is not a wijk or buurt code (WK… or BU…).")
    known = {str(c) for (c,) in db.rows("SELECT code FROM areas WHERE list_contains($c, code) UNION "
                                        "SELECT code FROM population WHERE list_contains($c, code)",
                                        {"c": list(cleaned)})}
    unknown = [c for c in cleaned if c not in known]
    if unknown:
        raise UsageError(f"The database has no area {unknown[0]}.")
    gemeenten = {str(c)[2:6] for (c,) in db.rows("SELECT code FROM set_matches WHERE set_name = ? AND member = ? "
                                                 "AND code IS NOT NULL", [name, found])}
    outside = [c for c in cleaned if gemeenten and c[2:6] not in gemeenten]
    if outside:
        raise UsageError(f"{outside[0]} lies outside the gemeente of {found} (GM{sorted(gemeenten)[0]}).")
    return found, cleaned

