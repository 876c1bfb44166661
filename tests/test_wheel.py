"""The built wheel carries the bundled database: build it, install it into a fresh venv, open the db.

Dependencies are not downloaded again: the fresh venv sees this environment's site-packages
through a .pth line (after its own), so what is tested is the wheel's own content.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_wheel_installs_and_opens_bundled_db(tmp_path):
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
          "-w", str(dist), str(REPO)])
    wheels = list(dist.glob("leeftui-*.whl"))
    assert len(wheels) == 1

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    _run([str(py), "-m", "pip", "install", "--no-deps", "-q", str(wheels[0])])
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "zz_leeftui_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    env = {k: v for k, v in os.environ.items() if k not in ("LEEFTUI_DB", "PYTHONPATH")}
    env["LEEFTUI_DATA_DIR"] = str(tmp_path / "userdata")  # no user database: the bundled one is chosen
    proc = _run([str(venv / "bin" / "leeftui"), "db", "info", "--format", "json"], cwd=tmp_path, env=env)
    info = json.loads(proc.stdout)
    path = Path(info["path"])
    assert path.is_relative_to(site), path  # opened from inside the installed wheel, not the checkout
    assert path.name == "leefbaarometer.duckdb"
    assert info["synthetic"] is True

    proc = _run([str(py), "-m", "leeftui", "db", "info", "--format", "json"], cwd=tmp_path, env=env)
    assert json.loads(proc.stdout)["path"] == info["path"]

    # the reconstructed LBM 3.0 class bounds ship inside the wheel, where the build finds them
    proc = _run([str(py), "-c", "from leeftui.ingest.extras import SHIPPED_CLASSES as p; "
                 "print(p); print(p.read_text(encoding='utf-8').splitlines()[0])"], cwd=tmp_path, env=env)
    where, first = proc.stdout.splitlines()[:2]
    assert Path(where).is_relative_to(site) and "NOT THE PUBLISHED TABLE" in first
