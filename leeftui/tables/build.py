"""The tables of what a build was made of and what it read: area sets and how their members matched, the source
files, the build's warnings, the waves of each release and the table every list is read from."""

from __future__ import annotations

from leeftui.tables.model import Column as C
from leeftui.tables.model import Table

BUILD_TABLES: tuple[Table, ...] = (
    Table(
        "area_sets",
        "Named groups of areas (e.g. the 40 aandachtswijken of 2007).",
        (
            C("name", "VARCHAR PRIMARY KEY", "set name, used with --set"),
            C("description", "VARCHAR", "what the set is"),
            C("source", "VARCHAR", "file the set came from"),
        ),
    ),
    Table(
        "area_set_members",
        "Members of the area sets, with the years they belong to the set (NULL = open). A set given by codes "
        "holds for every release (release NULL); a set matched by name holds one list per release.",
        (
            C("set_name", "VARCHAR NOT NULL", "area_sets.name"),
            C("code", "VARCHAR NOT NULL", "area code"),
            C("start_year", "SMALLINT", "first year in the set (NULL = from the start)"),
            C("end_year", "SMALLINT", "last year in the set (NULL = still a member)"),
            C("note", "VARCHAR", "free text (e.g. the name the set uses, how it was matched)"),
            C("release", "VARCHAR", "the release these members are of (NULL = every release)"),
        ),
        ("UNIQUE (set_name, release, code)",),
    ),
    Table(
        "set_matches",
        "How each member of a set defined by name was matched in each release: every area a name found, every "
        "candidate left out and every name found nowhere, with its rule and confidence (leeftui db sets show).",
        (
            C("set_name", "VARCHAR NOT NULL", "area_sets.name"),
            C("release", "VARCHAR NOT NULL", "release id"),
            C("member", "VARCHAR NOT NULL", "the member as the definition names it: 'Gemeente Name'"),
            C("status", "VARCHAR NOT NULL", "the member's status in this release: matched (every sub-area found "
                                            "with high confidence), uncertain (a medium match, or a sub-area not "
                                            "found while another was) or unmatched"),
            C("area", "VARCHAR NOT NULL", "the name looked for (one of the member's names), or '(override file)'"),
            C("code", "VARCHAR", "the area found (NULL: nothing found)"),
            C("level", "VARCHAR", "its level"),
            C("name", "VARCHAR", "its name"),
            C("rule", "VARCHAR NOT NULL", "exact, stem, parts, part, wider, holds, word, nearest, override, "
                                          "accepted or none (docs/monitor.md, the 40 aandachtswijken)"),
            C("confidence", "VARCHAR", "high, medium or low (NULL for nearest names and misses)"),
            C("included", "BOOLEAN NOT NULL", "true when the area is in the set (high and medium matches, "
                                              "unless rejected)"),
            C("scored", "BOOLEAN NOT NULL", "true when the release has scores for the area"),
            C("detail", "VARCHAR NOT NULL", "one sentence: why"),
        ),
    ),
    Table(
        "sources",
        "Every source file the database was built from.",
        (
            C("file", "VARCHAR NOT NULL", "file name (inside a zip: zip name + '!' + member)"),
            C("kind", "VARCHAR NOT NULL", "what it held: scores-gemeente, scores-wijk, scores-buurt, scores-pc4, "
              "scores-grid, lbm2-klassen, lbm2-dimensies, lbm2-ontwikkeling, population, area-set, classes"),
            C("sha256", "VARCHAR NOT NULL", "sha256 of the file's bytes"),
            C("rows", "BIGINT", "data rows read"),
            C("release", "VARCHAR", "release the file fed (NULL for population and area sets)"),
            C("detail", "VARCHAR", "extra facts, e.g. 'year 2024 from TableInfos.json Period'"),
        ),
    ),
    Table(
        "build_warnings",
        "Warnings found while building (invariant violations and the like), with file and line.",
        (
            C("file", "VARCHAR", "source file"),
            C("line", "BIGINT", "line (1 = header) or NULL"),
            C("kind", "VARCHAR NOT NULL", "short warning category"),
            C("message", "VARCHAR NOT NULL", "one sentence"),
        ),
    ),
    Table(
        "release_waves",
        "The waves of each release (what opening a database reads, instead of scanning `scores` or the grid), "
        "written by the build from `scores` (from `grid_values` for a release of grid files only).",
        (
            C("release", "VARCHAR NOT NULL", "release id"),
            C("jaar", "SMALLINT NOT NULL", "wave"),
            C("dimensions", "BOOLEAN NOT NULL", "some area has dimension scores in this wave"),
        ),
        ("PRIMARY KEY (release, jaar)",),
    ),
    Table(
        "view_figures",
        "Every list of areas is read from here: one row per area per release with its waves as columns, written "
        "once by the build from the tables above (the explorer, export, map and report read the columns and rows "
        "a view needs; nothing holds a release in memory). `<y>` stands for each wave year of the release, `<p>` "
        "for each CBS population year, `<a>_<b>` for each published pair of waves; a column of a wave another "
        "release lacks is NULL in this release's rows.",
        (
            C("release", "VARCHAR", "release id"),
            C("code", "VARCHAR", "area code"),
            C("name", "VARCHAR", "name (the code where the area has none)"),
            C("level", "VARCHAR", "as in `areas`"),
            C("parent_code", "VARCHAR", "as in `areas`"),
            C("gemeente_code", "VARCHAR", "as in `areas`"),
            C("gemeente_name", "VARCHAR", "name of the gemeente (its code where it has none)"),
            C("official", "BOOLEAN", "the area and every score of it official (false: derived by leeftui)"),
            C("ord", "INTEGER", "place in the release by name, then code: the order of every list"),
            C("partial_<y>", "VARCHAR", "what a partial derived figure stands on (`coverage.description`), else NULL"),
            C("official_<y>", "BOOLEAN", "the area and its score of that wave official"),
            C("lbm_<y>, afw_<y>", "DOUBLE", "score and deviation"),
            C("klasse_<y>, klasse_label_<y>", "TINYINT, VARCHAR", "class 1–9 and its label"),
            C("<dim>_<y>, klasse_<dim>_<y>", "DOUBLE, TINYINT", "the release's dimensions and the classes of afw "
              "and of each dimension (as in `scores`)"),
            C("inw_<p>, hh_<p>", "BIGINT", "inhabitants and households (as in `population`)"),
            C("spark", "DOUBLE[]", "the release's score (lbm; afw for LBM 2.0) in every wave, oldest first"),
            C("dlb_<a>_<b>, vklasse_<a>_<b>", "DOUBLE, TINYINT", "LBM 2.0's published development (as in "
              "`developments`)"),
        ),
        derived=True,
    ),
)
