"""The data layer never imports Textual: checked in a fresh interpreter via sys.modules."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

DATA_MODULES = [
    "leeftui.store", "leeftui.store.db", "leeftui.store.areas", "leeftui.store.scope",
    "leeftui.store.view", "leeftui.store.profile", "leeftui.store.search",
    "leeftui.ingest", "leeftui.export", "leeftui.schema", "leeftui.paths",
]


def test_data_layer_does_not_import_textual():
    code = (
        "import importlib, pkgutil, sys\n"
        f"mods = {DATA_MODULES!r}\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "for pkg in ('leeftui.store', 'leeftui.ingest'):\n"
        "    p = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(p.__path__, pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('\\n'.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"Textual imported by the data layer:\n{proc.stdout}{proc.stderr}"


def test_cli_help_does_not_import_textual():
    """`leeftui --help` and the headless commands stay light: Textual loads only for the explorer."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from leeftui.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "bad = [m for m in sys.modules if m == 'textual']\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


SQL = re.compile(r"\bSELECT\b.+?\bFROM\b|\bINSERT\s+INTO\b|\bCREATE\s+(?:TEMP\s+)?(?:TABLE|VIEW)\b|"
                 r"\bDELETE\s+FROM\b|\bUPDATE\s+\w+\s+SET\b|\bWITH\s+\w+\s+AS\s*\(|\bPRAGMA\b|\bATTACH\b",
                 re.IGNORECASE | re.DOTALL)
CURSOR_METHODS = {"execute", "executemany", "sql", "cursor", "fetchall", "fetchone", "arrow", "rows", "one"}
"""Calls that run SQL (DuckDB's, and leeftui.store.Database's, which take SQL text)."""


def sql_findings(source: str, name: str) -> list[str]:
    """Places in ``source`` that hold SQL text (any string, f-string or multi-line literal; not docstrings)
    or call a method that runs SQL."""
    tree = ast.parse(source)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    found: dict[str, None] = {}  # ordered, one finding per line and kind (an f-string's parts count once)
    for node in ast.walk(tree):
        text = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = node.value
        elif isinstance(node, ast.JoinedStr):  # f-string: its literal parts, with a gap for each field
            text = " ? ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        if text is not None and SQL.search(text):
            found[f"{name}:{node.lineno}: SQL text"] = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CURSOR_METHODS:
            found[f"{name}:{node.lineno}: .{node.func.attr}(…)"] = None
    return list(found)


def test_sql_check_catches_multiline_sql_and_cursor_calls():
    sample = (
        'def f(db, code):\n'
        '    """SELECT in a docstring is documentation."""\n'
        '    q = """\n        select name\n        from areas\n        where code = ?"""\n'
        '    t = f"WITH x AS (SELECT 1) SELECT {code}"\n'
        '    return db.rows(q, [code]), db.cursor()\n'
    )
    found = sql_findings(sample, "sample.py")
    assert [f.split(": ", 1)[1] for f in found] == ["SQL text", "SQL text", ".rows(…)", ".cursor(…)"], found


def test_ui_holds_no_sql():
    """No SQL text and no SQL-running calls in the UI package: queries live in leeftui.store."""
    ui = Path(__file__).resolve().parents[2] / "leeftui" / "ui"
    offenders = [f for p in sorted(ui.rglob("*.py"))
                 for f in sql_findings(p.read_text(encoding="utf-8"), str(p.relative_to(ui)))]
    assert offenders == []
