"""Conditions on rows — the one filter model — with two back ends: Arrow (the explorer, exports, reports built on a
view) and SQL (a query that filters where its rows are read).

A condition names the view's columns by key (``klasse_b``, ``d_lbm``); ``resolve`` maps a key to the name the rows
at hand give it (a long export's ``klasse``, a query's ``s.klasse``). Missing values follow SQL: a comparison with a
missing value is unknown, and a row whose condition is unknown is left out; ``not`` turns unknown into true
(``Not`` is ``NOT coalesce(x, false)``). The filter language (:mod:`leeftui.model.expr`), the export flags
(``--declined``, ``--class``, ``--below``), the explorer's filter dialog and the monitor's measures
(:mod:`leeftui.model.measures`) all build these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class Col:
    """A column, by the view's key."""

    name: str


Literal_ = float | str | bool | None
Operand = Col | float | str | bool | None

OPS = ("<", "<=", ">", ">=", "=", "!=")


@dataclass(frozen=True)
class Compare:
    """``left op right``; ``op`` one of :data:`OPS`."""

    left: Operand
    op: str
    right: Operand


@dataclass(frozen=True)
class Match:
    """A case-insensitive regular-expression search in a text column (RE2, as Arrow and DuckDB both read it);
    ``negate``: no match (a missing value counts as no match)."""

    column: str
    pattern: str
    negate: bool = False


@dataclass(frozen=True)
class Missing:
    """The column has no value (``negate``: it has one)."""

    column: str
    negate: bool = False


@dataclass(frozen=True)
class Truthy:
    """A column on its own: true when a yes/no column is true, or when any other column has a value."""

    column: str
    boolean: bool


@dataclass(frozen=True)
class All:
    """Every part holds (no parts: every row)."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    """At least one part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold (a part that is unknown for a row counts as not holding)."""

    part: Condition


Condition = Union[Compare, Match, Missing, Truthy, All, Any_, Not]  # noqa: UP007 - a forward reference in an alias

EVERY_ROW = All(())


def both(*parts: Condition) -> Condition:
    """All of ``parts`` (flattened; one part stays itself)."""
    flat: list[Condition] = []
    for p in parts:
        flat.extend(p.parts if isinstance(p, All) else (p,))
    return flat[0] if len(flat) == 1 else All(tuple(flat))


def between(column: str, low: float, high: float) -> Condition:
    """``low <= column <= high``."""
    return All((Compare(Col(column), ">=", float(low)), Compare(Col(column), "<=", float(high))))


def columns_of(c: Condition) -> tuple[str, ...]:
    """The keys a condition reads, in order of appearance."""
    out: list[str] = []

    def walk(x: Condition) -> None:
        if isinstance(x, Compare):
            out.extend(o.name for o in (x.left, x.right) if isinstance(o, Col))
        elif isinstance(x, (Match, Missing, Truthy)):
            out.append(x.column)
        elif isinstance(x, (All, Any_)):
            for p in x.parts:
                walk(p)
        elif isinstance(x, Not):
            walk(x.part)

    walk(c)
    return tuple(dict.fromkeys(out))


Resolve = Mapping[str, str] | Callable[[str], str] | None


def _name(resolve: Resolve, key: str) -> str:
    if resolve is None:
        return key
    if callable(resolve):
        return resolve(key)
    return resolve.get(key, key)


# -- the Arrow back end ------------------------------------------------------------------------------------------


def mask(c: Condition, table: pa.Table, resolve: Resolve = None) -> pa.ChunkedArray | pa.Array | pa.Scalar:
    """Evaluate ``c`` on every row of ``table``: true, false or null (unknown) per row (a scalar for a condition
    that reads no column)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def value(o: Operand) -> pa.ChunkedArray | pa.Scalar:
        return table.column(_name(resolve, o.name)) if isinstance(o, Col) else pa.scalar(o)

    def ev(x: Condition) -> pa.ChunkedArray | pa.Array | pa.Scalar:
        if isinstance(x, Compare):
            fn = {"<": pc.less, "<=": pc.less_equal, ">": pc.greater, ">=": pc.greater_equal, "=": pc.equal,
                  "!=": pc.not_equal}[x.op]
            return fn(value(x.left), value(x.right))
        if isinstance(x, Match):
            found = pc.match_substring_regex(table.column(_name(resolve, x.column)), pattern=x.pattern,
                                             ignore_case=True)
            return pc.invert(pc.fill_null(found, False)) if x.negate else found
        if isinstance(x, Missing):
            col = table.column(_name(resolve, x.column))
            return pc.is_valid(col) if x.negate else pc.is_null(col)
        if isinstance(x, Truthy):
            col = table.column(_name(resolve, x.column))
            return col if x.boolean else pc.is_valid(col)
        if isinstance(x, Not):
            return pc.invert(pc.fill_null(ev(x.part), False))
        parts = [ev(p) for p in x.parts]
        if not parts:
            return pa.scalar(isinstance(x, All))
        out = parts[0]
        for p in parts[1:]:
            out = pc.and_kleene(out, p) if isinstance(x, All) else pc.or_kleene(out, p)
        return out

    return ev(c)


def filter_table(table: pa.Table, c: Condition, resolve: Resolve = None) -> pa.Table:
    """The rows of ``table`` for which ``c`` holds (unknown: left out). Every row: the table itself, without
    loading pyarrow.compute (≈ 50 ms of a plain `leeftui export` process)."""
    if c == EVERY_ROW:
        return table
    import pyarrow as pa
    import pyarrow.compute as pc

    m = mask(c, table, resolve)
    if isinstance(m, pa.Scalar):
        return table if m.as_py() else table.slice(0, 0)
    return table.filter(pc.fill_null(m, False))


# -- the SQL back end --------------------------------------------------------------------------------------------


def to_sql(c: Condition, params: dict[str, object], resolve: Resolve = None, prefix: str = "cond") -> str:
    """``c`` as an SQL condition; every literal goes into ``params`` (as ``$<prefix>_<n>``), every column through
    ``resolve`` (which must map to fixed text — a column or an expression of columns — never to user input)."""
    def lit(v: object) -> str:
        name = f"{prefix}_{len([k for k in params if k.startswith(prefix + '_')])}"
        params[name] = v
        return f"${name}"

    def operand(o: Operand) -> str:
        return _name(resolve, o.name) if isinstance(o, Col) else lit(o)

    def sql(x: Condition) -> str:
        if isinstance(x, Compare):
            op = "<>" if x.op == "!=" else x.op
            return f"({operand(x.left)} {op} {operand(x.right)})"
        if isinstance(x, Match):
            found = f"regexp_matches({_name(resolve, x.column)}, {lit(x.pattern)}, 'i')"
            return f"(NOT coalesce({found}, false))" if x.negate else f"({found})"
        if isinstance(x, Missing):
            return f"({_name(resolve, x.column)} IS {'NOT ' if x.negate else ''}NULL)"
        if isinstance(x, Truthy):
            col = _name(resolve, x.column)
            return f"({col})" if x.boolean else f"({col} IS NOT NULL)"
        if isinstance(x, Not):
            return f"(NOT coalesce({sql(x.part)}, false))"
        if not x.parts:
            return "true" if isinstance(x, All) else "false"
        joiner = " AND " if isinstance(x, All) else " OR "
        return "(" + joiner.join(sql(p) for p in x.parts) + ")"

    return sql(c)
