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
MAX_CONDITIONS = 500
"""Comparisons one filter may hold."""
MAX_DEPTH = 50
"""Parentheses and 'not' one filter may nest."""
MAX_LENGTH = 20_000
"""Characters one filter may have."""
LIMITS = (f"a filter holds at most {MAX_CONDITIONS} comparisons, {MAX_DEPTH} levels of parentheses and 'not', "
          f"and {MAX_LENGTH:,} characters")
OPERATORS = ("<", "<=", ">", ">=", "=", "==", "!=", "<>", "~", "!~")


class ExprError(UsageError):
    """A filter expression that cannot be read: one sentence naming where and why."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens; ExprError at the first character that starts none, or for a text beyond
    :data:`MAX_LENGTH`."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"The filter has {len(text):,} characters; {LIMITS}.")
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


def _check_pattern(pattern: str) -> None:
    """ExprError unless ``pattern`` is a regular expression the filter's engine (RE2, through Arrow) runs: no
    look-ahead or look-behind, no back-references."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        pc.match_substring_regex(pa.array([""]), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        reason = str(exc).splitlines()[0].removeprefix("Invalid regular expression: ")
        raise ExprError(f"The pattern {pattern!r} is not a regular expression the filter can run ({reason}); "
                        "patterns are RE2: no look-ahead or look-behind (?=, (?!, (?<=) and no "
                        "back-references (\\1).") from None


class _Parser:
    def __init__(self, text: str, toks: list[Token], names: dict[str, str], kinds: dict[str, str],
                 spelled: dict[str, str]) -> None:
        self.text, self.toks, self.names, self.kinds, self.spelled, self.i = text, toks, names, kinds, spelled, 0
        self.used: list[str] = []
        self.depth = 0
        self.conditions = 0

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

    def _deeper(self, t: Token | None) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            where = f" at character {t.pos + 1}" if t is not None else ""
            raise ExprError(f"The filter nests more than {MAX_DEPTH} levels deep{where}; {LIMITS}.")

    def neg(self) -> Condition:
        t = self.peek()
        if self.word("not"):
            self._deeper(t)
            negated = Not(self.neg())  # a missing value is false, so 'not' makes it true
            self.depth -= 1
            return negated
        if t is not None and t.text == "(":
            self.i += 1
            self._deeper(t)
            inner = self.expr()
            self.depth -= 1
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
            # only the quote and the backslash are escaped; any other backslash stays (a pattern's \d)
            return "literal", re.sub(r"\\([\\\"'])", r"\1", t.text[1:-1])
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
        self.conditions += 1
        if self.conditions > MAX_CONDITIONS:
            raise ExprError(f"The filter holds more than {MAX_CONDITIONS} comparisons (at character "
                            f"{start.pos + 1 if start else 1}); {LIMITS}.")
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
            _check_pattern(right[1])
            if not isinstance(a, Col):
                raise ExprError(f"'{op.text}' at character {op.pos + 1} needs a column on its left, e.g. "
                                "name ~ \"^Centrum\".")
            if self.kinds.get(a.name) not in ("text", "other"):
                raise ExprError(f"'{op.text}' at character {op.pos + 1} matches text, and {a.name} is "
                                f"{'a number' if self.kinds.get(a.name) == 'number' else 'not text'}: compare it "
                                f"instead, e.g. {a.name} > 4.")
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
