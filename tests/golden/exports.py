"""What leeftui writes from the bundled database, case by case, as digests: the reference that keeps exports,
reports and copies byte-identical through a change that should not alter them.

Each case is a command line (or a view copied from the explorer) and the digest of what it wrote — the file, and
what went to stderr (the notes) — after two normalisations that do not depend on leeftui: the database's path
(it differs per checkout) becomes ``<DB>``, and an xlsx file is read back as its cells (the file itself carries the
time it was written). ``python -m tests.golden.exports --write`` writes the reference anew, after a change that is
meant to alter what some case writes (say which in the commit).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "db" / "leefbaarometer.duckdb"
REFERENCE = Path(__file__).with_name("exports.json")

FORMATS = ("csv", "tsv", "parquet", "json", "jsonl", "xlsx", "markdown")
SUFFIX = {"csv": "csv", "tsv": "tsv", "parquet": "parquet", "json": "json", "jsonl": "jsonl", "xlsx": "xlsx",
          "markdown": "md"}

EVERY_FORMAT: tuple[tuple[str, ...], ...] = (
    ("export",),
    ("export", "--level", "buurt", "--compare", "2014:2024", "--sort", "-delta_lbm"),
    ("export", "--level", "grid", "--compare", "2016:2024", "--limit", "50"),
    ("stats", "overview", "--table", "classes"),
)
"""Written in every format."""

CSV_ONLY: tuple[tuple[str, ...], ...] = (
    ("export", "--level", "wijk", "--declined", "--waves", "2016,2024"),
    ("export", "--level", "buurt", "--compare", "2016:2024", "--class", "1-4,onv:1-5"),
    ("export", "--level", "buurt", "--compare", "2014:2024", "--below", "4.0", "--where", "delta_onv < 0"),
    ("export", "--level", "buurt", "--compare", "2016:2024", "--declined", "--columns", "code,name,delta_lbm"),
    ("export", "--in", "GM9238", "--level", "buurt", "--waves", "2024"),
    ("export", "--in", "GM9238", "--compare", "2016:2024", "--where", "klasse_2024 <= 7 or name ~ \"^B\""),
    ("export", "--set", "demo-aandachtswijken", "--compare", "2016:2024"),
    ("export", "--set", "demo-aandachtswijken", "--waves", "2012,2024", "--class", "1-5"),
    ("export", "--search", "Bakkerserf"),
    ("export", "--level", "grid", "--waves", "2024", "--class", "1-4"),
    ("export", "--level", "grid", "--declined", "--waves", "2016,2024"),
    ("export", "--level", "nederland"),
    ("stats", "overview"),
    ("stats", "overview", "--table", "class_shares"),
    ("stats", "overview", "--level", "wijk", "--problem", "1-3"),
    ("stats", "problems", "--level", "wijk"),
    ("stats", "problems", "--level", "grid"),
    ("stats", "problems", "--level", "gemeente", "--below", "4.0"),
    ("stats", "set", "demo-aandachtswijken", "--compare", "2016:2024"),
    ("stats", "set", "demo-aandachtswijken", "--compare", "2016:2024", "--table", "classes"),
    ("stats", "set", "demo-aandachtswijken", "--compare", "2016:2024", "--table", "dimensions"),
    ("stats", "set", "demo-aandachtswijken", "--compare", "2016:2024", "--table", "members"),
    ("stats", "improvement", "2016:2024"),
    ("stats", "improvement", "2016:2024", "--per", "gemeente", "--level", "wijk"),
    ("stats", "improvement", "2016:2024", "--set", "demo-aandachtswijken"),
    ("stats", "decliners", "2016:2024"),
    ("stats", "decliners", "2020:2022", "--level", "wijk", "--limit", "5"),
    ("sql", "SELECT code, jaar, lbm FROM scores WHERE jaar = 2024 ORDER BY code LIMIT 20"),
)
"""Written as CSV only."""

OTHER: tuple[tuple[str, ...], ...] = (
    ("show", "GM9238", "--format", "json"),
    ("show", "BU92380108", "--format", "json"),
    ("show", "NL", "--format", "json"),
)
"""Written to stdout in their own format."""

VIEWS: dict[str, tuple[str, ...]] = {
    "start": (),
    "gemeente-children": ("enter",),
    "all-buurten-by-delta": ("a", "a", "s", "s", "s", "s", "s", "S"),
    "buurten-of-a-gemeente": ("enter", "a"),
    "waves-moved": ("[", "{", "{"),
}
"""Explorer views, by the keys that make them from the start screen; each copied as TSV (y) and Markdown (Y)."""


def cases() -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(case id, command line, format) of every command case."""
    for args in EVERY_FORMAT:
        for fmt in FORMATS:
            yield " ".join(args) + f" [{fmt}]", args, fmt
    for args in CSV_ONLY:
        yield " ".join(args) + " [csv]", args, "csv"
    for args in OTHER:
        yield " ".join(args), args, ""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def normalised(data: bytes, db: Path) -> bytes:
    """``data`` with the database's path replaced by ``<DB>`` (in JSON text too, where a path's characters may be
    escaped)."""
    for spelling in {str(db), json.dumps(str(db))[1:-1]}:
        data = data.replace(spelling.encode(), b"<DB>")
    return data


