"""What the explorer's list shows (:class:`ViewState`: where, which scope, waves, sort, filter) and the texts
derived from it (breadcrumb, status line, export description). A plain object: no widgets."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
from rich.text import Text

from leeftui.model.area import Area
from leeftui.model.filters import ViewFilter
from leeftui.model.measures import row_of
from leeftui.schema import PLURAL
from leeftui.store.scope import Scope
from leeftui.store.view import ViewRequest
from leeftui.text import printable

CHILD = {"nederland": "gemeente", "gemeente": "wijk", "wijk": "buurt"}
SCOPES = ("children", "wijk", "buurt", "pc4")


@dataclass(frozen=True)
class ScopeChoice:
    """One list `a` can switch to: ``kind`` is 'children', a national level ('wijk', 'buurt', 'pc4'), 'gemeente-wijk'
    or 'gemeente-buurt' (``arg``: the gemeente's code), 'set' (``arg``: its name) or 'marked'."""

    kind: str
    arg: str | None = None
    label: str = ""


def scopes_for(levels: tuple[str, ...], gemeente: Area | None = None, parent_is_gemeente: bool = False,
               sets: tuple[str, ...] = (), marked: int = 0) -> tuple[ScopeChoice, ...]:
    """The lists `a` cycles through: the children of the area shown; inside a gemeente its wijken (when they are not
    the children already) and its buurten; the national lists of the levels the release has (PC4 only where PC4
    tables were loaded); the members of each area set; the marked areas."""
    out = [ScopeChoice("children", None, "children")]
    if gemeente is not None:
        if not parent_is_gemeente and "wijk" in levels:
            out.append(ScopeChoice("gemeente-wijk", gemeente.code, f"all wijken of {gemeente.name}"))
        if "buurt" in levels:
            out.append(ScopeChoice("gemeente-buurt", gemeente.code, f"all buurten of {gemeente.name}"))
    names = {"wijk": "all wijken of NL", "buurt": "all buurten of NL", "pc4": "all postcode areas (PC4)"}
    out += [ScopeChoice(lv, None, names[lv]) for lv in SCOPES[1:] if lv in levels]
    out += [ScopeChoice("set", name, f"members of set '{name}'") for name in sets]
    if marked:
        out.append(ScopeChoice("marked", None, f"the {marked} marked area{'s' if marked != 1 else ''}"))
    return tuple(out)
NO_CLASSES_HINT = "class —: no class boundaries loaded — `leeftui db rebuild … --classes FILE`"


@dataclass
class ViewState:
    """What the list shows: where, which scope, which waves, sort and filter."""

    parent: str = "NL"
    """Code of the area whose children are listed ('NL': the gemeenten)."""
    scope: str = "children"
    """'children'; 'wijk' / 'buurt' / 'pc4' for every such area of the country; 'gemeente-wijk' /
    'gemeente-buurt' for those of the gemeente ``scope_arg``; 'set' (``scope_arg``: its name); 'marked'."""
    scope_arg: str | None = None
    scope_label: str = ""
    """How the list is named when it is not the children, e.g. 'all buurten of Bergdorp'."""
    scope_codes: tuple[str, ...] = ()
    """The marked areas, for the scope 'marked' (taken when it was chosen)."""
    wave_a: int = 0
    wave_b: int = 0
    sort_col: str | None = None
    sort_desc: bool = False
    filter: ViewFilter = field(default_factory=ViewFilter)

    @property
    def flat(self) -> bool:
        """True for the national flat lists (they show each area's gemeente)."""
        return self.scope != "children"

    def scope_of(self, parent: str | None = None) -> Scope:
        """The store scope of the list (of ``parent``'s children when given)."""
        if self.scope == "children":
            return Scope(parent=parent or self.parent)
        if self.scope.startswith("gemeente-"):
            return Scope(parent=self.scope_arg, level=self.scope.removeprefix("gemeente-"))
        if self.scope == "set":
            return Scope(set_name=self.scope_arg)
        if self.scope == "marked":
            return Scope(codes=self.scope_codes)
        return Scope(level=self.scope)

    def choose(self, choice: ScopeChoice, marked: tuple[str, ...] = ()) -> None:
        """Switch to ``choice`` (the marked areas are those of ``marked``)."""
        self.scope, self.scope_arg, self.scope_label = choice.kind, choice.arg, choice.label
        self.scope_codes = marked if choice.kind == "marked" else ()

    def chosen(self, choices: tuple[ScopeChoice, ...]) -> int:
        """The index of the current scope among ``choices`` (0 when it is not among them)."""
        return next((i for i, c in enumerate(choices) if (c.kind, c.arg) == (self.scope, self.scope_arg)), 0)

    def drill(self, code: str) -> None:
        """List the areas below ``code``."""
        self.choose(ScopeChoice("children"))
        self.parent = code

    def up(self, crumbs: tuple[Area, ...]) -> str | None:
        """Go back: from a flat list to the children it left (None: keep the cursor), else one level up (returns
        the area come from, to put the cursor on)."""
        if self.flat:
            self.choose(ScopeChoice("children"))
            return None
        came_from, self.parent = self.parent, crumbs[-2].code
        return came_from

    def stepped(self, waves: tuple[int, ...], side: str, step: int) -> tuple[int, int] | str:
        """Waves (A, B) after moving wave ``side`` ('a' or 'b') ``step`` waves (at the ends it stays), or the
        reason it may not: wave A always comes before wave B."""
        current = self.wave_a if side == "a" else self.wave_b
        moved = waves[max(0, min(len(waves) - 1, waves.index(current) + step))]
        if side == "b" and moved <= self.wave_a:
            return f"Wave B stays after wave A ({self.wave_a}): move A first with {{ }}."
        if side == "a" and moved >= self.wave_b:
            return f"Wave A stays before wave B ({self.wave_b}): move B first with [ ]."
        return (moved, self.wave_b) if side == "a" else (self.wave_a, moved)

    def request(self, scope: Scope | None = None) -> ViewRequest:
        """The store request for the list (``scope`` overrides the state's own)."""
        return ViewRequest(scope or self.scope_of(), self.wave_a, self.wave_b, self.filter, self.sort_col,
                           self.sort_desc)

    def where(self, crumbs: tuple[Area, ...]) -> str:
        """'Nederland › Lindewaard', or 'all buurten of Nederland'."""
        if self.flat:
            return self.scope_label or f"all {PLURAL.get(self.scope, self.scope)} of Nederland"
        return " › ".join(a.name for a in crumbs)

    def describe(self, crumbs: tuple[Area, ...]) -> str:
        """The view in words, for export provenance."""
        desc = f"{self.where(crumbs)}; waves {self.wave_a}→{self.wave_b}"
        if self.filter.active:
            desc += f"; filter {self.filter.describe()}"
        if self.sort_col:
            desc += f"; sorted by {self.sort_col}{' descending' if self.sort_desc else ''}"
        return desc

    def default_name(self, crumbs: tuple[Area, ...]) -> str:
        """A file name (without suffix) for an export of the view."""
        here = crumbs[-1].code if (crumbs and not self.flat) else f"all-{self.scope}"
        return f"leeftui-{here.lower()}-{self.wave_a}-{self.wave_b}"


def crumbs_text(state: ViewState, crumbs: tuple[Area, ...], top_level: str = "gemeente") -> Text:
    """The breadcrumb line: 'Nederland › Lindewaard  (wijken)', or 'Nederland › all buurten'."""
    if state.flat and state.scope in PLURAL:
        return Text.assemble(("Nederland", ""), (" › ", "dim"), (f"all {PLURAL[state.scope]}", "bold"))
    if state.flat:  # a gemeente's wijken or buurten, a set's members, the marked areas (names are user text)
        return Text.assemble(("Nederland", ""), (" › ", "dim"), (printable(state.scope_label), "bold"))
    text = Text()
    for i, area in enumerate(crumbs):
        if i:
            text.append(" › ", style="dim")
        text.append(printable(area.name), style="bold" if i == len(crumbs) - 1 else "")
    child = (top_level if crumbs[-1].level == "nederland" else CHILD.get(crumbs[-1].level, "")) if crumbs else ""
    text.append(f"  ({PLURAL.get(child, 'areas')})", style="dim")
    return text


def national_level(state: ViewState, top_level: str) -> str | None:
    """The level of a national list — the top level (gemeenten, or PC4 areas) or all areas of a level — whose
    coverage the status shows; None for a list within a gemeente, a set or the marked areas."""
    if state.flat:
        return state.scope if state.scope in PLURAL else None
    return top_level if state.parent == "NL" else None


def status_text(state: ViewState, view: pa.Table | None, rows: pa.Table | None, sort_label: str | None, marks: int,
                has_classes: bool, coverage: str = "") -> Text:
    """The status line: waves, rows (those shown of the view's ``rows``), sort, the active filter (highlighted),
    marks, what a national list stands on (``coverage``), the no-classes hint."""
    shown = view.num_rows if view is not None else 0
    total = rows.num_rows if rows is not None else 0
    status = Text.assemble(("A ", "dim"), (str(state.wave_a), "bold"), (" → B ", "dim"), (str(state.wave_b), "bold"),
                           (" (w)", "dim"))
    counted = f" · {shown:,} of {total:,}" if shown != total else f" · {total:,} rows"
    status.append(counted.replace(",", " "))
    if state.sort_col:
        status.append(f" · sort {sort_label or state.sort_col}{'▼' if state.sort_desc else '▲'}")
    if state.filter.active:
        status.append(" · filter: ", style="bold")
        status.append(state.filter.describe(), style="bold reverse")
    if marks:
        status.append(f" · ● {marks} marked")
    if coverage:
        status.append(f" · {coverage}".replace(",", " "), style="dim")  # the list's thousands: 1 770
    if not has_classes:
        status.append("\n" + NO_CLASSES_HINT, style="dim")
    return status


def area_at(view: pa.Table, index: int) -> tuple[str, str | None, str | None] | None:
    """(code, parent code, gemeente code) of row ``index`` of a view, or None past its end."""
    if not 0 <= index < view.num_rows:
        return None
    row = view.slice(index, 1).select(["code", "parent_code", "gemeente_code"]).to_pylist()[0]
    return row["code"], row["parent_code"], row["gemeente_code"]


def nearest_row(view: pa.Table, code: str, parent: str | None, gemeente: str | None) -> str | None:
    """The row to put the cursor on when the list changes scope: the area itself, else the area it lies
    in (its wijk, its gemeente), else the first area lying in it; None when nothing is related."""
    # row_of: Arrow's lookup on a large list (this runs on every reload that keeps the cursor, a wave switch too),
    # Python's on a small one (no Arrow compute module on the first screen)
    codes = view.column("code")
    for candidate in (code, parent, gemeente):
        if candidate is not None and row_of(codes, candidate) >= 0:
            return candidate
    for key in ("parent_code", "gemeente_code"):
        row = row_of(view.column(key), code)
        if row >= 0:
            return str(codes[row].as_py())
    return None
