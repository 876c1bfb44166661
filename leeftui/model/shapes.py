"""The shapes a view's rows take outside the list, from the column model (:mod:`leeftui.model.columns`): the
explorer's export of the shown columns, the 100 m grid's wide columns, and the long format (one row per area, or
cell, and wave)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from leeftui.model.columns import Column, Context, by_key, wide
from leeftui.model.release import ReleaseInfo
from leeftui.model.sources import AtWave, Change

if TYPE_CHECKING:
    import pyarrow as pa


def export_view(view: pa.Table, shown: tuple[Column, ...] | list[Column], context: Context) -> pa.Table:
    """The columns behind the shown list columns (in the list's order), under their export names — what the
    explorer's export and copy write, as ``leeftui export --compare`` names them: waves spelled out
    (``lbm_2014``), changes as ``delta_<x>``; the trend becomes one ``<score>_<wave>`` column per wave not shown
    already; the class column its class in A and B and the label of B."""
    import pyarrow as pa

    by = by_key(context)
    out: dict[str, pa.Array | pa.ChunkedArray] = {}
    for col in shown:
        if col.kind != "trend":
            for key in col.exports:
                out[by[key].export] = view.column(key)
            continue
        import pyarrow.compute as pc  # lazy: not needed for the first screen

        spark = view.column(col.key).combine_chunks() if view.num_rows else None
        for i, wave in enumerate(context.release.waves):
            name = col.export.format(wave=wave)
            if name not in out:  # wave A or B, shown already
                out[name] = pa.array([], pa.float64()) if spark is None else pc.list_element(spark, i)
    return pa.table(out)


def grid(context: Context) -> tuple[Column, ...]:
    """The wide columns a 100 m cell has (its figures and their changes: no identity, inhabitants or partial
    figures, no derived flags: cells are never derived), in order; the cell's ``grid_id`` goes first."""
    return tuple(c for c in wide(context) if isinstance(c.source, (AtWave, Change))
                 and c.measure not in ("partial", "derived"))


def wave_fields(rel: ReleaseInfo) -> tuple[str, ...]:
    """The figures of one area (or cell) in one wave, in the order of the long format: score, deviation, the
    dimensions, the class and its label, the classes of afw and of each dimension."""
    return ("lbm", "afw", *rel.dimensions, "klasse", "klasse_label", *rel.class_fields)


LONG_IDENTITY = ("code", "name", "level", "gemeente_code", "jaar")
LONG_TAIL = ("inwoners", "official", "partial")


def long_columns(rel: ReleaseInfo) -> tuple[str, ...]:
    """The columns of ``leeftui export`` without ``--compare`` (one row per area and wave)."""
    return (*LONG_IDENTITY, *wave_fields(rel), *LONG_TAIL)


def long_names(rel: ReleaseInfo) -> dict[str, str]:
    """How the view's keys of wave B are called in a long table (``klasse_b`` → ``klasse``), for conditions."""
    return {f"{f}_b": f for f in (*wave_fields(rel), "partial")}
