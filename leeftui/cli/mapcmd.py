"""`leeftui map`: a choropleth of a level's areas — in the terminal, or as SVG / PNG for a report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from leeftui.atomic import special_kind
from leeftui.cli.common import DbOption, ReleaseOption, err_console
from leeftui.cli.output import open_db, parse_compare, print_notice, table_width
from leeftui.errors import UsageError

if TYPE_CHECKING:
    from leeftui.model.release import ReleaseInfo
    from leeftui.store.db import Database
    from leeftui.store.outlines import MapData


def map_cmd(
    db: DbOption = None,
    release: ReleaseOption = None,
    level: Annotated[str | None, typer.Option("--level", help="gemeente, wijk, buurt or pc4 (default: buurt; with "
                                              "--set: the set's own areas).", show_default=False)] = None,
    in_code: Annotated[str | None, typer.Option("--in", help="Only the areas below this one, e.g. GM0014, or below "
                                                "any of several: a province as its gemeenten, GM0014,GM0034.",
                                                show_default=False)] = None,
    set_name: Annotated[str | None, typer.Option("--set", help="Only members of this area set.",
                                                 show_default=False)] = None,
    search: Annotated[str | None, typer.Option("--search", help="Only areas whose name or code matches.",
                                               show_default=False)] = None,
    where: Annotated[str | None, typer.Option(
        "--where", help="Only areas for which this expression holds, over the columns of `export --compare A:B` "
                        "(e.g. 'delta_lbm < 0'; the long export's columns on a release of one wave).",
        show_default=False)] = None,
    wave: Annotated[int | None, typer.Option("--wave", help="The wave coloured (default: the latest).",
                                             show_default=False)] = None,
    compare: Annotated[str | None, typer.Option("--compare", help="Waves A:B for --by delta (default: the "
                                                "explorer's first and last wave with dimensions).",
                                                show_default=False)] = None,
    by: Annotated[str, typer.Option("--by", help="class, delta (A → B in nine bins) or a dimension (fys, onv, "
                                    "soc, vrz, won, afw: its class).")] = "class",
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write map.svg or map.png instead of "
                                               "printing it.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """A map of the areas coloured by class (red 1 … dark green 9), by change, or by a dimension's class.

    It draws any view `export` selects (--in, --set, --search, --where), with a title naming the areas."""
    from leeftui.model.selection import Selection
    from leeftui.store.scope import Scope
    from leeftui.store.select import select
    from leeftui.store.view import ViewRequest, base_rows

    database, rel = open_db(db, release)
    try:
        if compare is not None:
            wave_a, wave_b = parse_compare(compare)
        else:
            wave_a, wave_b = rel.default_waves()
            if wave is not None:
                wave_b = wave
                wave_a = min(rel.waves) if wave_b != min(rel.waves) else wave_b
        if wave_a == wave_b:
            wave_a = next((w for w in rel.waves if w != wave_b), wave_b)
        low, high = min(wave_a, wave_b), max(wave_a, wave_b)
        level = level or (None if set_name else "buurt")
        sel = Selection(level=level, in_code=in_code, set_name=set_name, search=search, where=where,
                        compare=(low, high) if low != high else None, waves=(high,) if low == high else None,
                        columns=("code",))
        codes = tuple(dict.fromkeys(select(database, rel, sel).column("code").to_pylist()))  # the export's rows
        view = base_rows(database, rel, ViewRequest(Scope(codes=codes), low, high))
        from leeftui.schema import CLASS_LABELS
        from leeftui.store.outlines import map_data

        size = None if output is not None else _terminal_size()  # images at full detail
        data = map_data(database, rel, view, by, low, high, CLASS_LABELS, size)
        title = f"{rel.label}: {_where(database, rel, level, in_code, set_name)}"
        chosen = ", ".join(p for p in (f"search {search!r}" if search else "", f"where {where}" if where else "") if p)
        provenance = [p for p in (
            database.notice, f"classes: {rel.classes_source}" if rel.classes_source and by != "delta" else "",
            f"{len(codes)} areas selected ({chosen})" if chosen else "",
            f"{data.missing} areas without an outline" if data.missing else "", data.derived) if p]
        _write(database, rel, data, title, provenance, output, force)
    finally:
        database.close()


def _where(database: Database, rel: ReleaseInfo, level: str | None, in_code: str | None, set_name: str | None) -> str:
    """The areas drawn, by name: 'buurten of Groningen (GM0014)', 'buurten of 12 gemeenten (Groningen, Haren,
    …)', 'wijken of set aandachtswijken-2007'."""
    from leeftui.schema import PLURAL
    from leeftui.store.areas import require_area

    where = PLURAL.get(level, level) if level else "areas"
    parents = [require_area(database, rel, c) for c in (in_code or "").split(",") if c.strip()]
    names = [a.name if a.name and a.name != a.code else a.code for a in parents]
    if len(parents) == 1:
        where += f" of {names[0]} ({parents[0].code})" if names[0] != parents[0].code else f" of {names[0]}"
    elif parents:
        kinds = {a.level for a in parents}
        kind = PLURAL.get(kinds.pop(), "areas") if len(kinds) == 1 else "areas"
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        where += f" of {len(parents)} {kind} ({shown})"
    if set_name:
        where += f" in set {set_name}"
    return where


