"""How one value reads, by the kind its column declares (:mod:`leeftui.model.columns`): the explorer's list, the
monitor's tables and the CLI's terminal tables all format through here.

Meaning never depends on colour alone: changes carry ▲/▼, classes their number and label, missing values '—'.
Text from the user's files is made printable (control characters written out), never read as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.style import Style

from leeftui.model.columns import Column, Kind
from leeftui.model.sources import Change
from leeftui.present import fmt
from leeftui.text import printable

PLAIN = Style()
DIM = Style(dim=True)
TREND = Style(color="cyan")


def row_cell(col: Column, row: Mapping[str, Any], labels: Mapping[int, str]) -> tuple[str, Style]:
    """Text and style of one cell of the area list; ``row`` holds the view's row as Python values (the columns
    :func:`needs` names)."""
    kind, v = col.kind, row.get(col.key)
    if kind == "name":
        name = printable(row["name"] or row["code"])
        if row.get("partial_b"):
            return f"◐{name}", PLAIN  # derived from part of the area only (the detail says of what)
        return (name if row.get("official", True) else f"≈{name}"), PLAIN
    if kind == "class_change":
        ka, kb = row.get("klasse_a"), row.get("klasse_b")
        return fmt.class_text(ka, kb, dict(labels)), fmt.class_style(kb)
    if kind == "delta" and isinstance(col.source, Change) and row.get("official_a", True) != row.get("official", True):
        text, style = value_cell(kind, v)  # between a derived and a published figure: marked, never plain
        return f"{text}≈", style
    if kind == "trend":
        return fmt.sparkline(v), TREND
    if kind == "code":
        return printable(str(v or fmt.NA)), DIM
    return value_cell(kind, v)


def needs(col: Column) -> tuple[str, ...]:
    """The view columns a list cell of ``col`` reads."""
    if col.kind == "name":
        return ("name", "code", "official", "partial_b")
    if col.kind == "class_change":
        return ("klasse_a", "klasse_b")
    if col.kind == "delta" and isinstance(col.source, Change):
        return (col.key, "official_a", "official")
    return (col.key,)


def value_cell(kind: Kind | str, v: object) -> tuple[str, Style]:
    """Text and style of one value of a kind (score, delta, count …)."""
    number = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
    if kind == "delta":
        return fmt.delta(number, 3)
    if v is None:
        return fmt.NA, PLAIN
    if kind == "score" and number is not None:
        return fmt.score(number), PLAIN  # three decimals: a 3.996 never reads as 4.00 beside a filter "score < 4"
    if kind == "signed" and number is not None:
        return fmt.signed(number), PLAIN
    if kind == "count" and number is not None:
        return fmt.inwoners(int(number)), PLAIN
    if kind == "class" and number is not None:
        return str(int(number)), fmt.class_style(int(number))
    if kind == "flag":
        return ("yes" if v else "no"), PLAIN
    if kind == "trend" and isinstance(v, list):
        return fmt.sparkline(v), TREND
    return printable(str(v)), PLAIN


def kind_of(name: str, value: object) -> str:
    """The kind of a report's or query's column, from its name and a value: shares, changes (``delta…``), class
    numbers, counts, scores; text otherwise."""
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, float):
        if "share" in name:
            return "share"
        if "delta" in name:
            return "delta"
        return "number"
    if isinstance(value, int):
        return "integer"
    return "text"


def table_cell(name: str, v: object) -> tuple[str, Style]:
    """One cell of a report or query table, as the monitor and the CLI's terminal tables both write it: shares as
    percentages, changes with an arrow, other numbers with three decimals, counts from 10,000 with thin spaces;
    '—' for a missing value."""
    if v is None:
        return fmt.NA, DIM
    kind = kind_of(name, v)
    if isinstance(v, float):
        if kind == "share":
            return f"{100 * v:.1f}%", PLAIN
        if kind == "delta":
            return fmt.delta(v)
        return f"{v:.3f}", PLAIN
    if isinstance(v, int) and not isinstance(v, bool):
        return (fmt.inwoners(v) if abs(v) >= 10_000 else str(v)), PLAIN
    if isinstance(v, bool):
        return ("yes" if v else "no"), PLAIN
    if isinstance(v, list):
        return " ".join(table_cell(name, x)[0] for x in v), PLAIN
    return printable(str(v)), PLAIN


def numeric(name: str, v: object) -> bool:
    """True for a value a table aligns right."""
    return kind_of(name, v) in ("share", "delta", "number", "integer")
