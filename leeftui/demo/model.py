"""The statistical model: area structure, population, and scores per dimension and wave."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from leeftui.demo.constants import PRESETS, TREND, TREND_SHARE, WAVES
from leeftui.demo.names import _buurt_names, _gemeente_names, _wijk_names
from leeftui.schema import DIMENSIONS_LBM3


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
        tw = float(sum(wts08[b] for b in bs))
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
