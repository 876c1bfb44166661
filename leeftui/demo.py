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
    ``ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35``, codes padded with
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

import csv
import io
import json
import math
import random
import time
from dataclasses import dataclass
from pathlib import Path

from leeftui.schema import CLASS_LABELS, DIMENSIONS_LBM3

NATIONAL_CONSTANT = 4.10226485
"""lbm − afw for every row (the value of the real meting 2024 release)."""

WAVES = (2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022, 2024)
"""Waves of the generated release (as in meting 2024)."""

DIMENSION_WAVES = (2014, 2018, 2020, 2022, 2024)
"""Waves whose dimension columns are filled; in the others they are ``NA``."""

TREND = {2002: -0.115, 2008: -0.055, 2012: -0.055, 2014: -0.030, 2016: -0.008,
         2018: 0.015, 2020: 0.035, 2022: 0.055, 2024: 0.072}
"""National inhabitant-weighted mean of ``afw`` per wave: improving, stalling 2008→2012."""

TREND_SHARE = {"fys": 0.10, "onv": 0.40, "soc": 0.05, "vrz": 0.15, "won": 0.30}
"""How the national trend splits over the dimensions (safety and housing improve most)."""

POPULATION_YEARS_SMALL = (2014, 2016, 2018, 2020, 2022, 2024)
POPULATION_YEARS_LARGE = (2020, 2022, 2024)

SCORE_FILE_NAMES = {
    "gemeente": "Leefbaarometer-scores gemeenten 2002-2024.csv",
    "wijk": "Leefbaarometer-scores wijken 2002-2024.csv",
    "buurt": "Leefbaarometer-scores buurten 2002-2024.csv",
}
GRID_FILE_NAME = "Leefbaarometer-scores grids 2002-2024.csv"
CLASSES_FILE_NAME = "DEMO-klassegrenzen.csv"
AREA_SET_FILE_NAME = "demo-aandachtswijken.toml"
AREA_SET_NAME = "demo-aandachtswijken"
CLASSES_SOURCE = "DEMO — synthetic boundaries, not the official LBM 3.0 table"
CLASS_QUANTILES = (0.012, 0.03, 0.06, 0.11, 0.28, 0.52, 0.76, 0.92)

_PREFIX = {"gemeente": "gm", "wijk": "wk", "buurt": "bu"}

PRESETS = {"demo": (14, 110, 650), "national": (350, 3500, 17000)}
"""Named scales: (gemeenten, wijken, buurten). A float f means f × the national counts."""

GRID_CELLS_PER_BUURT = 400_000 / 17_000


def population_file_name(year: int) -> str:
    """File name of the synthetic CBS population table for ``year``."""
    return f"Kerncijfers wijken en buurten {year}.csv"


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

    def all_files(self) -> tuple[Path, ...]:
        """Every file written, in a stable order."""
        out = [*self.scores, *self.population, self.area_sets, self.classes]
        if self.grid is not None:
            out.append(self.grid)
        return tuple(out)


# ---------------------------------------------------------------------------------------
# names (fictional, Dutch-sounding)

