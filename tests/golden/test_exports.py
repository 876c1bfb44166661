"""Exports, reports and the explorer's copies of the bundled database write what they wrote before (the reference in
exports.json, made by ``python -m tests.golden.exports --write``): a change meant to keep behaviour keeps every byte."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tests.golden.exports import REFERENCE, cases, copy_views, run_case

REFERENCE_DIGESTS = json.loads(REFERENCE.read_text(encoding="utf-8"))
CASES = list(cases())


@pytest.mark.parametrize(("case", "args", "fmt"), CASES, ids=[c for c, _, _ in CASES])
def test_command_writes_what_it_wrote(case: str, args: tuple[str, ...], fmt: str, tmp_path: Path) -> None:
    assert run_case(args, fmt, tmp_path) == REFERENCE_DIGESTS["commands"][case]


def test_every_reference_case_is_run() -> None:
    assert sorted(REFERENCE_DIGESTS["commands"]) == sorted(c for c, _, _ in CASES)


def test_explorer_copies_what_it_copied() -> None:
    assert asyncio.run(copy_views()) == REFERENCE_DIGESTS["views"]
