"""The data layer never imports Textual: checked in a fresh interpreter via sys.modules."""

from __future__ import annotations

import subprocess
import sys

DATA_MODULES = [
    "leeftui.store", "leeftui.store.db", "leeftui.store.areas", "leeftui.store.scope",
    "leeftui.store.view", "leeftui.store.profile", "leeftui.store.search",
    "leeftui.build", "leeftui.export", "leeftui.schema", "leeftui.paths",
]


def test_data_layer_does_not_import_textual():
    code = (
        "import importlib, pkgutil, sys\n"
        f"mods = {DATA_MODULES!r}\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "for pkg in ('leeftui.store', 'leeftui.build'):\n"
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


def test_ui_holds_no_sql():
    """No SQL text in the UI package: queries live in leeftui.store."""
    import re
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "leeftui" / "ui"
    pattern = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|CREATE\s+TABLE)\b|\.execute\(|duckdb", re.I)
    offenders = [
        f"{p.relative_to(ui)}:{n}"
        for p in ui.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
