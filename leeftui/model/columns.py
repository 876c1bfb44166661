"""Every column a view of areas can show, declared once: its key, its export name, its header, its kind (how it
reads), its Arrow type, its width, the measure it comes from and how it is computed.

:data:`DECLARATIONS` is the one table. :func:`view_columns` expands it for a release and two waves (a family like
``d_{d}`` becomes one column per dimension); from there

- the store computes the view's rows in this order (:func:`leeftui.store.figures.view_table`: each column's
  :attr:`Column.source`);
- ``leeftui export --compare`` writes the columns with ``wide`` under their export names, ``--level grid`` those of
  them that a 100 m cell has;
- the explorer's list shows the columns with a ``list_at`` place, headed by their label, formatted by their kind
  (:mod:`leeftui.present.cells`), and exports what each shown column stands for (:attr:`Column.exports`);
- the filter language reads the view's keys and the list's labels as names (:func:`aliases`) and completes them;
- the monitor's area tables (decliners) show the columns with a ``report_at`` place.

Adding a measure is one declaration here plus its computation (a :class:`Derived` source over other columns).
No DuckDB, no Textual, no Rich here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from leeftui.model.release import ReleaseInfo
from leeftui.model.sources import AtWave, Change, Identity, Population, Published, Source, Trend

if TYPE_CHECKING:
    import pyarrow as pa

Kind = Literal["name", "code", "text", "flag", "count", "score", "signed", "delta", "class", "label", "class_change",
               "note", "trend"]
"""How a value reads (the presentation layer has one formatter per kind)."""


@dataclass(frozen=True)
class Context:
    """What a view's columns depend on besides the release: its two waves, the population year shown, and whether
    it is a flat (national, set, marked) list, which names each area's gemeente."""

    release: ReleaseInfo
    wave_a: int
    wave_b: int
    population_year: int | None = None
    flat: bool = False

    @property
    def score(self) -> str:
        """The release's score column (``lbm``; ``afw`` for LBM 2.0)."""
        return self.release.score

    def names(self, **extra: object) -> dict[str, object]:
        """The names a template may use: {A}, {B} (the waves), {a2}, {b2} (their last two digits), {year} (the
        population year, or nothing), {score}, and ``extra`` (e.g. {d} for a dimension)."""
        return {"A": self.wave_a, "B": self.wave_b, "a2": f"{self.wave_a % 100:02d}", "b2": f"{self.wave_b % 100:02d}",
                "year": self.population_year or "", "score": self.score, **extra}


# -- the declaration and the concrete column ---------------------------------------------------------------------

Text = str | Callable[[Context], str]
"""A template (``str.format`` names of :meth:`Context.names`) or a function of the context."""
Place = int | Callable[[Context], int | None] | None


def _when_score(field_: str, yes: Place, no: Place = None) -> Callable[[Context], int | None]:
    """A place that depends on whether ``field_`` is the release's score."""
    def place(c: Context) -> int | None:
        chosen = yes if c.score == field_ else no
        return chosen(c) if callable(chosen) else chosen
    return place


def _label_if_score(field_: str, yes: str, no: str) -> Callable[[Context], str]:
    def label(c: Context) -> str:
        return (yes if c.score == field_ else no).format(**c.names())
    return label


@dataclass(frozen=True)
class Declaration:
    """One column, or a family of them (``per``), as declared in :data:`DECLARATIONS`."""

    key: str
    """The view's column name; ``{d}`` (a dimension) or ``{f}`` (a class field) in a family."""
    source: Source
    kind: Kind
    arrow: str
    """Arrow type name: 'string', 'bool', 'int64', 'int8', 'double', 'list<double>'."""
    measure: str
    """The measure it shows (:data:`leeftui.model.measures.MEASURES`)."""
    export: Text
    """The name in exports (``--compare`` and the explorer's): waves spelled out, e.g. 'lbm_{B}', 'delta_{d}'."""
    label: Text = ""
    """The header in the explorer's list and tables (default: the key)."""
    doc: str = ""
    width: int | Callable[[Context], int] = 8
    unit: str = ""
    per: Literal["", "dimension", "class_field"] = ""
    when: Callable[[Context], bool] | None = None
    """Only for releases (views) where this holds."""
    list_at: Place = None
    """Its place in the explorer's list (None: not listed)."""
    report_at: Place = None
    """Its place in the monitor's area tables (None: not there)."""
    wide: bool = True
    """Written by ``leeftui export --compare``."""
    sortable: bool = True
    exports: tuple[str, ...] | None = None
    """What the explorer's export writes when the list shows this column (keys; default: the column itself)."""
    flat_only: bool = False
    """Listed only in flat lists (national, sets, marked: each area's gemeente)."""


