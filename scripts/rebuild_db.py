"""Rebuild the bundled demo database from freshly generated synthetic sources.

    python scripts/rebuild_db.py [--out db/leefbaarometer.duckdb] [--seed 2024] [--no-compact]
    python scripts/rebuild_db.py --check      # build twice, compare content hashes, no file written

Steps:
1. ``leeftui.demo.generate`` (scale 'demo', with the grid cells of one gemeente) into a temporary
   folder outside the repository: ``<tmp>/demo-seed<N>/`` holds the score, population and area-set files; the DEMO
   class-boundary table is moved beside it (``<tmp>/DEMO-klassegrenzen.csv``) so the build
   does not meet it among the sources (it would skip it with a warning).
2. ``leeftui.ingest.rebuild(sources=[<tmp>/demo-seed<N>], target=out, classes=<classes>,
   synthetic=True, force=True)``, run from inside ``<tmp>`` with relative paths, so the
   ``sources`` table records ``demo-seed2024/Leefbaarometer-scores buurten 2002-2024.csv``
   rather than a random temporary path.
3. Compaction (skip with ``--no-compact``): DuckDB's default 256 KiB block gives every table
   and index at least one block, which makes a ~7,000-row database 5.8 MB. The script copies
   the built database into a fresh file with 16 KiB blocks (``ATTACH … (BLOCK_SIZE 16384)``
   + ``COPY FROM DATABASE``), checks the copy has the same content hash, and replaces the
   target atomically (~1.1 MB). Any DuckDB ≥ 1.2 opens such a file as usual.

The content hash (:func:`content_hash`) covers every table ordered by all its columns,
leaving out meta.built_at, doubles rounded to 10 decimals (the derived Nederland rows can
differ in the last bit between runs: parallel summation); same seed → same hash.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import duckdb
import typer

from leeftui.demo import generate
from leeftui.errors import LeeftuiError
from leeftui.ingest import rebuild
from leeftui.tables import TABLES

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "db" / "leefbaarometer.duckdb"
COMPACT_BLOCK_SIZE = 16384


def content_hash(db: Path) -> str:
    """sha256 over all schema tables, rows ordered by every column, meta.built_at left out.

    Doubles are rounded to 10 decimals first: the build derives the Nederland rows with a
    parallel DuckDB aggregate whose last bit can differ from run to run.
    """
    h = hashlib.sha256()
    con = duckdb.connect(str(db), read_only=True)
    try:
        for t in TABLES:
            if t.derived:
                continue  # written from the tables hashed here
            cols = ", ".join(f'"{c.name}"' for c in t.columns)
            where = " WHERE key <> 'built_at'" if t.name == "meta" else ""
            rows = con.execute(f'SELECT {cols} FROM "{t.name}"{where} ORDER BY ALL').fetchall()
            h.update(f"{t.name}:{len(rows)}\n".encode())
            for r in rows:
                r = tuple(round(v, 10) if isinstance(v, float) else v for v in r)
                h.update(repr(r).encode())
                h.update(b"\n")
    finally:
        con.close()
    return h.hexdigest()


def _sql_str(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def compact(db: Path, block_size: int = COMPACT_BLOCK_SIZE) -> None:
    """Rewrite ``db`` with a smaller block size; verify the content, then replace atomically."""
    tmp = db.with_name(f".{db.name}.{os.getpid()}.compact.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect()
        try:
            con.execute(f"ATTACH {_sql_str(db)} AS src (READ_ONLY)")
            con.execute(f"ATTACH {_sql_str(tmp)} AS dst (BLOCK_SIZE {int(block_size)})")
            con.execute("COPY FROM DATABASE src TO dst")
            con.execute("DETACH dst")
        finally:
            con.close()
        if content_hash(tmp) != content_hash(db):
            raise RuntimeError("compacted copy differs from the built database")
        os.replace(tmp, db)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


DEMO_GRID_GEMEENTE = "GM9396"
"""The demo gemeente whose 100 m grid cells the bundled database holds (Haverwolde with seed 2024): the grid of
all 650 buurten would take 3.7 of the 5 MB the bundled database may use."""


def build(out: Path, seed: int, *, do_compact: bool = True):
    """Generate the demo sources in a temporary folder and build ``out`` from them; return the report."""
    out = out.resolve()
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="leeftui-demo-") as tmp_name:
        tmp = Path(tmp_name)
        folder = f"demo-seed{seed}"
        files = generate(tmp / folder, seed=seed, scale="demo", grid=DEMO_GRID_GEMEENTE, outlines=True)
        classes = Path(shutil.move(str(files.classes), str(tmp / files.classes.name)))
        os.chdir(tmp)
        try:
            report = rebuild(sources=[Path(folder)], target=out, classes=Path(classes.name),
                             synthetic=True, force=True)
        finally:
            os.chdir(cwd)
    if do_compact:
        compact(out)
    return report


@app.command()
def main(
    out: Annotated[Path, typer.Option(help="Database file to (re)write.")] = DEFAULT_OUT,
    seed: Annotated[int, typer.Option(help="Random seed of the demo data.")] = 2024,
    do_compact: Annotated[bool, typer.Option("--compact/--no-compact",
                                             help="Rewrite with 16 KiB blocks (smaller file).")] = True,
    check: Annotated[bool, typer.Option(
        "--check", help="Build twice in a temp folder and compare content hashes.")] = False,
) -> None:
    """Generate demo sources in a temporary folder and build the database from them."""
    try:
        if check:
            with tempfile.TemporaryDirectory(prefix="leeftui-check-") as t:
                a, b = Path(t) / "a.duckdb", Path(t) / "b.duckdb"
                build(a, seed, do_compact=do_compact)
                build(b, seed, do_compact=do_compact)
                ha, hb = content_hash(a), content_hash(b)
                typer.echo(f"build 1: {ha}  {a.stat().st_size:,} bytes")
                typer.echo(f"build 2: {hb}  {b.stat().st_size:,} bytes")
                typer.echo("reproducible: " + ("yes" if ha == hb else "NO"))
                if ha != hb:
                    raise typer.Exit(1)
            return
        report = build(out, seed, do_compact=do_compact)
    except LeeftuiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(f"wrote {out} ({out.stat().st_size:,} bytes{', compacted' if do_compact else ''})")
    typer.echo(f"content hash: {content_hash(out)}")
    typer.echo("areas: " + ", ".join(f"{k} {v}" for k, v in report.areas_per_level.items()))
    typer.echo("score rows: " + ", ".join(f"{k} {v}" for k, v in report.rows_per_level.items()))
    typer.echo(f"releases {', '.join(report.releases)}; waves {', '.join(map(str, report.waves))}; "
               f"population years {', '.join(map(str, report.population_years))}")
    typer.echo(f"class boundaries: {report.classes_source}")
    typer.echo(f"warnings: {len(report.warnings)}")
    for w in report.warnings:
        typer.echo(f"  warning: {w}")


if __name__ == "__main__":
    app()
