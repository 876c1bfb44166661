"""The selection language of `leeftui export`: which areas, which waves, which columns → an Arrow table.

Two shapes, both with stable column names (documented in docs/exports.md):

- long (default): one row per area and wave — ``code, name, level, gemeente_code, jaar, lbm, afw,
  <dimensions>, klasse, klasse_label, inwoners, official``;
- wide (``compare=(a, b)``): one row per area, built on the view rows (:func:`leeftui.store.view.view_rows`) and
  renamed to ``lbm_<a>, lbm_<b>, delta_lbm, klasse_<a>, klasse_label_<b>, <dim>_<b>, delta_<dim>`` ….

No Textual here; every query takes parameters, identifiers come from fixed allow-lists.
"""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa

from leeftui.errors import EmptyResult, UsageError
from leeftui.model import columns, measures, shapes
from leeftui.model.columns import Context
from leeftui.model.conditions import filter_table, to_sql
from leeftui.model.release import ReleaseInfo
from leeftui.model.selection import SELECT_LEVELS, Selection
from leeftui.store.areas import require_area
from leeftui.store.db import Database
from leeftui.store.scope import Scope, check_wave, members_sql, resolve_scope, scope_where
from leeftui.store.search import search_areas
from leeftui.store.stats import check_set
from leeftui.store.view import ViewRequest, sort_table, view_rows
from leeftui.text import nearest

LONG_SQL = {"klasse_label": "l.label AS klasse_label"}
"""A wave field's SQL in the long format where it is not ``s.<field>`` (fixed text)."""

def wide_columns(rel: ReleaseInfo, a: int, b: int) -> tuple[str, ...]:
    """The wide format's column names for waves ``a`` and ``b``, in order (:func:`leeftui.model.columns.wide`)."""
    return tuple(c.export for c in columns.wide(Context(rel, a, b)))


def _check_level(level: str | None) -> str | None:
    if level is None:
        return None
    lv = level.strip().lower()
    if lv not in SELECT_LEVELS:
        raise UsageError(f"Unknown level '{level}'; use gemeente, wijk, buurt, pc4 or grid."
                         f"{nearest(lv, SELECT_LEVELS)}")
    return lv


def _scope(db: Database, rel: ReleaseInfo, sel: Selection) -> Scope:
    level = _check_level(sel.level)
    codes = tuple(require_area(db, rel, c).code for c in sel.areas)
    if sel.in_code is not None:
        require_area(db, rel, sel.in_code)
    if sel.set_name is not None:
        check_set(db, sel.set_name)
    if sel.search is not None:
        hits = search_areas(db, rel, sel.search, limit=200)
        if level is not None:
            hits = tuple(h for h in hits if h.level == level)
        if not hits:
            raise EmptyResult(f"No area matches the search '{sel.search}'.")
        found = tuple(h.code for h in hits)
        codes = tuple(c for c in codes if c in found) if codes else found
        if not codes:
            raise EmptyResult(f"None of the given areas matches the search '{sel.search}'.")
    if level is None and sel.in_code is None and not codes and sel.set_name is None:
        level = "gemeente"
    return Scope(parent=sel.in_code.strip().upper() if sel.in_code else None, level=level, codes=codes,
                 set_name=sel.set_name)


def _long(db: Database, rel: ReleaseInfo, sel: Selection, scope: Scope) -> pa.Table:
    waves = tuple(sel.waves) if sel.waves else rel.waves
    for w in waves:
        check_wave(rel, w)
    params: dict[str, object] = {"rel": rel.release, "wv": list(waves),
                                 "py": [rel.population_year(w) for w in waves]}
    where = scope_where(resolve_scope(db, rel, scope), params)
    if scope.set_name is not None:  # a member counts in the waves of its membership only
        where += f" AND a.code IN ({members_sql('s.jaar')})"
    fields = ", ".join(LONG_SQL.get(f, f"s.{f}") for f in shapes.wave_fields(rel))  # fixed allow-lists
    declined = ""
    if sel.declined and rel.developments:  # the development the release publishes from the first to the last wave
        first, last = min(waves), max(waves)
        measures.check_change(rel, first, last)
        params |= {"dev_a": first, "dev_b": last}
        change = {measures.change_key(rel): "dlb", "dev_class": "vklasse"}
        declined = ("WHERE code IN (SELECT code FROM developments WHERE release = $rel AND from_jaar = $dev_a AND "
                    f"to_jaar = $dev_b AND {to_sql(measures.declined(rel), params, change)})")
    elif sel.declined:  # the change from an area's first to its last wave in the selection
        score = rel.score  # fixed allow-list
        change = {measures.change_key(rel): f"(arg_max({score}, jaar) - arg_min({score}, jaar))"}
        having = to_sql(measures.declined(rel), params, change)
        declined = f"WHERE code IN (SELECT code FROM rows WHERE {score} IS NOT NULL GROUP BY code HAVING {having})"
    sql = f"""
        WITH w AS (SELECT unnest($wv) AS jaar, unnest($py) AS popyear),
        rows AS (
            SELECT a.code, coalesce(a.name, a.code) AS name, a.level, a.gemeente_code, s.jaar,
                   {fields}, p.inwoners, a.official AND s.official AS official, c.description AS partial
            FROM areas a
            JOIN scores s ON s.release = a.release AND s.code = a.code
            JOIN w ON w.jaar = s.jaar
            LEFT JOIN class_labels l ON l.klasse = s.klasse
            LEFT JOIN coverage c ON c.release = s.release AND c.code = s.code AND c.jaar = s.jaar AND c.partial
            LEFT JOIN population p ON p.code = a.code AND p.jaar = w.popyear
            WHERE {where}
        )
        SELECT * FROM rows {declined}
        ORDER BY name, code, jaar
    """
    table = db.arrow(sql, params)
    per_row = replace(sel.view_filter(), declined=False)  # a wave's own figures: its class, its score
    return filter_table(table, per_row.condition(rel), shapes.long_names(rel))


