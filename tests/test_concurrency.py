"""A small run of scripts/concurrency.py: readers (real leeftui processes) while rebuilds replace the database
must get one of the two valid answers every time, and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "concurrency.py"


def test_readers_during_rebuilds_get_valid_answers(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--readers", "3", "--rebuilds", "2", "--work",
                           str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = dict(line.split(": ", 1) for line in proc.stdout.splitlines() if ": " in line and not line[0] == " ")
    assert int(lines["reader calls"]) > 0
    assert lines["wrong answers"] == "0" and lines["tracebacks"] == "0"
