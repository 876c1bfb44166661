"""Selections of the 100 m grid (``grid_scores``) for `leeftui export --level grid`: long or wide, in SQL.

Grid cells are not areas — no name, parent, gemeente or inhabitants — so they are not in the cube (which holds
the named areas the explorer lists): a national grid is ≈ 382,000 cells × 9 waves. Its columns follow the
areas' export with what a cell has: ``grid_id`` (as the source gives it, the key of the official grid outlines)
instead of code, name and parents.

No Textual here; every query takes parameters, identifiers come from fixed allow-lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.store.db import Database, ReleaseInfo
from leeftui.store.scope import check_wave

if TYPE_CHECKING:
    from leeftui.store.select import Selection


def long_columns(rel: ReleaseInfo) -> tuple[str, ...]:
    """The columns of the grid's long format (one row per cell and wave)."""
    r = rel
    return ("grid_id", "jaar", "lbm", "afw", *r.dimensions, "klasse", "klasse_label", *r.class_fields)


def wide_columns(rel: ReleaseInfo, a: int, b: int) -> tuple[str, ...]:
    """The columns of the grid's wide format (one row per cell, waves ``a`` and ``b`` side by side)."""
    r = rel
    return ("grid_id", f"lbm_{a}", f"afw_{a}", f"klasse_{a}", f"klasse_label_{a}",
            f"lbm_{b}", f"afw_{b}", f"klasse_{b}", f"klasse_label_{b}", "delta_lbm", "delta_afw",
            *(f"{d}_{b}" for d in r.dimensions), *(f"delta_{d}" for d in r.dimensions),
            *(f"{f}_{b}" for f in r.class_fields))


def check_selection(rel: ReleaseInfo, sel: Selection) -> None:
    """Refuse what a grid selection cannot mean, in one sentence."""
    if not rel.grid:
        raise UsageError(f"{rel.label} holds no 100 m grid cells (rebuild with the release's grid file, "
                         "e.g. 'Leefbaarometer-scores grids 2002-2022.csv').")
    for given, what in ((sel.in_code, "--in"), (sel.set_name, "--set"), (sel.search, "--search")):
        if given is not None:
            raise UsageError(f"{what} does not apply to grid cells: they have no gemeente, set or name in the "
                             "score files; select cells with --area GRID_ID, or by --class, --below or --declined.")


def _filters(rel: ReleaseInfo, sel: Selection, col: Callable[[str], str], params: dict[str, object]) -> list[str]:
    """SQL conditions of the cell, class and score filters; ``col`` names a column in the query (e.g. that of
    wave B)."""
    out = []
    if sel.areas:
        params["cells"] = [c.strip() for c in sel.areas]
        out.append(f"{col('grid_id')} IN (SELECT unnest($cells))")
    if sel.klasse is not None:
        params["klo"], params["khi"] = sel.klasse
        out.append(f"{col('klasse')} BETWEEN $klo AND $khi")
    for i, (name, lo, hi) in enumerate(sel.dimension_classes):
        field = f"klasse_{name}"
        if field not in rel.class_fields:  # checked by select(); the allow-list guards the SQL
            raise UsageError(f"{rel.label} has no class of '{name}'.")
        params[f"lo{i}"], params[f"hi{i}"] = lo, hi
        out.append(f"{col(field)} BETWEEN $lo{i} AND $hi{i}")
    if sel.below is not None:
        params["below"] = sel.below
        out.append(f"{col(rel.score)} < $below")
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
    where = " AND ".join(["g.release = $rel", "g.jaar IN (SELECT unnest($wv))",
                          *_filters(rel, sel, lambda c: f"g.{c}", params)])
    declined = (f"WHERE grid_id IN (SELECT grid_id FROM rows WHERE {rel.score} IS NOT NULL GROUP BY grid_id "
                f"HAVING arg_max({rel.score}, jaar) < arg_min({rel.score}, jaar))"
                if sel.declined else "")
    dims = "".join(f"g.{d}, " for d in rel.dimensions)  # fixed allow-lists from the schema
    classes = "".join(f", g.{f}" for f in rel.class_fields)
    table = db.arrow(f"""
        WITH rows AS (
            SELECT g.grid_id, g.jaar, g.lbm, g.afw, {dims}g.klasse, l.label AS klasse_label{classes}
            FROM grid_scores g LEFT JOIN class_labels l ON l.klasse = g.klasse
            WHERE {where})
        SELECT * FROM rows {declined} ORDER BY grid_id, jaar""", params)
    _missing_cells(rel, sel, table)
    return table


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
    score = rel.score
    conds = _filters(rel, sel, lambda c: "coalesce(b.grid_id, a.grid_id)" if c == "grid_id" else f"b.{c}", params)
    if sel.declined:
        conds.append(f"b.{score} < a.{score}")
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    dims, fields = rel.dimensions, rel.class_fields
    cols = ", ".join([
        "coalesce(b.grid_id, a.grid_id) AS grid_id",
        "a.lbm AS lbm_a", "a.afw AS afw_a", "a.klasse AS klasse_a", "la.label AS klasse_label_a",
        "b.lbm AS lbm_b", "b.afw AS afw_b", "b.klasse AS klasse_b", "lb.label AS klasse_label_b",
        "b.lbm - a.lbm AS delta_lbm", "b.afw - a.afw AS delta_afw",
        *(f"b.{d} AS {d}_b" for d in dims), *(f"b.{d} - a.{d} AS delta_{d}" for d in dims),
        *(f"b.{f} AS {f}_b" for f in fields)])
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
