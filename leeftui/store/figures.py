"""The one definition of a view's rows, read per view from ``view_figures``.

:func:`view_table` asks DuckDB for the rows of one scope and only the columns the view's columns are computed
from (the table is one row per area per release with the waves as columns, written by the rebuild:
:mod:`leeftui.ingest.figures`), then computes each column of :func:`leeftui.model.columns.view_columns` from its
declared source. Every list of areas leeftui shows or exports goes through here — the explorer's list (one query
per view, in a worker), its export and copy, ``--compare``, the map, the report and the screens built on them.
Change the definition here and all of them change.
"""

from __future__ import annotations

import pyarrow as pa

from leeftui.model import measures
from leeftui.model.columns import Column, Context, view_columns
from leeftui.model.release import ReleaseInfo
from leeftui.model.sources import AtWave, Change, Identity, Population, Published, Trend
from leeftui.store.db import Database
from leeftui.store.scope import ResolvedScope, Scope, check_wave, resolve_scope, scope_where

TABLE = "view_figures"


def view_table(db: Database, rel: ReleaseInfo, scope: Scope | ResolvedScope, wave_a: int, wave_b: int) -> pa.Table:
    """The rows of a view: one per area in ``scope`` (a set's members only where they count in ``wave_b``), waves A
    and B side by side, the columns of :func:`view_columns` in their order. NULL where a value is missing, never 0.
    Ordered by name, then code. Raises UsageError for an unknown area, level or wave."""
    check_wave(rel, wave_a)
    check_wave(rel, wave_b)
    r = scope if isinstance(scope, ResolvedScope) else resolve_scope(db, rel, scope)
    waves = {"a": wave_a, "b": wave_b}
    year = rel.population_year(wave_b)
    columns = view_columns(Context(rel, wave_a, wave_b, year))
    params: dict[str, object] = {"rel": rel.release}
    if r.set_name is not None:
        params["wave_b"] = wave_b  # a set's members count in wave B
    needed = _needed(rel, columns, waves, year)
    t = db.arrow(f"SELECT {', '.join(needed)} FROM {TABLE} a WHERE {scope_where(r, params, wave='$wave_b')} "
                 "ORDER BY a.ord", params)
    out: dict[str, pa.ChunkedArray | pa.Array] = {}
    for col in columns:
        src = col.source
        if isinstance(src, Identity):
            out[col.key] = t.column(src.stored or col.key)
        elif isinstance(src, AtWave):
            out[col.key] = t.column(f"{src.field}_{waves[src.side]}")
        elif isinstance(src, Population):
            out[col.key] = (t.column(f"{src.field}_{year}") if year is not None
                            else pa.nulls(t.num_rows, pa.int64()))
        elif isinstance(src, Trend):
            out[col.key] = t.column("spark")
        elif isinstance(src, Change):
            out[col.key] = measures.change(t.column(f"{src.field}_{wave_b}"), t.column(f"{src.field}_{wave_a}"))
        elif isinstance(src, Published):
            name = f"{src.field}_{wave_a}_{wave_b}"
            out[col.key] = t.column(name) if name in t.column_names else pa.nulls(t.num_rows, col.arrow_type())
        else:
            out[col.key] = src.compute({k: out[k] for k in src.needs})
    return pa.table(out)


def _needed(rel: ReleaseInfo, columns: tuple[Column, ...], waves: dict[str, int], year: int | None) -> list[str]:
    """The columns of ``view_figures`` the view's columns are computed from (names from the column model's
    allow-list and the release's own wave and population years)."""
    wanted: list[str] = []
    for col in columns:
        src = col.source
        if isinstance(src, Identity):
            wanted.append(src.stored or col.key)
        elif isinstance(src, AtWave):
            wanted.append(f"{src.field}_{waves[src.side]}")
        elif isinstance(src, Population) and year is not None:
            wanted.append(f"{src.field}_{year}")
        elif isinstance(src, Trend):
            wanted.append("spark")
        elif isinstance(src, Change):
            wanted += [f"{src.field}_{waves['a']}", f"{src.field}_{waves['b']}"]
        elif isinstance(src, Published) and (waves["a"], waves["b"]) in rel.developments:
            wanted.append(f"{src.field}_{waves['a']}_{waves['b']}")
    return list(dict.fromkeys(wanted))
