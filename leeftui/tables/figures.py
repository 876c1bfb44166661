"""The tables of the figures: releases, areas and their scores per wave (with the grid's cells and the areas'
outlines), developments, classes, population and what derived figures stand on — in db/README's order."""

from __future__ import annotations

from leeftui.tables.model import Column as C
from leeftui.tables.model import Table

_GRID_VALUES = (
    C("release", "VARCHAR NOT NULL", "release id"),
    C("grid_id", "VARCHAR NOT NULL", "the cell's id exactly as the source gives it"),
    C("jaar", "SMALLINT NOT NULL", "wave (measurement year)"),
    C("lbm", "DOUBLE", "livability score (absolute scale)"),
    C("afw", "DOUBLE", "deviation of lbm from the national mean"),
    C("fys", "DOUBLE", "dimension: fysieke omgeving"),
    C("onv", "DOUBLE", "dimension: overlast en onveiligheid"),
    C("soc", "DOUBLE", "dimension: sociale samenhang"),
    C("vrz", "DOUBLE", "dimension: voorzieningen"),
    C("won", "DOUBLE", "dimension: woningvoorraad"),
)
"""The columns of ``grid_values`` (and the first of the view ``grid_scores``)."""

_DIMENSION_CLASSES = (
    C("klasse_afw", "TINYINT", "class 1–9 of afw (the official field kafw); NULL without bounds for it"),
    C("klasse_fys", "TINYINT", "class 1–9 of the dimension fys (kfys); NULL without bounds for it"),
    C("klasse_onv", "TINYINT", "class 1–9 of the dimension onv (konv); NULL without bounds for it"),
    C("klasse_soc", "TINYINT", "class 1–9 of the dimension soc (ksoc); NULL without bounds for it"),
    C("klasse_vrz", "TINYINT", "class 1–9 of the dimension vrz (kvrz); NULL without bounds for it"),
    C("klasse_won", "TINYINT", "class 1–9 of the dimension won (kwon); NULL without bounds for it"),
)
"""The class columns of afw and of the LBM 3.0 dimensions (``scores`` and ``grid_scores``)."""

_GRID_TABLE = Table(
    "grid_values",
    "One row per 100 m grid cell per wave, as the LBM 3.0 grid files give it (key grid_id). Cells have no "
    "name, parent or inhabitants; (release, grid_id, jaar) is unique (the build checks it; no index, to keep a "
    "national grid small and fast to load). Read it through the view grid_scores, which adds the classes.",
    _GRID_VALUES,
)

