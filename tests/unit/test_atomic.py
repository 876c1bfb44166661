"""One atomic writer for exports, downloads and databases: all or nothing, with the umask's file mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyarrow as pa
import pytest

from leeftui.atomic import ReplaceFailed, atomic_file, replacing
from leeftui.export import Provenance, write_table

PROV = Provenance("Leefbaarometer 3.0, meting 2024", "lbm3-2024", "", False, "", "test.duckdb", "q", "0")


@pytest.fixture()
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_files_get_the_umask_mode_not_0600(tmp_path: Path, umask_027: None) -> None:
    with atomic_file(tmp_path / "a.bin") as fh:
        fh.write(b"x")
    assert _mode(tmp_path / "a.bin") == 0o640
    write_table(pa.table({"code": ["GM0599"]}), tmp_path / "e.csv", "csv", PROV)
    write_table(pa.table({"code": ["GM0599"]}), tmp_path / "e.jsonl", "jsonl", PROV)
    assert {_mode(p) for p in tmp_path.iterdir()} == {0o640}  # data, the jsonl sidecar, everything


def test_a_failure_leaves_the_target_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_bytes(b"before")
    with pytest.raises(RuntimeError), atomic_file(target) as fh:
        fh.write(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"before" and sorted(tmp_path.iterdir()) == [target]


def test_a_failed_rename_says_so(tmp_path: Path) -> None:
    folder_in_the_way = tmp_path / "target"
    (folder_in_the_way / "inside").mkdir(parents=True)
    with pytest.raises(ReplaceFailed), replacing(folder_in_the_way) as tmp:
        tmp.write_bytes(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]
