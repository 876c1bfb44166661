"""The cube: areas with their figures in every wave, and the one definition of a view's rows.

:func:`load_cube` fills it (an identity query, then the figures a few waves per query): every area of
a scope with, per wave, its score, deviation, class, class label and dimension scores, and its
inhabitants per population year. Every list of areas leeftui shows or exports is :meth:`Cube.view` of a
cube — the explorer's list (on a cube of the whole release, loaded once in the background, so
drilling down, going back, switching waves and scopes are Arrow filters of milliseconds), the export
of that list, the CLI's ``--compare`` selection (through :func:`leeftui.store.view.base_rows`: a cube
of just the selected scope and two waves) and the screens built on them. Change the definition here
and all of them change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from leeftui.model import measures
from leeftui.model.area import Area
from leeftui.model.columns import Column, Context, view_columns
from leeftui.model.release import ReleaseInfo
from leeftui.model.sources import AtWave, Change, Identity, Population, Published, Trend
from leeftui.store.db import Database
from leeftui.store.scope import OF_RELEASE, ResolvedScope, Scope, check_wave, counts_in, resolve_scope, scope_where


@dataclass(frozen=True)
class Cube:
    """Areas with their figures in every wave (see the module doc)."""

    release: ReleaseInfo
    """The release the cube holds (a cube never mixes releases)."""
    table: pa.Table
    """One row per area, ordered by name then code: identity columns, then per loaded wave index i
    ``lbm_i``, ``afw_i``, ``klasse_i``, ``klasse_label_i`` and the dimension columns ``<dim>_i``,
    then ``inw_<year>`` and ``hh_<year>`` (inhabitants, households) per population year of the release, then
    ``spark`` (the release's score over all waves: lbm, or afw for
    LBM 2.0)."""
    waves: tuple[int, ...]
    """The release's waves; wave ``waves[i]`` is column suffix ``_i``."""
    loaded: tuple[int, ...]
    """The waves whose figures the table holds (all of them, or the two of one comparison)."""
    population_years: tuple[int, ...]
    """Years of the ``inw_<year>`` columns, ascending."""
    dimensions: tuple[str, ...]
    """The release's dimension columns."""
    scope: ResolvedScope | None
    """The scope the table was restricted to; None for the whole release."""
    areas: dict[str, Area]
    """Every area of the release by code (whole-release cubes only; empty otherwise)."""
    sets: dict[str, dict[str, tuple[int | None, int | None]]]
    """Members of every area set in this release, each with its start and end year (whole-release cubes and
    cubes of a set scope; empty otherwise)."""

    def area(self, code: str) -> Area | None:
        """Return the area with this code, or None (a whole-release cube answers without a query)."""
        return self.areas.get(code.strip().upper())

    def breadcrumb(self, area: Area) -> tuple[Area, ...]:
        """The chain from Nederland down to ``area`` (inclusive)."""
        chain = [area]
        while chain[0].parent_code and chain[0].parent_code in self.areas:
            chain.insert(0, self.areas[chain[0].parent_code])
        return tuple(chain)

    def population_year(self, wave: int) -> int | None:
        """The population year used for ``wave`` (:meth:`ReleaseInfo.population_year`)."""
        return self.release.population_year(wave)

    def _rows_in(self, r: ResolvedScope, columns: list[str], wave: int) -> pa.Table:
        """``columns`` of the rows of scope ``r`` (only those columns are copied by the filter: a view of all
        buurten then copies its two waves, not all nine — ≈ 10 MB less at the explorer's peak nationally); a
        set's members only where they count in ``wave`` (a member that left is in no view after its end)."""
        t = self.table.select(columns)
        import pyarrow.compute as pc

        if self.scope is not None:
            if r != self.scope:
                raise ValueError("a cube loaded for one scope cannot show another")
            if r.set_name is None:
                return t  # the query already kept exactly these rows
            return t.filter(pc.is_in(t.column("code"), value_set=self._counted(r.set_name, wave)))
        masks = []
        if r.parent is not None:
            key = "gemeente_code" if r.parent_level == "gemeente" else "parent_code"
            masks.append(pc.equal(t.column(key), r.parent))
        if r.level is not None:
            masks.append(pc.equal(t.column("level"), r.level))
        if r.codes:
            masks.append(pc.is_in(t.column("code"), value_set=pa.array(r.codes, pa.string())))
        if r.set_name is not None:
            masks.append(pc.is_in(t.column("code"), value_set=self._counted(r.set_name, wave)))
        if not masks:
            return t
        mask = masks[0]
        for m in masks[1:]:
            mask = pc.and_(mask, m)
        return t.filter(pc.fill_null(mask, False))

    def _counted(self, name: str, wave: int) -> pa.Array:
        return pa.array(sorted(c for c, (start, end) in self.sets.get(name, {}).items()
                               if counts_in(start, end, wave)), pa.string())

    def view(self, db: Database, scope: Scope, wave_a: int, wave_b: int) -> pa.Table:
        """The rows of a view: one per area in ``scope``, waves A and B side by side, the columns of
        :func:`leeftui.model.columns.view_columns` in their order, each computed from its declared source. NULL
        where a value is missing, never 0. Ordered by name, then code."""
        rel = self.release
        check_wave(rel, wave_a)
        check_wave(rel, wave_b)
        if wave_a not in self.loaded or wave_b not in self.loaded:
            raise ValueError(f"this cube holds the waves {self.loaded}, not {wave_a} and {wave_b}")
        r = resolve_scope(db, rel, scope, self.area if self.areas else None)
        index = {"a": self.waves.index(wave_a), "b": self.waves.index(wave_b)}
        year = self.population_year(wave_b)
        columns = view_columns(Context(rel, wave_a, wave_b, year))
        t = self._rows_in(r, self._needed(columns, index, year, (wave_a, wave_b), self.table.column_names), wave_b)
        out: dict[str, pa.ChunkedArray | pa.Array] = {}
        for col in columns:
            src = col.source
            if isinstance(src, Identity):
                out[col.key] = t.column(src.cube or col.key)
            elif isinstance(src, AtWave):
                out[col.key] = t.column(f"{src.field}_{index[src.side]}")
            elif isinstance(src, Population):
                out[col.key] = (t.column(f"{src.field}_{year}") if year is not None
                                else pa.nulls(t.num_rows, pa.int64()))
            elif isinstance(src, Trend):
                out[col.key] = t.column("spark")
            elif isinstance(src, Change):
                out[col.key] = measures.change(t.column(f"{src.field}_{index['b']}"),
                                               t.column(f"{src.field}_{index['a']}"))
            elif isinstance(src, Published):
                name = f"{src.field}_{wave_a}_{wave_b}"
                out[col.key] = (t.column(name) if name in t.column_names
                                else pa.nulls(t.num_rows, col.arrow_type()))
            else:
                out[col.key] = src.compute({k: out[k] for k in src.needs})
        return pa.table(out)

    @staticmethod
    def _needed(columns: tuple[Column, ...], index: dict[str, int], year: int | None, pair: tuple[int, int],
                held: list[str]) -> list[str]:
        """The cube's columns the view's columns are computed from."""
        wanted: list[str] = []
        for col in columns:
            src = col.source
            if isinstance(src, Identity):
                wanted.append(src.cube or col.key)
            elif isinstance(src, AtWave):
                wanted.append(f"{src.field}_{index[src.side]}")
            elif isinstance(src, Population) and year is not None:
                wanted.append(f"{src.field}_{year}")
            elif isinstance(src, Trend):
                wanted.append("spark")
            elif isinstance(src, Change):
                wanted += [f"{src.field}_{index['a']}", f"{src.field}_{index['b']}"]
            elif isinstance(src, Published) and f"{src.field}_{pair[0]}_{pair[1]}" in held:
                wanted.append(f"{src.field}_{pair[0]}_{pair[1]}")
        return list(dict.fromkeys(wanted))


