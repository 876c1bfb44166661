"""Tiny source files for build tests, written into tmp_path."""

from __future__ import annotations

import hashlib
from pathlib import Path

HEADER_WK = ("wk_code", "wk_naam", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won")
CONST = 4.1


def score_row(code: str, naam: str, jaar: int, base: float = 0.0) -> list[str]:
    """One consistent LBM 3.0 row: afw = Σ dims, lbm = CONST + afw."""
    dims = [round(base + 0.01 * i, 6) for i in range(1, 6)]
    afw = sum(dims)
    return [code, naam, str(jaar), repr(CONST + afw), repr(afw), *map(repr, dims)]


def wijk_rows() -> list[list[str]]:
    """Two gemeenten × two wijken × two waves."""
    out = []
    for code, naam, base in (("WK900101", "Centrum", 0.0), ("WK900102", "Oost", 0.02),
                             ("WK900201", "Haven", -0.03), ("WK900202", "Dorp", 0.01)):
        for jaar in (2020, 2022):
            out.append(score_row(code, naam, jaar, base + (0.001 if jaar == 2022 else 0)))
    return out


def write_csv(path: Path, header: tuple[str, ...] | list[str], rows: list[list[str]], delim: str = ",",
              encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write a delimited file (no quoting unless a field holds the delimiter)."""
    def fmt(v: str) -> str:
        return f'"{v}"' if delim in v else v
    text = "\n".join(delim.join(fmt(v) for v in r) for r in [list(header), *rows]) + "\n"
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def wijk_file(folder: Path, name: str = "wijken.csv") -> Path:
    """A valid LBM 3.0 wijk score file."""
    return write_csv(folder / name, HEADER_WK, wijk_rows())


def population_json(folder: Path, year: int = 2022) -> Path:
    """A code-keyed CBS JSON plus TableInfos.json giving the year."""
    import json

    data = {"GM9001": {"AantalInwoners_5": 3000, "Woningvoorraad_35": 1300},
            "WK900101": {"AantalInwoners_5": 1000, "Woningvoorraad_35": 500},
            "WK900102": {"AantalInwoners_5": 2000, "Woningvoorraad_35": 800},
            "WK900201": {"AantalInwoners_5": 300, "Woningvoorraad_35": 100},
            "WK900202": {"AantalInwoners_5": 100, "Woningvoorraad_35": 50}}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "TableInfos.json").write_text(json.dumps([{"Identifier": "x", "Period": str(year)}]), encoding="utf-8")
    return folder


def sha(path: Path) -> str:
    """sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
