"""The monitor's questions about change between two waves, one report each (the others: :mod:`leeftui.store.monitor`).

- :func:`improvement`: did the weakest areas improve most? Δ per starting class;
- :func:`decliners`: the areas that declined — by the published development where the release publishes one (LBM
  2.0), else those whose score fell while the national mean rose.

"The change" of an area is the release's (:func:`leeftui.model.measures.change_key`): the published development
score (LBM 2.0, where published), else the difference of its score. No Textual here.
"""

from __future__ import annotations

import pyarrow as pa

from leeftui.errors import UsageError
from leeftui.model import measures
from leeftui.model.columns import Context
from leeftui.model.conditions import Any_, Missing, both, filter_table, mask
from leeftui.model.release import ReleaseInfo
from leeftui.model.report import Report
from leeftui.store.db import Database
from leeftui.store.headline import WEIGHTS, report_lines, weight_column, weighted_names
from leeftui.store.monitor import area_table, check_level, set_level
from leeftui.store.scope import Scope, check_wave, members_sql

# -- where did improvement happen --------------------------------------------------------------


def _view(db: Database, rel: ReleaseInfo, level: str, wave_a: int, wave_b: int,
          set_name: str | None = None) -> pa.Table:
    from leeftui.store.view import ViewRequest, base_rows

    for w in (wave_a, wave_b):
        check_wave(rel, w)
    if wave_a >= wave_b:
        raise UsageError(f"Give the earlier wave first, e.g. {min(wave_a, wave_b)}:{max(wave_a, wave_b)}.")
    return base_rows(db, rel, ViewRequest(Scope(level=level, set_name=set_name), wave_a, wave_b))


def improvement(db: Database, rel: ReleaseInfo, wave_a: int, wave_b: int, level: str = "buurt", per: str = "nederland",
                set_name: str | None = None, weight: str = "inwoners") -> Report:
    """Per class of wave A (``per='gemeente'``: per gemeente and class): areas, mean Δ (unweighted and weighted
    by inhabitants nearest to B), and the shares that improved and declined — did the weakest improve most?
    ``set_name``: only the set's members (those counted in wave B)."""
    check_level(rel, level)
    measures.check_change(rel, wave_a, wave_b)
    w = weight_column(db, rel, weight)
    if rel.classes_source is None:
        raise UsageError(f"{rel.label} has no class boundaries loaded, so areas have no starting class; "
                         "rebuild with --classes FILE.")
    if per not in ("nederland", "gemeente"):
        raise UsageError(f"--per must be nederland or gemeente, not '{per}'.")
    if set_name is not None:
        level = set_level(db, rel, set_name)
    view = _view(db, rel, level, wave_a, wave_b, set_name)
    if set_name is not None:
        counted = {c for (c,) in db.rows(members_sql("$b"), {"set": set_name, "b": wave_b, "rel": rel.release})}
        import pyarrow.compute as pc

        view = view.filter(pc.is_in(view.column("code"), value_set=pa.array(sorted(counted), pa.string())))
    score = rel.score
    table = _by_class(view, rel, wave_a, per == "gemeente", dict(_labels(db)), w)
    where = f"members of '{set_name}' counted in {wave_b}" if set_name else f"all {level} areas"
    what = (f"Δ = {rel.change_measure(wave_a, wave_b)} from {wave_a} to {wave_b}" if rel.developments
            else f"Δ = {score} {wave_b} − {score} {wave_a}")
    notes = [f"{what} per area, grouped by its class in {wave_a} ({where}); "
             f"weighted by {WEIGHTS[w]} of {rel.population_year(wave_b) or 'no year'}.",
             f"Classes: {rel.classes_source}."]
    return Report(f"Where did improvement happen? {wave_a} → {wave_b}, by starting class",
                  {"by_class": weighted_names(table, w)}, tuple(notes),
                  coverage=report_lines(db, rel, level, (wave_a, wave_b), w))


def _labels(db: Database) -> list[tuple[int, str]]:
    return [(int(k), str(lab)) for k, lab in db.rows("SELECT klasse, label FROM class_labels ORDER BY klasse")]


def _by_class(view: pa.Table, rel: ReleaseInfo, wave_a: int, per_gemeente: bool, labels: dict[int, str],
              weight: str = "inwoners") -> pa.Table:
    """Group the view's rows by the class of wave A (and gemeente): areas, mean Δ, weighted mean Δ, the shares that
    improved and declined (:mod:`leeftui.model.measures`)."""
    import pyarrow.compute as pc

    change = measures.change_key(rel)
    known = "dev_class" if rel.developments else change  # a pair with published classes only has no Δ: counted
    v = filter_table(view, both(Missing(known, negate=True), Missing("klasse_a", negate=True)))
    d, inw = v.column(change), v.column(weight).cast(pa.float64())
    keys = ["gemeente_code", "gemeente_name", "klasse_a"] if per_gemeente else ["klasse_a"]
    work = pa.table({**{k: v.column(k) for k in keys}, "n": pa.repeat(1, v.num_rows), "d": d, "dw": pc.multiply(d, inw),
                     "w": pc.if_else(pc.is_valid(inw), inw, None),
                     "up": pc.cast(mask(measures.improved(rel), v), pa.int64()),
                     "down": pc.cast(mask(measures.declined(rel), v), pa.int64())})
    g = work.group_by(keys).aggregate([("n", "sum"), ("d", "mean"), ("dw", "sum"), ("w", "sum"), ("w", "count"),
                                       ("up", "sum"), ("down", "sum")])
    g = g.take(pc.sort_indices(g, [(k, "ascending") for k in keys]))
    n = g.column("n_sum").cast(pa.float64())
    out = {}
    if per_gemeente:
        out["gemeente_code"], out["gemeente"] = g.column("gemeente_code"), g.column("gemeente_name")
    out[f"klasse_{wave_a}"] = g.column("klasse_a")
    out[f"klasse_label_{wave_a}"] = pa.array([labels.get(k) for k in g.column("klasse_a").to_pylist()], pa.string())
    out["areas"] = g.column("n_sum")
    out["mean_delta"] = g.column("d_mean")
    out["weighted_mean_delta"] = pc.divide(g.column("dw_sum"), g.column("w_sum"))
    out["share_improved"] = pc.divide(g.column("up_sum").cast(pa.float64()), n)
    out["share_declined"] = pc.divide(g.column("down_sum").cast(pa.float64()), n)
    out["areas_with_inwoners"] = g.column("w_count")
    return pa.table(out)


