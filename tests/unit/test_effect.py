"""Did the set do better than comparable areas? The method on synthetic areas with a known truth: a planted
effect is found with an interval that covers it, a random set of the same profile is not (20 seeds), a set chosen
for its low start that only regresses to the mean shows no effect — while the plain comparison with the national
change does; the same seed gives the same answer whatever the order of the rows."""

from __future__ import annotations

import numpy as np
import pytest

from leeftui.model.effect import EffectInput, estimate

N, MEMBERS = 3000, 60


def _areas(seed: int, planted: float = 0.0, regress: float = 0.0, low_start: bool = False) -> EffectInput:
    """N areas in 100 gemeenten: a score around 4.1, five dimensions, last wave's change; the change to wave B is
    0.03 plus noise, minus ``regress`` × the distance from the mean (regression to the mean), plus ``planted`` for
    the members. Members: 60 areas of the first 10 gemeenten, or (``low_start``) of the lowest-scoring 10 %."""
    r = np.random.default_rng(seed)
    score = r.normal(4.1, 0.15, N)
    dims = r.normal(0, 0.05, (N, 5))
    trend = r.normal(0, 0.02, N)
    gemeente = np.array([f"GM{i % 100:04d}" for i in range(N)])
    pool = np.flatnonzero(score < np.quantile(score, 0.1)) if low_start else \
        np.flatnonzero(np.isin(gemeente, [f"GM{i:04d}" for i in range(10)]))
    member = np.zeros(N, bool)
    member[r.choice(pool, MEMBERS, replace=False)] = True
    change = 0.03 + r.normal(0, 0.02, N) - regress * (score - 4.1) + planted * member
    changes = np.column_stack([change, r.normal(0, 0.01, (N, 5)) + planted * member[:, None]])
    return EffectInput(np.array([f"BU{i:08d}" for i in range(N)]), gemeente, member,
                       np.column_stack([score, dims, trend]), ("lbm", "fys", "onv", "soc", "vrz", "won", "trend"),
                       changes, ("lbm", "fys", "onv", "soc", "vrz", "won"), r.integers(100, 3000, N).astype(float),
                       r.integers(1, 10, N))


def test_a_planted_effect_is_found_with_an_interval_that_covers_it() -> None:
    res = estimate(_areas(1, planted=0.05))
    assert res.p_value[0] < 0.05 and res.ci_low[0] <= 0.05 <= res.ci_high[0]
    assert res.weighted and res.controls.shape == (MEMBERS, 5) and res.placebo.shape == (1000, 6)
    assert all(res.ci_low[j] <= 0.05 <= res.ci_high[j] for j in range(1, 6))  # per dimension too


def test_a_random_set_of_the_same_profile_is_not_found() -> None:
    significant = sum(estimate(_areas(seed), seed=seed).p_value[0] < 0.05 for seed in range(20))
    assert significant <= 2


def test_regression_to_the_mean_is_no_effect_though_the_national_comparison_says_so() -> None:
    inp = _areas(3, regress=0.3, low_start=True)
    res = estimate(inp)
    national = float(np.mean(inp.changes[:, 0]))
    assert res.set_change[0] - national > 0.02  # "set vs national average": it rose more, by regression alone
    assert res.p_value[0] > 0.05 and res.ci_low[0] <= 0 <= res.ci_high[0]


def test_the_same_seed_gives_the_same_answer_in_any_row_order() -> None:
    inp = _areas(5, planted=0.02)
    perm = np.random.default_rng(9).permutation(N)
    shuffled = EffectInput(inp.codes[perm], inp.gemeente[perm], inp.member[perm], inp.features[perm],
                           inp.feature_names, inp.changes[perm], inp.measure_names,
                           None if inp.weight is None else inp.weight[perm],
                           None if inp.klasse is None else inp.klasse[perm])
    a, b = estimate(inp, seed=7), estimate(shuffled, seed=7)
    for field in ("estimate", "ci_low", "ci_high", "p_value", "placebo", "controls"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert not np.array_equal(estimate(inp, seed=8).placebo, a.placebo)


def test_within_the_members_own_gemeente() -> None:
    res = estimate(_areas(2, planted=0.05), within="gemeente")
    inp = _areas(2, planted=0.05)
    order = np.argsort(inp.codes)
    gm = inp.gemeente[order]
    assert all(gm[c] == gm[m] for m, row in zip(res.members, res.controls, strict=True) for c in row)
    assert res.p_value[0] < 0.05


def test_too_few_comparable_areas_is_said() -> None:
    inp = _areas(4)
    few = EffectInput(inp.codes[:70], inp.gemeente[:70], np.r_[np.ones(64, bool), np.zeros(6, bool)],
                      inp.features[:70], inp.feature_names, inp.changes[:70], inp.measure_names, None, None)
    with pytest.raises(ValueError, match="comparable areas to choose from"):
        estimate(few)
