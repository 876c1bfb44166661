"""`leeftui stats effect SET --compare A:B` and the monitor's Effect tab: did the set do better than comparable
areas? The areas of the set's level are read here; :mod:`leeftui.model.effect` matches, estimates and resamples.

Tables: ``estimate`` (per measure: the set's change, its controls', the difference with its 95 % interval and the
placebo p-value), ``balance`` (the features at wave A: set, controls, every comparable area), ``by_class`` (the
estimate per starting class), ``controls`` (each member's controls) and ``placebo`` (every placebo estimate).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.model import effect as method
from leeftui.model.release import ReleaseInfo
from leeftui.model.report import Report
from leeftui.schema import PLURAL
from leeftui.store.db import Database
from leeftui.store.headline import WEIGHTS, report_lines, weight_column
from leeftui.store.monitor import check_level, set_level
from leeftui.store.scope import check_wave, members_sql

CAVEAT = ("This compares the set with areas that started where it started; it does not show that policy caused "
          "the difference.")
MISSING_SHARE = 0.1
"""A feature missing for more than this share of the areas is left out of the matching (else those areas are)."""


def effect(db: Database, rel: ReleaseInfo, set_name: str, wave_a: int, wave_b: int, level: str | None = None,
           k: int = method.DEFAULT_K, draws: int = method.DEFAULT_DRAWS, seed: int = method.DEFAULT_SEED,
           within: str = "nederland", weight: str = "inwoners",
           progress: Callable[[float], None] | None = None) -> Report:
    """The set against its comparable areas from ``wave_a`` to ``wave_b`` (see the module doc)."""
    for w in (wave_a, wave_b):
        check_wave(rel, w)
    if wave_a >= wave_b:
        raise UsageError(f"--compare needs the earlier wave first, e.g. {min(wave_a, wave_b)}:{max(wave_a, wave_b)}.")
    if within not in method.WITHIN:
        raise UsageError(f"--within must be nederland or gemeente, not '{within}'.")
    if not 1 <= k <= 50:
        raise UsageError(f"--controls must be between 1 and 50, not {k}.")
    if not 100 <= draws <= 100_000:
        raise UsageError(f"--draws must be between 100 and 100,000, not {draws}.")
    own = set_level(db, rel, set_name)
    level = level or own
    check_level(rel, level)
    if level != own:
        raise UsageError(f"Set '{set_name}' is of {PLURAL.get(own, own)}; compare it at that level (or carry it: "
                         f"leeftui db sets carry {set_name} --to {level}).")
    if within == "gemeente" and level == "pc4":
        raise UsageError("Postcode areas lie in no gemeente: compare them --within nederland.")
    wcol = weight_column(db, rel, weight)
    table, features, measures = _areas(db, rel, set_name, level, wave_a, wave_b, wcol)
    dropped = int(table.pop("_dropped")[0])
    is_member = table["member"]
    measures = tuple(m for i, m in enumerate(measures)  # the score, and each dimension most members have
                     if i == 0 or np.mean(~np.isnan(table[f"d_{m}"][is_member].astype(float))) >= 0.5)
    if not is_member.any():
        raise UsageError(f"No member of '{set_name}' has a score in both {wave_a} and {wave_b}.")
    inp = method.EffectInput(table["code"], table["gemeente"], table["member"],
                             np.column_stack([table[f] for f in features]), features,
                             np.column_stack([table[f"d_{m}"] for m in measures]), measures,
                             table["weight"] if rel.population else None, table["klasse"])
    try:
        res = method.estimate(inp, k, draws, seed, within, progress=progress)
    except ValueError as exc:
        raise UsageError(f"Cannot compare '{set_name}' {wave_a} → {wave_b}: {exc}.") from None
    names = dict(db.rows("SELECT code, coalesce(name, code) FROM areas WHERE release = ? AND level = ?",
                         [rel.release, level]))
    report = _report(db, rel, set_name, level, (wave_a, wave_b), res, inp, names, (k, draws, seed, within), wcol)
    if dropped:
        from dataclasses import replace

        report = replace(report, notes=(*report.notes, f"{dropped:,} {PLURAL.get(level, level)} with a score in both "
                                        "waves lack a matching feature and are left out."))
    return report


def _areas(db: Database, rel: ReleaseInfo, set_name: str, level: str, wave_a: int, wave_b: int,
           wcol: str) -> tuple[dict[str, np.ndarray], tuple[str, ...], tuple[str, ...]]:
    """Every area of ``level`` with a score in both waves: features at A, changes A→B, weight, class at A."""
    score, dims = rel.score, rel.dimensions  # fixed allow-lists
    before = [w for w in rel.waves if w < wave_a]
    params: dict[str, object] = {"rel": rel.release, "level": level, "a": wave_a, "b": wave_b, "set": set_name,
                                 "p": before[-1] if before else None, "py": rel.population_year(wave_b)}
    measures = (score, *dims)
    rows = db.arrow(f"""
        SELECT a.code, coalesce(a.gemeente_code, a.code) AS gemeente, a.code IN ({members_sql("$b")}) AS member,
               {", ".join(f"sa.{m} AS a_{m}, sb.{m} - sa.{m} AS d_{m}" for m in measures)},
               sa.{score} - sp.{score} AS a_trend, sa.klasse AS klasse, p.{wcol} AS weight
        FROM areas a
        JOIN scores sa ON sa.release = a.release AND sa.code = a.code AND sa.jaar = $a
        JOIN scores sb ON sb.release = a.release AND sb.code = a.code AND sb.jaar = $b
        LEFT JOIN scores sp ON sp.release = a.release AND sp.code = a.code AND sp.jaar = $p
        LEFT JOIN population p ON p.code = a.code AND p.jaar = $py
        WHERE a.release = $rel AND a.level = $level AND sa.{score} IS NOT NULL AND sb.{score} IS NOT NULL
        ORDER BY a.code""", params)
    cols = {c: rows.column(c).to_numpy(zero_copy_only=False) for c in rows.column_names}
    wanted = [f"a_{m}" for m in measures] + ["a_trend"]
    features = tuple(f for f in wanted
                     if np.mean(np.isnan(cols[f].astype(float))) <= MISSING_SHARE)  # a feature most areas have
    keep = np.all(np.column_stack([~np.isnan(cols[f].astype(float)) for f in features]), axis=1)
    out = {c: v[keep] for c, v in cols.items()}
    out["code"], out["gemeente"] = out["code"].astype(str), out["gemeente"].astype(str)
    out["member"] = out["member"].astype(bool)
    out["weight"] = out["weight"].astype(float)
    out["klasse"] = np.nan_to_num(out["klasse"].astype(float)).astype(int)
    out["_dropped"] = np.array([int((~keep).sum())])
    return out, features, measures


def _where(within: str, level: str) -> str:
    if within == "gemeente":
        return "in its own gemeente"
    return "any postcode area outside the set" if level == "pc4" else "in gemeenten without members"


def _report(db: Database, rel: ReleaseInfo, set_name: str, level: str, waves: tuple[int, int],
            res: method.EffectResult, inp: method.EffectInput, names: dict[str, str],
            settings: tuple[int, int, int, str], wcol: str) -> Report:
    wave_a, wave_b = waves
    k, draws, seed, within = settings
    codes = res.codes
    order = np.argsort(inp.codes, kind="stable")
    x = inp.features[order]
    measures = inp.measure_names
    estimate = pa.table({
        "measure": [f"Δ{m}" for m in measures],
        "set_change": res.set_change, "controls_change": res.control_change, "estimate": res.estimate,
        "ci_low": res.ci_low, "ci_high": res.ci_high, "p_value": res.p_value,
        "placebo_as_well": res.as_well})
    controls_flat = res.controls.ravel()
    eligible = ~inp.member[order]
    before = [w for w in rel.waves if w < wave_a]
    labels_of = {f: (f"{rel.score} change {before[-1]} → {wave_a}" if f == "a_trend" and before
                     else f"{f.removeprefix('a_')} {wave_a}") for f in inp.feature_names}
    balance_rows = []
    for j, f in enumerate(inp.feature_names):
        sd = float(np.std(x[eligible, j])) or 1.0
        s, c = float(np.mean(x[res.members, j])), float(np.mean(x[controls_flat, j]))
        balance_rows.append({"feature": labels_of[f], "set": s,
                             "controls": c, "all_comparable": float(np.mean(x[eligible, j])),
                             "std_difference": (s - c) / sd})
    w = inp.weight[order] if inp.weight is not None else None
    if w is not None:
        balance_rows.append({"feature": f"{WEIGHTS[wcol]} (CBS {rel.population_year(wave_b)})",
                             "set": float(np.nanmean(w[res.members])), "controls": float(np.nanmean(w[controls_flat])),
                             "all_comparable": float(np.nanmean(w[eligible])), "std_difference": None})
    balance = pa.Table.from_pylist(balance_rows)
    labels = dict(db.rows("SELECT klasse, label FROM class_labels"))
    by_class = pa.table({
        "klasse_a": pa.array([c for c, *_ in res.by_class], pa.int64()),
        "label": pa.array([labels.get(c) for c, *_ in res.by_class], pa.string()),
        "members": pa.array([n for _, n, *_ in res.by_class], pa.int64()),
        "estimate": pa.array([e for *_, e, _, _ in res.by_class], pa.float64()),
        "ci_low": pa.array([lo for *_, lo, _ in res.by_class], pa.float64()),
        "ci_high": pa.array([hi for *_, hi in res.by_class], pa.float64())})
    member_codes = codes[res.members]
    controls = pa.table({
        "member": np.repeat(member_codes, res.controls.shape[1]).tolist(),
        "member_name": [names.get(c, c) for c in np.repeat(member_codes, res.controls.shape[1]).tolist()],
        "rank": np.tile(np.arange(1, res.controls.shape[1] + 1), len(member_codes)),
        "control": codes[controls_flat].tolist(),
        "control_name": [names.get(c, c) for c in codes[controls_flat].tolist()],
        "distance": res.distances.ravel()})
    placebo = pa.table({"draw": np.arange(1, draws + 1),
                        **{f"estimate_{m}": res.placebo[:, j] for j, m in enumerate(measures)}})
    n_controls = len(set(controls_flat.tolist()))
    plural = PLURAL.get(level, level)
    est, lo, hi = float(res.estimate[0]), float(res.ci_low[0]), float(res.ci_high[0])
    words = (f"From {wave_a} to {wave_b} the set's {rel.score} changed by {res.set_change[0]:+.3f}, that of its "
             f"{n_controls:,} comparable {plural} by {res.control_change[0]:+.3f}: the set did {abs(est):.3f} "
             f"{'better' if est >= 0 else 'worse'} (95 % interval {lo:+.3f} to {hi:+.3f}); "
             f"{res.as_well[0]:.1%} of {draws:,} placebo sets did as {'well' if est >= 0 else 'badly'} "
             f"(p = {res.p_value[0]:.3f}).")
    weighting = (f"weighted by {WEIGHTS[wcol]}" if res.weighted else
                 "unweighted (not every member has a resident figure)" if rel.population else
                 "unweighted (no CBS population on this release's boundaries)")
    stands_on = (f"{len(res.members)} members of '{set_name}' counted in {wave_b} with a score in both waves; "
                 f"each against its {k} nearest of {res.eligible:,} comparable {plural} "
                 f"({_where(within, level)}), "
                 f"matched at {wave_a} on {', '.join(labels_of.values())}; {weighting}; {draws:,} draws, seed {seed}.")
    notes = ["Method (docs/effect.md): nearest-neighbour matching with replacement on the standardised features, "
             "bias-corrected; the estimate is the mean of each member's change minus its controls' mean change; "
             "interval: bootstrap over the members; p-value: placebo sets drawn from each member's nearest "
             "non-members, estimated the same way.",
             "std_difference: (set − controls) / the comparable areas' standard deviation; above 0.25 the "
             "comparison is not balanced on that feature."]
    if rel.score == "afw":
        notes.append("LBM 2.0 scores are relative to each wave's national level; the difference between the set "
                     "and its controls is not affected by that level.")
    return Report(f"Did '{set_name}' do better than comparable {plural}? {wave_a} → {wave_b}",
                  {"estimate": estimate, "balance": balance,
                   **({"by_class": by_class} if rel.classes_source is not None else {}), "controls": controls,
                   "placebo": placebo}, tuple(notes),
                  {"level": level, "estimate": est, "placebo": res.placebo[:, 0].tolist(), "seed": seed,
                   "score": rel.score},
                  terminal=("estimate", "balance", *(("by_class",) if rel.classes_source is not None else ())),
                  coverage=(words, CAVEAT, stands_on, *report_lines(db, rel, level, waves, wcol)))