# -- who declined ------------------------------------------------------------------------------


def national_change(db: Database, rel: ReleaseInfo, wave_a: int, wave_b: int) -> tuple[float | None, float | None]:
    """The national mean (the NL row: inhabitant-weighted over all gemeenten, derived by leeftui) in A and B."""
    row = db.one(f"SELECT any_value({rel.score}) FILTER (WHERE jaar = $a), "
                 f"any_value({rel.score}) FILTER (WHERE jaar = $b) FROM scores "
                 "WHERE release = $rel AND code = 'NL'", {"rel": rel.release, "a": wave_a, "b": wave_b})
    return (row[0], row[1]) if row else (None, None)


def decliners(db: Database, rel: ReleaseInfo, wave_a: int, wave_b: int, level: str = "buurt",
              limit: int | None = None, significant: bool = False) -> Report:
    """Areas whose score fell from A to B while the national mean rose, most declined first, with the change of
    each dimension; none when the national mean did not rise (a note says so). Where the release publishes its
    developments (LBM 2.0), the areas whose published development score is below zero: that score is measured
    against the country's own development, so it is "declined while the country improved" by construction."""
    check_level(rel, level)
    measures.check_change(rel, wave_a, wave_b)
    view = _view(db, rel, level, wave_a, wave_b)
    import pyarrow.compute as pc

    if significant and not rel.developments:
        raise UsageError(f"{rel.label} publishes no development classes, so no decline is 'significant' by its own "
                         "measure; leave out --significant.")
    if rel.developments:
        na = nb = None
        rose = True
        sig = mask(measures.declined_significantly(), view)
        n_sig = pc.sum(pc.cast(pc.fill_null(sig, False), pa.int64())).as_py() or 0
        scored = (wave_a, wave_b) in rel.development_scores
        notes = [f"Change: {rel.change_measure(wave_a, wave_b)} from {wave_a} to {wave_b}, as the release publishes "
                 "it; " + ("below zero is a decline (measured against the country's own development). " if scored
                           else "it publishes no development score for these waves: a class of 1–3 is a decline. ")
                 + "The difference of afw between the waves (Δrel) is not used: afw is relative to each wave's "
                 "national level.",
                 f"Significant decline (published development class VKL 1–3): {n_sig:,} {level} areas"
                 + (" — only those are listed." if significant else "; --significant lists only those.")]
    else:
        na, nb = national_change(db, rel, wave_a, wave_b)
        rose = na is not None and nb is not None and nb > na
        if na is None or nb is None:
            trend = f"the national mean is unknown for {wave_a} or {wave_b}"
        else:
            trend = f"the national mean went from {na:.3f} to {nb:.3f} ({nb - na:+.3f})"
        from leeftui.store.headline import national

        named = national(db, rel, (wave_b,))[0].description
        notes = [f"Change: {rel.change_measure(wave_a, wave_b)}. National mean: {named}; {trend}."]
        if not rose:
            notes.append("The country did not improve between these waves, so no area declined 'while the country "
                         "improved'; `leeftui export --compare A:B --declined` lists every decline.")
    wanted = both(measures.declined(rel), measures.declined_significantly()) if significant else measures.declined(rel)
    rows = filter_table(view, wanted if rose else Any_(()))
    order = [(measures.change_key(rel), "ascending")] + ([("dev_class", "ascending")] if rel.developments else [])
    rows = rows.take(pc.sort_indices(rows, [*order, ("name", "ascending")]))
    if limit is not None:
        rows = rows.slice(0, min(limit, rows.num_rows))  # a limit beyond the rows (even beyond 64 bits) is all
    table = area_table(rows, Context(rel, wave_a, wave_b))
    table = table.add_column(0, "rank", pa.array(range(1, table.num_rows + 1), pa.int32()))
    title = (f"Declined (published development score), {wave_a} → {wave_b} ({level})" if rel.developments
             else f"Declined while the country improved, {wave_a} → {wave_b} ({level})")
    return Report(title, {"decliners": table},
                  tuple(notes), {"national": (na, nb), "rose": rose},
                  coverage=report_lines(db, rel, level, (wave_a, wave_b)))
