"""Write synthetic Leefbaarometer source files (official layouts) into a folder.

    python scripts/make_demo.py OUT_DIR [--seed N] [--scale demo|national|FLOAT] [--grid]

See leeftui/demo.py for the layouts and the model. Same seed and scale → byte-identical files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leeftui.demo import timed_generate

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write into (created if needed).")],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2024,
    scale: Annotated[str, typer.Option(help="'demo', 'national' or a fraction of national (e.g. 0.1).")] = "demo",
    grid: Annotated[bool, typer.Option("--grid", help="Also write the 100 m grid stand-in file.")] = False,
) -> None:
    """Generate demo source files and list what was written."""
    try:
        files, seconds = timed_generate(out_dir, seed=seed, scale=scale, grid=grid)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for path in files.all_files():
        typer.echo(f"{path.stat().st_size:>12,}  {path}")
    counts = ", ".join(f"{n:,} {level}" for level, n in files.counts)
    typer.echo(f"{counts}; population years {', '.join(map(str, files.population_years))}; "
               f"seed {seed}; {seconds:.2f} s")
    typer.echo(f"classes file (pass to the build as --classes / classes=): {files.classes}")


if __name__ == "__main__":
    app()
