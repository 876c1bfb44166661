"""Distributions and statistics of the rows in view (the explorer's `I`, VisiData's F and I): the class
histogram of waves A and B side by side, with areas and inhabitants per class, and min / median / max / mean /
inhabitant-weighted mean of every numeric column. Pure Arrow on the table in memory: no query."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from leeftui.schema import CLASS_LABELS

NUMERIC_SKIP = ("inwoners",)
"""Numeric columns not described as figures (the weights)."""


def class_histogram(view: pa.Table, wave_a: int, wave_b: int) -> pa.Table:
    """Per class 1–9: areas and inhabitants in wave A and in wave B (rows without a class are left out; their
    number is the difference to the view's rows)."""
    import pyarrow.compute as pc

    out: dict[str, list[object]] = {"klasse": [k for k, _ in CLASS_LABELS], "label": [lab for _, lab in CLASS_LABELS]}
    inw = view.column("inwoners") if "inwoners" in view.column_names else None
    for side, wave in (("a", wave_a), ("b", wave_b)):
        k = view.column(f"klasse_{side}")
        counts = {row["values"]: row["counts"] for row in pc.value_counts(k).to_pylist() if row["values"] is not None}
        out[f"areas_{wave}"] = [counts.get(c, 0) for c, _ in CLASS_LABELS]
        if inw is not None:
            grouped = pa.table({"k": k, "w": inw}).group_by("k").aggregate([("w", "sum")]).to_pylist()
            sums = {g["k"]: g["w_sum"] for g in grouped if g["k"] is not None}
            out[f"inwoners_{wave}"] = [sums.get(c, 0 if c in counts else None) for c, _ in CLASS_LABELS]
    return pa.table(out)


def column_statistics(view: pa.Table, columns: Sequence[str]) -> pa.Table:
    """Per numeric column of ``columns`` (in that order): values, min, median, max, mean and the mean weighted by
    inhabitants (over the rows with both)."""
    import pyarrow.compute as pc
    import pyarrow.types as pt

    weights = view.column("inwoners").cast(pa.float64()) if "inwoners" in view.column_names else None
    rows: list[dict[str, object]] = []
    for name in columns:
        if name not in view.column_names or name in NUMERIC_SKIP or name == "spark" or name.startswith("klasse"):
            continue  # classes are categories: the histogram shows them
        col = view.column(name)
        if not (pt.is_integer(col.type) or pt.is_floating(col.type)):
            continue
        values = col.cast(pa.float64())
        weighted = None
        if weights is not None:
            both = pc.and_(pc.is_valid(values), pc.is_valid(weights))
            w_sum = pc.sum(pc.filter(weights, both)).as_py()
            if w_sum:
                weighted = pc.sum(pc.multiply(pc.filter(values, both), pc.filter(weights, both))).as_py() / w_sum
        quant = pc.quantile(values, q=0.5, interpolation="linear").to_pylist() if pc.count(values).as_py() else [None]
        rows.append({"column": name, "values": pc.count(values).as_py(), "min": pc.min(values).as_py(),
                     "median": quant[0], "max": pc.max(values).as_py(), "mean": pc.mean(values).as_py(),
                     "weighted_mean": weighted})
    schema = pa.schema([("column", pa.string()), ("values", pa.int64()), ("min", pa.float64()),
                        ("median", pa.float64()), ("max", pa.float64()), ("mean", pa.float64()),
                        ("weighted_mean", pa.float64())])
    return pa.Table.from_pylist(rows, schema=schema)
