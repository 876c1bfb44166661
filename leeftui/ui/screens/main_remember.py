"""The main screen's remembered state: take it up at start, write it at the end (:mod:`leeftui.ui.remembered`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from leeftui.ui.remembered import Remembered, restored_filter
from leeftui.ui.screens.main_state import ScopeChoice

if TYPE_CHECKING:
    from leeftui.ui.screens.main import MainScreen


def scope_kinds(screen: MainScreen) -> set[str]:
    """The scope kinds this release can take up again (the national lists of its levels, sets, marks)."""
    levels = screen.session.release.levels
    return {"set", "marked", *(lv for lv in ("wijk", "buurt", "pc4") if lv in levels),
            *(f"gemeente-{lv}" for lv in ("wijk", "buurt") if lv in levels)}


def restore(screen: MainScreen, r: Remembered, detail_modes: tuple[str, ...]) -> None:
    """Take up where the last run on this database left off, keeping only what still fits it."""
    from leeftui.model.columns import Context, keys

    st = screen.state
    waves = screen.session.release.waves
    if r.wave_a in waves and r.wave_b in waves and r.wave_a is not None and r.wave_b is not None \
            and r.wave_a < r.wave_b:
        st.wave_a, st.wave_b = r.wave_a, r.wave_b
    if r.sort_col in keys(Context(screen.session.release, st.wave_a, st.wave_b)):
        st.sort_col, st.sort_desc = r.sort_col, bool(r.sort_desc)
    st.filter = restored_filter(r.filter)
    if len(r.scope) == 3 and r.scope[0] in scope_kinds(screen):
        st.choose(ScopeChoice(str(r.scope[0]), r.scope[1], str(r.scope[2] or "")),
                  tuple(code for code, _ in r.marks))
    for code, name in r.marks:
        screen.marks.toggle(code, name)
    screen.marks.settle()
    if r.detail_mode in detail_modes:
        screen.detail_mode = r.detail_mode
    screen.hidden = frozenset(r.hidden)


def remembered_of(screen: MainScreen) -> Remembered:
    """What to remember of the view for the next run on this database."""
    st = screen.state
    scope = [] if st.scope == "children" else [st.scope, st.scope_arg, st.scope_label]
    return Remembered(theme=screen.app.theme, wave_a=st.wave_a, wave_b=st.wave_b, sort_col=st.sort_col,
                      sort_desc=st.sort_desc, filter=asdict(st.filter), scope=scope,
                      marks=[list(m) for m in screen.marks.named()], detail_mode=screen.detail_mode,
                      hidden=sorted(screen.hidden))
