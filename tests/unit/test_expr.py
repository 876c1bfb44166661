"""The filter language: what it keeps (checked against plain Python on the same rows), what it refuses (one
sentence with the position and the nearest column), and that no text ever reaches SQL."""

from __future__ import annotations

import pyarrow as pa
import pytest

from leeftui.model.columns import export_aliases
from leeftui.model.expr import ExprError, compile_filter, completions

ROWS = pa.table({
    "code": ["A", "B", "C", "D"],
    "name": ["Centrum-Noord", "Oost", "centrum", None],
    "d_lbm": [0.1, -0.2, 0.05, None],
    "d_onv": [-0.01, 0.02, None, -0.03],
    "klasse_b": pa.array([3, 5, None, 9], pa.int8()),
    "inwoners": pa.array([1500, 800, 2000, None], pa.int64()),
    "official": [True, False, True, None],
})
ALIASES = export_aliases(ROWS.column_names, "lbm")


def keep(text: str) -> list[str]:
    return compile_filter(text, ROWS.schema, ALIASES).apply(ROWS).column("code").to_pylist()


def test_the_issues_examples() -> None:
    assert ALIASES == {"Δ": "d_lbm", "Δonv": "d_onv"}
    assert keep("Δonv < 0 and Δ > 0") == ["A"]
    assert keep("klasse_b <= 4") == ["A"]
    assert keep('name ~ "^Centrum"') == ["A", "C"]  # case-insensitive search
    assert keep("inwoners > 1000") == ["A", "C"]


def test_logic_and_missing_values() -> None:
    rows = ROWS.to_pylist()
    assert keep("Δ > 0 or inwoners < 1000") == [r["code"] for r in rows if (r["d_lbm"] or 0) > 0
                                                 or (r["inwoners"] or 10**9) < 1000]
    assert keep("not (Δ > 0)") == ["B", "D"]  # a missing Δ is not > 0, so 'not' keeps it
    assert keep("klasse_b = null") == ["C"] and keep("klasse_b != null") == ["A", "B", "D"]
    assert keep("official") == ["A", "C"] and keep("official = false") == ["B"]
    assert keep("name") == ["A", "B", "C"]  # a column on its own: present
    assert keep('name !~ "centrum"') == ["B", "D"]
    assert keep("(Δ > 0 or Δonv > 0) and not name ~ 'noord'") == ["B", "C"]
    assert keep("KLASSE_B >= 5 AND inwoners = 800") == ["B"]  # names and keywords in any case
    assert keep("0 < Δ") == ["A", "C"]


@pytest.mark.parametrize(("text", "message"), [
    ("Δonx < 0", "Unknown column 'Δonx' at character 1 of the filter. Did you mean 'Δonv'?"),
    ("name > 5", "compares text with number"),
    ("inwoners > ", "The filter ends where a column or value was expected."),
    ("(Δ > 0", "A '(' at character 1 of the filter is not closed."),
    ("Δ > 0 Δ < 1", "Unexpected 'Δ' at character 7"),
    ("official < true", "yes/no columns compare with = or != only"),
    ('name ~ "("', "is not a regular expression"),
    ("name ~ 3", "needs a quoted pattern"),
    ("3", "A value on its own"),
    ("Δ > 0 ; DROP TABLE scores", "Cannot read the filter at character 7"),
    ("and Δ > 0", "'and' at character 1 needs a condition before it"),
    ("inwoners < null", "use '= null' or '!= null'"),
])
def test_bad_expressions_are_one_sentence(text: str, message: str) -> None:
    with pytest.raises(ExprError, match=None) as info:
        keep(text)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_completion_of_column_names() -> None:
    assert completions("Δo", ROWS.column_names, ALIASES) == ["Δonv"]
    assert completions("klasse_b <= 4 and inw", ROWS.column_names, ALIASES) == ["inwoners"]
    assert "official" in completions("o", ROWS.column_names, ALIASES)
