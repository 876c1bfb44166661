"""Which columns the area list shows, how each cell reads, and the matching export table.

The list and the export use the same column choice, so `e` and `y` write exactly what is shown.
Only pyarrow and Rich here (no Textual, no SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from rich.style import Style

from leeftui.text import printable
from leeftui.ui import fmt


@dataclass(frozen=True)
class Column:
    """One column of the area list."""

    key: str
    """Cell kind (usually the Arrow column it shows)."""
    label: str
    """Header text."""
    width: int
    """Cell width in terminal cells."""
    align: str = "left"
    """'left' or 'right'."""
    sort: str | None = None
    """Arrow column sorted on when this column is chosen; None = not sortable."""


def list_columns(dims: tuple[str, ...], waves: tuple[int, ...], wave_a: int, wave_b: int,
                 flat: bool, population_year: int | None = None, score: str = "lbm") -> list[Column]:
    """The columns of the area list for waves A and B; ``flat`` adds the gemeente (national lists);
    ``population_year`` (the CBS year shown with wave B) names the inhabitants column. ``score`` is the
    release's score (``afw`` for LBM 2.0, which has no absolute score: its headers say afw)."""
    cols = [Column("mark", "", 1), Column("name", "Name", 20, sort="name"), Column("code", "Code", 10, sort="code")]
    if flat:
        cols.append(Column("gemeente_name", "Gemeente", 14, sort="gemeente_name"))
    if score == "lbm":
        cols += [Column("lbm_a", str(wave_a), 5, "right", "lbm_a"), Column("lbm_b", str(wave_b), 5, "right", "lbm_b"),
                 Column("d_lbm", "Δ", 7, "right", "d_lbm")]
    else:
        cols += [Column("afw_a", f"afw{wave_a % 100:02d}", 6, "right", "afw_a"),
                 Column("afw_b", f"afw{wave_b % 100:02d}", 6, "right", "afw_b"),
                 Column("d_afw", "Δafw", 7, "right", "d_afw")]
    cols += [Column("spark", "Trend", max(5, len(waves))), Column("klasse", "Class A→B", 16, sort="klasse_b")]
    if score == "lbm":
        cols.append(Column("afw_b", "afw", 6, "right", "afw_b"))
    cols += [Column(f"d_{d}", f"Δ{d}", 7, "right", f"d_{d}") for d in dims]
    cols.append(Column("inwoners", f"Inw.{population_year}" if population_year else "Inw.", 8, "right",
                       "inwoners"))
    return cols


def longest_name(table: pa.Table) -> int:
    """The length of the longest name in ``table`` (the list's name column; the code where a name is missing)."""
    if table.num_rows == 0:
        return 0
    import pyarrow.compute as pc

    longest = pc.max(pc.utf8_length(pc.coalesce(table.column("name"), table.column("code")))).as_py()
    return int(longest or 0)


def sortable(columns: list[Column]) -> list[Column]:
    """The columns that can be sorted on, in display order."""
    return [c for c in columns if c.sort]


def cell(col: Column, row: dict[str, Any], labels: dict[int, str], marked: bool) -> tuple[str, Style]:
    """Text and style of one cell; ``row`` holds the Arrow row as Python values."""
    k = col.key
    if k == "mark":
        return ("●" if marked else " "), Style(bold=True, color="magenta") if marked else Style()
    if k == "name":
        name = printable(row["name"] or row["code"])
        if row.get("partial_b"):
            return f"◐{name}", Style()  # derived from part of the area only (the detail says of what)
        return (name if row.get("official", True) else f"≈{name}"), Style()
    if k in ("code", "gemeente_name"):
        return printable(str(row.get(k) or fmt.NA)), Style(dim=True) if k == "code" else Style()
    if k in ("lbm_a", "lbm_b"):
        v = row.get(k)
        return fmt.score(v), Style()  # three decimals: a 3.996 never reads as 4.00 beside a filter "score < 4"
    if k in ("afw_a", "afw_b"):
        return fmt.signed(row.get(k)), Style()
    if k == "d_lbm" or k.startswith("d_"):
        return fmt.delta(row.get(k), 3)
    if k == "spark":
        return fmt.sparkline(row.get("spark")), Style(color="cyan")
    if k == "klasse":
        ka, kb = row.get("klasse_a"), row.get("klasse_b")
        return fmt.class_text(ka, kb, labels), fmt.class_style(kb)
    if k == "inwoners":
        return fmt.inwoners(row.get(k)), Style()
    return str(row.get(k, "")), Style()


def export_table(view: pa.Table, columns: list[Column], waves: tuple[int, ...], wave_a: int, wave_b: int,
                 score: str = "lbm") -> pa.Table:
    """Select and rename the Arrow columns behind the shown columns (rows as filtered and sorted).

    Names as ``leeftui export --compare`` writes them: waves spelled out (``lbm_2014``), changes as
    ``delta_lbm``, ``delta_<dim>`` (B − A, the waves in the provenance); the trend column becomes
    one ``<score>_<wave>`` column per wave (``lbm``, or ``afw`` for LBM 2.0); the class column becomes
    ``klasse_<A>``, ``klasse_<B>`` and the label of B.
    """
    import pyarrow.compute as pc  # lazy: not needed for the first screen

    out: dict[str, pa.Array | pa.ChunkedArray] = {}
    for col in columns:
        k = col.key
        if k == "mark":
            continue
        if k == "name":
            out["code"] = view.column("code")
            out["name"] = view.column("name")
            out["level"] = view.column("level")
            out["official"] = view.column("official")
        elif k == "code":
            continue
        elif k == "gemeente_name":
            out["gemeente"] = view.column("gemeente_name")
        elif k in ("lbm_a", "afw_a"):
            out[f"{k[:3]}_{wave_a}"] = view.column(k)
        elif k in ("lbm_b", "afw_b"):
            out[f"{k[:3]}_{wave_b}"] = view.column(k)
        elif k == "spark":
            spark = view.column("spark").combine_chunks() if view.num_rows else None
            for i, w in enumerate(waves):
                if f"{score}_{w}" in out:
                    continue  # wave A or B, shown already
                if spark is None:
                    out[f"{score}_{w}"] = pa.array([], pa.float64())
                else:
                    out[f"{score}_{w}"] = pc.list_element(spark, i)
        elif k == "klasse":
            out[f"klasse_{wave_a}"] = view.column("klasse_a")
            out[f"klasse_{wave_b}"] = view.column("klasse_b")
            out[f"klasse_label_{wave_b}"] = view.column("klasse_label_b")
        elif k.startswith("d_"):
            out[f"delta_{k[2:]}"] = view.column(k)  # the CLI's wide names (select.wide_columns)
        elif k == "inwoners":
            out["inwoners"] = view.column("inwoners")
    return pa.table(out)