FIGURE_TABLES: tuple[Table, ...] = (
    Table(
        "meta",
        "Key/value facts about the whole database. Keys: schema_version, tool_version, "
        "built_at (ISO 8601 UTC), synthetic ('true'/'false'), notice (text every screen and "
        "export shows, e.g. 'DEMO DATA — synthetic'; empty for official data), "
        "default_release, population_note, names_note (how many areas are named from CBS files).",
        (C("key", "VARCHAR PRIMARY KEY", "fact name"), C("value", "VARCHAR", "fact value, as text")),
    ),
    Table(
        "releases",
        "One row per Leefbaarometer release held in the database.",
        (
            C("release", "VARCHAR PRIMARY KEY", "release id, e.g. 'lbm3-2024', 'lbm2-2016'"),
            C("instrument", "VARCHAR NOT NULL", "'LBM 3.0' or 'LBM 2.0'"),
            C("meting", "SMALLINT NOT NULL", "measurement edition (the latest wave in the release)"),
            C("label", "VARCHAR NOT NULL", "human label, e.g. 'Leefbaarometer 3.0, meting 2024'"),
            C("dimensions", "VARCHAR NOT NULL", "comma-separated score columns of this instrument's dimensions"),
            C("national_constant", "DOUBLE", "lbm − afw, constant within a release (LBM 3.0); NULL if unknown"),
            C("classes_source", "VARCHAR", "where the class boundaries came from; NULL = no boundary table loaded"),
            C("synthetic", "BOOLEAN NOT NULL", "true for generated demo data"),
        ),
    ),
    Table(
        "areas",
        "Every area of a release: Nederland, gemeenten, wijken, buurten. Parents follow from the codes.",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("code", "VARCHAR NOT NULL", "CBS code (GMxxxx, WKxxxxxx, BUxxxxxxxx), a postcode's four digits (PC4), or "
                                          "'NL'"),
            C("level", "VARCHAR NOT NULL", "'nederland', 'gemeente', 'wijk', 'buurt', or 'pc4' (a postcode area)"),
            C("name", "VARCHAR", "name as in the source files (NULL when the source has none)"),
            C("parent_code", "VARCHAR", "code of the parent area (NULL for Nederland)"),
            C("gemeente_code", "VARCHAR", "code of the gemeente the area lies in (NULL for Nederland)"),
            C("official", "BOOLEAN NOT NULL",
              "false when the area itself was derived (e.g. a gemeente implied by wijk codes)"),
        ),
        ("PRIMARY KEY (release, code)",),
    ),
    Table(
        "scores",
        "One row per area per wave: the livability score, its deviation and the dimension scores. "
        "For LBM 3.0: afw = fys+onv+soc+vrz+won and lbm − afw is the release's national constant. "
        "For LBM 2.0: afw = won+bev+vrz+vei+fys (the file's RLBRMTR), lbm is NULL.",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("code", "VARCHAR NOT NULL", "area code"),
            C("jaar", "SMALLINT NOT NULL", "wave (measurement year)"),
            C("lbm", "DOUBLE", "livability score (absolute scale)"),
            C("afw", "DOUBLE", "deviation of lbm from the national mean ('afwijking')"),
            C("fys", "DOUBLE", "dimension: fysieke omgeving"),
            C("onv", "DOUBLE", "dimension: overlast en onveiligheid (LBM 3.0)"),
            C("soc", "DOUBLE", "dimension: sociale samenhang (LBM 3.0)"),
            C("vrz", "DOUBLE", "dimension: voorzieningen"),
            C("won", "DOUBLE", "dimension: woningvoorraad / woningen"),
            C("bev", "DOUBLE", "dimension: bewoners (LBM 2.0 only)"),
            C("vei", "DOUBLE", "dimension: veiligheid (LBM 2.0 only)"),
            C("klasse", "TINYINT", "class 1–9; NULL when no boundary table is loaded and the source has no classes"),
            C("klasse_source", "VARCHAR",
              "'file' (class given by the source) or 'bounds' (from class_bounds); NULL without class"),
            C("official", "BOOLEAN NOT NULL",
              "true when read from an official/source file; false when derived by leeftui"),
            *_DIMENSION_CLASSES,
        ),
        ("PRIMARY KEY (release, code, jaar)",),
    ),
    _GRID_TABLE,
    Table(
        "grid_scores",
        "grid_values with the classes of each release's class_bounds, computed as rows are read (the build "
        "writes the bounds into the view's CASE expressions; ≈ 3.6 million cell-waves nationally load in one copy "
        "and stay consistent with class_bounds). NULL classes without bounds.",
        (
            *_GRID_VALUES,
            C("klasse", "TINYINT", "class 1–9 of the score; NULL without a boundary table"),
            *_DIMENSION_CLASSES,
        ),
        view_of=_GRID_TABLE,
    ),
    Table(
        "outlines",
        "Area outlines for the map, from the official GeoPackages or the WFS's GeoJSON, in RD New (EPSG:28992), "
        "simplified for terminal resolution (8 m). One outline per area code (the boundary vintage of the files).",
        (
            C("code", "VARCHAR PRIMARY KEY", "area code (as in areas.code)"),
            C("level", "VARCHAR NOT NULL", "level the code has the shape of"),
            C("minx", "DOUBLE NOT NULL", "bounding box, metres (RD New)"),
            C("miny", "DOUBLE NOT NULL", "bounding box"),
            C("maxx", "DOUBLE NOT NULL", "bounding box"),
            C("maxy", "DOUBLE NOT NULL", "bounding box"),
            C("wkb", "BLOB NOT NULL", "the (multi)polygon as WKB"),
            C("wkb_coarse", "BLOB NOT NULL", "the same simplified to 100 m, for maps whose pixels are 400 m or "
                                             "more (the country, a province)"),
            C("derived_from", "VARCHAR", "NULL: read from an outline file; else what the outline is made of, e.g. "
                                         "'97 of 131 buurten' (a wijk or gemeente the files give no outline of, "
                                         "drawn as the union of its buurten that have one)"),
        ),
    ),
    Table(
        "developments",
        "Development between two waves as the source files give it (LBM 2.0: classes VKLaabb, scores DLB*).",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("code", "VARCHAR NOT NULL", "area code"),
            C("from_jaar", "SMALLINT NOT NULL", "first wave"),
            C("to_jaar", "SMALLINT NOT NULL", "second wave"),
            C("vklasse", "TINYINT", "development class 1 (strong decline) … 7 (strong improvement)"),
            C("dlb", "DOUBLE", "development score between the waves as published (DLBRMTR); not the difference of "
                               "the two waves' afw"),
            C("dlb_won", "DOUBLE", "development score of the dimension woningvoorraad (DLBWON)"),
            C("dlb_bev", "DOUBLE", "development score of the dimension bewoners (DLBBEV)"),
            C("dlb_vrz", "DOUBLE", "development score of the dimension voorzieningen (DLBVRZ)"),
            C("dlb_vei", "DOUBLE", "development score of the dimension veiligheid (DLBVEI)"),
            C("dlb_fys", "DOUBLE", "development score of the dimension fysieke omgeving (DLBFYS)"),
        ),
        ("PRIMARY KEY (release, code, from_jaar, to_jaar)",),
    ),
    Table(
        "class_labels",
        "The nine class labels users know, in rank order (note: 'zwak' ranks above 'onvoldoende').",
        (
            C("klasse", "TINYINT PRIMARY KEY", "class 1–9"),
            C("label", "VARCHAR NOT NULL", "Dutch label, e.g. 'zeer onvoldoende'"),
            C("problem", "BOOLEAN NOT NULL", "true for classes 1–4: 'areas with livability problems'"),
        ),
    ),
    Table(
        "class_bounds",
        "Class boundaries per release, as data: lower ≤ value < upper on the given scale. "
        "Loaded with `--classes FILE`, or for LBM 3.0 meting 2024 the reconstruction leeftui ships "
        "(leeftui/data/classes-lbm3-meting2024.csv: reconstructed from the official class codes, not the "
        "published table); never invented for official data.",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("field", "VARCHAR NOT NULL",
              "which class: 'klasse' (of the score), 'klasse_afw', or 'klasse_<dimension>' (scores columns)"),
            C("scale", "VARCHAR NOT NULL",
              "the value compared: 'lbm' or 'afw' for the score class, else afw or the dimension itself"),
            C("klasse", "TINYINT NOT NULL", "class 1–9"),
            C("lower", "DOUBLE", "inclusive lower bound (NULL = open)"),
            C("upper", "DOUBLE", "exclusive upper bound (NULL = open)"),
            C("label", "VARCHAR NOT NULL", "class label"),
            C("source", "VARCHAR NOT NULL", "where this table came from (report, file, or 'DEMO — synthetic')"),
        ),
        ("PRIMARY KEY (release, field, klasse)",),
    ),
    Table(
        "coverage",
        "What each derived figure stands on: of the areas it is made of (the wijken or buurten of a gemeente, "
        "the gemeenten of Nederland), how many were in the data. Expected areas are those of the release's own "
        "files together with those the CBS population table lists for the population year used.",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("code", "VARCHAR NOT NULL", "the derived area (a gemeente, or NL)"),
            C("jaar", "SMALLINT NOT NULL", "wave"),
            C("part_level", "VARCHAR NOT NULL", "level of the areas it is made of: wijk, buurt or gemeente"),
            C("parts", "INTEGER NOT NULL", "areas with a score that the figure averages"),
            C("parts_expected", "INTEGER NOT NULL", "areas of that level the area holds"),
            C("inwoners_parts", "BIGINT", "inhabitants of the areas it averages (NULL when unknown)"),
            C("inwoners_whole", "BIGINT", "inhabitants of the whole area by CBS (NULL when unknown)"),
            C("partial", "BOOLEAN NOT NULL", "true when parts < parts_expected: the figure is not the whole area's"),
            C("description", "VARCHAR NOT NULL", "e.g. 'partial: 2 of 7 wijken, 32,905 of 51,787 inhabitants'"),
        ),
        ("PRIMARY KEY (release, code, jaar)",),
    ),
    Table(
        "population",
        "CBS Kerncijfers wijken en buurten: inhabitants and dwellings per area per year (Bron: CBS, CC BY 4.0).",
        (
            C("code", "VARCHAR NOT NULL", "area code"),
            C("jaar", "SMALLINT NOT NULL", "reference year (1 January)"),
            C("inwoners", "BIGINT", "number of inhabitants"),
            C("woningen", "BIGINT", "dwelling stock"),
            C("source", "VARCHAR NOT NULL", "file name the figures came from"),
            C("huishoudens", "BIGINT", "number of private households (NULL where the file gives none)"),
            C("naam", "VARCHAR", "the area's name in that CBS file (names areas the release's files leave unnamed)"),
        ),
        ("PRIMARY KEY (code, jaar)",),
    ),
    Table(
        "wave_population",
        "Which CBS population year weighs each wave of a release: the year nearest to the wave (the earlier on a "
        "tie) among the years on the release's own boundaries — those whose codes match the release's gemeenten, "
        "wijken and buurten nearly as well as the best year does (CBS figures of another division leave areas "
        "without residents).",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("jaar", "SMALLINT NOT NULL", "wave"),
            C("pop_jaar", "SMALLINT NOT NULL", "the CBS year used"),
            C("areas", "INTEGER NOT NULL", "the release's official gemeenten, wijken and buurten"),
            C("matched", "INTEGER NOT NULL", "of those, the areas with an inhabitants figure in pop_jaar"),
            C("same_division", "BOOLEAN NOT NULL", "true when pop_jaar gives at least 95% of those areas a figure: "
                                                   "its CBS list is the release's division and says how many "
                                                   "areas there are (else only the release's own files do)"),
        ),
        ("PRIMARY KEY (release, jaar)",),
    ),
    Table(
        "borrowed_names",
        "Names of areas the release's own files leave unnamed (LBM 2.0 gives codes only), taken from a CBS file: "
        "of the release's boundary year where there is one, else the nearest year (shown).",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("code", "VARCHAR NOT NULL", "area code"),
            C("jaar", "SMALLINT NOT NULL", "the CBS year the name is from"),
            C("source", "VARCHAR NOT NULL", "the CBS file"),
        ),
        ("PRIMARY KEY (release, code)",),
    ),
)