_GM_STEMS = (
    "Aalder", "Braan", "Corne", "Drommel", "Elsen", "Fluiter", "Gaster", "Haver", "Ilpen",
    "Jorre", "Kolder", "Lunter", "Mispel", "Nerde", "Olmer", "Poster", "Quaal", "Riemer",
    "Sprokkel", "Tolder", "Uffel", "Vlinder", "Wemel", "Zwaluw", "Bram", "Dieker", "Gorse",
    "Heeker", "Kwel", "Lauwer", "Merle", "Ottel", "Rijder", "Schelle", "Tjalle", "Wolder",
)
_GM_SUFFIXES = (
    "dam", "hoven", "wijk", "veen", "horst", "broek", "loo", "dorp", "zijl", "kerk", "rade",
    "beek", "berg", "meer", "ingen", "sluis", "voort", "hem", "werd", "gouw", "laar", "um",
    "stede", "wolde", "mond", "drecht", "donk", "hout",
)
_GM_PREFIXES = ("Nieuw-", "Oud-", "Groot-", "Oost-", "West-", "Noord-", "Zuid-")
_REAL_NAMES = frozenset({
    # real places the parts above could compose; never used
    "Kwelderwerd", "Merlebroek", "Elsenhoven", "Brambergen", "Haverhoven", "Zwaluwhoven",
    "Lauwersmeer", "Gorsel", "Elsloo", "Elsendorp", "Bramdam", "Uffelte", "Schellebroek",
})
_WK_A = (
    "Molen", "Vogel", "Bloemen", "Bomen", "Kerk", "Schepen", "Dijk", "Water", "Rivieren",
    "Componisten", "Sterren", "Linden", "Eiken", "Heide", "Polder", "Haven", "Akker",
    "Beemd", "Zand", "Klei", "Park", "Spoor", "Kanaal", "Kasteel", "Hooi", "Vlas", "Turf",
    "Gagel", "Brem", "Riet",
)
_WK_B = (
    "wijk", "buurt", "kamp", "veld", "hoek", "hof", "weide", "akker", "park", "rijk",
    "kwartier", "dreef", "hage", "horst", "landen", "oord",
)
_WK_DE = ("hoek", "horst", "weide", "akker", "hof", "dreef", "hage", "kamp", "beemd")
_COMPASS = ("Noord", "Zuid", "Oost", "West", "Midden")
_BU_A = (
    "Berken", "Beuken", "Eiken", "Linden", "Wilgen", "Essen", "Iepen", "Populieren",
    "Kastanje", "Merel", "Lijster", "Specht", "Reiger", "Zwanen", "Eenden", "Rozen",
    "Tulpen", "Narcissen", "Lelie", "Klaver", "Smeden", "Bakkers", "Vissers", "Molenaars",
    "Schippers", "Boeren", "Hazel", "Vlier", "Meidoorn", "Hulst", "Sleedoorn", "Mauve",
    "Jonkers", "Kievit", "Grutto", "Wielewaal", "Distel", "Boterbloem", "Lavendel", "Hop",
)
_BU_B = (
    "buurt", "hof", "laan", "park", "plein", "kamp", "hoek", "erf", "gaarde", "weg",
    "singel", "straat", "pad", "veld", "hage", "daal",
)


def _gemeente_names(rng: random.Random, n: int) -> list[str]:
    base = [s + x for s in _GM_STEMS for x in _GM_SUFFIXES]
    base = [b for b in base if b not in _REAL_NAMES]
    rng.shuffle(base)
    if n > len(base):
        more = [p + b for p in _GM_PREFIXES for b in base]
        rng.shuffle(more)
        base += more
    chosen = base[:n]
    used = set(chosen)
    for i in range(n):
        if rng.random() < 0.12:
            cand = rng.choice(_GM_PREFIXES) + chosen[i]
            if cand not in used:
                used.add(cand)
                chosen[i] = cand
    return chosen


def _unique(rng: random.Random, used: set[str], make) -> str:
    for _ in range(40):
        name = make()
        if name not in used:
            used.add(name)
            return name
    n = 2
    base = make()
    while f"{base} {n}" in used:
        n += 1
    used.add(f"{base} {n}")
    return f"{base} {n}"


def _wijk_names(rng: random.Random, gm_name: str, k: int, first: int) -> list[str]:
    stem = gm_name.split("-")[-1]
    used: set[str] = set()

    def make() -> str:
        r = rng.random()
        if r < 0.15:
            return f"{stem}-{rng.choice(_COMPASS)}"
        if r < 0.3:
            return f"De {rng.choice(_WK_A)}{rng.choice(_WK_DE)}"
        return rng.choice(_WK_A) + rng.choice(_WK_B)

    names = []
    for i in range(k):
        if i == 0 and k > 1:
            used.add("Centrum")
            names.append("Centrum")
        elif i == k - 1 and k > 3 and rng.random() < 0.5:
            used.add("Buitengebied")
            names.append("Buitengebied")
        else:
            names.append(_unique(rng, used, make))
    if k > 2 and rng.random() < 0.3:  # CBS-style numbering used by many gemeenten
        names = [f"Wijk {first + i:02d} {n}" for i, n in enumerate(names)]
    return names


