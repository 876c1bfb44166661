"""Every test file under tests/ is collected (pytest's default norecursedirs once hid a folder named build: the
ingest package and its tests were called that; this guard stays)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIN_TESTS = 550
"""A floor: the suite collected 575 tests when this was last raised; fewer means files went missing."""


def test_every_test_file_is_collected() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-o", "addopts=", "-p", "no:cacheprovider"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    ids = [line for line in proc.stdout.splitlines() if "::" in line]
    collected = {line.split("::", 1)[0] for line in ids}
    on_disk = {p.relative_to(REPO).as_posix() for p in (REPO / "tests").rglob("test_*.py")}
    assert on_disk - collected == set(), "test files pytest does not collect"
    assert len(ids) >= MIN_TESTS, f"only {len(ids)} tests collected"
