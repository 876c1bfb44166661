"""Constants of the demo generator: waves, trend, file names, scale presets."""

from __future__ import annotations

NATIONAL_CONSTANT = 4.10226485
"""lbm − afw for every row (the value of the real meting 2024 release)."""

WAVES = (2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022, 2024)
"""Waves of the generated release (as in meting 2024)."""

DIMENSION_WAVES = (2014, 2018, 2020, 2022, 2024)
"""Waves whose dimension columns are filled; in the others they are ``NA``."""

TREND = {2002: -0.115, 2008: -0.055, 2012: -0.055, 2014: -0.030, 2016: -0.008,
         2018: 0.015, 2020: 0.035, 2022: 0.055, 2024: 0.072}
"""National inhabitant-weighted mean of ``afw`` per wave: improving, stalling 2008→2012."""

TREND_SHARE = {"fys": 0.10, "onv": 0.40, "soc": 0.05, "vrz": 0.15, "won": 0.30}
"""How the national trend splits over the dimensions (safety and housing improve most)."""

POPULATION_YEARS_SMALL = (2014, 2016, 2018, 2020, 2022, 2024)
POPULATION_YEARS_LARGE = (2020, 2022, 2024)

SCORE_FILE_NAMES = {
    "gemeente": "Leefbaarometer-scores gemeenten 2002-2024.csv",
    "wijk": "Leefbaarometer-scores wijken 2002-2024.csv",
    "buurt": "Leefbaarometer-scores buurten 2002-2024.csv",
}
GRID_FILE_NAME = "Leefbaarometer-scores grids 2002-2024.csv"
CLASSES_FILE_NAME = "DEMO-klassegrenzen.csv"
AREA_SET_FILE_NAME = "demo-aandachtswijken.toml"
AREA_SET_NAME = "demo-aandachtswijken"
CLASSES_SOURCE = "DEMO — synthetic boundaries, not the official LBM 3.0 table"
DIMENSION_EDGES = (-0.24, -0.16, -0.08, -0.04, 0.04, 0.08, 0.16, 0.24)
"""Demo bounds of the afw and dimension classes: symmetric around 0, in the shape of LBM 3.0's (synthetic)."""
CLASS_QUANTILES = (0.012, 0.03, 0.06, 0.11, 0.28, 0.52, 0.76, 0.92)

_PREFIX = {"gemeente": "gm", "wijk": "wk", "buurt": "bu"}

PRESETS = {"demo": (14, 110, 650), "national": (350, 3500, 17000)}
"""Named scales: (gemeenten, wijken, buurten). A float f means f × the national counts."""

GRID_CELLS_PER_BUURT = 400_000 / 17_000


def population_file_name(year: int) -> str:
    """File name of the synthetic CBS population table for ``year``."""
    return f"Kerncijfers wijken en buurten {year}.csv"