def _buurt_names(rng: random.Random, wk_name: str, k: int) -> list[str]:
    used: set[str] = set()
    wk_base = wk_name.split(" ", 2)[-1] if wk_name.startswith("Wijk ") else wk_name

    def make() -> str:
        r = rng.random()
        if r < 0.12:
            return f"{wk_base}-{rng.choice(_COMPASS)}"
        if r < 0.18:
            return f"Bedrijventerrein {rng.choice(_WK_A)}{rng.choice(_WK_B)}"
        if r < 0.3:
            return f"{rng.choice(_BU_A)}{rng.choice(_BU_B)} {rng.choice(_COMPASS)}"
        return rng.choice(_BU_A) + rng.choice(_BU_B)

    return [_unique(rng, used, make) for _ in range(k)]


# ---------------------------------------------------------------------------------------
# structure


def _resolve_scale(scale: str | float) -> tuple[tuple[int, int, int], str]:
    if isinstance(scale, str):
        key = scale.strip().lower()
        if key in PRESETS:
            return PRESETS[key], key
        try:
            f = float(key)
        except ValueError:
            raise ValueError(f"scale must be 'demo', 'national' or a number, not {scale!r}") from None
    else:
        f = float(scale)
    if not (0 < f <= 2.5):
        raise ValueError(f"scale {f} out of range (0 < scale ≤ 2.5, 1.0 = national)")
    n_gm = max(1, round(350 * f))
    n_wk = max(n_gm, round(3500 * f))
    n_bu = max(n_wk, round(17000 * f))
    return (n_gm, n_wk, n_bu), f"{f:g}"


def _allocate(total: int, weights: list[float], lo: int = 1, hi: int = 99) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights``, each in [lo, hi]."""
    n = len(weights)
    if not n * lo <= total <= n * hi:
        raise ValueError(f"cannot split {total} into {n} parts of {lo}..{hi}")
    sw = sum(weights)
    raw = [total * w / sw for w in weights]
    counts = [min(hi, max(lo, int(r))) for r in raw]
    diff = total - sum(counts)
    order = sorted(range(n), key=lambda i: (int(raw[i]) - raw[i], i))
    while diff > 0:
        for i in order:
            if diff and counts[i] < hi:
                counts[i] += 1
                diff -= 1
    while diff < 0:
        for i in sorted(range(n), key=lambda i: (-counts[i], i)):
            if diff and counts[i] > lo:
                counts[i] -= 1
                diff += 1
    return counts


@dataclass
class _Structure:
    gm_codes: list[str]
    gm_names: list[str]
    wk_codes: list[str]
    wk_names: list[str]
    wk_gm: list[int]          # wijk -> gemeente index
    bu_codes: list[str]
    bu_names: list[str]
    bu_wk: list[int]          # buurt -> wijk index
    gm_wijken: list[range]    # gemeente -> wijk indices
    wk_buurten: list[range]   # wijk -> buurt indices


def _structure(rng: random.Random, n_gm: int, n_wk: int, n_bu: int) -> _Structure:
    if n_gm > 999:
        raise ValueError("at most 999 gemeenten (codes GM9001…GM9999)")
    numbers = sorted(rng.sample(range(9001, 10000), n_gm))
    gm_weights = [rng.lognormvariate(0.0, 0.8) for _ in range(n_gm)]
    wk_per_gm = _allocate(n_wk, gm_weights)
    wk_weights = [rng.lognormvariate(0.0, 0.5) for _ in range(n_wk)]
    bu_per_wk = _allocate(n_bu, wk_weights)
    gm_names = _gemeente_names(rng, n_gm)
    s = _Structure([], [], [], [], [], [], [], [], [], [])
    for g, num in enumerate(numbers):
        s.gm_codes.append(f"GM{num:04d}")
        s.gm_names.append(gm_names[g])
        k = wk_per_gm[g]
        first = 0 if (k < 99 and rng.random() < 0.4) else 1  # CBS numbers from 00 or 01
        start_wk = len(s.wk_codes)
        for j, wname in enumerate(_wijk_names(rng, gm_names[g], k, first)):
            w = len(s.wk_codes)
            wcode = f"WK{num:04d}{first + j:02d}"
            s.wk_codes.append(wcode)
            s.wk_names.append(wname)
            s.wk_gm.append(g)
            kb = bu_per_wk[w]
            bfirst = 0 if (kb < 99 and rng.random() < 0.3) else 1
            start_bu = len(s.bu_codes)
            for i, bname in enumerate(_buurt_names(rng, wname, kb)):
                s.bu_codes.append(f"BU{wcode[2:]}{bfirst + i:02d}")
                s.bu_names.append(bname)
                s.bu_wk.append(w)
            s.wk_buurten.append(range(start_bu, len(s.bu_codes)))
        s.gm_wijken.append(range(start_wk, len(s.wk_codes)))
    return s


# ---------------------------------------------------------------------------------------
# population

_POP_SERIES = (2014, 2016, 2018, 2020, 2022, 2024)


def _population(rng: random.Random, s: _Structure) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Inhabitants and dwellings per buurt for every even year 2014–2024."""
    inw: dict[int, list[int]] = {y: [] for y in _POP_SERIES}
    won: dict[int, list[int]] = {y: [] for y in _POP_SERIES}
    for _b in range(len(s.bu_codes)):
        base = min(15000.0, max(15.0, rng.lognormvariate(6.75, 0.85)))
        hh = 1.7 + rng.random()  # persons per dwelling
        growth = rng.gauss(0.008, 0.012)
        newbuild = rng.random() < 0.03
        x = base
        for y in _POP_SERIES:
            inw[y].append(max(5, int(round(x))))
            won[y].append(max(2, int(round(x / hh))))
            x *= 1 + growth + (rng.uniform(0.08, 0.25) if newbuild and y >= 2016 else 0.0)
            hh = max(1.4, hh - 0.01)
    return inw, won


