"""The one-page report of an area (:class:`leeftui.model.sheet.AreaSheet`): its profile, its rank in its gemeente
and in the country, the class bands of its score, and a map of it among its neighbours. No Textual here."""

from __future__ import annotations

from leeftui.errors import LeeftuiError
from leeftui.model.release import ReleaseInfo
from leeftui.model.sheet import AreaSheet, Band, Rank
from leeftui.store.db import Database


def area_sheet(db: Database, rel: ReleaseInfo, code: str) -> AreaSheet:
    """The report of area ``code`` (UsageError for an unknown code)."""
    from leeftui.store.profile import area_profile

    profile = area_profile(db, rel, code)
    area = profile.series.area
    scored = [w for w in profile.series.waves if profile.value(w) is not None]
    if not scored:
        raise LeeftuiError(f"{area.name} ({area.code}) has no score in {rel.label}: there is nothing to report.")
    wave = scored[-1].jaar
    ranks = _ranks(db, rel, area.code, area.level, area.gemeente_code, wave, profile.score)
    bands = _bands(db, rel)
    data, map_note = _map(db, rel, area.code, area.level, area.parent_code, wave)
    notes = [f"classes: {rel.classes_source}" if rel.classes_source else "classes: none loaded"]
    year, inwoners = profile.inwoners_at(wave)
    notes.append(f"inhabitants: CBS {year}" if inwoners is not None else "inhabitants: no CBS figure for this area")
    said = profile.series.provenance()
    if said:
        notes.append(f"{area.name}: {said}")
    notes += [f"{w.jaar}: {w.partial}" for w in profile.series.waves if w.partial]
    for other in (profile.gemeente, profile.nederland):
        if other is not None and other.provenance():
            notes.append(f"{other.area.name}: {other.provenance()}")
    if db.notice:
        notes.append(f"{db.notice}: these are not real Leefbaarometer figures")
    return AreaSheet(profile, wave, ranks, bands, data, map_note, tuple(notes), db.notice, rel.label)


def _ranks(db: Database, rel: ReleaseInfo, code: str, level: str, gemeente: str | None, wave: int,
           score: str) -> tuple[Rank, ...]:
    """The area's rank by score among the areas of its level: in its gemeente and in the country."""
    column = "lbm" if score == "lbm" else "afw"  # fixed allow-list
    sql = f"""
        WITH peers AS (
            SELECT a.code, a.gemeente_code, s.{column} AS v FROM scores s JOIN areas a USING (release, code)
            WHERE s.release = $rel AND s.jaar = $wave AND a.level = $level AND s.{column} IS NOT NULL)
        SELECT (SELECT 1 + count(*) FROM peers p WHERE p.v > me.v),
               (SELECT count(*) FROM peers),
               (SELECT 1 + count(*) FROM peers p WHERE p.v > me.v AND p.gemeente_code = me.gemeente_code),
               (SELECT count(*) FROM peers p WHERE p.gemeente_code = me.gemeente_code)
        FROM peers me WHERE me.code = $code"""
    row = db.one(sql, {"rel": rel.release, "wave": wave, "level": level, "code": code})
    if row is None:
        return ()
    out = [Rank("Nederland", int(row[0]), int(row[1]))]
    if level not in ("gemeente", "nederland", "pc4") and gemeente:
        name = db.one("SELECT coalesce(name, code) FROM areas WHERE release = $rel AND code = $code",
                      {"rel": rel.release, "code": gemeente})
        out.insert(0, Rank(str(name[0]) if name else gemeente, int(row[2]), int(row[3])))
    return tuple(out)


def _bands(db: Database, rel: ReleaseInfo) -> tuple[Band, ...]:
    """The score's classes on the release's score scale (bounds on afw moved by the release's constant)."""
    rows = db.rows("SELECT klasse, scale, lower, upper, label FROM class_bounds WHERE release = $rel AND "
                   "field = 'klasse' ORDER BY klasse", {"rel": rel.release})
    shift = 0.0
    out = []
    for klasse, scale, lower, upper, label in rows:
        if scale != rel.score:
            if rel.reference_level is None:
                return ()
            shift = rel.reference_level if rel.score == "lbm" else -rel.reference_level
        out.append(Band(int(klasse), None if lower is None else lower + shift,
                        None if upper is None else upper + shift, str(label)))
    return tuple(out)


def _map(db: Database, rel: ReleaseInfo, code: str, level: str, parent: str | None, wave: int) -> tuple[object, str]:
    """The area among the other areas of its level in its parent (its siblings), coloured by class."""
    from leeftui.errors import EmptyResult
    from leeftui.schema import CLASS_LABELS
    from leeftui.store.outlines import has_outlines, map_data
    from leeftui.store.scope import Scope
    from leeftui.store.view import ViewRequest, base_rows

    if not has_outlines(db):
        return None, "no map: this database has no outlines"
    if level == "nederland":
        return None, "no map for the country as a whole"
    scope = Scope(parent=parent, level=level) if parent and parent != "NL" else Scope(level=level)
    view = base_rows(db, rel, ViewRequest(scope, wave, wave))
    try:
        data = map_data(db, rel, view, "class", wave, wave, CLASS_LABELS)
    except EmptyResult:
        return None, "no map: the area and its neighbours have no outlines"
    if code not in data.codes:
        return None, "no map: the area has no outline"
    return data, f"the area (outlined) among the {level} areas around it, by class {wave}"
