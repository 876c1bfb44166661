"""A monitor report on one page (`leeftui report --set NAME`): what the figures stand on above the tables, the
tables as the CLI writes their cells, the notes below — as HTML, Markdown or PDF. The set's report is the letter's
questions for that set: the set against the rest per wave, per dimension, member by member."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pyarrow as pa

from leeftui.model.report import Report
from leeftui.present.cells import table_cell

MEMBERS_SHOWN = 15
"""Members a page lists (most improved first); the rest are counted and are in the CSV of `stats set`."""


@dataclass(frozen=True)
class Page:
    """A report cut to one page: its title, what it stands on, the tables (with what was left out), the notes."""

    title: str
    coverage: tuple[str, ...]
    tables: tuple[tuple[str, pa.Table, str], ...]
    """(name, rows shown, what was left out or '')."""
    notes: tuple[str, ...]
    notice: str
    release_label: str


def set_page(report: Report, waves: tuple[int, int], notice: str, release_label: str) -> Page:
    """The set report's page: the groups in waves A and B, the dimensions, the members (the first
    :data:`MEMBERS_SHOWN`)."""
    import pyarrow.compute as pc

    tables = []
    groups = report.tables["groups"]
    keep = groups.filter(pc.is_in(groups.column("jaar"), pa.array(list(waves), groups.schema.field("jaar").type)))
    tables.append(("groups", keep, f"waves {waves[0]} and {waves[1]} of {len(set(groups.column('jaar').to_pylist()))}"
                                   " (every wave: leeftui stats set)"))
    tables.append(("dimensions", _by_dimension(report.tables["dimensions"]), "weighted Δ from A to B per group "
                                                                             "(each figure: leeftui stats set)"))
    members = report.tables["members"]
    members = members.select([c for c in ("code", "name", "gemeente", "end_year", "counted_in_b", "lbm_a", "lbm_b",
                                          "delta_lbm") if c in members.column_names])
    cut = members.num_rows - MEMBERS_SHOWN
    tables.append(("members", members.slice(0, MEMBERS_SHOWN), f"{cut} more members (leeftui stats set --table "
                                                               "members)" if cut > 0 else ""))
    return Page(report.title, report.coverage, tuple(tables), report.notes, notice, release_label)


def cells(table: pa.Table) -> list[list[str]]:
    """The rows as text, as the CLI's tables write them."""
    return [[table_cell(name, v)[0] for name, v in row.items()] for row in table.to_pylist()]


def html(page: Page) -> str:
    """The page as one self-contained HTML file."""
    from leeftui.present.page import CSS

    demo = f'<p class="demo">{escape(page.notice)}: these are not real Leefbaarometer figures.</p>' \
        if page.notice else ""
    parts = [f"<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{escape(page.title)}</title>"
             f"<style>{CSS}</style></head><body>{demo}<h1>{escape(page.title)}</h1>"
             f'<p class="path">{escape(page.release_label)}</p><ul class="notes">'
             + "".join(f"<li>{escape(c)}</li>" for c in page.coverage) + "</ul>"]
    for name, table, left in page.tables:
        head = "".join(f"<th>{escape(c)}</th>" for c in table.column_names)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in cells(table))
        more = f'<p class="notes">{escape(left)}</p>' if left else ""
        parts.append(f"<h2>{escape(name)}</h2><table><tr>{head}</tr>{body}</table>{more}")
    parts.append('<h2>Notes</h2><ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in page.notes)
                 + "<li>made by leeftui from the Leefbaarometer open data (Ministerie van BZK)</li></ul></body></html>")
    return "\n".join(parts) + "\n"


def markdown(page: Page) -> str:
    """The page as Markdown."""
    from leeftui.present.page import md_text

    lines = [f"> **{md_text(page.notice)}**: these are not real Leefbaarometer figures.", ""] if page.notice else []
    lines += [f"# {md_text(page.title)}", "", md_text(page.release_label), ""]
    lines += [f"- {md_text(c)}" for c in page.coverage]
    for name, table, left in page.tables:
        lines += ["", f"## {md_text(name)}", "", "| " + " | ".join(map(md_text, table.column_names)) + " |",
                  "|" + "|".join("---" for _ in table.column_names) + "|"]
        lines += ["| " + " | ".join(map(md_text, row)) + " |" for row in cells(table)]
        if left:
            lines += ["", md_text(left)]
    lines += ["", "## Notes", ""] + [f"- {md_text(n)}" for n in page.notes]
    lines.append("- made by leeftui from the Leefbaarometer open data (Ministerie van BZK)")
    return "\n".join(lines) + "\n"


def _by_dimension(dimensions: pa.Table) -> pa.Table:
    """The dimension table with a row per dimension and a column per group: its weighted change A → B."""
    groups = list(dict.fromkeys(dimensions.column("group").to_pylist()))
    names = list(dict.fromkeys(dimensions.column("dimension").to_pylist()))
    change = {(r["group"], r["dimension"]): r["weighted_delta"] for r in dimensions.to_pylist()}
    columns: dict[str, list[object]] = {"dimension": list(names)}
    for g in groups:
        columns[f"delta {g}"] = [change.get((g, n)) for n in names]
    return pa.table(columns)