WAVES_PER_QUERY = 2
"""Waves fetched per query when a cube is filled. Consecutive joins keep every earlier join's columns in
the next join's hash table, so all nine waves in one query peak at ≈ 100 MB on national data; two at a
time keep each query small, and a cube for one comparison (two waves) needs one such query."""


def _sql(rel: ReleaseInfo, scope: ResolvedScope | None, params: dict[str, object], columns: list[str],
         joins: list[str], ctes: tuple[str, ...] = ()) -> str:
    """``columns`` of every area of the scope, in name, code order (every query that fills one cube lists
    the same areas in the same order, so their columns stand side by side)."""
    params["rel"] = rel.release
    where = scope_where(scope, params) if scope is not None else "a.release = $rel"
    return f"""
        WITH lab AS (SELECT list(label ORDER BY klasse) AS labels FROM class_labels),
        sel AS (SELECT a.code FROM areas a WHERE {where}) {"".join(f", {c}" for c in ctes)}
        SELECT {", ".join(columns)} FROM areas a CROSS JOIN lab {" ".join(joins)}
        WHERE {where} ORDER BY coalesce(a.name, a.code), a.code
    """


def _join_wave(i: int, wave: int, params: dict[str, object], scoped: bool) -> str:
    """A LEFT JOIN of one wave's scores as ``s<i>``; for a scope, of only the scope's areas (a small hash
    table for a small scope, instead of one over every area of the release)."""
    params[f"w{i}"] = wave
    only = " AND code IN (SELECT code FROM sel)" if scoped else ""
    return (f"LEFT JOIN (SELECT * FROM scores WHERE release = $rel AND jaar = $w{i}{only}) s{i} "
            f"ON s{i}.code = a.code")


