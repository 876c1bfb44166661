"""The table every list of areas is read from: ``view_figures``, one row per area per release with its waves as
columns, written once by the rebuild (one INSERT … SELECT per release) and read per view by
:func:`leeftui.store.figures.view_table` — projected to the columns the view needs and filtered to its scope by
DuckDB, so no process holds a release in memory to show forty rows of it.

Columns (``<y>`` a wave year, ``<p>`` a CBS population year, ``<a>_<b>`` a published pair of waves):

- identity: ``release``, ``code``, ``name`` (the code where the area has none), ``level``, ``parent_code``,
  ``gemeente_code``, ``gemeente_name``, ``official`` (the area and all its scores official), ``ord`` (the
  area's place in its release by name, then code: every list's order);
- per wave: ``partial_<y>`` (what a partial derived figure stands on, else NULL), ``official_<y>``,
  ``lbm_<y>``, ``afw_<y>``, ``klasse_<y>``, ``klasse_label_<y>``, the release's dimensions ``<dim>_<y>`` and
  their classes ``klasse_<dim>_<y>``;
- ``inw_<p>``, ``hh_<p>``: inhabitants and households;
- ``spark``: the release's score (lbm, or afw for LBM 2.0) over all its waves, oldest first;
- LBM 2.0's published developments: ``dlb_<a>_<b>`` and ``vklasse_<a>_<b>``.

A database of several releases has the union of their columns; a column of a wave another release lacks is
NULL in that release's rows.
"""

from __future__ import annotations

import duckdb

from leeftui.model.release import ReleaseInfo
from leeftui.store.db import ALL_DIMENSIONS, read_releases

TABLE = "view_figures"


def release_sql(rel: ReleaseInfo, params: dict[str, object]) -> str:
    """The SELECT of ``rel``'s rows of :data:`TABLE`. Identifiers come from fixed allow-lists (the schema's
    dimensions) and the release's own wave and population years (integers); values are parameters."""
    params["rel"] = rel.release
    score = rel.score  # lbm, or afw for LBM 2.0
    for w in rel.waves:
        params[f"w{w}"] = w
    spark = ", ".join(f"any_value({score}) FILTER (WHERE jaar = $w{w})" for w in rel.waves)
    years = sorted({y for _, y in rel.population})
    columns = ["a.release", "a.code", "coalesce(a.name, a.code) AS name", "a.level", "a.parent_code",
               "a.gemeente_code", "coalesce(g.name, a.gemeente_code) AS gemeente_name",
               "a.official AND coalesce(trend.scores_official, true) AS official",
               "CAST(row_number() OVER (ORDER BY coalesce(a.name, a.code), a.code) AS INTEGER) AS ord"]
    joins = ["CROSS JOIN lab", "LEFT JOIN trend ON trend.code = a.code",
             "LEFT JOIN areas g ON g.release = a.release AND g.code = a.gemeente_code"]
    for w in rel.waves:
        joins += [f"LEFT JOIN scores s{w} ON s{w}.release = a.release AND s{w}.code = a.code AND s{w}.jaar = $w{w}",
                  f"LEFT JOIN coverage c{w} ON c{w}.release = a.release AND c{w}.code = a.code "
                  f"AND c{w}.jaar = $w{w} AND c{w}.partial"]
        columns += [f"c{w}.description AS partial_{w}", f"a.official AND coalesce(s{w}.official, true) AS official_{w}",
                    f"s{w}.lbm AS lbm_{w}", f"s{w}.afw AS afw_{w}", f"s{w}.klasse AS klasse_{w}",
                    f"lab.labels[s{w}.klasse] AS klasse_label_{w}",
                    *(f"s{w}.{d} AS {d}_{w}" for d in rel.dimensions),
                    *(f"s{w}.{f} AS {f}_{w}" for f in rel.class_fields)]
    for y in years:
        params[f"y{y}"] = y
        joins.append(f"LEFT JOIN population p{y} ON p{y}.code = a.code AND p{y}.jaar = $y{y}")
        columns += [f"p{y}.inwoners AS inw_{y}", f"p{y}.huishoudens AS hh_{y}"]
    columns.append("trend.spark")
    for a, b in rel.developments:
        params[f"da{a}_{b}"], params[f"db{a}_{b}"] = a, b
        joins.append(f"LEFT JOIN developments d{a}_{b} ON d{a}_{b}.release = a.release AND d{a}_{b}.code = a.code "
                     f"AND d{a}_{b}.from_jaar = $da{a}_{b} AND d{a}_{b}.to_jaar = $db{a}_{b}")
        columns += [f"CAST(d{a}_{b}.dlb AS DOUBLE) AS dlb_{a}_{b}",
                    f"CAST(d{a}_{b}.vklasse AS TINYINT) AS vklasse_{a}_{b}"]
    return f"""
        WITH lab AS (SELECT list(label ORDER BY klasse) AS labels FROM class_labels),
        trend AS (SELECT code, list_value({spark}) AS spark, bool_and(official) AS scores_official
                  FROM scores WHERE release = $rel GROUP BY code)
        SELECT {", ".join(columns)} FROM areas a {" ".join(joins)} WHERE a.release = $rel
    """


def write(con: duckdb.DuckDBPyConnection) -> None:
    """Write ``release_waves``, then :data:`TABLE` for every release with waves: each row once, by one
    INSERT … SELECT per release (a later release adds the columns of its waves the table lacks)."""
    def rows_of(sql: str, params: object = None) -> list[tuple[object, ...]]:
        return con.execute(sql, params if params is not None else []).fetchall()

    any_dim = " OR ".join(f"{d} IS NOT NULL" for d in ALL_DIMENSIONS)  # fixed allow-list
    con.execute("DELETE FROM release_waves")
    con.execute(f"INSERT INTO release_waves SELECT release, jaar, bool_or({any_dim}) FROM scores GROUP BY ALL")
    # a release of grid files only has its waves there: scanned once here, not at every open (≈ 45 ms nationally)
    con.execute("INSERT INTO release_waves SELECT release, jaar, bool_or(fys IS NOT NULL) FROM grid_values "
                "WHERE release NOT IN (SELECT release FROM release_waves) GROUP BY ALL")
    created = False
    for rel in read_releases(rows_of):
        if not rel.waves:
            continue  # a release without scores: nothing to list (a release of grid cells only gets its columns,
            # and no rows: its lists are empty, not missing)
        params: dict[str, object] = {}
        sql = release_sql(rel, params)
        if not created:
            con.execute(f"CREATE TABLE {TABLE} AS {sql}", params)
            created = True
            continue
        held = {name for (name,) in rows_of("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [TABLE])}
        for name, kind in con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {sql})", params).fetchall():
            if name not in held:
                con.execute(f'ALTER TABLE {TABLE} ADD COLUMN "{name}" {kind}')
        con.execute(f"INSERT INTO {TABLE} BY NAME {sql}", params)
    if not created:  # no release with waves: the table exists, empty
        con.execute(f"CREATE TABLE {TABLE} (release VARCHAR, code VARCHAR, name VARCHAR, level VARCHAR, "
                    "parent_code VARCHAR, gemeente_code VARCHAR, gemeente_name VARCHAR, official BOOLEAN, "
                    "ord INTEGER, spark DOUBLE[])")

