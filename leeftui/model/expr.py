"""A small filter language over the columns of a table: ``Δonv < 0 and Δ > 0``, ``klasse_b <= 4``,
``name ~ "^Centrum"``, ``inwoners > 1000``.

The explorer's filter (`f`) and ``leeftui export --where`` use it. Text is parsed into a condition
(:mod:`leeftui.model.conditions`), the filter model the export flags and the explorer's dialog build too, and
evaluated by its Arrow back end on the rows in memory; user text never becomes SQL text (a condition's SQL back end
passes every value as a parameter). Grammar::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | "(" expr ")" | compare
    compare := value (("<" | "<=" | ">" | ">=" | "=" | "==" | "!=" | "<>" | "~" | "!~") value)?
    value   := column | number | "text" | 'text' | null | true | false

A comparison with a missing value (NULL) is false, as a filter reads it; ``x = null`` / ``x != null`` test for
missing. ``~`` is a regular expression search (case-insensitive). A column on its own is true when it is true
(booleans) or not missing. Names are case-insensitive; aliases (``Δ`` for the change of the score, ``Δonv`` …)
come from the caller.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leeftui.errors import UsageError
from leeftui.model.conditions import (
    All,
    Any_,
    Col,
    Compare,
    Condition,
    Match,
    Missing,
    Not,
    Operand,
    Truthy,
    both,
    filter_table,
)

if TYPE_CHECKING:
    import pyarrow as pa

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)
  | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<op><=|>=|==|!=|<>|!~|<|>|=|~)
  | (?P<paren>[()])
  | (?P<name>[^\W\d][\w.Δδ]*|Δ[\w]*)
""", re.VERBOSE | re.UNICODE)

KEYWORDS = ("and", "or", "not", "null", "true", "false")
OPERATORS = ("<", "<=", ">", ">=", "=", "==", "!=", "<>", "~", "!~")


class ExprError(UsageError):
    """A filter expression that cannot be read: one sentence naming where and why."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens; ExprError at the first character that starts none."""
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExprError(f"Cannot read the filter at character {pos + 1}: {text[pos:pos + 12]!r}.")
        if m.lastgroup != "ws":
            out.append(Token(str(m.lastgroup), m.group(), pos))
        pos = m.end()
    return out


@dataclass(frozen=True)
class Compiled:
    """A parsed filter: its condition and the columns it reads."""

    text: str
    condition: Condition
    columns: tuple[str, ...]

    def apply(self, table: pa.Table) -> pa.Table:
        """The rows of ``table`` for which the filter holds (a NULL result drops the row)."""
        return filter_table(table, self.condition)


def compile_filter(text: str, schema: pa.Schema, aliases: Mapping[str, str] | None = None) -> Compiled:
    """Parse ``text`` over the columns of ``schema`` (``aliases``: other names → a column); ExprError with the
    position, and the nearest column name, for anything it cannot read or compare."""
    columns = [f.name for f in schema if f.name != "spark"]
    names = {c.lower(): c for c in columns}
    spelled = {c.lower(): c for c in columns}
    for alias, target in (aliases or {}).items():
        if target in columns:
            names.setdefault(alias.lower(), target)
            spelled.setdefault(alias.lower(), alias)
    parser = _Parser(text, tokens(text), names, {f.name: _kind(f.type) for f in schema}, spelled)
    expr = parser.expr()
    if parser.i < len(parser.toks):
        t = parser.toks[parser.i]
        raise ExprError(f"Unexpected {t.text!r} at character {t.pos + 1} of the filter; join conditions with "
                        "'and' / 'or'.")
    return Compiled(text, expr, tuple(dict.fromkeys(parser.used)))


def completions(text: str, columns: Sequence[str], aliases: Mapping[str, str] | None = None) -> list[str]:
    """Column names (and aliases, keywords) that complete the last word of ``text``, for the filter box."""
    m = re.search(r"([^\W\d][\w.]*|Δ\w*)$", text, re.UNICODE)
    word = m.group(1).lower() if m else ""
    pool = [*columns, *(aliases or {}), *KEYWORDS]
    return sorted({p for p in pool if p.lower().startswith(word) and p.lower() != word}, key=lambda p: (len(p), p))


def _kind(t: pa.DataType) -> str:
    import pyarrow.types as pt

    if pt.is_boolean(t):
        return "bool"
    if pt.is_integer(t) or pt.is_floating(t) or pt.is_decimal(t):
        return "number"
    if pt.is_string(t) or pt.is_large_string(t) or pt.is_dictionary(t):
        return "text"
    return "other"


def _literal_kind(v: object) -> str:
    return "bool" if isinstance(v, bool) else "number" if isinstance(v, float) else "text"


def _operand(kind: str, v: object) -> Operand:
    """A parsed value as a condition's operand: a column, or a literal (number, text, yes/no, null)."""
    if kind == "column":
        return Col(str(v))
    assert v is None or isinstance(v, (float, str, bool))
    return v