def _identity_sql(db: Database, rel: ReleaseInfo, scope: ResolvedScope | None, years: tuple[int, ...],
                  waves: tuple[int, ...], params: dict[str, object]) -> str:
    """Names, parents, official (area and every score), inhabitants per year, and the trend: lbm per wave
    from one grouped scan of the scope's scores; with them the figures of ``waves`` (see :func:`_wave_parts`)."""
    for i, w in enumerate(rel.waves):
        params[f"w{i}"] = w
    score = rel.score  # lbm, or afw for LBM 2.0 (a fixed allow-list)
    spark = ", ".join(f"any_value({score}) FILTER (WHERE jaar = $w{i})" for i in range(len(rel.waves)))
    only = " AND code IN (SELECT code FROM sel)" if scope is not None else ""
    trend = (f"trend AS (SELECT code, list_value({spark}) AS spark, bool_and(official) AS scores_official "
             f"FROM scores WHERE release = $rel{only} GROUP BY code)")
    joins = ["LEFT JOIN trend ON trend.code = a.code",
             "LEFT JOIN areas g ON g.release = a.release AND g.code = a.gemeente_code"]
    for y in years:
        params[f"y{y}"] = y
        joins.append(f"LEFT JOIN population p{y} ON p{y}.code = a.code AND p{y}.jaar = $y{y}")
    wave_columns, wave_joins = _wave_parts(rel, scope, waves, params)
    columns = ["a.code", "coalesce(a.name, a.code) AS name", "a.level", "a.parent_code", "a.gemeente_code",
               "coalesce(g.name, a.gemeente_code) AS gemeente_name",
               "a.official AND coalesce(trend.scores_official, true) AS official", *wave_columns,
               *(f"p{y}.inwoners AS inw_{y}" for y in years), *(f"p{y}.huishoudens AS hh_{y}" for y in years),
               "trend.spark"]
    return _sql(rel, scope, params, columns, [*joins, *wave_joins], (trend,))


def _wave_parts(rel: ReleaseInfo, scope: ResolvedScope | None, waves: tuple[int, ...],
                params: dict[str, object]) -> tuple[list[str], list[str]]:
    """Columns and joins for every figure of ``waves``: score, deviation, class and its label, the dimensions.

    Identifiers come from fixed allow-lists (schema dimensions, wave indexes); values are parameters.
    """
    columns: list[str] = []
    joins: list[str] = []
    for i, w in enumerate(rel.waves):
        if w in waves:
            joins.append(_join_wave(i, w, params, scope is not None))
            joins.append(f"LEFT JOIN coverage c{i} ON c{i}.release = a.release AND c{i}.code = a.code "
                         f"AND c{i}.jaar = $w{i} AND c{i}.partial")
            columns += [f"c{i}.description AS partial_{i}",
                        f"a.official AND coalesce(s{i}.official, true) AS official_{i}",
                        f"s{i}.lbm AS lbm_{i}", f"s{i}.afw AS afw_{i}", f"s{i}.klasse AS klasse_{i}",
                        f"lab.labels[s{i}.klasse] AS klasse_label_{i}",
                        *(f"s{i}.{d} AS {d}_{i}" for d in rel.dimensions),
                        *(f"s{i}.{f} AS {f}_{i}" for f in rel.class_fields)]
    return columns, joins


