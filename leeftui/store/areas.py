"""Areas: lookup by code, the breadcrumb to Nederland, class labels, and code suggestions."""

from __future__ import annotations

from leeftui.errors import UsageError
from leeftui.model.area import Area
from leeftui.model.release import ReleaseInfo
from leeftui.store.db import Database

CHILD_LEVEL = {"nederland": "gemeente", "gemeente": "wijk", "wijk": "buurt", "buurt": None, "pc4": None}
"""The level directly below each level (None below buurt)."""


_AREA_COLS = "code, coalesce(name, code), level, parent_code, gemeente_code, official"


def get_area(db: Database, rel: ReleaseInfo, code: str) -> Area | None:
    """Return the area with this code in the open release, or None."""
    row = db.one(f"SELECT {_AREA_COLS} FROM areas WHERE release = ? AND code = ?",
                 [rel.release, code.strip().upper()])
    return Area(*row) if row else None


def require_area(db: Database, rel: ReleaseInfo, code: str) -> Area:
    """Return the area with this code, or raise UsageError naming it and suggesting near codes."""
    area = get_area(db, rel, code)
    if area is not None:
        return area
    near = suggest_codes(db, rel, code)
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    raise UsageError(f"Unknown area code '{code}' in {rel.label}.{hint}")


def breadcrumb(db: Database, rel: ReleaseInfo, area: Area) -> tuple[Area, ...]:
    """Return the chain from Nederland down to ``area`` (inclusive): its parent, gemeente and Nederland in one
    query (the levels go no deeper), any other link looked up on its own."""
    if not area.parent_code:
        return (area,)  # Nederland: no query
    near = list(dict.fromkeys(c for c in (area.parent_code, area.gemeente_code, "NL") if c and c != area.code))
    found = {row[0]: Area(*row) for row in db.rows(
        f"SELECT {_AREA_COLS} FROM areas WHERE release = ? AND list_contains(?, code)", [rel.release, near])}
    chain = [area]
    while chain[0].parent_code:
        parent = found.get(chain[0].parent_code) or get_area(db, rel, chain[0].parent_code)
        if parent is None:
            break
        chain.insert(0, parent)
    return tuple(chain)


def national_area() -> Area:
    """The Nederland area as used when a database has no row for it."""
    return Area("NL", "Nederland", "nederland", None, None, False)


def national(db: Database, rel: ReleaseInfo) -> Area:
    """Return the Nederland area of the open release."""
    return get_area(db, rel, "NL") or national_area()


def class_labels(db: Database) -> dict[int, str]:
    """Return the nine class labels, keyed by class number."""
    return dict(db.rows("SELECT klasse, label FROM class_labels ORDER BY klasse"))


def suggest_codes(db: Database, rel: ReleaseInfo, code: str, limit: int = 3) -> list[str]:
    """Return up to ``limit`` existing codes closest to ``code`` (edit distance), for error messages."""
    rows = db.rows("SELECT code FROM areas WHERE release = ? ORDER BY levenshtein(code, ?), code LIMIT ?",
                   [rel.release, code.strip().upper(), limit])
    return [r[0] for r in rows]


def held_codes(db: Database, rel: ReleaseInfo, codes: list[str]) -> set[str]:
    """Those of ``codes`` the release has (one scan however many: the remembered marks checked at start)."""
    if not codes:
        return set()
    import pyarrow as pa

    found = db.arrow_over("SELECT a.code FROM areas a JOIN picked p ON p.code = a.code WHERE a.release = $rel",
                          pa.array(codes, pa.string()), {"rel": rel.release})
    return {str(c) for c in found.column("code").to_pylist()}