def _nearest_year(wave: int, years: tuple[int, ...]) -> int:
    return min(years, key=lambda y: (abs(y - wave), y))


# ---------------------------------------------------------------------------------------
# scores

# dimension: (total buurt-level sd of the static effect, loading on "status", on "urbanity")
_DIM_MODEL = {
    "fys": (0.060, 0.30, -0.50),
    "onv": (0.085, 0.60, -0.40),
    "soc": (0.050, 0.60, -0.30),
    "vrz": (0.070, 0.10, 0.70),
    "won": (0.075, 0.70, -0.20),
}
_LEVEL_SHARE = (0.30, 0.35, 0.35)  # variance share of gemeente, wijk, buurt effects
_POCKET_LOW = {"fys": 0.03, "onv": 0.10, "soc": 0.07, "vrz": 0.0, "won": 0.05}    # sums 0.25
_POCKET_HIGH = {"fys": 0.06, "onv": 0.015, "soc": 0.03, "vrz": 0.0, "won": 0.045}  # sums 0.15
_DECLINE = {"fys": 0.003, "onv": 0.009, "soc": 0.005, "vrz": 0.0, "won": 0.003}   # per year from 2016
_BOOST = {"fys": 0.0005, "onv": 0.0025, "soc": 0.0005, "vrz": 0.0, "won": 0.0020}  # per year after 2008
_CONVERGENCE = 0.20   # static effects shrink by this fraction 2002→2024
_NOISE = 0.004        # sd of the wave noise per dimension
_CLIP = 0.45


def _effects(rng: random.Random, n: int, share: float) -> list[tuple[float, ...]]:
    out = []
    for _ in range(n):
        z = rng.gauss(0, 1)
        u = rng.gauss(0, 1)
        e = []
        for d in DIMENSIONS_LBM3:
            sd, a, b = _DIM_MODEL[d]
            c = math.sqrt(1 - a * a - b * b)
            e.append(sd * math.sqrt(share) * (a * z + b * u + c * rng.gauss(0, 1)))
        out.append(tuple(e))
    return out


def _r10(x: float) -> float:
    return round(x, 10) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass
class _Scores:
    # [level][wave index][area index] -> tuple of 5 dims (rounded to 10 decimals)
    bu: list[list[tuple[float, ...]]]
    wk: list[list[tuple[float, ...]]]
    gm: list[list[tuple[float, ...]]]
    set_members: list[int]
    set_leaver: int


