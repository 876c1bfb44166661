"""Facts about an open database (what ``leeftui db info`` prints and the UI can show). No Textual here."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from leeftui.schema import FLAT_LEVELS, GRID, LEVELS
from leeftui.store import setmatch
from leeftui.store.coverage import population_coverage
from leeftui.store.db import Database

LEVEL_ORDER = (*LEVELS, *FLAT_LEVELS, GRID)


@dataclass(frozen=True)
class ReleaseFacts:
    """One release and what it holds."""

    release: str
    """Release id, e.g. 'lbm3-2024'."""
    label: str
    """Human label (says 'DEMO — synthetic' for demo data)."""
    waves: tuple[int, ...]
    """Waves with scores, ascending."""
    areas_per_level: dict[str, int]
    """Number of areas per level."""
    scores_per_level: dict[str, int]
    """Number of score rows per level (derived rows included)."""
    derived_rows: int
    """Score rows computed by leeftui (official = false)."""
    classes_source: str | None
    """Where class boundaries came from; None = none loaded."""
    national_constant: float | None
    """lbm − afw of the release (LBM 3.0)."""


@dataclass(frozen=True)
class SourceFacts:
    """One source file the database was built from."""

    file: str
    kind: str
    sha256: str
    rows: int | None
    release: str | None
    detail: str | None


@dataclass(frozen=True)
class AreaSetFacts:
    """One area set and its size."""

    name: str
    description: str | None
    members: int


@dataclass(frozen=True)
class DbInfo:
    """Everything ``leeftui db info`` shows about a database."""

    path: str
    """The database file."""
    origin: str | None
    """Why this file was chosen ('--db', '$LEEFTUI_DB', 'user data', 'bundled'), when known."""
    synthetic: bool
    """True for generated demo data."""
    notice: str
    """Text every screen must show ('' for official data)."""
    default_release: str
    """The release opened by default."""
    releases: tuple[ReleaseFacts, ...]
    """Releases held."""
    population_years: tuple[int, ...]
    """CBS population years held."""
    population_note: str
    """Which population year weights which wave."""
    population_coverage: tuple[str, ...]
    """Per release and level, the share of scored areas (latest wave) with an inhabitants figure."""
    partial_figures: tuple[str, ...]
    """Derived figures that stand on part of their area (latest wave each), e.g. 'GM0074 2024: partial: …'."""
    area_sets: tuple[AreaSetFacts, ...]
    """Named area sets."""
    set_matching: tuple[str, ...]
    """How the sets leeftui defines by name were matched (summary, members not matched, ambiguous ones)."""
    sources: tuple[SourceFacts, ...]
    """Files the database was built from."""
    warnings: int
    """Number of build warnings stored."""
    built_at: str
    """Build time (ISO 8601 UTC)."""
    tool_version: str
    """leeftui version that built it."""
    schema_version: str
    """Schema version of the file."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def database_info(db: Database, origin: str | None = None) -> DbInfo:
    """Collect the facts about ``db`` (``origin``: why the file was chosen, from ``paths.resolve_db``)."""
    cur = db.cursor()
    releases = []
    for r in db.releases:
        (derived,) = cur.execute("SELECT count(*) FROM scores WHERE release = ? AND NOT official",
                                 [r.release]).fetchall()[0]
        areas = dict(cur.execute("SELECT level, count(*) FROM areas WHERE release = ? GROUP BY ALL",
                                 [r.release]).fetchall())
        scores = dict(cur.execute("SELECT a.level, count(*) FROM scores s JOIN areas a USING (release, code) "
                                  "WHERE s.release = ? GROUP BY ALL", [r.release]).fetchall())
        ((grid_rows, grid_cells),) = cur.execute(
            "SELECT count(*), count(DISTINCT grid_id) FROM grid_values WHERE release = ?", [r.release]).fetchall()
        if grid_rows:  # the 100 m grid's cells count as its areas
            areas["grid"], scores["grid"] = grid_cells, grid_rows
        (const,) = cur.execute("SELECT national_constant FROM releases WHERE release = ?", [r.release]).fetchall()[0]
        releases.append(ReleaseFacts(
            r.release, r.label, r.waves,
            {lv: int(areas.get(lv, 0)) for lv in LEVEL_ORDER if lv in LEVELS or areas.get(lv)},
            {lv: int(scores.get(lv, 0)) for lv in LEVEL_ORDER if lv in LEVELS or areas.get(lv)},
            int(derived), r.classes_source, const))
    years = tuple(int(y) for (y,) in cur.execute("SELECT DISTINCT jaar FROM population ORDER BY 1").fetchall())
    sets = tuple(AreaSetFacts(n, d, int(c)) for n, d, c in cur.execute(
        "SELECT s.name, s.description, count(DISTINCT m.code) FROM area_sets s LEFT JOIN area_set_members m "
        "ON m.set_name = s.name GROUP BY ALL ORDER BY s.name").fetchall())
    sources = tuple(SourceFacts(*row) for row in cur.execute(
        "SELECT file, kind, sha256, rows, release, detail FROM sources ORDER BY file").fetchall())
    (warnings,) = cur.execute("SELECT count(*) FROM build_warnings").fetchall()[0]
    kinds = list(setmatch.KINDS)
    matching = tuple(setmatch.condensed([(str(k), str(m)) for k, m in cur.execute(
        "SELECT kind, message FROM build_warnings WHERE kind IN (SELECT unnest(?)) ORDER BY rowid", [kinds]
    ).fetchall()]))
    coverage = tuple(f"{c.release} {c.describe()}" for c in population_coverage(db.rows)) if years else ()
    partial = tuple(f"{rel} {code} {jaar}: {text}" for rel, code, jaar, text in cur.execute(
        "SELECT release, code, jaar, description FROM coverage c WHERE partial AND jaar = (SELECT max(jaar) "
        "FROM coverage m WHERE m.release = c.release AND m.code = c.code) ORDER BY release, code").fetchall())
    m = db.meta
    return DbInfo(
        path=str(db.path), origin=origin, synthetic=db.synthetic, notice=db.notice,
        default_release=db.default_release.release, releases=tuple(releases), population_years=years,
        population_note=m.get("population_note", ""), population_coverage=coverage, partial_figures=partial,
        area_sets=sets, set_matching=matching,
        sources=sources, warnings=int(warnings),
        built_at=m.get("built_at", ""), tool_version=m.get("tool_version", ""),
        schema_version=m.get("schema_version", ""))
