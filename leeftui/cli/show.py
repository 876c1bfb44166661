"""`leeftui show CODE`: one area's profile as a rich panel or JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from leeftui.cli.common import DbOption, ReleaseOption
from leeftui.cli.output import open_db, print_notice
from leeftui.errors import UsageError

if TYPE_CHECKING:

    from leeftui.model.profile import AreaProfile, AreaSeries
    from leeftui.model.release import ReleaseInfo
    from leeftui.store.db import Database


def _series_json(series: AreaSeries) -> dict[str, object]:
    return {
        "code": series.area.code, "name": series.area.name, "level": series.area.level,
        "official": series.official,
        "partial": {str(w.jaar): w.partial for w in series.waves if w.partial},
        "waves": [{"jaar": w.jaar, "lbm": w.lbm, "afw": w.afw, "klasse": w.klasse, "klasse_label": w.klasse_label,
                   **dict(w.dimensions), **{f"klasse_{n}": k for n, k in w.classes}, "official": w.official}
                  for w in series.waves],
    }


def profile_json(db: Database, rel: ReleaseInfo, profile: AreaProfile) -> dict[str, object]:
    """The area profile as a JSON-ready dict (NA → None), with the export provenance under ``meta``."""
    from leeftui.export import Provenance

    a = profile.series.area
    return {
        "meta": Provenance.from_db(db, rel, f"show {a.code}").as_dict(),
        "area": {"code": a.code, "name": a.name, "level": a.level, "parent_code": a.parent_code,
                 "gemeente_code": a.gemeente_code, "official": profile.series.official},
        "path": [{"code": p.code, "name": p.name, "level": p.level} for p in profile.path],
        "inwoners": profile.inwoners, "population_year": profile.population_year,
        "sets": [{"name": n, "start_year": s, "end_year": e} for n, s, e in profile.sets],
        "waves": _series_json(profile.series)["waves"],
        "gemeente": _series_json(profile.gemeente) if profile.gemeente else None,
        "nederland": _series_json(profile.nederland) if profile.nederland else None,
        "developments": [{"from_jaar": d.from_jaar, "to_jaar": d.to_jaar, "vklasse": d.vklasse, "dlb": d.dlb,
                          **{f"dlb_{n}": v for n, v in d.dimensions}} for d in profile.developments],
    }


def resolve_name(db: Database, rel: ReleaseInfo, text: str) -> str:
    """The code ``text`` names: a code as it is, else the one area whose name matches it (fuzzy, as `/` finds
    areas); UsageError listing the nearest areas when the name fits several or none."""
    from leeftui.schema import level_of_code
    from leeftui.store.search import SearchHit, search_areas
    from leeftui.text import printable

    if level_of_code(text) is not None:
        return text  # a code: area_profile finds it, or names the nearest codes
    hits = search_areas(db, rel, text, limit=6)
    exact = [h for h in hits if h.name.casefold() == text.strip().casefold()]
    if len(exact) == 1 or (len(hits) == 1 and not exact):
        return (exact or hits)[0].code
    if not hits:
        raise UsageError(f"No area is called or coded '{printable(text)}' in {rel.label}.")
    def where(h: SearchHit) -> str:
        return f" in {h.gemeente_name}" if h.gemeente_name and h.level != "gemeente" else ""

    listed = "; ".join(f"{h.name} ({h.code}, {h.level}{where(h)})" for h in (exact or hits)[:6])
    raise UsageError(f"'{printable(text)}' fits several areas; give the code of one: {printable(listed)}.")


def show_cmd(
    code: Annotated[str, typer.Argument(help="Area code (GM0599, WK059901, BU05990110, 1012 or NL) or name "
                                             "(fuzzy, like / in the explorer).",
                                        show_default=False)],
    db: DbOption = None,
    release: ReleaseOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one area's profile: all waves, class, dimensions, its gemeente and Nederland."""
    import json

    from leeftui.store.profile import area_profile
    from leeftui.text import nearest

    style = fmt.strip().lower()
    if style not in ("text", "json"):
        raise UsageError(f"Unknown format '{fmt}' for show; use text or json.{nearest(style, ('text', 'json'))}")
    database, rel = open_db(db, release)
    try:
        profile = area_profile(database, rel, resolve_name(database, rel, code))
        if style == "json":
            print_notice(database, rel)
            typer.echo(json.dumps(profile_json(database, rel, profile), ensure_ascii=False, indent=2))
        else:
            from rich.console import Console

            from leeftui.present.profile import profile_panel

            console = Console() if sys.stdout.isatty() else Console(width=120)
            console.print(profile_panel(profile, rel.dimensions, rel.classes_source, database.notice,
                                        width=console.width))
    finally:
        database.close()