class _Parser:
    def __init__(self, text: str, toks: list[Token], names: dict[str, str], kinds: dict[str, str],
                 spelled: dict[str, str]) -> None:
        self.text, self.toks, self.names, self.kinds, self.spelled, self.i = text, toks, names, kinds, spelled, 0
        self.used: list[str] = []

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def word(self, w: str) -> bool:
        t = self.peek()
        if t is not None and t.kind == "name" and t.text.lower() == w:
            self.i += 1
            return True
        return False

    def expr(self) -> Condition:
        parts = [self.conj()]
        while self.word("or"):
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def conj(self) -> Condition:
        parts = [self.neg()]
        while self.word("and"):
            parts.append(self.neg())
        return both(*parts)

    def neg(self) -> Condition:
        if self.word("not"):
            return Not(self.neg())  # a missing value is false, so 'not' makes it true
        t = self.peek()
        if t is not None and t.text == "(":
            self.i += 1
            inner = self.expr()
            close = self.peek()
            if close is None or close.text != ")":
                raise ExprError(f"A '(' at character {t.pos + 1} of the filter is not closed.")
            self.i += 1
            return inner
        return self.compare()

    def value(self) -> tuple[str, object]:
        """('column', name) or ('literal', value)."""
        t = self.peek()
        if t is None:
            raise ExprError("The filter ends where a column or value was expected.")
        self.i += 1
        if t.kind == "num":
            return "literal", float(t.text)
        if t.kind == "str":
            return "literal", re.sub(r"\\(.)", r"\1", t.text[1:-1])
        if t.kind == "name":
            low = t.text.lower()
            if low in ("null", "true", "false"):
                return "literal", {"null": None, "true": True, "false": False}[low]
            if low in ("and", "or", "not"):
                raise ExprError(f"'{t.text}' at character {t.pos + 1} needs a condition before it.")
            if low not in self.names:
                near = difflib.get_close_matches(low, list(self.names), n=1, cutoff=0.5)
                hint = f" Did you mean '{self.spelled[near[0]]}'?" if near else ""
                raise ExprError(f"Unknown column '{t.text}' at character {t.pos + 1} of the filter.{hint}")
            self.used.append(self.names[low])
            return "column", self.names[low]
        raise ExprError(f"Expected a column or value at character {t.pos + 1} of the filter, not {t.text!r}.")

    def compare(self) -> Condition:
        start = self.peek()
        left = self.value()
        op = self.peek()
        if op is None or op.kind != "op":
            if left[0] != "column":
                raise ExprError(f"A value on its own at character {start.pos + 1 if start else 1} is not a "
                                "condition; compare it, e.g. 'inwoners > 1000'.")
            name = str(left[1])
            return Truthy(name, self.kinds.get(name) == "bool")
        self.i += 1
        right = self.value()
        a, b = _operand(*left), _operand(*right)
        if op.text in ("~", "!~"):
            if right[0] != "literal" or not isinstance(right[1], str):
                raise ExprError(f"'{op.text}' at character {op.pos + 1} needs a quoted pattern, e.g. "
                                "name ~ \"^Centrum\".")
            try:
                re.compile(right[1])
            except re.error as exc:
                raise ExprError(f"The pattern {right[1]!r} is not a regular expression ({exc}).") from None
            if not isinstance(a, Col):
                raise ExprError(f"'{op.text}' at character {op.pos + 1} needs a column on its left, e.g. "
                                "name ~ \"^Centrum\".")
            return Match(a.name, right[1], negate=op.text == "!~")
        if left[1] is None or right[1] is None:
            other = a if right[1] is None else b
            if op.text in ("=", "==", "!=", "<>") and isinstance(other, Col):
                return Missing(other.name, negate=op.text in ("!=", "<>"))
            if op.text in ("=", "==", "!=", "<>"):  # null against a value (or null): known for every row
                holds = (other is None) == (op.text in ("=", "=="))
                return All(()) if holds else Any_(())
            raise ExprError(f"'{op.text}' with null at character {op.pos + 1}: use '= null' or '!= null'.")
        kinds = [self.kinds.get(str(v), "other") if k == "column" else _literal_kind(v) for k, v in (left, right)]
        if kinds[0] != kinds[1] and "other" not in kinds:
            raise ExprError(f"'{op.text}' at character {op.pos + 1} compares {kinds[0]} with {kinds[1]}"
                            + (f" ({left[1]} is text: quote the value, e.g. \"x\")" if "text" in kinds else "")
                            + ".")
        if kinds[0] == "bool" and op.text not in ("=", "==", "!=", "<>"):
            raise ExprError(f"'{op.text}' at character {op.pos + 1}: yes/no columns compare with = or != only.")
        return Compare(a, {"==": "=", "<>": "!="}.get(op.text, op.text), b)
