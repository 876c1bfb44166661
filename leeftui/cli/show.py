"""`leeftui show CODE`: one area's profile as a rich panel or JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from leeftui.cli.common import DbOption, ReleaseOption
from leeftui.cli.output import open_db, print_notice
from leeftui.errors import UsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from leeftui.model.release import ReleaseInfo
    from leeftui.store.db import Database
    from leeftui.store.profile import AreaProfile, AreaSeries


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


def _num(v: float | None, digits: int = 3, signed: bool = False) -> str:
    if v is None:
        return "—"
    return f"{v:+.{digits}f}" if signed else f"{v:.{digits}f}"


def _classes_lines(rel: ReleaseInfo, series: AreaSeries) -> list[RenderableType]:
    """Where the classes come from, and the class of afw and each dimension per wave (LBM 3.0)."""
    from rich.table import Table
    from rich.text import Text

    source = rel.classes_source
    out: list[RenderableType] = [Text(f"classes: {source or 'none loaded'}", style="dim")]
    with_classes = [w for w in series.waves if any(k is not None for _, k in w.classes)]
    if with_classes:
        t = Table(header_style="bold", box=None, padding=(0, 1), title="class of afw and of each dimension",
                  title_justify="left", title_style="bold")
        t.add_column("jaar", justify="right", no_wrap=True)
        for name, _ in with_classes[0].classes:
            t.add_column(name, justify="right", no_wrap=True)
        for w in with_classes:
            t.add_row(str(w.jaar), *("—" if k is None else str(k) for _, k in w.classes))
        out.append(t)
    return out


def _development_lines(profile: AreaProfile) -> list[RenderableType]:
    """The published developments between waves (LBM 2.0): class 1–7 and the DLB scores."""
    from rich.table import Table
    from rich.text import Text

    if not profile.developments:
        return []
    t = Table(header_style="bold", box=None, padding=(0, 1), title="development as published (VKL, DLB*)",
              title_justify="left", title_style="bold")
    t.add_column("waves", no_wrap=True)
    t.add_column("class", justify="right", no_wrap=True)
    t.add_column("dlb", justify="right", no_wrap=True)
    for name, _ in profile.developments[0].dimensions:
        t.add_column(name, justify="right", no_wrap=True)
    for d in profile.developments:
        t.add_row(f"{d.from_jaar}→{d.to_jaar}", str(d.vklasse) if d.vklasse is not None else "—",
                  _num(d.dlb, 4, signed=True), *(_num(v, 4, signed=True) for _, v in d.dimensions))
    return [t, Text("development class 1 = strong decline … 7 = strong improvement", style="dim")]


def _print_profile(db: Database, rel: ReleaseInfo, profile: AreaProfile) -> None:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from leeftui.schema import DIMENSION_LABELS
    from leeftui.store.areas import national_label
    from leeftui.text import printable

    series, area = profile.series, profile.series.area
    dims = rel.dimensions
    t = Table(header_style="bold", box=None, padding=(0, 1))
    t.add_column("jaar", justify="right", no_wrap=True)
    t.add_column("lbm", justify="right", no_wrap=True)
    t.add_column("afw", justify="right", no_wrap=True)
    t.add_column("klasse", no_wrap=True)
    for d in dims:
        t.add_column(d, justify="right", no_wrap=True)
    if profile.gemeente:
        t.add_column("gemeente", justify="right", no_wrap=True)
    nl_label = national_label(profile.nederland.area.name) if profile.nederland else "NL"
    if profile.nederland:
        t.add_column(nl_label, justify="right", no_wrap=True)
    # LBM 2.0 has no absolute score (lbm), only the deviation: compare on what the release has
    scale = "lbm" if any(w.lbm is not None for w in series.waves) else "afw"
    derived = False
    for w in series.waves:
        mark = " ◐" if w.partial else "" if w.official else " *"
        derived = derived or not w.official
        klasse = f"{w.klasse} {w.klasse_label}" if w.klasse is not None else "—"
        row = [f"{w.jaar}{mark}", _num(w.lbm), _num(w.afw, signed=True), klasse,
               *(_num(v, signed=True) for _, v in w.dimensions)]
        for other in (profile.gemeente, profile.nederland):
            if other is not None:
                ow = other.at(w.jaar)
                row.append(_num(getattr(ow, scale) if ow else None, signed=scale == "afw"))
        t.add_row(*row)
    crumbs = " › ".join(f"{p.name} ({p.code})" if p.code != "NL" else p.name for p in profile.path)
    lines: list[RenderableType] = [Text(printable(crumbs), style="dim")]
    pop = (f"{profile.inwoners:,}".replace(",", " ") + f" inwoners ({profile.population_year}; Bron: CBS)"
           if profile.inwoners is not None else "inwoners: —")
    if profile.gemeente:
        def note(series: AreaSeries) -> str:
            return "" if series.official else " (derived, not official)"

        nl_note = note(profile.nederland) if profile.nederland else ""
        nl_name = profile.nederland.area.name if profile.nederland else "Nederland"
        lines.append(Text(printable(f"gemeente = {scale} of {profile.gemeente.area.name} ({profile.gemeente.area.code})"
                                    f"{note(profile.gemeente)}; {nl_label} = {scale} of {nl_name}{nl_note}"),
                          style="dim"))
    lines.append(Text(pop))
    if profile.sets:
        lines.append(Text(printable("sets: " + "; ".join(
            f"{n} ({s or '…'}–{e or ''})" for n, s, e in profile.sets))))
    lines.append(t)
    lines += _classes_lines(rel, series)
    lines += _development_lines(profile)
    legend = ", ".join(f"{d} = {DIMENSION_LABELS.get(d, d)}" for d in dims)
    lines.append(Text(legend, style="dim"))
    if not area.official:
        lines.append(Text("This area is derived, not official (implied by the codes of its parts).", style="yellow"))
    if derived:
        lines.append(Text("* derived, not official: computed by leeftui from the areas below.", style="yellow"))
    for w in series.waves:
        if w.partial:
            lines.append(Text(f"◐ {w.jaar}: derived from part of the area only — {w.partial}.", style="bold yellow"))
    if db.notice:
        lines.append(Text(f"{db.notice}: these are not real Leefbaarometer figures.", style="bold yellow"))
    title = f"{area.name} ({area.code}) — {area.level}"
    console = Console() if sys.stdout.isatty() else Console(width=120)
    console.print(Panel(Group(*lines), title=Text(printable(title)), subtitle=Text(printable(profile.release_label)),
                        expand=False))


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
            _print_profile(database, rel, profile)
    finally:
        database.close()