def _scores(rng: random.Random, s: _Structure, weights: dict[int, list[int]],
            n_set: int) -> _Scores:
    dims = DIMENSIONS_LBM3
    nd = len(dims)
    n_bu, n_wk, n_gm = len(s.bu_codes), len(s.wk_codes), len(s.gm_codes)
    e_gm = _effects(rng, n_gm, _LEVEL_SHARE[0])
    e_wk = _effects(rng, n_wk, _LEVEL_SHARE[1])
    e_bu = _effects(rng, n_bu, _LEVEL_SHARE[2])
    slope_gm = [tuple(rng.gauss(0, 0.0008) for _ in dims) for _ in range(n_gm)]
    slope_wk = [tuple(rng.gauss(0, 0.0012) for _ in dims) for _ in range(n_wk)]
    decliner = [rng.random() < 0.06 for _ in range(n_wk)]
    pocket = []
    for _ in range(n_bu):
        r = rng.random()
        pocket.append(-1 if r < 0.025 else (1 if r > 0.98 else 0))
    noise = [[tuple(rng.gauss(0, _NOISE) for _ in dims) for _ in range(n_bu)] for _ in WAVES]

    static = []
    for b in range(n_bu):
        w = s.bu_wk[b]
        g = s.wk_gm[w]
        p = pocket[b]
        static.append(tuple(
            e_gm[g][i] + e_wk[w][i] + e_bu[b][i]
            - (_POCKET_LOW[d] if p < 0 else 0.0) + (_POCKET_HIGH[d] if p > 0 else 0.0)
            for i, d in enumerate(dims)))

    def base_dev(ti: int, b: int) -> list[float]:
        t = WAVES[ti]
        m = 1.0 - _CONVERGENCE * (t - 2002) / 22.0
        w = s.bu_wk[b]
        g = s.wk_gm[w]
        dev = []
        for i, d in enumerate(dims):
            v = static[b][i] * m + (slope_gm[g][i] + slope_wk[w][i]) * (t - 2013) + noise[ti][b][i]
            if decliner[w] and t > 2016:
                v -= _DECLINE[d] * (t - 2016)
            dev.append(v)
        return dev

    # the set: lowest-scoring wijken of 2008 (at most 2 per gemeente), not declining ones
    ti08 = WAVES.index(2008)
    wts08 = weights[2008]
    dev08 = [sum(base_dev(ti08, b)) for b in range(n_bu)]
    wk08 = []
    for w in range(n_wk):
        bs = s.wk_buurten[w]
        tw = sum(wts08[b] for b in bs)
        wk08.append(sum(wts08[b] * dev08[b] for b in bs) / tw)
    members: list[int] = []
    per_gm: dict[int, int] = {}
    for cap in (2, 3, 99):
        for w in sorted(range(n_wk), key=lambda w: (wk08[w], w)):
            if len(members) >= n_set:
                break
            if w in members or decliner[w] or per_gm.get(s.wk_gm[w], 0) >= cap:
                continue
            members.append(w)
            per_gm[s.wk_gm[w]] = per_gm.get(s.wk_gm[w], 0) + 1
        if len(members) >= n_set:
            break
    members.sort()
    leaver = max(members, key=lambda w: (wk08[w], -w)) if members else -1
    boost = [0.0] * n_wk
    for w in members:
        boost[w] = 1.6 if w == leaver else 1.0

    bu_out: list[list[tuple[float, ...]]] = []
    for ti, t in enumerate(WAVES):
        wts = weights[t]
        devs = []
        for b in range(n_bu):
            dev = base_dev(ti, b)
            f = boost[s.bu_wk[b]]
            if f and t > 2008:
                for i, d in enumerate(dims):
                    dev[i] += f * _BOOST[d] * (t - 2008)
            devs.append(dev)
        tw = float(sum(wts))
        means = [sum(wts[b] * devs[b][i] for b in range(n_bu)) / tw for i in range(nd)]
        targets = [TREND[t] * TREND_SHARE[d] for d in dims]
        bu_out.append([
            tuple(_r10(min(_CLIP, max(-_CLIP, targets[i] + dev[i] - means[i]))) for i in range(nd))
            for dev in devs])

    wk_out: list[list[tuple[float, ...]]] = []
    gm_out: list[list[tuple[float, ...]]] = []
    for ti, t in enumerate(WAVES):
        wts = weights[t]
        wrow, wtot = [], []
        for w in range(n_wk):
            bs = s.wk_buurten[w]
            tw = float(sum(wts[b] for b in bs))
            wrow.append(tuple(_r10(sum(wts[b] * bu_out[ti][b][i] for b in bs) / tw) for i in range(nd)))
            wtot.append(tw)
        grow = []
        for g in range(n_gm):
            ws = s.gm_wijken[g]
            tw = sum(wtot[w] for w in ws)
            grow.append(tuple(_r10(sum(wtot[w] * wrow[w][i] for w in ws) / tw) for i in range(nd)))
        wk_out.append(wrow)
        gm_out.append(grow)
    return _Scores(bu_out, wk_out, gm_out, members, leaver)


