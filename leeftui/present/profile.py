"""An area's profile drawn: the detail panel's compact or roomy layout, and `leeftui show`'s whole panel — one
presentation of :class:`leeftui.model.profile.AreaProfile` (its score is the release's: lbm, or afw for LBM 2.0)."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from leeftui.model.profile import AreaProfile, AreaSeries
from leeftui.present import fmt
from leeftui.present.charts import line_chart
from leeftui.schema import DIMENSION_LABELS
from leeftui.text import printable

LEVEL_NL = {"nederland": "land", "gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}


def _wave_table(s: AreaSeries, waves: tuple[int, ...], wave_a: int, wave_b: int, has_classes: bool,
                score: str = "lbm") -> Table:
    with_score = score == "lbm"  # LBM 2.0 has no absolute score: afw is its score column
    t = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    t.add_column("wave", no_wrap=True, min_width=6)
    if with_score:
        t.add_column("score", justify="right", no_wrap=True, min_width=6)
    t.add_column("afw", justify="right", no_wrap=True, min_width=6)
    t.add_column("class", no_wrap=True)
    for w in waves:
        ws = s.at(w)
        mark = "A" if w == wave_a else ("B" if w == wave_b else "")
        if ws is None:
            t.add_row(f"{w} {mark}", *([fmt.NA] * (3 if with_score else 2)))
            continue
        if ws.klasse is not None:
            label = fmt.SHORT_LABELS.get(ws.klasse_label or "", ws.klasse_label or "")
            klass = Text.assemble((f" {ws.klasse} ", fmt.class_style(ws.klasse)), f" {label}")
        else:
            klass = Text(fmt.NA)
        derived = "" if ws.official else "≈"
        if with_score:
            t.add_row(f"{w} {mark}", f"{derived}{fmt.score(ws.lbm)}", fmt.signed(ws.afw), klass)
        else:
            t.add_row(f"{w} {mark}", f"{derived}{fmt.signed(ws.afw)}", klass)
    return t


def _dim_table(p: AreaProfile, wave: int) -> Table:
    own = p.series.at(wave)
    gm = p.gemeente.at(wave) if p.gemeente else None
    nl = p.nederland.at(wave) if p.nederland else None
    vals = dict(own.dimensions) if own else {}
    gvals = dict(gm.dimensions) if gm else {}
    nvals = dict(nl.dimensions) if nl else {}
    t = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    t.add_column(f"dimension {wave}")
    t.add_column("−.3  0  +.3", justify="center")  # one scale for every area (fmt.DIMENSION_SCALE)
    t.add_column("area", justify="right")
    if p.gemeente:
        t.add_column("gem.", justify="right")
    if p.nederland:
        t.add_column(national_label(p.nederland.area.name), justify="right")
    for dim, _ in (own.dimensions if own else ()):
        v = vals.get(dim)
        row: list[RenderableType] = [DIMENSION_LABELS.get(dim, dim),
                                     Text(fmt.zero_bar(v, half=5), style="green" if (v or 0) >= 0 else "red"),
                                     fmt.signed(v)]
        if p.gemeente:
            row.append(fmt.signed(gvals.get(dim)))
        if p.nederland:
            row.append(fmt.signed(nvals.get(dim)))
        t.add_row(*row)
    if own and all(v is None for _, v in own.dimensions):
        t.add_row(f"no dimension scores in {wave}", "", "")
    return t


def score_text(score: str) -> Callable[[float | None], str]:
    """How the release's score reads: lbm with three decimals, LBM 2.0's afw signed."""
    return fmt.score if score == "lbm" else fmt.signed


def national_label(name: str) -> str:
    """Column label of the national figure: 'NL' for Nederland, 'all' for a mean over part of the country
    (named 'all loaded areas (…)' by the build)."""
    return "NL" if name == "Nederland" else "all"


def render_profile(p: AreaProfile, waves: tuple[int, ...], wave_a: int, wave_b: int, classes_source: str | None,
                   wide: bool, row: bool = False) -> RenderableType:
    """Everything the panel shows about one area; ``classes_source`` says where the class bounds came from.
    ``wide``: the roomy layout (the panel fills the screen); ``row``: a wide, low panel below the list — the
    figures on the left, the chart and the waves on the right."""
    has_classes = classes_source is not None
    a = p.series.area
    where = ""
    if len(p.path) >= 2 and a.level != "gemeente":
        where = f" in {printable(p.path[-2].name)}"
    head = Text.assemble((printable(a.name), "bold"),
                         f"  {printable(a.code)} · {LEVEL_NL.get(a.level, a.level)}{where}")
    status = Text()
    b_wave = p.series.at(wave_b)
    partial = b_wave.partial if b_wave is not None else None
    if partial:
        status.append(f"◐ {partial}", style="bold yellow")
        status.append(f" ({wave_b}; derived by leeftui, not published)")
    elif p.series.area.official and (b_wave is None or b_wave.official):
        status.append(f"official figure {wave_b}", style="green")
        if p.series.derived_waves():
            status.append(f" (derived in {', '.join(map(str, p.series.derived_waves()))})")
    else:
        status.append(f"≈ derived {wave_b}", style="bold yellow")
        status.append(" — computed by leeftui from its parts, not published")
    # the same figure as the list's column: the release's CBS year for wave B
    year, count = p.inwoners_at(wave_b)
    if count is not None:
        status.append(f" · inwoners {year}: {fmt.inwoners(count)}")
    else:
        status.append(" · inwoners unknown")
    parts: list[RenderableType] = [head, status]
    for name, start, end in p.sets:
        span = f" {start or ''}–{end or ''}" if (start or end) else ""
        parts.append(Text(f"in area set {name}{span}", style="italic"))
    b = p.series.at(wave_b)
    shown = score_text(p.score)  # LBM 2.0: afw, its only score
    if b is not None:
        vb = p.value(b)
        txt, sty = fmt.delta(p.change(wave_a, wave_b))
        what = "" if p.score == "lbm" else "afw "
        since = "  Δ since " if p.score == "lbm" else "  Δrel since "  # LBM 2.0: relative, no decline by itself
        line = Text.assemble(f"{what}{wave_b}: ", (shown(vb), "bold"), since, f"{wave_a}: ", (txt, sty))
        if p.nederland and (nb := p.value(p.nederland.at(wave_b))) is not None:
            line.append(f"  ({national_label(p.nederland.area.name)} {shown(nb)})", style="dim")
        parts.append(line)
    dev = next((d for d in p.developments if (d.from_jaar, d.to_jaar) == (wave_a, wave_b)), None)
    if dev is not None:  # LBM 2.0 publishes its own development figures between waves
        parts.append(Text.assemble(f"development {wave_a}→{wave_b} as published: class ",
                                   (str(dev.vklasse) if dev.vklasse is not None else fmt.NA, "bold"),
                                   " of 7", f", dlb {fmt.signed(dev.dlb)}" if dev.dlb is not None else ""))
    dims = _dim_table(p, wave_b)
    parts += [Text(""), dims]
    chart = line_chart(waves, [p.value(p.series.at(w)) for w in waves], width=30 if wide else 36, height=5,
                       label=shown)
    wave_t = _wave_table(p.series, waves, wave_a, wave_b, has_classes, p.score)
    right: list[RenderableType] = []
    if row:
        right = [chart, wave_t]
    elif wide:
        grid = Table.grid(padding=(0, 2))
        grid.add_row(wave_t, chart)
        parts += [Text(""), grid]
    else:
        parts += [Text(""), chart, Text(""), wave_t]
    if not has_classes:
        parts.append(Text("class —: no class boundaries loaded", style="dim"))
    else:
        if b is not None and any(k is not None for _, k in b.classes):
            line = Text(f"classes {wave_b}:")
            for name, k in b.classes:
                line.append(f" {name} ")
                line.append(fmt.NA if k is None else f" {k} ", style=fmt.class_style(k))
            parts.insert(parts.index(dims) + 1, line)
        parts.append(Text(f"classes: {classes_source}", style="dim"))
    if p.afw_reference and (wide or row):
        parts.append(Text(p.afw_reference, style="dim"))
    if right:
        grid = Table.grid(padding=(0, 3))
        grid.add_row(Group(*parts), Group(*right))
        return grid
    return Group(*parts)


def _classes_lines(classes_source: str | None, series: AreaSeries, width: int | None) -> list[RenderableType]:
    """Where the classes come from, and the class of afw and each dimension per wave (LBM 3.0)."""
    source = classes_source
    out: list[RenderableType] = [Text(f"classes: {source or 'none loaded'}", style="dim")]
    with_classes = [w for w in series.waves if any(k is not None for _, k in w.classes)]
    if with_classes:
        names = ["jaar", *(name for name, _ in with_classes[0].classes)]
        rows = [[str(w.jaar), *("—" if k is None else str(k) for _, k in w.classes)] for w in with_classes]
        out += _fitted(names, rows, [True] * len(names), width, "class of afw and of each dimension")
    return out


def _development_lines(profile: AreaProfile, width: int | None) -> list[RenderableType]:
    """The published developments between waves (LBM 2.0): class 1–7 and the DLB scores."""
    if not profile.developments:
        return []
    names = ["waves", "class", "dlb", *(name for name, _ in profile.developments[0].dimensions)]
    rows = [[f"{d.from_jaar}→{d.to_jaar}", str(d.vklasse) if d.vklasse is not None else "—", fmt.signed(d.dlb, 4),
             *(fmt.signed(v, 4) for _, v in d.dimensions)] for d in profile.developments]
    return [*_fitted(names, rows, [False, *[True] * (len(names) - 1)], width, "development as published (VKL, DLB*)"),
            Text("development class 1 = strong decline … 7 = strong improvement", style="dim")]


def _fitted(names: list[str], rows: list[list[str]], numeric: list[bool], width: int | None,
            title: str | None = None) -> list[RenderableType]:
    """A table with the columns that fit ``width`` (numbers whole or left out), and a line naming those left out."""
    from leeftui.present.tables import left_out_note, plain_table

    table, left = plain_table(names, rows, numeric, width, title)
    return [table, Text(left_out_note(left), style="dim")] if left else [table]


def profile_panel(profile: AreaProfile, dimensions: tuple[str, ...], classes_source: str | None,
                  notice: str = "", width: int | None = None) -> Panel:
    """The whole profile as `leeftui show` prints it: every wave with its class and dimensions beside the score of
    its gemeente and of Nederland, the classes of afw and each dimension, the published developments, and what
    every figure stands on (derived, partial, the classes' source, the demo notice)."""
    series, area = profile.series, profile.series.area
    dims = dimensions
    inner = width - 4 if width is not None else None  # the panel's border and padding
    nl_label = national_label(profile.nederland.area.name) if profile.nederland else "NL"
    names = ["jaar", "lbm", "afw", "klasse", *dims, *(["gemeente"] if profile.gemeente else []),
             *([nl_label] if profile.nederland else [])]
    rows: list[list[str]] = []
    scale = profile.score  # LBM 2.0 has no absolute score (lbm), only the deviation: compare on what it has
    derived = False
    for w in series.waves:
        mark = " ◐" if w.partial else "" if w.official else " *"
        derived = derived or not w.official
        klasse = f"{w.klasse} {w.klasse_label}" if w.klasse is not None else "—"
        row = [f"{w.jaar}{mark}", fmt.score(w.lbm), fmt.signed(w.afw), klasse,
               *(fmt.signed(v) for _, v in w.dimensions)]
        for other in (profile.gemeente, profile.nederland):
            if other is not None:
                row.append(score_text(scale)(profile.value(other.at(w.jaar))))
        rows.append(row)
    numeric = [n != "klasse" for n in names]  # the wave with its mark (◐, *) stays whole too: it names the row
    crumbs = " › ".join(f"{p.name} ({p.code})" if p.code != "NL" else p.name for p in profile.path)
    lines: list[RenderableType] = [Text(printable(crumbs), style="dim")]
    pop = (fmt.inwoners(profile.inwoners) + f" inwoners ({profile.population_year}; Bron: CBS)"
           if profile.inwoners is not None else "inwoners: —")
    if profile.gemeente:
        def note(series: AreaSeries) -> str:
            said = series.provenance()
            return f" ({said})" if said else ""

        nl_note = note(profile.nederland) if profile.nederland else ""
        nl_name = profile.nederland.area.name if profile.nederland else "Nederland"
        lines.append(Text(printable(f"gemeente = {scale} of {profile.gemeente.area.name} ({profile.gemeente.area.code})"
                                    f"{note(profile.gemeente)}; {nl_label} = {scale} of {nl_name}{nl_note}"),
                          style="dim"))
    lines.append(Text(pop))
    if profile.name_from:
        lines.append(Text(printable(f"name from {profile.name_from} (the release's files give codes only)"),
                          style="dim"))
    if profile.afw_reference:
        lines.append(Text(profile.afw_reference, style="dim"))
    if profile.sets:
        lines.append(Text(printable("sets: " + "; ".join(
            f"{n} ({s or '…'}–{e or ''})" for n, s, e in profile.sets))))
    lines += _fitted(names, rows, numeric, inner)
    lines += _classes_lines(classes_source, series, inner)
    lines += _development_lines(profile, inner)
    legend = ", ".join(f"{d} = {DIMENSION_LABELS.get(d, d)}" for d in dims)
    lines.append(Text(legend, style="dim"))
    if not area.official:
        lines.append(Text("This area is derived, not official (implied by the codes of its parts).", style="yellow"))
    if derived:
        lines.append(Text("* derived, not official: computed by leeftui from the areas below.", style="yellow"))
    for w in series.waves:
        if w.partial:
            lines.append(Text(f"◐ {w.jaar}: derived from part of the area only — {w.partial}.", style="bold yellow"))
    if notice:
        lines.append(Text(f"{notice}: these are not real Leefbaarometer figures.", style="bold yellow"))
    title = f"{area.name} ({area.code}) — {area.level}"
    return Panel(Group(*lines), title=Text(printable(title)), subtitle=Text(printable(profile.release_label)),
                 expand=False)
