"""The leeftui database's vocabulary: its version, area levels and codes, dimensions, classes.

The tables themselves — their DDL and documentation — are declared in :mod:`leeftui.tables`. Bump
:data:`SCHEMA_VERSION` on any change to either and say what changed in ``db/README.md``.

Conventions
- ``release`` names one Leefbaarometer release (instrument + meting), e.g. ``lbm3-2024``.
  Scores of different releases are never compared; a database may hold several.
- ``jaar`` is a wave (measurement year), ``SMALLINT``.
- Missing values are ``NULL`` (the source's ``NA``/empty), never 0.
- Area codes follow CBS: ``GM0599``, ``WK059901``, ``BU05990110``; Nederland is ``NL``.
"""

from __future__ import annotations

SCHEMA_VERSION = 10

SYNTHETIC_MARKER = "LEEFTUI-SYNTHETIC.txt"
"""The file leeftui's demo generator writes beside every set of synthetic sources (the official layouts have no
room for a note): a build that finds it among or beside its sources marks the database DEMO DATA — synthetic."""

LEVELS = ("nederland", "gemeente", "wijk", "buurt")
"""Area levels from the top down (the hierarchy of CBS codes)."""

FLAT_LEVELS = ("pc4",)
"""Levels outside that hierarchy: postcode areas (PC4, the four digits of a postcode), directly below Nederland."""

ALL_LEVELS = (*LEVELS, *FLAT_LEVELS)

GRID = "grid"
"""The 100 m grid: cells with scores but no name, parent or inhabitants, kept in ``grid_scores`` (not ``areas``:
≈ 382,000 cells are for export, SQL, statistics and the map, not a list of named rows)."""

GRID_ID_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_.:-]{0,39}$"
"""What a ``grid_id`` may look like: the official files' form was not seen, so any identifier of 1–40 letters,
digits and ``_ . : -`` (e.g. ``E1200N4800``) is taken as given; it shares no namespace with area codes."""

CODE_PATTERNS = {
    "gemeente": r"^GM[0-9]{4}$",
    "wijk": r"^WK[0-9]{4}[0-9A-Z]{2}$",
    "buurt": r"^BU[0-9]{4}[0-9A-Z]{4}$",
    "pc4": r"^[0-9]{4}$",
}
"""Regexes of the area codes per level (domain.md), for Python ``re`` and DuckDB ``regexp_full_match`` alike.
CBS uses letters in some wijk/buurt parts (Amsterdam: WK0363AA in KWB 2024), so the parts after the gemeente
digits may be A–Z too; a postcode area (PC4) is its four digits."""


def level_of_code(code: str) -> str | None:
    """The level an area code has the shape of ('nederland' for NL), or None."""
    import re

    code = code.strip().upper()
    if code == "NL":
        return "nederland"
    return next((lv for lv, pattern in CODE_PATTERNS.items() if re.match(pattern, code)), None)


PLURAL = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten", "pc4": "postcode areas"}
"""Dutch plural of each level below Nederland, for sentences like '2 of 7 wijken'."""

DIMENSIONS_LBM3 = ("fys", "onv", "soc", "vrz", "won")
"""Score columns of the five LBM 3.0 dimensions (sum = ``afw``)."""

DIMENSIONS_LBM2 = ("won", "bev", "vrz", "vei", "fys")
"""Score columns of the five LBM 2.0 dimensions (sum = ``afw``)."""

DIMENSION_LABELS = {
    "fys": "fysieke omgeving",
    "onv": "overlast en onveiligheid",
    "soc": "sociale samenhang",
    "vrz": "voorzieningen",
    "won": "woningvoorraad",
    "bev": "bewoners",
    "vei": "veiligheid",
}
"""Dutch names of the dimension columns, as the Leefbaarometer uses them."""


CLASS_LABELS = (
    (1, "zeer onvoldoende"),
    (2, "ruim onvoldoende"),
    (3, "onvoldoende"),
    (4, "zwak"),
    (5, "voldoende"),
    (6, "ruim voldoende"),
    (7, "goed"),
    (8, "zeer goed"),
    (9, "uitstekend"),
)
"""The nine class labels (the legend of the Leefbaarometer; labels only, no boundaries)."""

CLASS_FIELDS: dict[str, tuple[str, ...]] = {
    "klasse": ("lbm", "afw"),
    "klasse_afw": ("afw",),
    **{f"klasse_{d}": (d,) for d in DIMENSIONS_LBM3},
}
"""Class columns of ``scores`` and the values (scales) each may be classified on; the official WFS calls
them kscore, kafw, kfys, konv, ksoc, kvrz and kwon."""

DIMENSION_CLASS_FIELDS = tuple(f for f in CLASS_FIELDS if f != "klasse")
"""The classes of afw and of each LBM 3.0 dimension."""

