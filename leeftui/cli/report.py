"""`leeftui report`: one page about an area (CODE or name) or an area set (--set), as HTML (one self-contained
file), Markdown or PDF — by the suffix of -o; Markdown to stdout without -o."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from leeftui.cli.common import DbOption, ReleaseOption, err_console
from leeftui.cli.output import ForceOption, open_db
from leeftui.errors import UsageError

if TYPE_CHECKING:
    from leeftui.model.release import ReleaseInfo
    from leeftui.store.db import Database

def report_cmd(
    code: Annotated[str | None, typer.Argument(help="The area: a code (BU00140000) or a name.",
                                               show_default=False)] = None,
    set_name: Annotated[str | None, typer.Option("--set", help="A page about this area set instead: the set against "
                                                 "the rest, per dimension, member by member.",
                                                 show_default=False)] = None,
    compare: Annotated[str | None, typer.Option("--compare", help="With --set: waves A:B (default: the explorer's).",
                                                show_default=False)] = None,
    output: Annotated[str | None, typer.Option("-o", "--output", help="report.html, report.md or report.pdf "
                                               "(default: Markdown to stdout).", show_default=False)] = None,
    force: ForceOption = False,
    db: DbOption = None,
    release: ReleaseOption = None,
) -> None:
    """One page about an area (or a set): map, score and class per wave, dimensions, residents, sets, ranks, and
    what every figure stands on."""
    if (code is None) == (set_name is None):
        raise UsageError("Give an area (leeftui report BU00140000 -o page.html) or a set (--set NAME), not both.")
    kind = "markdown"
    path = None
    if output not in (None, "-"):
        from leeftui.export.files import output_path
        from leeftui.present.pagefile import KINDS

        path = output_path(output)
        kind = KINDS.get(path.suffix.lower(), "")
        if not kind:
            raise UsageError(f"Write the report as .html, .md or .pdf, not {path.name!r}.")
    database, rel = open_db(db, release)
    try:
        if set_name is not None:
            body = _set_page(database, rel, set_name, compare, kind)
        else:
            from leeftui.cli.show import resolve_name
            from leeftui.present.pagefile import render
            from leeftui.store.sheet import area_sheet

            body = render(area_sheet(database, rel, resolve_name(database, rel, code or "")), kind)
    finally:
        database.close()
    if path is None:
        typer.echo(body.decode("utf-8"), nl=False)
        return
    from leeftui.export import write_file

    write_file(path, lambda fh: fh.write(body), overwrite=force)
    err_console.print(f"wrote {path}", markup=False, highlight=False)


def _set_page(database: Database, rel: ReleaseInfo, name: str, compare: str | None, kind: str) -> bytes:
    from leeftui.cli.output import parse_compare
    from leeftui.present import reportpage
    from leeftui.store.monitor import set_report

    waves = parse_compare(compare) if compare else rel.default_waves()
    report = set_report(database, rel, name, *waves)
    page = reportpage.set_page(report, waves, database.notice, rel.label)
    if kind == "pdf":
        from leeftui.present.sheetpdf import page_pdf

        return page_pdf(page)
    return (reportpage.html(page) if kind == "html" else reportpage.markdown(page)).encode("utf-8")
