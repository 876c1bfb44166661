"""Readers against rebuilds: many leeftui processes read the database while rebuilds replace it.

    python scripts/concurrency.py [--readers 20] [--rebuilds 5] [--work DIR]

Every reader loops over `leeftui sql`, `leeftui export` and `leeftui show` (real processes, as users run them)
while the database is rebuilt, alternately with and without class boundaries (state A and state B). Each
answer must equal the answer of state A or of state B exactly: a mix of both, a half-written file, or a
traceback is a failure. Prints reader calls, failures by message, wrong answers and tracebacks, and exits
non-zero when there was a wrong answer or a traceback. A small run is part of the test suite
(tests/test_concurrency.py).
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("sql", "--format", "csv", "SELECT count(*), count(klasse), round(sum(lbm), 9) FROM scores"),
    ("export", "--level", "gemeente", "--waves", "2024", "--format", "csv"),
    ("show", "{gemeente}", "--format", "json"),
)
"""What each reader runs in turn (``{gemeente}`` is a gemeente code of the demo data)."""


def leeftui(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the leeftui console entry point as a process."""
    return subprocess.run([sys.executable, "-m", "leeftui", *args], capture_output=True, text=True, timeout=300)


@dataclass
class Tally:
    """What the readers saw."""

    calls: int = 0
    wrong: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)
    failures: collections.Counter[str] = field(default_factory=collections.Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


VARYING = ("built_at", "database")
"""Fields of `show --format json`'s meta that differ between two builds of the same state."""


def answer(stdout: str) -> str:
    """The part of an output that must equal a state's: JSON without its per-build meta fields."""
    if not stdout.startswith("{"):
        return stdout
    data = json.loads(stdout)
    for key in VARYING:
        data.get("meta", {}).pop(key, None)
    return json.dumps(data, sort_keys=True)


def _expected(db: Path, gemeente: str) -> list[str]:
    out = []
    for cmd in COMMANDS:
        proc = leeftui(*[a.format(gemeente=gemeente) for a in cmd], "--db", str(db))
        if proc.returncode != 0:
            raise SystemExit(f"reference run failed: {' '.join(cmd)}: {proc.stderr.strip()}")
        out.append(answer(proc.stdout))
    return out


def _reader(db: Path, gemeente: str, answers: list[set[str]], stop: threading.Event, tally: Tally) -> None:
    i = 0
    while not stop.is_set():
        k = i % len(COMMANDS)
        i += 1
        proc = leeftui(*[a.format(gemeente=gemeente) for a in COMMANDS[k]], "--db", str(db))
        with tally.lock:
            tally.calls += 1
            if "Traceback" in proc.stderr:
                tally.tracebacks.append(proc.stderr[-2000:])
            elif proc.returncode != 0:
                first = next((ln for ln in proc.stderr.splitlines() if ln.startswith("error:")), proc.stderr[:200])
                tally.failures[first[:160]] += 1
            elif answer(proc.stdout) not in answers[k]:
                tally.wrong.append(f"{COMMANDS[k][0]}: {proc.stdout[:300]!r}")


def run(readers: int, rebuilds: int, work: Path) -> int:
    """Run the experiment in ``work``; print the tally; return the exit code (0: no wrong answer, no traceback)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from leeftui.demo import generate

    src = work / "src"
    generate(src, seed=11)
    a, b, target = work / "a.duckdb", work / "b.duckdb", work / "live.duckdb"
    for db, extra in ((a, ()), (b, ("--no-classes",))):
        proc = leeftui("db", "rebuild", str(src), "--db", str(db), "--force", *extra)
        if proc.returncode != 0:
            raise SystemExit(f"reference build failed: {proc.stderr.strip()}")
    first = leeftui("sql", "--db", str(a), "--format", "csv", "SELECT min(code) FROM areas WHERE level = 'gemeente'")
    gemeente = first.stdout.splitlines()[1].split(",")[0].strip('"')
    answers = [set(pair) for pair in zip(_expected(a, gemeente), _expected(b, gemeente), strict=True)]
    shutil.copy(a, target)
    tally, stop = Tally(), threading.Event()
    threads = [threading.Thread(target=_reader, args=(target, gemeente, answers, stop, tally), daemon=True)
               for _ in range(readers)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    rebuild_failures = []
    for n in range(rebuilds):
        extra = ("--no-classes",) if n % 2 == 0 else ()
        proc = leeftui("db", "rebuild", str(src), "--db", str(target), "--force", *extra)
        if proc.returncode != 0:
            rebuild_failures.append(proc.stderr.strip()[-300:])
    time.sleep(0.5)  # let the readers meet the last state too
    stop.set()
    for t in threads:
        t.join()
    seconds = time.monotonic() - t0
    print(f"{readers} readers, {rebuilds} rebuilds ({len(rebuild_failures)} failed) in {seconds:.1f} s")
    print(f"reader calls: {tally.calls}")
    print(f"failures: {sum(tally.failures.values())}")
    for message, count in tally.failures.most_common():
        print(f"  {count} × {message}")
    print(f"wrong answers: {len(tally.wrong)}")
    for w in tally.wrong[:5]:
        print(f"  {w}")
    print(f"tracebacks: {len(tally.tracebacks)}")
    for tb in tally.tracebacks[:2]:
        print(tb)
    for f in rebuild_failures:
        print(f"rebuild failed: {f}")
    return 1 if tally.wrong or tally.tracebacks or rebuild_failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--rebuilds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="Folder for the sources and databases "
                        "(default: a temporary folder, removed afterwards).")
    args = parser.parse_args()
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        sys.exit(run(args.readers, args.rebuilds, args.work))
    with tempfile.TemporaryDirectory(prefix="leeftui-concurrency-") as d:
        sys.exit(run(args.readers, args.rebuilds, Path(d)))


if __name__ == "__main__":
    main()