@dataclass(frozen=True)
class Column:
    """One column of one view (a :class:`Declaration` expanded for a release and two waves)."""

    key: str
    """The view's column name, e.g. 'lbm_b', 'd_onv'."""
    export: str
    """The name in exports, e.g. 'lbm_2024', 'delta_onv'."""
    label: str
    """The header, e.g. '2024', 'Δonv'."""
    kind: Kind
    arrow: str
    measure: str
    source: Source
    width: int
    unit: str = ""
    doc: str = ""
    list_at: int | None = None
    report_at: int | None = None
    wide: bool = True
    sortable: bool = True
    exports: tuple[str, ...] = ()
    dimension: str | None = None
    """The dimension (or class field) a family member stands for."""

    def arrow_type(self) -> pa.DataType:
        """The column's Arrow type."""
        import pyarrow as pa

        return {"string": pa.string(), "bool": pa.bool_(), "int64": pa.int64(), "int8": pa.int8(),
                "int16": pa.int16(), "double": pa.float64(), "list<double>": pa.list_(pa.float64())}[self.arrow]


def _place(p: Place, c: Context) -> int | None:
    return p(c) if callable(p) else p


def _text(t: Text, c: Context, **extra: object) -> str:
    return t(c) if callable(t) else t.format(**c.names(**extra))


def _is_lbm(c: Context) -> bool:
    return c.score == "lbm"


def _publishes(c: Context) -> bool:
    """The release publishes a development from wave A to wave B (LBM 2.0: DLB and VKL for 2012:2016 …)."""
    return c.release.published(c.wave_a, c.wave_b)


def _unless_published(p: Place) -> Callable[[Context], int | None]:
    """A place of the relative Δ: none in lists and reports where the release publishes the development of these
    two waves (the published score stands there; a lower afw is no decline)."""
    def place(c: Context) -> int | None:
        return None if _publishes(c) else _place(p, c)
    return place


def _relative_label(c: Context) -> str:
    """The header of Δafw: 'Δrel' where afw is relative to each wave's national level (LBM 2.0), else 'Δafw'."""
    return "Δafw" if c.release.instrument == "LBM 3.0" else "Δrel"


