"""Write leeftui/data/classes-lbm3-meting2024.csv: the LBM 3.0 meting-2024 class bounds leeftui ships.

RECONSTRUCTED, NOT THE PUBLISHED TABLE. The published table (instrument report "Leefbaarometer 3.0:
Instrumentontwikkeling", chapter 7) is not available; the official WFS serves every area's class codes
next to its values, and ``class_brackets_2024.csv`` (in ``../shared/data/real/lbm3-meting2024-class-
boundaries/``, see its PROVENANCE.txt) holds, per class field and class, the lowest and highest value
of the areas in that class among all 12,147 buurten and 342 gemeenten of wave 2024. Classes never
overlap, so each official bound lies in the gap between neighbouring classes; this script takes the
midpoint of every gap. Where no area fell in a class (``konv`` 8 and 9) the bound is the mean of the
same bound of the other afw/dimension fields, whose bounds follow one symmetric pattern; the file says so.

    python scripts/make_lbm3_classes.py [BRACKETS_CSV] [-o leeftui/data/classes-lbm3-meting2024.csv]
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from statistics import fmean
from typing import Annotated

import typer

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BRACKETS = REPO.parent / "shared" / "data" / "real" / "lbm3-meting2024-class-boundaries" / \
    "class_brackets_2024.csv"
DEFAULT_OUT = REPO / "leeftui" / "data" / "classes-lbm3-meting2024.csv"

FIELDS = {"kscore": ("klasse", "afw"), "kafw": ("klasse_afw", "afw"), "kfys": ("klasse_fys", "fys"),
          "konv": ("klasse_onv", "onv"), "ksoc": ("klasse_soc", "soc"), "kvrz": ("klasse_vrz", "vrz"),
          "kwon": ("klasse_won", "won")}
"""Official WFS class field → (leeftui class column, the value it classifies)."""
LABELS = ("zeer onvoldoende", "ruim onvoldoende", "onvoldoende", "zwak", "voldoende", "ruim voldoende", "goed",
          "zeer goed", "uitstekend")
SOURCE = "reconstructed from the official class codes of meting 2024 (WFS), not the published table"
HEADER = """\
# Leefbaarometer 3.0, meting 2024: class bounds RECONSTRUCTED from the official class codes, NOT THE PUBLISHED TABLE.
# The published table (instrument report "Leefbaarometer 3.0: Instrumentontwikkeling", chapter 7) was not available.
# Source data: the official BZK WFS layers lbm3:buurtscore24 (12,147 buurten) and lbm3:gemeentescore24 (342
# gemeenten), wave 2024, which serve every area's values (afw and the five dimensions, 6 significant digits) with its
# official class codes kscore, kafw, kfys, konv, ksoc, kvrz and kwon; as stored by the public repository
# github.com/42answers/thuisscan (data commit 479ac9cb818bed892c6c67d101a3fe4f0e7dba2e), read 2026-12-01.
# Method: per class field, the lowest and highest value among the areas of each class; the classes never overlap,
# so each official bound lies in the gap between neighbouring classes (gaps 0.00002-0.008 wide, a few wider where
# classes are nearly empty); every bound here is the midpoint of its gap. With these bounds every one of the 12,489
# areas gets its official class back. konv 7|8 and 8|9 have no observed gap (no area in konv 8 or 9): those two
# bounds are the mean of the same bound of the other afw/dimension fields (which follow one symmetric pattern near
# +-0.0392, 0.0784, 0.1568, 0.2352). Score classes are on the afw scale; lbm = afw + 4.10226485114369.
# Checked on wave 2024 of meting 2024 only: leeftui applies this file only to LBM 3.0 meting 2024.
# Written by scripts/make_lbm3_classes.py; lower inclusive, upper exclusive.
"""


def gaps(brackets: Path) -> dict[str, dict[int, float | None]]:
    """Midpoint of the gap above each class, per official field (None where not observed)."""
    out: dict[str, dict[int, float | None]] = {f: {} for f in FIELDS}
    with brackets.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for r in rows:
            lo, hi = r["boundary_to_next_afw_low"], r["boundary_to_next_afw_high"]
            k = int(r["klasse"])
            if k < 9:
                out[r["field"]][k] = (float(lo) + float(hi)) / 2 if lo and hi else None
    return out


def render(bounds: dict[str, dict[int, float | None]]) -> str:
    """The class-boundary file (leeftui's --classes format with a field column)."""
    buf = io.StringIO()
    buf.write(HEADER)
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(["release", "field", "scale", "klasse", "lower", "upper", "label", "source"])
    dims = [f for f in FIELDS if f != "kscore"]
    for field, (column, scale) in FIELDS.items():
        edges: list[float | None] = [None]
        notes: list[str] = []
        for k in range(1, 9):
            b = bounds[field].get(k)
            if b is None:
                b = fmean(v for f in dims if f != field and (v := bounds[f].get(k)) is not None)
                notes.append(f"{k}|{k + 1}")
            edges.append(b)
        edges.append(None)
        if notes:  # the header says which bounds were not observed
            assert (field, notes) == ("konv", ["7|8", "8|9"]), (field, notes)
        for k in range(1, 10):
            lo, hi = edges[k - 1], edges[k]
            wr.writerow(["lbm3-2024", column, scale, k, "" if lo is None else f"{lo:.8g}",
                         "" if hi is None else f"{hi:.8g}", LABELS[k - 1], SOURCE])
    return buf.getvalue()


def main(brackets: Annotated[Path, typer.Argument(help="class_brackets_2024.csv")] = DEFAULT_BRACKETS,
         out: Annotated[Path, typer.Option("-o", "--out", help="File to write.")] = DEFAULT_OUT) -> None:
    """Write the shipped class-bounds file from the bracket table."""
    out.write_text(render(gaps(brackets)), encoding="utf-8")
    typer.echo(f"wrote {out}")


if __name__ == "__main__":
    typer.run(main)