# ---------------------------------------------------------------------------------------
# writers


def _score_lines(level: str, codes: list[str], names: list[str],
                 values: list[list[tuple[float, ...]]]) -> str:
    p = _PREFIX[level]
    lines = [f'"{p}_code","{p}_naam","jaar","lbm","afw","fys","onv","soc","vrz","won"']
    C = NATIONAL_CONSTANT
    dimwaves = {WAVES.index(t) for t in DIMENSION_WAVES}
    for a in sorted(range(len(codes)), key=lambda a: codes[a]):
        head = f'"{codes[a]}","{_q(names[a])}",'
        for ti, t in enumerate(WAVES):
            f, o, s_, v, w = values[ti][a]
            afw = f + o + s_ + v + w
            lbm = afw + C
            if ti in dimwaves:
                lines.append(f"{head}{t},{lbm:.10f},{afw:.10f},{f:.10f},{o:.10f},{s_:.10f},{v:.10f},{w:.10f}")
            else:
                lines.append(f"{head}{t},{lbm:.10f},{afw:.10f},NA,NA,NA,NA,NA")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return text.replace('"', '""')


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(text)


def _population_text(s: _Structure, year: int, inw: list[int], won: list[int]) -> str:
    lines = ["ID;WijkenEnBuurten;Perioden;AantalInwoners_5;Woningvoorraad_35"]
    per = f"{year}JJ00"
    i = 0
    for g in range(len(s.gm_codes)):
        ws = s.gm_wijken[g]
        gi = sum(inw[b] for w in ws for b in s.wk_buurten[w])
        gw = sum(won[b] for w in ws for b in s.wk_buurten[w])
        lines.append(f"{i};{s.gm_codes[g]:<10};{per};{gi};{gw}")
        i += 1
        for w in ws:
            bs = s.wk_buurten[w]
            lines.append(f"{i};{s.wk_codes[w]:<10};{per};{sum(inw[b] for b in bs)};{sum(won[b] for b in bs)}")
            i += 1
            for b in bs:
                lines.append(f"{i};{s.bu_codes[b]:<10};{per};{inw[b]};{won[b]}")
                i += 1
    return "\n".join(lines) + "\n"