DECLARATIONS: list[Declaration] = [
    # identity
    Declaration("code", Identity(), "code", "string", "identity", "code", "Code", "CBS code (GM…, WK…, BU…, PC4)",
                width=10, list_at=2, report_at=1, exports=()),
    Declaration("name", Identity(), "name", "string", "identity", "name", "Name", "name (the code where the source "
                "has none)", width=20, list_at=1, report_at=2, exports=("code", "name", "level", "official")),
    Declaration("level", Identity(), "text", "string", "identity", "level", doc="gemeente, wijk, buurt, pc4"),
    Declaration("parent_code", Identity(), "code", "string", "identity", "parent_code", doc="the area above it"),
    Declaration("gemeente_code", Identity(), "code", "string", "identity", "gemeente_code", report_at=3,
                doc="the gemeente it lies in"),
    Declaration("gemeente_name", Identity(), "text", "string", "identity", "gemeente", "Gemeente",
                "that gemeente's name", width=14, list_at=3, report_at=4, flat_only=True),
    Declaration("official", AtWave("official", "b"), "flag", "bool", "derived", "official",
                doc="false: the area, or its figure of wave B, was derived by leeftui (not published)",
                sortable=False),
    Declaration("official_a", AtWave("official", "a"), "flag", "bool", "derived", "official_{A}",
                doc="false: the area, or its figure of wave A, was derived by leeftui — a Δ between a derived and "
                    "a published figure is marked ≈ in the list", sortable=False),
    Declaration("inwoners", Population(), "count", "int64", "population", "inwoners", "Inw.{year}",
                "inhabitants (CBS) in wave B's population year (the nearest on the release's boundaries)",
                unit="inhabitants", list_at=11, report_at=5),
    Declaration("huishoudens", Population("hh"), "count", "int64", "population", "huishoudens", "Hh.{year}",
                "private households (CBS) in wave B's population year, where the CBS file gives them (a weight)",
                unit="households", wide=False),
    # wave A
    Declaration("lbm_a", AtWave("lbm", "a"), "score", "double", "score", "lbm_{A}",
                _label_if_score("lbm", "{A}", "lbm{a2}"), "livability score in wave A", width=5,
                list_at=_when_score("lbm", 4), report_at=_when_score("lbm", 6)),
    Declaration("afw_a", AtWave("afw", "a"), "signed", "double", "deviation", "afw_{A}", "afw{a2}",
                "deviation from the release's reference level in wave A", width=6,
                list_at=_when_score("afw", 4), report_at=_when_score("afw", 6)),
    Declaration("klasse_a", AtWave("klasse", "a"), "class", "int8", "class", "klasse_{A}", "class {A}",
                "class 1–9 in wave A", report_at=9),
    Declaration("klasse_label_a", AtWave("klasse_label", "a"), "label", "string", "class", "klasse_label_{A}",
                doc="the class's label in wave A"),
    # wave B
    Declaration("lbm_b", AtWave("lbm", "b"), "score", "double", "score", "lbm_{B}",
                _label_if_score("lbm", "{B}", "lbm{b2}"), "livability score in wave B", width=5,
                list_at=_when_score("lbm", 5), report_at=_when_score("lbm", 7)),
    Declaration("afw_b", AtWave("afw", "b"), "signed", "double", "deviation", "afw_{B}",
                _label_if_score("afw", "afw{b2}", "afw"), "deviation in wave B", width=6,
                list_at=_when_score("afw", 5, 9), report_at=_when_score("afw", 7)),
    Declaration("klasse_b", AtWave("klasse", "b"), "class_change", "int8", "class", "klasse_{B}", "Class A→B",
                "class 1–9 in wave B (the list shows A → B with the label of B)", width=16, list_at=8, report_at=10,
                exports=("klasse_a", "klasse_b", "klasse_label_b")),
    Declaration("klasse_label_b", AtWave("klasse_label", "b"), "label", "string", "class", "klasse_label_{B}",
                doc="the class's label in wave B"),
    # change A → B
    Declaration("d_lbm", Change("lbm"), "delta", "double", "change", "delta_lbm",
                _label_if_score("lbm", "Δ", "Δlbm"), "change of the score, B − A", width=7,
                list_at=_when_score("lbm", 6), report_at=_when_score("lbm", 8)),
    Declaration("d_afw", Change("afw"), "delta", "double", "change", "delta_afw", _relative_label,
                "change of the deviation, B − A (LBM 2.0: relative to each wave's national level, so a lower afw is "
                "not a decline)", width=7,
                list_at=_unless_published(_when_score("afw", 6)), report_at=_unless_published(_when_score("afw", 8))),
    Declaration("dev", Published("dlb"), "delta", "double", "change", "dlb_{A}_{B}", "Δpubl",
                "the development score the release publishes from wave A to wave B (LBM 2.0: DLBRMTR); missing "
                "where it publishes none for these waves", width=7, when=_publishes, list_at=6, report_at=8),
    Declaration("dev_class", Published("vklasse"), "count", "int8", "change", "vklasse_{A}_{B}", "VKL",
                "the published development class from wave A to wave B (LBM 2.0: VKL, 1 strong decline … 7 strong "
                "improvement; 4 no significant change)", width=3, when=_publishes, report_at=9),
    # dimensions
    Declaration("{d}_b", AtWave("{d}", "b"), "signed", "double", "dimension", "{d}_{B}", "{d}{b2}",
                "dimension score in wave B", per="dimension"),
    Declaration("d_{d}", Change("{d}"), "delta", "double", "change", "delta_{d}", "Δ{d}",
                "change of the dimension score, B − A", width=7, per="dimension", list_at=10, report_at=11),
    Declaration("{f}_b", AtWave("{f}", "b"), "class", "int8", "class", "{f}_{B}", "{f}",
                "class 1–9 of afw or of a dimension in wave B", per="class_field"),
    Declaration("partial_b", AtWave("partial", "b"), "note", "string", "partial", "partial_{B}",
                doc="for a derived figure that stands on part of the area: what it stands on", sortable=False),
    # the trend over all waves (the list's sparkline)
    Declaration("spark", Trend(), "trend", "list<double>", "score", "{score}_{{wave}}", "Trend",
                "the score over all waves of the release", width=lambda c: max(5, len(c.release.waves)), list_at=7,
                wide=False, sortable=False),
]
"""Every column of a view, in the order of the view's rows and of ``export --compare`` (list and report places
are their own)."""


