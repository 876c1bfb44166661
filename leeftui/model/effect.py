"""Did a set of areas do better than comparable areas? Nearest-neighbour matching, a difference-in-differences
estimate, a bootstrap interval and a placebo test — plain numpy on arrays, no database (the store feeds it).

The method (docs/effect.md has it with the formulas):

1. **Features at wave A**, each standardised by its standard deviation over the eligible areas: the score, the
   dimensions where the release has them, and the score's change in the wave before A where there is one.
2. **Controls**: for each member, the ``k`` nearest eligible non-members (Euclidean distance on the standardised
   features; with replacement; ties broken by code). Eligible: ``within = "nederland"`` — areas of gemeenten
   without members; ``"gemeente"`` — areas of the member's own gemeente.
3. **Estimate**: each member's effect is its change minus the mean change of its controls; the estimate is the
   (inhabitant-weighted where every weight is known, else plain) mean of the members' effects — per measure
   (the score and each dimension) and per starting class.
4. **Interval**: the 2.5th and 97.5th percentiles of the estimate over ``draws`` bootstrap resamples of the members.
5. **Placebo test**: each placebo set draws, for every member, one area from the ``pool`` nearest eligible
   non-members of that member (the same size and starting profile); its estimate is computed the same way (each
   placebo area against its own ``k`` nearest eligible non-members). The p-value is the share of placebo estimates
   at least as far from zero as the set's, (1 + count) / (1 + draws).

Results depend only on the seed and the areas, not on their order (rows are put in code order first).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

WITHIN = ("nederland", "gemeente")
DEFAULT_K = 5
DEFAULT_DRAWS = 1000
DEFAULT_SEED = 20070322
"""The announcement of the 40 aandachtswijken, 22 March 2007."""
CHUNK = 2048
"""Rows of a distance matrix computed at once."""


@dataclass(frozen=True)
class EffectInput:
    """The areas of one level, in any order."""

    codes: np.ndarray
    """Area codes (str)."""
    gemeente: np.ndarray
    """Each area's gemeente code (str)."""
    member: np.ndarray
    """True for the set's members."""
    features: np.ndarray
    """(areas × features) at wave A, not standardised; no NaN."""
    feature_names: tuple[str, ...]
    changes: np.ndarray
    """(areas × measures) change from A to B; the first measure is the score; NaN where unknown."""
    measure_names: tuple[str, ...]
    weight: np.ndarray | None
    """Inhabitants (NaN where unknown), or None."""
    klasse: np.ndarray | None
    """Class at wave A (0 where unknown), or None."""


@dataclass(frozen=True)
class EffectResult:
    codes: np.ndarray
    members: np.ndarray
    """Indices (into ``codes``) of the members used."""
    controls: np.ndarray
    """(members × k) indices of each member's controls."""
    distances: np.ndarray
    """(members × k) their distances (in standard deviations)."""
    estimate: np.ndarray
    """Per measure."""
    set_change: np.ndarray
    control_change: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    p_value: np.ndarray
    as_well: np.ndarray
    """Share of placebo sets that did as well as the set (at least its estimate, in its direction), per measure."""
    placebo: np.ndarray
    """(draws × measures) placebo estimates."""
    weighted: bool
    by_class: list[tuple[int, int, float, float, float]]
    """(class at A, members, estimate, ci_low, ci_high) of the score, per starting class."""
    eligible: int
    """Non-members the controls were chosen from."""


def _standardised(x: np.ndarray) -> np.ndarray:
    sd = x.std(axis=0)
    sd[~np.isfinite(sd) | (sd == 0)] = 1.0
    return np.asarray((x - x.mean(axis=0)) / sd, dtype=float)


