"""The README and docs/ say what the code does: the key reference is the app's bindings, the CLI reference the typer
app, every relative link and anchor resolves, the README stays a five-minute read, and the quick start is the
command CI runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "docs").glob("*.md"))]
TEST_COMMAND = 'pip install -e ".[test]" && python -m pytest'


def test_generated_references_agree_with_the_code() -> None:
    """docs/keys.md and docs/cli.md hold what scripts/docs.py writes from the bindings and the typer app."""
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "docs.py"), "--check"], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env={**os.environ, "COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr


def test_a_changed_binding_makes_the_check_fail(tmp_path: Path) -> None:
    """The check is not vacuous: a key table that lost a row is stale."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import docs  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    page = (REPO / "docs" / "keys.md").read_text(encoding="utf-8")
    edited = page.replace("| `c` | Compare |\n", "", 1)
    assert edited != page
    assert docs.spliced(edited, docs.keys()) == page


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    body = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_anchor(m.group(1)) for m in re.finditer(r"^#+ (.+)$", body, flags=re.M)}


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(REPO).as_posix() for p in PAGES])
def test_every_relative_link_resolves(page: Path) -> None:
    body = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", body):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            broken.append(target)
    assert broken == [], f"{page.name}: links that lead nowhere"


def test_the_readme_is_short_and_its_quick_start_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    blocks = re.findall(r"```sh\n(.*?)\n```", readme.split("## Quick start", 1)[1].split("\n## ", 1)[0], flags=re.S)
    assert blocks == ["pip install . && leeftui", TEST_COMMAND]
    assert TEST_COMMAND in (REPO / ".ci" / "run").read_text(encoding="utf-8")