def file_digest(path: Path, fmt: str, db: Path) -> str:
    """The digest of an exported file: parquet as schema, metadata and rows; xlsx as its cells; the rest as bytes."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        body = json.dumps({"schema": [f"{f.name}:{f.type}" for f in table.schema], "meta": meta,
                           "rows": table.to_pylist()}, sort_keys=True, default=str)
        return _digest(normalised(body.encode(), db))
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
        return _digest(normalised(json.dumps(sheets, default=str).encode(), db))
    data = path.read_bytes()
    if fmt == "jsonl":
        data += path.with_name(path.name + ".meta.json").read_bytes()
    return _digest(normalised(data, db))


def run_case(args: tuple[str, ...], fmt: str, out_dir: Path, db: Path = BUNDLED) -> dict[str, str]:
    """Run one command in-process (typer's runner) and return the digests of what it wrote and of its stderr."""
    from typer.testing import CliRunner

    from leeftui.cli import app

    runner = CliRunner()
    full = [*args, "--db", str(db)]
    if fmt:
        # named by the command alone: the database's path differs between checkouts
        target = out_dir / f"{_digest(' '.join(args).encode())}.{SUFFIX[fmt]}"
        full += ["-o", str(target), "--format", fmt]
    result = runner.invoke(app, full, catch_exceptions=False)
    stderr = normalised(result.stderr.encode(), db).replace(str(out_dir).encode(), b"<OUT>")
    out = {"exit": str(result.exit_code), "stderr": _digest(stderr)}
    if fmt:
        out["file"] = file_digest(target, fmt, db) if target.exists() else "(none)"
    else:
        out["stdout"] = _digest(normalised(result.stdout.encode(), db))
    return out


async def copy_views(db: Path = BUNDLED) -> dict[str, dict[str, str]]:
    """Copy every view of :data:`VIEWS` out of the explorer (80×24) as TSV and Markdown; their digests."""
    from leeftui.ui.app import create_app
    from tests.ui.uihelpers import settle

    out: dict[str, dict[str, str]] = {}
    for name, keys in VIEWS.items():
        app = create_app(db, fresh=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            copies = {}
            for key, label in (("y", "tsv"), ("Y", "markdown")):
                await pilot.press(key)
                await settle(pilot)
                copies[label] = _digest(normalised(app.clipboard.encode(), db))
            out[name] = copies
    return out


def measure(out_dir: Path, db: Path = BUNDLED) -> dict[str, object]:
    """Every case's digests."""
    import asyncio

    commands = {case: run_case(args, fmt, out_dir, db) for case, args, fmt in cases()}
    return {"commands": commands, "views": asyncio.run(copy_views(db))}


if __name__ == "__main__":  # python -m tests.golden.exports --write
    import os
    import tempfile

    os.environ.setdefault("LEEFTUI_CONFIG_DIR", tempfile.mkdtemp())
    os.environ["TERM"], os.environ["COLORTERM"] = "xterm-256color", "truecolor"
    with tempfile.TemporaryDirectory() as tmp:
        measured = measure(Path(tmp))
    if "--write" in sys.argv:
        REFERENCE.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {REFERENCE}")
    else:
        print(json.dumps(measured, indent=1, sort_keys=True))
