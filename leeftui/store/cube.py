"""An in-memory cube of the whole release: every area with every wave, for instant views.

The explorer loads it once in a worker (one query, ~0.2 s on the national database); from
then on drilling down, going back, switching waves and changing scope are Arrow filters and
column picks on this table instead of queries, so a keypress costs milliseconds.

:meth:`Cube.view` returns exactly what :func:`leeftui.store.table.area_table` returns for the
same scope and waves (same columns, types, values and order; a test holds them equal).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from leeftui.store.areas import Area
from leeftui.store.db import Database
from leeftui.store.table import Scope, check_wave, resolve_scope, table_columns


@dataclass(frozen=True)
class Cube:
    """Every area of the open release with its figures in every wave (see module doc)."""

    table: pa.Table
    """One row per area, ordered by name then code: identity columns, then per wave index i
    ``lbm_i``, ``afw_i``, ``klasse_i`` and the dimension columns ``<dim>_i``, then ``inw_<year>``
    per population year, then ``spark``."""
    waves: tuple[int, ...]
    """The release's waves; wave ``waves[i]`` is column suffix ``_i``."""
    population_years: tuple[int, ...]
    """Years of the ``inw_<year>`` columns, ascending."""
    areas: dict[str, Area]
    """Every area by code (for breadcrumbs and jumps without a query)."""
    sets: dict[str, frozenset[str]]
    """Members of every area set."""
    columns: tuple[str, ...]
    """The output columns of :meth:`view` (as :func:`table_columns`)."""
    dimensions: tuple[str, ...]
    """The release's dimension columns."""

    def area(self, code: str) -> Area | None:
        """Return the area with this code, or None."""
        return self.areas.get(code.strip().upper())

    def breadcrumb(self, area: Area) -> tuple[Area, ...]:
        """The chain from Nederland down to ``area`` (inclusive)."""
        chain = [area]
        while chain[0].parent_code and chain[0].parent_code in self.areas:
            chain.insert(0, self.areas[chain[0].parent_code])
        return tuple(chain)

    def _population_year(self, wave: int) -> int | None:
        if not self.population_years:
            return None
        return min(self.population_years, key=lambda y: (abs(y - wave), y))

    def view(self, db: Database, scope: Scope, wave_a: int, wave_b: int) -> pa.Table:
        """Return the area table for ``scope`` and waves A, B (same result as ``area_table``)."""
        import pyarrow.compute as pc

        check_wave(db, wave_a)
        check_wave(db, wave_b)
        r = resolve_scope(db, scope, self.area)
        t = self.table
        mask = None

        def both(m: pa.ChunkedArray) -> pa.ChunkedArray:
            return m if mask is None else pc.and_(mask, m)

        if r.parent is not None:
            key = "gemeente_code" if r.parent_level == "gemeente" else "parent_code"
            mask = both(pc.equal(t.column(key), r.parent))
        if r.level is not None:
            mask = both(pc.equal(t.column("level"), r.level))
        if r.codes:
            mask = both(pc.is_in(t.column("code"), value_set=pa.array(r.codes)))
        if r.set_name is not None:
            mask = both(pc.is_in(t.column("code"), value_set=pa.array(sorted(self.sets.get(r.set_name, ())),
                                                                        pa.string())))
        if mask is not None:
            t = t.filter(pc.fill_null(mask, False))
        ia, ib = self.waves.index(wave_a), self.waves.index(wave_b)
        year = self._population_year(wave_b)
        n = t.num_rows

        def col(name: str) -> pa.ChunkedArray:
            return t.column(name)

        out: dict[str, pa.ChunkedArray | pa.Array] = {
            "code": col("code"), "name": col("name"), "level": col("level"), "parent_code": col("parent_code"),
            "gemeente_code": col("gemeente_code"), "gemeente_name": col("gemeente_name"),
            "official": col("official"),
            "inwoners": col(f"inw_{year}") if year is not None else pa.nulls(n, pa.int64()),
            "lbm_a": col(f"lbm_{ia}"), "afw_a": col(f"afw_{ia}"), "klasse_a": col(f"klasse_{ia}"),
            "lbm_b": col(f"lbm_{ib}"), "afw_b": col(f"afw_{ib}"), "klasse_b": col(f"klasse_{ib}"),
            "d_lbm": pc.subtract(col(f"lbm_{ib}"), col(f"lbm_{ia}")),
            "d_afw": pc.subtract(col(f"afw_{ib}"), col(f"afw_{ia}")),
        }
        for d in self.dimensions:
            out[f"{d}_b"] = col(f"{d}_{ib}")
        for d in self.dimensions:
            out[f"d_{d}"] = pc.subtract(col(f"{d}_{ib}"), col(f"{d}_{ia}"))
        out["spark"] = col("spark")
        return pa.table(out)