def _terminal_size() -> tuple[int, int]:
    """Pixels of the map in this terminal (width, height): cells up to 160 wide, two pixels per cell down."""
    width = min(table_width(), 160)
    return width, max(10, width * 2 // 3)


def _write(database: Database, rel: ReleaseInfo, data: MapData, title: str, provenance: list[str],
           output: str | None, force: bool) -> None:
    from leeftui.present import choropleth

    codes, wkbs = [*data.context_codes, *data.codes], [*data.context_wkbs, *data.wkbs]
    what = f"Colour: {data.what}"
    if output is not None:
        from leeftui.export.files import output_path

        path = output_path(output)
        try:
            taken = path.exists() and special_kind(path) is None
        except OSError as exc:  # a name too long for the file system
            raise UsageError(f"Cannot write to {path}: {exc.strerror or exc}.") from None
        if taken and not force:
            raise UsageError(f"{path} exists; pass --force to overwrite it.")
        suffix = path.suffix.lower()
        from leeftui.present import mapfile

        if suffix == ".svg":
            body = mapfile.svg(wkbs, codes, data.classes, title, what, provenance, data.labels,
                               focus=data.extent).encode()
        elif suffix == ".png":
            body = mapfile.png(wkbs, codes, data.classes, title, what, provenance, data.labels, focus=data.extent)
        else:
            raise UsageError(f"Write the map as .svg or .png, not {path.name!r}.")
        from leeftui.export import write_file

        write_file(path, lambda fh: fh.write(body), overwrite=force)  # the export's safe writer: FIFO, symlink
        err_console.print(f"wrote {path} ({len(data.codes)} areas, {data.what})", markup=False, highlight=False)
        return
    from rich.console import Console

    console = Console(width=table_width(), highlight=False)
    plain = console.no_color or console.color_system is None
    from leeftui.text import sixteen_colours

    sixteen = sixteen_colours(console.color_system)  # the class digits on six steps of red to green
    raster = choropleth.rasterise_map(data, *_terminal_size())
    print_notice(database, rel)
    console.print(f"{title}, {data.what}", markup=False)
    console.print(choropleth.render_terminal(raster, data.classes, set(data.codes), plain=plain, sixteen=sixteen))
    unscored = any(data.classes.get(c) is None for c in data.codes)
    console.print(choropleth.legend(data.labels, plain=plain, sixteen=sixteen, no_score=unscored))
    console.print(" · ".join([*provenance, "leeftui map"]), markup=False, style="dim")
