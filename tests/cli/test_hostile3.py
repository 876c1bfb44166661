"""Hostile input, round three: each case named after what a user (or an attacker) can do, answered with one
sentence and the documented exit code — no traceback, no hang, no live formula, no escape from the SQL guard
(docs/exports.md, "What happens when …")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from leeftui.cli import app
from leeftui.errors import LeeftuiError, UsageError
from leeftui.store.sqlguard import DENIED_FUNCTIONS, run_readonly_sql

runner = CliRunner()
GUARD_CASES = [0]
"""How many spellings the property test fed the guard (reported in the closing note)."""


def _leeftui(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leeftui", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "100"}, **kw)  # type: ignore[call-overload]


def _one_sentence(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# -- the SQL guard ---------------------------------------------------------------------------------------------

def test_sql_guard_a_comment_between_a_refused_function_and_its_parenthesis(tiny_db) -> None:
    with pytest.raises(UsageError, match=r"The function query\(\) is refused"):
        run_readonly_sql(tiny_db, "PIVOT (SELECT * FROM query /**/ ('SELECT 42 AS x')) ON x")


def test_sql_a_url_as_a_plain_value_is_not_refused(tiny_db) -> None:
    assert run_readonly_sql(tiny_db, "SELECT 'http://x' AS u").column("u").to_pylist() == ["http://x"]
    with pytest.raises(UsageError, match="Reading 'http://x/a.csv' is refused"):
        run_readonly_sql(tiny_db, "SELECT * FROM 'http://x/a.csv'")


def _case(name: str, rng: st.DrawFn) -> str:
    return "".join(c.upper() if rng(st.booleans()) else c.lower() for c in name)


@st.composite
def _refused_call(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(sorted(DENIED_FUNCTIONS)))
    spelled = _case(name, draw)
    if draw(st.booleans()):
        spelled = f'"{name}"'  # a quoted identifier keeps the name
    if draw(st.booleans()):
        spelled = f"main.{spelled}" if draw(st.booleans()) else spelled
    gap = draw(st.sampled_from(["", " ", "/**/", " /* x */ ", "\n", "--c\n", "\t/*(*/"]))
    call = f"{spelled}{gap}('x')"
    wrapper = draw(st.sampled_from([
        "SELECT * FROM {c}", "SELECT {c}", "SELECT * FROM (SELECT * FROM {c})", "WITH t AS (SELECT * FROM {c}) "
        "SELECT * FROM t", "PIVOT (SELECT * FROM {c}) ON x", "UNPIVOT (SELECT * FROM {c}) ON x INTO NAME n VALUE v",
        "PIVOT (SELECT 1 AS x FROM {c}) ON x USING count(*)", "SELECT * FROM areas WHERE code IN (SELECT * FROM {c})",
    ]))
    return wrapper.format(c=call)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sql=_refused_call())
def test_sql_guard_refuses_every_spelling_of_a_refused_function(tiny_db, sql: str) -> None:
    """Generated spellings — case, quotes, schema, comments and newlines before the parenthesis, subqueries,
    CTEs, PIVOT/UNPIVOT — of every refused function: none runs."""
    GUARD_CASES[0] += 1
    with pytest.raises(LeeftuiError) as caught:
        run_readonly_sql(tiny_db, sql)
    # refused before it ran (UsageError), or not SQL DuckDB can parse — never an error from running it
    assert isinstance(caught.value, UsageError) or "Parser Error" in str(caught.value), (sql, str(caught.value))
