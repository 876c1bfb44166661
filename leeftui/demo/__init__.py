"""Deterministic generator of synthetic Leefbaarometer source files (demo and benchmark scale).

:func:`generate` writes, into one folder, files in exactly the layouts of the official
sources, so the normal build reads them like real data:

``Leefbaarometer-scores gemeenten 2002-2024.csv`` / ``… wijken …`` / ``… buurten …``
    LBM 3.0 score tables as in the open-data zip (meting 2024). Header, e.g. for wijken,
    exactly ``"wk_code","wk_naam","jaar","lbm","afw","fys","onv","soc","vrz","won"``;
    text fields quoted, numbers unquoted plain decimals with ``.``, missing = ``NA``
    (unquoted), ``\\n`` line ends, one row per area per wave, rows ordered by code then wave.
    Waves 2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022, 2024; the five dimension
    columns are ``NA`` in 2002, 2008, 2012 and 2016. Invariants hold in every row, in
    decimal arithmetic on the written text: ``afw = fys+onv+soc+vrz+won`` (``afw`` is
    written as that sum, also in waves whose dimensions are ``NA``) and
    ``lbm − afw = 4.10226485`` (:data:`NATIONAL_CONSTANT`).

``Kerncijfers wijken en buurten YYYY.csv``
    CBS population in the StatLine CSV download style: ``;``-separated, header
    ``ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35;HuishoudensTotaal_29``, codes padded with
    spaces to 10 characters (``GM9001····``), ``Perioden`` like ``2024JJ00``, rows in CBS
    order (gemeente, then each wijk followed by its buurten), no Nederland row. Totals are
    coherent: buurten sum to their wijk, wijken to their gemeente. Years: every wave year
    from 2014 (2014, 2016, …, 2024) when there are at most 2,000 buurten (the demo scale),
    else 2020, 2022 and 2024 (national scale).

``demo-aandachtswijken.toml``
    One area set, ``demo-aandachtswijken``: about 10 wijken (40 at national scale), chosen
    among the lowest-scoring wijken of 2008, start 2007, one member leaving (end 2013).

``DEMO-klassegrenzen.csv``
    A DEMO class-boundary table ``release,scale,klasse,lower,upper,label,source`` on the
    ``lbm`` scale (lower ≤ lbm < upper; class 1 has no lower, class 9 no upper; release
    empty). The bounds are quantiles of the 2024 buurt scores (1.2 %, 3 %, 6 %, 11 %, 28 %,
    52 %, 76 %, 92 %) rounded to 3 decimals, so all nine classes occur. They are NOT the
    official LBM 3.0 table (which is not available to this project).

``Leefbaarometer-scores grids 2002-2024.csv`` (only with ``grid=True``)
    A STAND-IN layout for 100 m grid cells (the official grid file's exact layout was not
    available): header ``"grid_id","jaar","lbm","afw","fys","onv","soc","vrz","won"``,
    ``grid_id`` like ``"E1200N4800"`` = E + x and N + y of the cell's south-west corner in
    hectometres on the RD New grid (the cells are laid out in a plain raster, not on a real
    map), nine waves per cell, dimensions/afw with 6 decimals and lbm with 8, same NA
    pattern and invariants as the area files. About 23.5 cells per buurt (≈ 400,000 cells,
    3.6 M rows at national scale). Cell scores are their buurt's scores plus a fixed
    per-cell offset; the build does not read this file (it is for benchmarks).

Model (so the data behaves like the real thing): each dimension of each buurt is a
national trend (improving, with a stall 2008→2012) plus nested gemeente, wijk and buurt
effects (spatially correlated; two shared factors, "status" and "urbanity", make the
dimensions correlate the way they do in reality: urban = more amenities, less physical
quality), slow convergence (lowest areas improve most), per-area slopes, ~6 % of wijken
declining from 2016 on while the country improves, extra improvement after 2008 in the
aandachtswijken, small wave noise, and a few problem pockets and villa parks. Wijk scores
are the inhabitant-weighted means of their buurten and gemeente scores the weighted means
of their wijken; weights are the inhabitants in the population year nearest to the wave
(the earliest population year for earlier waves). The national inhabitant-weighted mean
of ``afw`` per wave is exactly :data:`TREND` (up to rounding).

All names are FICTIONAL, composed from Dutch-sounding parts; gemeente codes are drawn from
GM9001…GM9999, a range no real gemeente uses. Wijk codes are WK + gemeente digits + 2
digits, buurt codes BU + wijk digits + 2 digits.

Determinism: one seeded ``random.Random`` per stream (structure, population, scores,
grid), no numpy, no hash-dependent iteration, only ``+ − × ÷`` plus ``random``; the same
seed gives byte-identical files, and ``grid=True`` changes no other file.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leeftui.demo.constants import *  # noqa: F403 - the constants are part of this package's API
from leeftui.demo.constants import (
    AREA_SET_FILE_NAME,
    CLASSES_FILE_NAME,
    GRID_FILE_NAME,
    POPULATION_YEARS_LARGE,
    POPULATION_YEARS_SMALL,
    SCORE_FILE_NAMES,
    WAVES,
    population_file_name,
)
from leeftui.demo.files import (
    OUTLINES_FILE_NAME,
    _area_set_text,
    _class_bounds,
    _classes_text,
    _population_text,
    _score_lines,
    _write,
    _write_grid,
    _write_outlines,
)
from leeftui.demo.model import (
    _nearest_year,
    _population,
    _resolve_scale,
    _scores,
    _structure,
)
from leeftui.schema import SYNTHETIC_MARKER


@dataclass(frozen=True)
class DemoFiles:
    """What :func:`generate` wrote."""

    out_dir: Path
    scores: tuple[Path, ...]
    """Score files: gemeenten, wijken, buurten (in that order)."""
    population: tuple[Path, ...]
    """CBS-style population files, one per year, oldest first."""
    area_sets: Path
    """The area set TOML file."""
    classes: Path
    """The DEMO class-boundary CSV (pass it to the build as ``classes=``)."""
    grid: Path | None
    """The grid score file (stand-in layout), or None without ``grid=True``."""
    counts: tuple[tuple[str, int], ...]
    """Number of areas per level (and grid cells), e.g. (('gemeente', 14), …)."""
    population_years: tuple[int, ...]
    outlines: Path | None = None
    """Synthetic outlines of every area (GeoJSON, RD New), so the demo has a map."""

    def all_files(self) -> tuple[Path, ...]:
        """Every file written, in a stable order."""
        out = [*self.scores, *self.population, self.area_sets, self.classes]
        if self.outlines is not None:
            out.append(self.outlines)
        if self.grid is not None:
            out.append(self.grid)
        return tuple(out)


# ---------------------------------------------------------------------------------------
# names (fictional, Dutch-sounding)


def generate(out_dir: Path, *, seed: int = 2024, scale: str | float = "demo",
             grid: bool | str = False, outlines: bool = False, outline_points: int = 0) -> DemoFiles:
    """Write synthetic source files into ``out_dir`` (created if needed) and list them.

    ``scale``: ``"demo"`` (14 gemeenten, 110 wijken, 650 buurten), ``"national"`` (350,
    3,500, 17,000) or a float f = f × the national counts (0 < f ≤ 2.5). ``grid=True``
    also writes the 100 m grid stand-in file (≈ 23.5 cells per buurt); ``grid="GM…"`` only the cells of
    that gemeente's buurten (the same cells as with ``grid=True``); ``outlines=True`` writes nested synthetic
    outlines of every area (GeoJSON, RD New) for the map — rectangles, or with ``outline_points`` > 0 that many
    points more along each edge, wobbling up to 25 m, so that an outline has as many vertices as a real one (the
    benchmark: the official WFS's northern buurten have 50 on average; 12 per edge give 53). Same arguments →
    byte-identical files. Existing files of the same names are overwritten.
    """
    (n_gm, n_wk, n_bu), _label = _resolve_scale(scale)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    s = _structure(random.Random(f"leeftui-demo:{seed}:structure"), n_gm, n_wk, n_bu)
    inw, won = _population(random.Random(f"leeftui-demo:{seed}:population"), s)
    pop_years = POPULATION_YEARS_SMALL if n_bu <= 2000 else POPULATION_YEARS_LARGE
    weights = {t: inw[_nearest_year(t, pop_years)] for t in WAVES}
    n_set = 10 if n_wk < 1000 else 40
    sc = _scores(random.Random(f"leeftui-demo:{seed}:scores"), s, weights, min(n_set, n_wk))

    scores = []
    for level, codes, names, vals in (
        ("gemeente", s.gm_codes, s.gm_names, sc.gm),
        ("wijk", s.wk_codes, s.wk_names, sc.wk),
        ("buurt", s.bu_codes, s.bu_names, sc.bu),
    ):
        p = out_dir / SCORE_FILE_NAMES[level]
        _write(p, _score_lines(level, codes, names, vals))
        scores.append(p)

    pops = []
    for y in pop_years:
        p = out_dir / population_file_name(y)
        _write(p, _population_text(s, y, inw[y], won[y]))
        pops.append(p)

    sets = out_dir / AREA_SET_FILE_NAME
    _write(sets, _area_set_text(s, sc.set_members, sc.set_leaver))
    classes = out_dir / CLASSES_FILE_NAME
    _write(classes, _classes_text(_class_bounds(sc.bu[WAVES.index(2024)])))

    # files in the official layouts carry no room for a note: the marker beside them tells the build
    _write(out_dir / SYNTHETIC_MARKER, "These source files were generated by leeftui's demo generator: "
                                       "DEMO DATA — synthetic, not real Leefbaarometer figures.\n")
    counts = [("gemeente", n_gm), ("wijk", n_wk), ("buurt", n_bu)]
    outlines_path = None
    if outlines:  # synthetic, nested outlines: the demo has a map
        outlines_path = out_dir / OUTLINES_FILE_NAME
        _write_outlines(outlines_path, s, outline_points)
    grid_path = None
    if grid:
        grid_path = out_dir / GRID_FILE_NAME
        cells = _write_grid(grid_path, random.Random(f"leeftui-demo:{seed}:grid"), s, sc,
                            grid if isinstance(grid, str) else None)
        counts.append(("grid", cells))
    return DemoFiles(out_dir, tuple(scores), tuple(pops), sets, classes, grid_path, tuple(counts),
                     tuple(pop_years), outlines_path)


def timed_generate(out_dir: Path, **kwargs: Any) -> tuple[DemoFiles, float]:
    """Run :func:`generate` and return its result and the wall time in seconds."""
    t0 = time.perf_counter()
    files = generate(out_dir, **kwargs)
    return files, time.perf_counter() - t0