def _quantile(sorted_vals: list[float], q: float) -> float:
    pos = q * (len(sorted_vals) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (pos - lo)


def _class_bounds(bu_2024: list[tuple[float, ...]]) -> list[float]:
    lbm = sorted(sum(v) + NATIONAL_CONSTANT for v in bu_2024)
    bounds: list[float] = []
    for q in CLASS_QUANTILES:
        x = round(_quantile(lbm, q), 3)
        if bounds and x <= bounds[-1]:
            x = round(bounds[-1] + 0.001, 3)
        bounds.append(x)
    return bounds


def _classes_text(bounds: list[float]) -> str:
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(["release", "scale", "klasse", "lower", "upper", "label", "source"])
    edges = [None, *bounds, None]
    for k, label in CLASS_LABELS:
        lo, hi = edges[k - 1], edges[k]
        wr.writerow(["", "lbm", k, "" if lo is None else f"{lo:.3f}", "" if hi is None else f"{hi:.3f}",
                     label, CLASSES_SOURCE])
    return buf.getvalue()


def _area_set_text(s: _Structure, members: list[int], leaver: int) -> str:
    lines = [
        "# Synthetic area set for the leeftui demo database (fictional wijken).",
        "[[set]]",
        f"name = {json.dumps(AREA_SET_NAME)}",
        'description = "DEMO — synthetic: fictional wijken chosen among the lowest-scoring of 2008, '
        'in the spirit of the 40 aandachtswijken of 2007; one left the set in 2013."',
        "members = [",
    ]
    for w in members:
        g = s.wk_gm[w]
        note = f"{s.wk_names[w]} ({s.gm_names[g]})"
        if w == leaver:
            note += ", van de lijst af in 2013"
            lines.append(f"  {{ code = {json.dumps(s.wk_codes[w])}, start = 2007, end = 2013, "
                         f"note = {json.dumps(note, ensure_ascii=False)} }},")
        else:
            lines.append(f"  {{ code = {json.dumps(s.wk_codes[w])}, start = 2007, "
                         f"note = {json.dumps(note, ensure_ascii=False)} }},")
    lines.append("]")
    return "\n".join(lines) + "\n"


_GRID_WIDTH = 1600   # cells per raster row (160 km)
_GRID_X0 = 1000      # hectometres: E1000 = x 100 km (RD New)
_GRID_Y0 = 3200      # hectometres: N3200 = y 320 km
_GRID_LOAD_A = (0.4, 0.8, 0.7, -0.2, 0.6)
_GRID_LOAD_B = (-0.6, -0.3, 0.1, 0.9, -0.2)


def _write_grid(path: Path, rng: random.Random, s: _Structure, sc: _Scores) -> int:
    """Write the grid stand-in file; return the number of cells."""
    C = NATIONAL_CONSTANT
    n_bu = len(s.bu_codes)
    dimwave = [t in DIMENSION_WAVES for t in WAVES]
    # buurt dims rounded to 6 decimals, per wave
    bu6 = [[tuple(round(x, 6) for x in sc.bu[ti][b]) for b in range(n_bu)] for ti in range(len(WAVES))]
    max_k = int(round(2 * GRID_CELLS_PER_BUURT)) - 1   # k uniform on 1..max_k, mean ≈ 23.5
    cell = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write('"grid_id","jaar","lbm","afw","fys","onv","soc","vrz","won"\n')
        buf: list[str] = []
        order = sorted(range(n_bu), key=lambda b: s.bu_codes[b])
        for b in order:
            k = 1 + rng.randrange(max_k)
            for _ in range(k):
                x = _GRID_X0 + cell % _GRID_WIDTH
                y = _GRID_Y0 + cell // _GRID_WIDTH
                cell += 1
                gid = f'"E{x:04d}N{y:04d}",'
                a = rng.gauss(0, 0.03)
                c = rng.gauss(0, 0.03)
                o0, o1, o2, o3, o4 = (round(a * la + c * lb, 6) for la, lb in zip(_GRID_LOAD_A, _GRID_LOAD_B))
                for ti, t in enumerate(WAVES):
                    d0, d1, d2, d3, d4 = bu6[ti][b]
                    f0, f1, f2, f3, f4 = d0 + o0, d1 + o1, d2 + o2, d3 + o3, d4 + o4
                    afw = f0 + f1 + f2 + f3 + f4  # exact 6-decimal sum; lbm exact at 8
                    if dimwave[ti]:
                        buf.append(f"{gid}{t},{afw + C:.8f},{afw:.6f},{f0:.6f},{f1:.6f},{f2:.6f},{f3:.6f},{f4:.6f}\n")
                    else:
                        buf.append(f"{gid}{t},{afw + C:.8f},{afw:.6f},NA,NA,NA,NA,NA\n")
            if len(buf) > 200_000:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    return cell


# ---------------------------------------------------------------------------------------
# entry point


def generate(out_dir: Path, *, seed: int = 2024, scale: str | float = "demo",
             grid: bool = False) -> DemoFiles:
    """Write synthetic source files into ``out_dir`` (created if needed) and list them.

    ``scale``: ``"demo"`` (14 gemeenten, 110 wijken, 650 buurten), ``"national"`` (350,
    3,500, 17,000) or a float f = f × the national counts (0 < f ≤ 2.5). ``grid=True``
    also writes the 100 m grid stand-in file (≈ 23.5 cells per buurt). Same arguments →
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

    counts = [("gemeente", n_gm), ("wijk", n_wk), ("buurt", n_bu)]
    grid_path = None
    if grid:
        grid_path = out_dir / GRID_FILE_NAME
        cells = _write_grid(grid_path, random.Random(f"leeftui-demo:{seed}:grid"), s, sc)
        counts.append(("grid", cells))
    return DemoFiles(out_dir, tuple(scores), tuple(pops), sets, classes, grid_path, tuple(counts),
                     tuple(pop_years))


def timed_generate(out_dir: Path, **kwargs) -> tuple[DemoFiles, float]:
    """Run :func:`generate` and return its result and the wall time in seconds."""
    t0 = time.perf_counter()
    files = generate(out_dir, **kwargs)
    return files, time.perf_counter() - t0