def _fill(db: Database, rel: ReleaseInfo, scope: ResolvedScope | None, waves: tuple[int, ...],
          years: tuple[int, ...]) -> pa.Table:
    """The cube's table: the identity query, then the figures a few waves at a time, side by side, in the
    documented column order. A cube for one comparison (two waves) is a single query; for more, the
    identity query goes alone (joining waves to it raises the peak memory by ≈ 14 MB nationally)."""
    chunks = [waves[i:i + WAVES_PER_QUERY] for i in range(0, len(waves), WAVES_PER_QUERY)]
    first: tuple[int, ...] = chunks.pop(0) if len(chunks) == 1 else ()
    params: dict[str, object] = {}
    identity = db.arrow(_identity_sql(db, rel, scope, years, first, params), params)
    parts = [identity]
    for chunk in chunks:
        params = {}
        parts.append(db.arrow(_sql(rel, scope, params, *_wave_parts(rel, scope, chunk, params)), params))
    tail = (*(f"inw_{y}" for y in years), *(f"hh_{y}" for y in years), "spark")
    columns = {name: identity.column(name) for name in IDENTITY}
    columns.update({name: part.column(name) for part in parts for name in part.column_names
                    if name not in IDENTITY and name not in tail})
    columns.update({name: identity.column(name) for name in tail})
    return pa.table(columns)


IDENTITY = ("code", "name", "level", "parent_code", "gemeente_code", "gemeente_name", "official")
"""The cube's identity columns, first in its table."""


def _with_developments(db: Database, rel: ReleaseInfo, table: pa.Table) -> pa.Table:
    """``table`` with the release's published developments (LBM 2.0) as columns ``dlb_<a>_<b>`` and
    ``vklasse_<a>_<b>``, one pair per published pair of waves, matched by code (missing where an area has none)."""
    if not rel.developments:
        return table
    import pyarrow.compute as pc

    dev = db.arrow("SELECT code, from_jaar, to_jaar, dlb, vklasse FROM developments WHERE release = ?",
                   [rel.release])
    for a, b in rel.developments:
        pair = dev.filter(pc.and_(pc.equal(dev.column("from_jaar"), a), pc.equal(dev.column("to_jaar"), b)))
        at = pc.index_in(table.column("code"), value_set=pair.column("code").combine_chunks())
        table = table.append_column(f"dlb_{a}_{b}", pc.take(pair.column("dlb").cast(pa.float64()), at))
        table = table.append_column(f"vklasse_{a}_{b}", pc.take(pair.column("vklasse").cast(pa.int8()), at))
    return table


def load_cube(db: Database, rel: ReleaseInfo, scope: Scope | None = None, waves: tuple[int, ...] | None = None) -> Cube:
    """Fill a cube: the whole release (None), or only the areas of ``scope``; every figure of ``waves``
    (None: all waves), the trend over all waves in any case.

    A whole-release cube also holds every area (for breadcrumbs without a query) and the members
    of every area set. Raises UsageError for a scope naming an unknown area or level, or an unknown wave.
    """
    for w in waves or ():
        check_wave(rel, w)
    loaded = rel.waves if waves is None else tuple(w for w in rel.waves if w in waves)
    resolved = resolve_scope(db, rel, scope) if scope is not None else None
    years = tuple(sorted({y for _, y in rel.population}))
    table = _with_developments(db, rel, _fill(db, rel, resolved, loaded, years))
    areas: dict[str, Area] = {}
    sets: dict[str, dict[str, tuple[int | None, int | None]]] = {}
    if resolved is None or resolved.set_name is not None:  # a scoped cube of another kind never asks for them
        for name, code, start, end in db.rows(
                f"SELECT m.set_name, m.code, m.start_year, m.end_year FROM area_set_members m WHERE "
                f"{OF_RELEASE.format(rel='?')}", [rel.release]):
            sets.setdefault(name, {})[code] = (start, end)
    if resolved is None:
        areas = {
            code: Area(code, name, level, parent, gemeente, bool(official))
            for code, name, level, parent, gemeente, official in db.rows(
                "SELECT code, coalesce(name, code), level, parent_code, gemeente_code, official FROM areas "
                "WHERE release = ?", [rel.release])
        }
    return Cube(rel, table, rel.waves, loaded, years, rel.dimensions, resolved, areas, sets)

