"""A tiny, hand-made leeftui database for store, export, CLI and UI tests.

It is written straight through the schema DDL (not through the build), so tests of the
read side do not depend on the build. Values are fixed formulas, easy to check by hand:

- 2 gemeenten (GM9001 Bergdorp, GM9002 Lindewaard), 4 wijken, 8 buurten;
- waves 2002 … 2024; dimensions NULL in 2002/2008/2012/2016 like the real release;
- buurt lbm = 4.0 + base + trend(jaar); BU90020201 declines while the rest improves;
- wijk and gemeente rows are plain means of their children; gemeente and NL rows are
  marked derived (official = false);
- demo class bounds on the lbm scale, population for 2024, one area set.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from leeftui import schema, tables

WAVES = (2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022, 2024)
DIM_WAVES = (2014, 2018, 2020, 2022, 2024)
CONSTANT = 4.1

GEMEENTEN = {"GM9001": "Bergdorp", "GM9002": "Lindewaard"}
WIJKEN = {
    "WK900101": "Centrum",
    "WK900102": "Oosterpark",
    "WK900201": "Havenkwartier",
    "WK900202": "Kanaleneiland",
}
BUURTEN = {
    "BU90010101": "Marktplein",
    "BU90010102": "Kerkbuurt",
    "BU90010201": "Parkzoom",
    "BU90010202": "Molenhoek",
    "BU90020101": "Kadewijk",
    "BU90020102": "Sluisbuurt",
    "BU90020201": "Singelrand",
    "BU90020202": "Bruggenhof",
}
# base offset per buurt, so classes 1..9 all occur somewhere
BASE = {
    "BU90010101": 0.30,
    "BU90010102": 0.20,
    "BU90010201": 0.10,
    "BU90010202": 0.05,
    "BU90020101": 0.00,
    "BU90020102": -0.05,
    "BU90020201": -0.15,
    "BU90020202": -0.25,
}
INWONERS = {code: 1000 + 100 * i for i, code in enumerate(BUURTEN)}
DECLINER = "BU90020201"
# demo class bounds: lower <= lbm < upper
BOUNDS = [(None, 3.90), (3.90, 3.95), (3.95, 4.00), (4.00, 4.05), (4.05, 4.10),
          (4.10, 4.15), (4.15, 4.25), (4.25, 4.35), (4.35, None)]


def trend(jaar: int) -> float:
    """National improvement per wave, with a stall 2008→2012."""
    return {2002: 0.0, 2008: 0.02, 2012: 0.02, 2014: 0.03, 2016: 0.04,
            2018: 0.05, 2020: 0.06, 2022: 0.07, 2024: 0.08}[jaar]


def klasse(lbm: float) -> int:
    """Class under the tiny demo bounds."""
    for k, (lo, hi) in enumerate(BOUNDS, start=1):
        if (lo is None or lbm >= lo) and (hi is None or lbm < hi):
            return k
    raise AssertionError(lbm)


DIM_EDGES = (-0.24, -0.16, -0.08, -0.04, 0.04, 0.08, 0.16, 0.24)
"""Tiny bounds of the afw and dimension classes (symmetric around 0, like LBM 3.0's)."""
DIM_BOUNDS = list(zip((None, *DIM_EDGES), (*DIM_EDGES, None), strict=True))


def dim_klasse(value: float | None) -> int | None:
    """Class of afw or a dimension under the tiny bounds."""
    if value is None:
        return None
    return next(k for k, (lo, hi) in enumerate(DIM_BOUNDS, start=1)
                if (lo is None or value >= lo) and (hi is None or value < hi))


def dimension_classes(vals: tuple) -> tuple:
    """(klasse_afw, klasse_fys, …, klasse_won) of a row (lbm, afw, fys, onv, soc, vrz, won)."""
    return tuple(dim_klasse(v) for v in vals[1:7])


def buurt_row(code: str, jaar: int) -> tuple:
    """(lbm, afw, fys, onv, soc, vrz, won) of one buurt in one wave."""
    t = trend(jaar) if code != DECLINER else -trend(jaar)
    lbm = 4.0 + BASE[code] + t
    afw = lbm - CONSTANT
    if jaar in DIM_WAVES:
        dims = (afw * 0.4, afw * 0.3, afw * 0.1, afw * 0.1, afw * 0.1)
        afw = sum(dims)
        lbm = afw + CONSTANT
        return (lbm, afw, *dims)
    return (lbm, afw, None, None, None, None, None)


def _mean(rows: list[tuple]) -> tuple:
    out = []
    for col in zip(*rows, strict=True):
        vals = [v for v in col if v is not None]
        out.append(sum(vals) / len(vals) if vals else None)
    return tuple(out)


def households(code: str, inwoners: int) -> int:
    """The tiny database's households: not proportional to inhabitants (weighting by them gives other means)."""
    return inwoners // (2 if int(code[-1], 16) % 2 else 3)


def make_tiny_db(path: Path, *, synthetic: bool = True, classes: bool = True, population: bool = True) -> Path:
    """Write the tiny database to ``path`` and return it (``classes=False``: no boundary table, klasse NULL;
    ``population=False``: no CBS figures)."""
    con = duckdb.connect(str(path))
    con.execute(tables.ddl())
    rel = "lbm3-2024"
    meta = {
        "schema_version": str(schema.SCHEMA_VERSION),
        "tool_version": "test",
        "built_at": "2026-01-01T00:00:00Z",
        "synthetic": "true" if synthetic else "false",
        "notice": "DEMO DATA — synthetic" if synthetic else "",
        "default_release": rel,
        "population_note": "2024 population for every wave",
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
    label = "Leefbaarometer 3.0, meting 2024" + (" (DEMO — synthetic)" if synthetic else "")
    con.execute("INSERT INTO releases VALUES (?, 'LBM 3.0', 2024, ?, 'fys,onv,soc,vrz,won', ?, ?, ?)",
                [rel, label, CONSTANT, "tiny test bounds", synthetic])
    areas = [(rel, "NL", "nederland", "Nederland", None, None, False)]
    areas += [(rel, c, "gemeente", n, "NL", c, False) for c, n in GEMEENTEN.items()]
    areas += [(rel, c, "wijk", n, "GM" + c[2:6], "GM" + c[2:6], True) for c, n in WIJKEN.items()]
    areas += [(rel, c, "buurt", n, "WK" + c[2:8], "GM" + c[2:6], True) for c, n in BUURTEN.items()]
    con.executemany("INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?)", areas)

    scores = []
    for jaar in WAVES:
        b = {c: buurt_row(c, jaar) for c in BUURTEN}
        w = {wk: _mean([v for c, v in b.items() if c[2:8] == wk[2:]]) for wk in WIJKEN}
        g = {gm: _mean([v for c, v in w.items() if c[2:6] == gm[2:]]) for gm in GEMEENTEN}
        n = {"NL": _mean(list(g.values()))}
        for group, official in ((b, True), (w, True), (g, False), (n, False)):
            for code, vals in group.items():
                scores.append((rel, code, jaar, *vals, None, None, klasse(vals[0]), "bounds", official,
                               *dimension_classes(vals)))
    con.executemany("INSERT INTO scores VALUES (" + ", ".join(["?"] * 21) + ")", scores)

    con.executemany("INSERT INTO class_labels VALUES (?, ?, ?)",
                    [(k, lab, k <= 4) for k, lab in schema.CLASS_LABELS])
    con.executemany("INSERT INTO class_bounds VALUES (?, 'klasse', 'lbm', ?, ?, ?, ?, 'tiny test bounds')",
                    [(rel, k, lo, hi, schema.CLASS_LABELS[k - 1][1]) for k, (lo, hi) in enumerate(BOUNDS, start=1)])
    con.executemany("INSERT INTO class_bounds VALUES (?, ?, ?, ?, ?, ?, ?, 'tiny test bounds')",
                    [(rel, field, field.removeprefix("klasse_"), k, lo, hi, schema.CLASS_LABELS[k - 1][1])
                     for field in schema.DIMENSION_CLASS_FIELDS
                     for k, (lo, hi) in enumerate(DIM_BOUNDS, start=1)])

    pop = dict(INWONERS)
    for wk in WIJKEN:
        pop[wk] = sum(v for c, v in INWONERS.items() if c[2:8] == wk[2:])
    for gm in GEMEENTEN:
        pop[gm] = sum(v for c, v in INWONERS.items() if c[2:6] == gm[2:])
    if population:
        con.executemany("INSERT INTO population VALUES (?, 2024, ?, ?, 'tiny.csv', ?, NULL)",
                        [(c, v, v // 2, households(c, v)) for c, v in pop.items()])
    from leeftui.ingest import figures
    from leeftui.ingest.derive import write_wave_population

    write_wave_population(con)  # the build's own rule: every wave weighted with 2024

    con.execute("INSERT INTO area_sets VALUES ('testset', 'Tiny test set', 'tiny.toml')")
    con.executemany("INSERT INTO area_set_members VALUES ('testset', ?, ?, ?, ?, NULL)",
                    [("WK900102", 2007, None, "Oosterpark"), ("WK900202", 2007, 2013, "Kanaleneiland")])
    con.execute("INSERT INTO sources VALUES ('tiny.csv', 'scores-buurt', 'abc', 72, ?, NULL)", [rel])
    if not classes:
        con.execute("UPDATE scores SET klasse = NULL, klasse_source = NULL")
        con.execute("UPDATE releases SET classes_source = NULL")
        con.execute("DELETE FROM class_bounds")
    figures.write(con)  # as the build does last: the table every list is read from
    con.close()
    return path


def rewrite_figures(con: duckdb.DuckDBPyConnection) -> None:
    """Write ``view_figures`` again after a test changed the tables it is built from (as a rebuild would)."""
    from leeftui.ingest import figures

    con.execute("DROP TABLE IF EXISTS view_figures")
    figures.write(con)