def _expand(d: Declaration, c: Context) -> list[Column]:
    if d.when is not None and not d.when(c):
        return []
    members: list[tuple[dict[str, object], str | None]] = [({}, None)]
    if d.per == "dimension":
        members = [({"d": dim}, dim) for dim in c.release.dimensions]
    elif d.per == "class_field":
        members = [({"f": f}, f) for f in c.release.class_fields]
    out = []
    for extra, member in members:
        key = d.key.format(**extra)
        source = d.source
        if isinstance(source, AtWave):
            source = replace(source, field=source.field.format(**extra))
        elif isinstance(source, Change):
            source = Change(source.field.format(**extra))
        elif isinstance(source, Published):
            source = Published(source.field.format(**extra))
        list_at = _place(d.list_at, c)
        if d.flat_only and not c.flat:
            list_at = None
        out.append(Column(
            key=key, export=_text(d.export, c, **extra), label=_text(d.label, c, **extra) if d.label else key,
            kind=d.kind, arrow=d.arrow, measure=d.measure, source=source,
            width=d.width(c) if callable(d.width) else d.width, unit=d.unit, doc=d.doc, list_at=list_at,
            report_at=_place(d.report_at, c), wide=d.wide, sortable=d.sortable,
            exports=d.exports if d.exports is not None else (key,), dimension=member))
    return out


def view_columns(context: Context) -> tuple[Column, ...]:
    """Every column of a view for ``context`` (release, waves), in the view's order."""
    return tuple(col for d in DECLARATIONS for col in _expand(d, context))


def keys(context: Context) -> tuple[str, ...]:
    """The view's column names, in order."""
    return tuple(c.key for c in view_columns(context))


def listed(context: Context) -> tuple[Column, ...]:
    """The explorer's list columns, in their places."""
    cols = [c for c in view_columns(context) if c.list_at is not None]
    return tuple(sorted(cols, key=lambda c: (c.list_at or 0, view_columns_index(cols, c))))


def view_columns_index(cols: list[Column], col: Column) -> int:
    """The position of ``col`` in ``cols`` (ties of a place keep the view's order)."""
    return cols.index(col)


def reported(context: Context) -> tuple[Column, ...]:
    """The columns of the monitor's area tables, in their places."""
    cols = [c for c in view_columns(context) if c.report_at is not None]
    return tuple(sorted(cols, key=lambda c: (c.report_at or 0, cols.index(c))))


def wide(context: Context) -> tuple[Column, ...]:
    """The columns ``leeftui export --compare`` writes, in order."""
    return tuple(c for c in view_columns(context) if c.wide)


def by_key(context: Context) -> dict[str, Column]:
    """The view's columns by key."""
    return {c.key: c for c in view_columns(context)}


def aliases(columns: tuple[Column, ...] | list[Column], score: str) -> dict[str, str]:
    """Names the filter language takes besides the keys: 'Δ' for the change of the score and 'Δ<dim>' for each other
    change (the list's headers), for the view's keys (``d_onv``) and for their export names (``delta_onv``)."""
    out: dict[str, str] = {}
    for col in columns:
        if isinstance(col.source, Change):
            name = col.source.field
            alias = "Δ" if name == score else f"Δ{name}"
            out.setdefault(alias, col.key)
    return out


def export_aliases(names: list[str] | tuple[str, ...], score: str) -> dict[str, str]:
    """:func:`aliases` for a table of export names (``delta_<x>``), e.g. a wide export read back by ``--where``."""
    out: dict[str, str] = {}
    for prefix in ("d_", "delta_"):
        for n in names:
            if n.startswith(prefix):
                name = n.removeprefix(prefix)
                out.setdefault("Δ" if name == score else f"Δ{name}", n)
    return out