def _wide(db: Database, rel: ReleaseInfo, sel: Selection, scope: Scope) -> pa.Table:
    a, b = sel.compare  # type: ignore[misc]
    if a == b:
        raise UsageError(f"--compare needs two different waves, not {a}:{b}.")
    if sel.declined or sel.improved or sel.change_below is not None or sel.change_above is not None:
        measures.check_change(rel, a, b)
    view = view_rows(db, rel, ViewRequest(scope, a, b, sel.view_filter()))
    wide = columns.wide(Context(rel, a, b))
    return view.select([c.key for c in wide]).rename_columns([c.export for c in wide])


def _rows(db: Database, rel: ReleaseInfo, sel: Selection) -> pa.Table:
    """The rows of one selection (one ``in_code``) before sorting, columns and limit."""
    if _check_level(sel.level) == "grid":  # 100 m cells: not areas, not in view_figures (leeftui.store.grid)
        from leeftui.store.grid import grid_long, grid_wide

        table = grid_wide(db, rel, sel) if sel.compare is not None else grid_long(db, rel, sel)
    else:
        scope = _scope(db, rel, sel)
        table = _wide(db, rel, sel, scope) if sel.compare is not None else _long(db, rel, sel, scope)
    if sel.where:
        from leeftui.model.expr import compile_filter

        names = columns.export_aliases(table.column_names, rel.score)
        table = compile_filter(sel.where, table.schema, names).apply(table)
    return table


def _union(tables: list[pa.Table], long: bool) -> pa.Table:
    """The rows of several selections, each area once (below two parents that overlap), sorted by name and code
    (and wave) as one selection's rows are."""
    import pyarrow.compute as pc

    seen: list[pa.Array] = []
    kept = []
    for table in tables:
        if seen:
            table = table.filter(pc.invert(pc.is_in(table.column("code"), pa.concat_arrays(seen))))
        seen.append(table.column("code").combine_chunks())
        kept.append(table)
    keys = [("name", "ascending"), ("code", "ascending")] + ([("jaar", "ascending")] if long else [])
    return pa.concat_tables(kept).sort_by(keys)


def select(db: Database, rel: ReleaseInfo, sel: Selection) -> pa.Table:
    """Return the selected rows as an Arrow table (long, or wide with ``compare``).

    Raises UsageError (exit 2) for an unknown code, level, wave, set, column or sort column,
    naming the value and suggesting the nearest valid one; EmptyResult (exit 1) when nothing
    is selected.
    """
    if sel.waves is not None and sel.compare is not None:
        raise UsageError("Use either --waves (long format) or --compare (wide format), not both.")
    if sel.compare is None and (sel.improved or sel.change_below is not None or sel.change_above is not None):
        raise UsageError("--improved, --change-below and --change-above compare two waves: add --compare A:B.")
    if sel.limit is not None and sel.limit < 1:
        raise UsageError(f"--limit must be at least 1, not {sel.limit}.")
    if sel.compare is not None:
        for w in sel.compare:
            check_wave(rel, w)
    known = tuple(f.removeprefix("klasse_") for f in rel.class_fields)
    unknown = [n for n, _, _ in sel.dimension_classes if n not in known]
    if unknown:
        raise UsageError(f"{rel.label} has no class of '{unknown[0]}' (classes: {', '.join(known) or 'none'}).")
    if (sel.klasse is not None or sel.dimension_classes) and rel.classes_source is None:
        raise UsageError(f"--class needs class boundaries, and {rel.label} has none loaded; use a score "
                         "threshold instead (e.g. --below 3.9), or rebuild with --classes FILE.")
    parents = [p.strip() for p in (sel.in_code or "").split(",") if p.strip()]
    if len(parents) > 1:  # a province as its gemeenten: the rows below each, every area once, in the usual order
        table = _union([_rows(db, rel, replace(sel, in_code=p)) for p in parents], sel.compare is None)
    else:
        table = _rows(db, rel, sel)
    names = table.column_names
    if sel.sort:
        col = sel.sort.strip()
        desc = col.startswith("-")
        col = col.lstrip("-+")
        if col not in names:
            raise UsageError(f"Cannot sort by unknown column '{col}'.{nearest(col, names)} "
                             f"Columns: {', '.join(names)}.")
        table = sort_table(table, col, descending=desc)
    if sel.columns:
        unknown = [c for c in sel.columns if c not in names]
        if unknown:
            raise UsageError(f"Unknown column '{unknown[0]}'.{nearest(unknown[0], names)} "
                             f"Columns: {', '.join(names)}.")
        table = table.select(list(sel.columns))
    if sel.limit is not None:
        table = table.slice(0, min(sel.limit, table.num_rows))  # a limit beyond the rows (even beyond 64 bits) is all
    if table.num_rows == 0:
        raise EmptyResult(f"Nothing matches the selection ({sel.describe().removeprefix('export ')}).")
    return table