def _nearest(queries: np.ndarray, pool: np.ndarray, k: int,
             exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(indices into ``pool``, distances) of the ``k`` nearest pool rows of each query row, nearest first, ties by
    index; ``exclude[i]`` (an index into ``pool``, or -1) is never chosen for query ``i``."""
    k = min(k, len(pool) - (1 if exclude is not None else 0))
    idx = np.empty((len(queries), k), dtype=np.int64)
    dist = np.empty((len(queries), k))
    pool_sq = (pool ** 2).sum(axis=1)
    for start in range(0, len(queries), CHUNK):
        q = queries[start:start + CHUNK]
        d2 = np.maximum((q ** 2).sum(axis=1)[:, None] + pool_sq[None, :] - 2 * q @ pool.T, 0.0)
        if exclude is not None:
            rows = np.arange(len(q))
            ex = exclude[start:start + CHUNK]
            d2[rows[ex >= 0], ex[ex >= 0]] = np.inf
        part = np.argpartition(d2, k - 1, axis=1)[:, :k] if k < d2.shape[1] else np.tile(np.arange(d2.shape[1]),
                                                                                         (len(q), 1))
        pd = np.take_along_axis(d2, part, axis=1)
        order = np.lexsort((part, pd), axis=1)  # by distance, then by index: the same result in any order
        idx[start:start + CHUNK] = np.take_along_axis(part, order, axis=1)
        dist[start:start + CHUNK] = np.sqrt(np.take_along_axis(pd, order, axis=1))
    return idx, dist


def _mean(values: np.ndarray, weights: np.ndarray | None, axis: int = -1) -> np.ndarray:
    if weights is None:
        return np.asarray(np.nanmean(values, axis=axis), dtype=float)
    w = np.where(np.isnan(values), 0.0, weights)
    return np.asarray(np.nansum(values * w, axis=axis) / np.where(w.sum(axis=axis) > 0, w.sum(axis=axis), np.nan))


def _adjustment(x: np.ndarray, ch: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The bias correction of matching (Abadie & Imbens 2011): per measure, the least-squares slopes of the change
    on the standardised features among the non-members, so that what the features still differ between an area
    and its controls is taken out of its effect. (features × measures)."""
    xs, ys = x[rows], ch[rows]
    out = np.zeros((x.shape[1], ch.shape[1]))
    design = np.column_stack([np.ones(len(xs)), xs])
    for j in range(ch.shape[1]):
        ok = ~np.isnan(ys[:, j])
        if ok.sum() > x.shape[1] + 1:
            out[:, j] = np.linalg.lstsq(design[ok], ys[ok, j], rcond=None)[0][1:]
    return out


def _effects(x: np.ndarray, ch: np.ndarray, adj: np.ndarray, areas: np.ndarray, controls: np.ndarray) -> np.ndarray:
    """Each area's change minus the mean change of its controls, less what their feature differences predict:
    (areas × measures)."""
    gap = x[areas] - x[controls].mean(axis=1)
    return np.asarray(ch[areas] - np.nanmean(ch[controls], axis=1) - gap @ adj)


def estimate(inp: EffectInput, k: int = DEFAULT_K, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             within: str = "nederland", pool_size: int | None = None,
             progress: Callable[[float], None] | None = None) -> EffectResult:
    """Match, estimate, resample (see the module doc). ``progress`` gets the share done (0–1). A measure an area
    lacks is left out of that area's means (NaN where no area has it), silently: the caller says what stands on
    what."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # means of empty slices: NaN, as documented
        return _estimate(inp, k, draws, seed, within, pool_size, progress)


def _estimate(inp: EffectInput, k: int, draws: int, seed: int, within: str, pool_size: int | None,
              progress: Callable[[float], None] | None) -> EffectResult:
    if within not in WITHIN:
        raise ValueError(f"within must be one of {WITHIN}")
    order = np.argsort(inp.codes, kind="stable")  # the same answer whatever the order of the rows
    codes, gem, member = inp.codes[order], inp.gemeente[order], inp.member[order]
    x = _standardised(inp.features[order].astype(float))
    ch = inp.changes[order].astype(float)
    weight = inp.weight[order].astype(float) if inp.weight is not None else None
    klasse = inp.klasse[order] if inp.klasse is not None else None
    members = np.flatnonzero(member & ~np.isnan(ch[:, 0]))
    others = ~member & ~np.isnan(ch[:, 0])
    member_gm = set(gem[members].tolist())
    pool = max(4 * k, 20) if pool_size is None else pool_size

    def tick(share: float) -> None:
        if progress is not None:
            progress(min(share, 1.0))

    adj = _adjustment(x, ch, others)
    if within == "nederland":
        groups = [(members, np.flatnonzero(others & ~np.isin(gem, list(member_gm))))]
    else:
        groups = [(members[gem[members] == g], np.flatnonzero(others & (gem == g))) for g in sorted(member_gm)]
    rows: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    eligible = 0
    for done, (mem, cand) in enumerate(groups, start=1):
        eligible += len(cand)
        if len(mem) == 0:
            continue
        if len(cand) < k + 2:
            raise ValueError(f"only {len(cand)} comparable areas to choose from; at least {k + 2} are needed")
        near, dist = _nearest(x[mem], x[cand], pool)
        # each pool area's own effect: its change against its k nearest other eligible areas
        pool_idx = np.unique(near)
        own, _ = _nearest(x[cand[pool_idx]], x[cand], k, exclude=pool_idx)
        tick(0.4 * done / len(groups))
        own_effect = _effects(x, ch, adj, cand[pool_idx], cand[own])
        where = np.searchsorted(pool_idx, near)
        for i, m in enumerate(mem):
            rows[int(m)] = (cand[near[i, :k]], dist[i, :k], own_effect[where[i]])
    members = np.array(sorted(rows), dtype=np.int64)
    if len(members) == 0:
        raise ValueError("no member has a score in both waves")
    controls = np.stack([rows[int(m)][0] for m in members])
    distances = np.stack([rows[int(m)][1] for m in members])
    pools = np.stack([rows[int(m)][2] for m in members])  # (members × pool × measures)
    effects = _effects(x, ch, adj, members, controls)  # (members × measures)
    w = weight[members] if weight is not None else None
    weighted = w is not None and bool(np.all(np.isfinite(w)) and np.all(w > 0))
    wm = w if weighted else None
    est = _mean(effects.T, wm)
    set_change = _mean(ch[members].T, wm)
    control_change = set_change - est
    rng = np.random.default_rng(seed)
    boot = rng.integers(0, len(members), size=(draws, len(members)))
    boot_est = np.stack([_mean(effects[boot][:, :, j], wm[boot] if wm is not None else None)
                         for j in range(effects.shape[1])], axis=1)  # (draws × measures)
    tick(0.5)
    pick = rng.integers(0, pools.shape[1], size=(draws, len(members)))
    placebo_eff = pools[np.arange(len(members))[None, :], pick]  # (draws × members × measures)
    placebo = np.stack([_mean(placebo_eff[:, :, j], wm[None, :].repeat(draws, 0) if wm is not None else None)
                        for j in range(effects.shape[1])], axis=1)
    tick(0.9)
    far = np.abs(placebo) >= np.abs(est)[None, :] - 1e-15
    p_value = (1 + far.sum(axis=0)) / (1 + draws)
    as_well = np.where(est >= 0, (placebo >= est - 1e-15).mean(axis=0), (placebo <= est + 1e-15).mean(axis=0))
    ci_low, ci_high = np.nanpercentile(boot_est, 2.5, axis=0), np.nanpercentile(boot_est, 97.5, axis=0)
    by_class: list[tuple[int, int, float, float, float]] = []
    if klasse is not None:
        for c in sorted({int(v) for v in klasse[members] if v}):
            sel = np.flatnonzero(klasse[members] == c)
            e = effects[sel, 0]
            ww = wm[sel] if wm is not None else None
            b = rng.integers(0, len(sel), size=(draws, len(sel)))
            bs = _mean(e[b], ww[b] if ww is not None else None)
            by_class.append((c, len(sel), float(_mean(e, ww)), float(np.nanpercentile(bs, 2.5)),
                             float(np.nanpercentile(bs, 97.5))))
    tick(1.0)
    return EffectResult(codes, members, controls, distances, est, set_change, control_change, ci_low, ci_high,
                        p_value, as_well, placebo, weighted, by_class, eligible)