def load_cube(db: Database) -> Cube:
    """Run the one query that fills the cube (every area, every wave, every population year)."""
    rel = db.release
    dims = rel.dimensions  # fixed allow-list from the schema, never user input
    waves = rel.waves
    years = tuple(int(y) for (y,) in db.rows("SELECT DISTINCT jaar FROM population ORDER BY jaar"))
    params: dict[str, object] = {"rel": rel.release}
    per_wave = []
    for i, w in enumerate(waves):
        params[f"w{i}"] = w
        for c in ("lbm", "afw", "klasse", *dims):
            per_wave.append(f"any_value({c}) FILTER (WHERE jaar = $w{i}) AS {c}_{i}")
    for y in years:
        params[f"y{y}"] = y
    spark = ", ".join(f"agg.lbm_{i}" for i in range(len(waves)))
    pivot = ", ".join(per_wave)
    sql = f"""
        WITH agg AS (
            SELECT code, {pivot}, bool_and(official) AS scores_official
            FROM scores WHERE release = $rel GROUP BY code
        ), pop AS (
            SELECT code, {", ".join(f"any_value(inwoners) FILTER (WHERE jaar = $y{y}) AS inw_{y}" for y in years)
                          or "NULL AS none_"}
            FROM population GROUP BY code
        )
        SELECT a.code, coalesce(a.name, a.code) AS name, a.level, a.parent_code, a.gemeente_code,
               coalesce(g.name, a.gemeente_code) AS gemeente_name,
               a.official AND coalesce(agg.scores_official, true) AS official,
               {", ".join(f"agg.{c}_{i}" for i in range(len(waves)) for c in ("lbm", "afw", "klasse", *dims))},
               {", ".join(f"pop.inw_{y}" for y in years) + "," if years else ""}
               list_value({spark}) AS spark
        FROM areas a
        LEFT JOIN agg ON agg.code = a.code
        LEFT JOIN pop ON pop.code = a.code
        LEFT JOIN areas g ON g.release = $rel AND g.code = a.gemeente_code
        WHERE a.release = $rel
        ORDER BY name, a.code
    """
    # one thread: the pivot's per-thread hash tables roughly double its transient memory (~26 MB on
    # the national database) and the load runs in the background anyway
    threads = int(db.one("SELECT current_setting('threads')")[0])  # type: ignore[index]
    db.rows("SET threads = 1")
    try:
        table = db.arrow(sql, params)
    finally:
        db.rows(f"SET threads = {threads:d}")  # an integer read from DuckDB itself
    areas = {
        code: Area(code, name, level, parent, gemeente, bool(official))
        for code, name, level, parent, gemeente, official in db.rows(
            "SELECT code, coalesce(name, code), level, parent_code, gemeente_code, official FROM areas "
            "WHERE release = ?", [rel.release])
    }
    sets: dict[str, set[str]] = {}
    for name, code in db.rows("SELECT set_name, code FROM area_set_members"):
        sets.setdefault(name, set()).add(code)
    return Cube(table, tuple(waves), years, areas, {k: frozenset(v) for k, v in sets.items()},
                table_columns(db), tuple(dims))
