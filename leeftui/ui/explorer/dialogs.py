"""The screens and dialogs the list opens: those that change it — search (`/`), waves (`w`), filter (`f`), columns
(`C`) — with the answer handed to a callback, and those its rows go to — the statistics of the view (`I`), the
marked areas compared (`c`) or saved as a set (ctrl+s), the monitor for the waves compared (`p`), an export (`e`)
and a copy (`y`, `Y`).

Functions of the values they show (rows, columns, marks, state), each opening its screen: no widget of the main
screen is touched here.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
from textual.app import App

from leeftui.model.area import Area
from leeftui.model.columns import Context
from leeftui.model.filters import ViewFilter
from leeftui.model.release import ReleaseInfo
from leeftui.ui.columns import Column, export_table
from leeftui.ui.explorer.marks import Marks
from leeftui.ui.explorer.state import ViewState
from leeftui.ui.session import Session
from leeftui.ui.transfer import copy_table, open_export


def search(app: App[None], done: Callable[[str], None]) -> None:
    """Find an area by name or code; ``done`` gets its code."""
    from leeftui.ui.screens.search import SearchScreen

    app.push_screen(SearchScreen(), lambda code: done(code) if code else None)


def waves(app: App[None], rel: ReleaseInfo, state: ViewState, done: Callable[[int, int], None]) -> None:
    """Pick waves A and B; ``done`` gets them."""
    from leeftui.ui.screens.waves import WavePicker

    app.push_screen(WavePicker(rel.waves, rel.dimension_waves, state.wave_a, state.wave_b),
                    lambda result: done(*result) if result else None)


def edit_filter(app: App[None], rel: ReleaseInfo, current: ViewFilter, rows: pa.Table | None,
                done: Callable[[ViewFilter], None]) -> None:
    """The filter dialog (an expression over ``rows``' columns, when there are rows); ``done`` gets the filter."""
    from leeftui.ui.screens.filter import FilterScreen

    names = tuple(f.removeprefix("klasse_") for f in rel.class_fields)
    app.push_screen(FilterScreen(current, rel.classes_source is not None, names,
                                 rows.schema if rows is not None else None, rel.score),
                    lambda f: done(f) if f is not None else None)


def choose_columns(app: App[None], columns: list[Column], hidden: frozenset[str],
                   done: Callable[[frozenset[str], str | None], None]) -> None:
    """Jump to a column by name, hide or show columns; ``done`` gets the hidden keys and the column to show."""
    from leeftui.ui.screens.columns import ColumnChoice, ColumnsScreen

    def chosen(choice: ColumnChoice | None) -> None:
        if choice is not None:
            done(choice.hidden, choice.jump)

    app.push_screen(ColumnsScreen(columns, hidden), chosen)


def describe(app: App[None], view: pa.Table, columns: list[Column], rel: ReleaseInfo, state: ViewState,
             crumbs: tuple[Area, ...]) -> None:
    """The class histogram and the statistics of the rows in view (the shown columns, the dimensions of B and
    their changes)."""
    from leeftui.ui.screens.describe import DescribeScreen

    shown = [c.sort for c in columns if c.sort]
    extra = [f"{d}_b" for d in rel.dimensions] + [f"d_{d}" for d in rel.dimensions]
    names = list(dict.fromkeys(c for c in [*shown, *extra] if c in view.column_names))
    app.push_screen(DescribeScreen(view, names, state.wave_a, state.wave_b, state.describe(crumbs)))


def save_set(app: App[None], marks: Marks) -> None:
    """Save the marked areas as an area set (a set file, added to the database)."""
    if not marks.codes:
        app.notify("Mark areas with Space first; ctrl+s saves them as an area set.", timeout=4)
        return
    from leeftui.ui.screens.save_set import SaveSetScreen

    app.push_screen(SaveSetScreen(marks.named()))


def compare(app: App[None], marks: Marks, current: str | None, state: ViewState) -> None:
    """The marked areas (else the one under the cursor) side by side."""
    from leeftui.ui.screens.compare import CompareScreen

    codes = marks.codes
    if not codes:
        if current is None:
            return
        codes = (current,)
        app.notify("Mark areas with Space to compare them; showing the current one.", timeout=3)
    app.push_screen(CompareScreen(codes, state.wave_a, state.wave_b))


def monitor(app: App[None], state: ViewState, open_area: Callable[[str], None]) -> None:
    """The monitor's questions for waves A → B; Enter on an area there opens it in the list (``open_area``)."""
    from leeftui.ui.screens.monitor import MonitorScreen

    app.push_screen(MonitorScreen(state.wave_a, state.wave_b, state.filter.score_below),
                    lambda code: open_area(code) if code else None)


def shown(view: pa.Table, columns: list[Column], context: Context, state: ViewState,
          crumbs: tuple[Area, ...]) -> tuple[pa.Table, str]:
    """The shown view as an export table (the shown columns, waves in their names), and its description."""
    return export_table(view, columns, context), state.describe(crumbs)


def export(app: App[None], view: pa.Table, columns: list[Column], context: Context, state: ViewState,
           crumbs: tuple[Area, ...], marks: Marks) -> None:
    """The export dialog: all rows, the marked ones, or the first N."""
    table, desc = shown(view, columns, context, state, crumbs)
    marked = export_table(marks.only(view), columns, context) if marks.codes else None
    open_export(app, table, desc, state.default_name(crumbs), marked)


def copy(app: App[None], session: Session, table: pa.Table, description: str, marks: Marks, fmt_name: str) -> None:
    """Copy the shown rows (the marked ones, when there are) as TSV or Markdown, with their provenance."""
    if marks:
        table, description = marks.only(table), f"{description}; marked rows"
    copy_table(app, table, fmt_name, "marked rows" if marks else "rows", session.provenance(description))
