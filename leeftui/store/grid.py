"""Selections of the 100 m grid (``grid_scores``) for `leeftui export --level grid`: long or wide, in SQL.

Grid cells are not areas — no name, parent, gemeente or inhabitants — so they are not in ``view_figures``
(which holds the named areas the explorer lists): a national grid is ≈ 382,000 cells × 9 waves. Its columns follow the
areas' export with what a cell has: ``grid_id`` (as the source gives it, the key of the official grid outlines)
instead of code, name and parents.

No Textual here; every query takes parameters, identifiers come from fixed allow-lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.model import measures, shapes
from leeftui.model.columns import Column, Context
from leeftui.model.conditions import to_sql
from leeftui.model.release import ReleaseInfo
from leeftui.model.selection import Selection
from leeftui.model.sources import AtWave, Change
from leeftui.store.db import Database
from leeftui.store.scope import check_wave


def long_columns(rel: ReleaseInfo) -> tuple[str, ...]:
    """The columns of the grid's long format (one row per cell and wave)."""
    return ("grid_id", "jaar", *shapes.wave_fields(rel))


def wide_columns(rel: ReleaseInfo, a: int, b: int) -> tuple[str, ...]:
    """The columns of the grid's wide format (one row per cell, waves ``a`` and ``b`` side by side)."""
    return ("grid_id", *(c.export for c in shapes.grid(Context(rel, a, b))))


def check_selection(rel: ReleaseInfo, sel: Selection) -> None:
    """Refuse what a grid selection cannot mean, in one sentence."""
    if not rel.grid:
        raise UsageError(f"{rel.label} holds no 100 m grid cells (rebuild with the release's grid file, "
                         "e.g. 'Leefbaarometer-scores grids 2002-2022.csv').")
    for given, what in ((sel.in_code, "--in"), (sel.set_name, "--set"), (sel.search, "--search")):
        if given is not None:
            raise UsageError(f"{what} does not apply to grid cells: they have no gemeente, set or name in the "
                             "score files; select cells with --area GRID_ID, or by --class, --below or --declined.")


def _filters(rel: ReleaseInfo, sel: Selection, names: Mapping[str, str], params: dict[str, object]) -> list[str]:
    """SQL conditions of the cell, class and score filters (of the view's keys of wave B, named by ``names`` in
    the query)."""
    out = []
    if sel.areas:
        params["cells"] = [c.strip() for c in sel.areas]
        out.append(f"{names['grid_id']} IN (SELECT unnest($cells))")
    for n, _, _ in sel.dimension_classes:
        if f"klasse_{n}" not in rel.class_fields:  # checked by select(); the allow-list guards the SQL
            raise UsageError(f"{rel.label} has no class of '{n}'.")
    flags = replace(sel.view_filter(), declined=False)
    if flags.active:
        out.append(to_sql(flags.condition(rel), params, names))
    return out


def _missing_cells(rel: ReleaseInfo, sel: Selection, table: pa.Table) -> None:
    if not sel.areas:
        return
    found = set(table.column("grid_id").to_pylist())
    missing = [c for c in sel.areas if c.strip() not in found]
    if missing:
        raise UsageError(f"No grid cell '{missing[0]}' in {rel.label}" + (
            "." if sel.klasse is None and sel.below is None and not sel.dimension_classes
            else " that passes the filters."))


def grid_long(db: Database, rel: ReleaseInfo, sel: Selection) -> pa.Table:
    """Every selected cell in every selected wave (long format, :func:`long_columns`)."""
    check_selection(rel, sel)
    waves = tuple(sel.waves) if sel.waves else rel.waves
    for w in waves:
        check_wave(rel, w)
    params: dict[str, object] = {"rel": rel.release, "wv": list(waves)}
    fields = shapes.wave_fields(rel)  # fixed allow-lists from the schema
    names = {"grid_id": "g.grid_id", **{f"{f}_b": f"g.{f}" for f in fields}}
    where = " AND ".join(["g.release = $rel", "g.jaar IN (SELECT unnest($wv))", *_filters(rel, sel, names, params)])
    declined = ""
    if sel.declined:  # from a cell's first to its last wave in the selection
        score = rel.score
        change = {measures.change_key(rel): f"(arg_max({score}, jaar) - arg_min({score}, jaar))"}
        declined = (f"WHERE grid_id IN (SELECT grid_id FROM rows WHERE {score} IS NOT NULL GROUP BY grid_id "
                    f"HAVING {to_sql(measures.declined(rel), params, change)})")
    select = ", ".join("l.label AS klasse_label" if f == "klasse_label" else f"g.{f}" for f in fields)
    table = db.arrow(f"""
        WITH rows AS (
            SELECT g.grid_id, g.jaar, {select}
            FROM grid_scores g LEFT JOIN class_labels l ON l.klasse = g.klasse
            WHERE {where})
        SELECT * FROM rows {declined} ORDER BY grid_id, jaar""", params)
    _missing_cells(rel, sel, table)
    return table


def _wide_sql(col: Column) -> str:
    """A grid column of the wide format in the query: wave A's or B's figure (``a.`` / ``b.``; a class label from
    its join), or the change B − A."""
    src = col.source
    if isinstance(src, Change):
        return f"(b.{src.field} - a.{src.field})"
    assert isinstance(src, AtWave)
    return f"l{src.side}.label" if src.field == "klasse_label" else f"{src.side}.{src.field}"


def grid_wide(db: Database, rel: ReleaseInfo, sel: Selection) -> pa.Table:
    """Every selected cell with waves A and B side by side and the change (wide format, :func:`wide_columns`);
    the class and score filters apply to wave B, ``declined`` to A → B."""
    check_selection(rel, sel)
    a, b = sel.compare  # type: ignore[misc]
    if a == b:
        raise UsageError(f"--compare needs two different waves, not {a}:{b}.")
    for w in (a, b):
        check_wave(rel, w)
    params: dict[str, object] = {"rel": rel.release, "a": a, "b": b}
    cells = shapes.grid(Context(rel, a, b))
    sql_of = {c.key: _wide_sql(c) for c in cells}  # fixed text from the column model, no user input
    names = {"grid_id": "coalesce(b.grid_id, a.grid_id)", **sql_of}
    conds = _filters(rel, sel, names, params)
    if sel.declined:
        conds.append(to_sql(measures.declined(rel), params, names))
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    cols = ", ".join(["coalesce(b.grid_id, a.grid_id) AS grid_id", *(f"{sql_of[c.key]} AS {c.key}" for c in cells)])
    table = db.arrow(f"""
        SELECT {cols}
        FROM (SELECT * FROM grid_scores WHERE release = $rel AND jaar = $a) a
        FULL OUTER JOIN (SELECT * FROM grid_scores WHERE release = $rel AND jaar = $b) b USING (grid_id)
        LEFT JOIN class_labels la ON la.klasse = a.klasse
        LEFT JOIN class_labels lb ON lb.klasse = b.klasse
        {where}
        ORDER BY grid_id""", params)
    table = table.rename_columns(list(wide_columns(rel, a, b)))
    _missing_cells(rel, sel, table)
    return table
