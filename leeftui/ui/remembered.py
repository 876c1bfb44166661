"""What the explorer remembers per database between runs: theme, waves, sort, filter, scope, marks, detail layout.

A small JSON file in the user config folder (``$LEEFTUI_CONFIG_DIR`` overrides it), one entry per database file
and release, the 50 most recent kept. ``leeftui --fresh`` starts clean (and the next exit writes a new entry).
What no longer fits the database (a wave it lacks, a column gone) is dropped, never an error; a broken file is
ignored and replaced. No SQL here: this is the explorer's own state.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from leeftui.atomic import atomic_file
from leeftui.errors import LeeftuiError
from leeftui.model.columns import Context, keys
from leeftui.model.filters import ViewFilter
from leeftui.model.release import ReleaseInfo
from leeftui.paths import config_dir
from leeftui.ui.explorer.layout import ColumnLayout
from leeftui.ui.explorer.marks import Marks
from leeftui.ui.explorer.state import ScopeChoice, ViewState

KEEP = 50


def state_file() -> Path:
    """Where the remembered state lives."""
    return config_dir() / "state.json"


@dataclass
class Remembered:
    """One database's explorer state."""

    theme: str | None = None
    wave_a: int | None = None
    wave_b: int | None = None
    sort_col: str | None = None
    sort_desc: bool = False
    filter: dict[str, object] = field(default_factory=dict)
    """:class:`leeftui.model.filters.ViewFilter` fields."""
    scope: list[str | None] = field(default_factory=list)
    """[kind, arg, label] of the list's scope (see ``main_state.ScopeChoice``); [] = the children."""
    parent: str | None = None
    """The area whose children were listed."""
    marks: list[list[str]] = field(default_factory=list)
    """[[code, name], …] in marking order."""
    detail_mode: str | None = None
    hidden: list[str] = field(default_factory=list)
    """Columns hidden with `C`."""

    @classmethod
    def of(cls, theme: str, state: ViewState, marks: Marks, detail_mode: str, layout: ColumnLayout) -> Remembered:
        """What to remember of the explorer for the next run on this database."""
        scope = [] if state.scope == "children" else [state.scope, state.scope_arg, state.scope_label]
        return cls(theme=theme, wave_a=state.wave_a, wave_b=state.wave_b, sort_col=state.sort_col,
                   sort_desc=state.sort_desc, filter=asdict(state.filter), scope=scope,
                   marks=[list(m) for m in marks.named()], detail_mode=detail_mode, hidden=sorted(layout.hidden))

    def restore(self, release: ReleaseInfo, state: ViewState, marks: Marks, layout: ColumnLayout,
                detail_modes: tuple[str, ...]) -> str | None:
        """Take up where the last run on this database left off, keeping only what still fits ``release``; returns
        the detail layout to take up (None: the default). A state that does not read (edited by hand, of another
        version) leaves the view as it was and no marks."""
        before = replace(state)
        try:
            return self._restore(release, state, marks, layout, detail_modes)
        except (TypeError, ValueError, AttributeError, KeyError, RecursionError, LeeftuiError):
            for f in fields(ViewState):
                setattr(state, f.name, getattr(before, f.name))
            marks.load([])
            return None

    def _restore(self, release: ReleaseInfo, state: ViewState, marks: Marks, layout: ColumnLayout,
                 detail_modes: tuple[str, ...]) -> str | None:
        waves = release.waves
        if self.wave_a in waves and self.wave_b in waves and self.wave_a is not None and self.wave_b is not None \
                and self.wave_a < self.wave_b:
            state.wave_a, state.wave_b = self.wave_a, self.wave_b
        if self.sort_col in keys(Context(release, state.wave_a, state.wave_b)):
            state.sort_col, state.sort_desc = self.sort_col, bool(self.sort_desc)
        state.filter = restored_filter(self.filter)
        if len(self.scope) == 3 and self.scope[0] in scope_kinds(release):
            state.choose(ScopeChoice(str(self.scope[0]), self.scope[1], str(self.scope[2] or "")),
                         tuple(code for code, _ in self.marks))
        marks.load([(str(code), str(name)) for code, name in self.marks])
        layout.hidden = frozenset(self.hidden)
        return self.detail_mode if self.detail_mode in detail_modes else None


def scope_kinds(release: ReleaseInfo) -> set[str]:
    """The scope kinds a release can take up again (the national lists of its levels, sets, marks)."""
    levels = release.levels
    return {"set", "marked", *(lv for lv in ("wijk", "buurt", "pc4") if lv in levels),
            *(f"gemeente-{lv}" for lv in ("wijk", "buurt") if lv in levels)}


def key_of(db_path: Path | str, release: str) -> str:
    """The entry of a database file and release."""
    return f"{Path(db_path).resolve()}|{release}"


MAX_STATE_BYTES = 4 << 20
"""A state file larger than this (or not a plain file: a FIFO, /dev/zero) is not read."""


def _read() -> dict[str, dict[str, object]]:
    import stat

    path = state_file()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STATE_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    entries = data.get("databases") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def load(key: str) -> Remembered | None:
    """The state remembered for ``key``, or None (nothing remembered, or unreadable)."""
    entry = _read().get(key)
    if not isinstance(entry, dict):
        return None
    known = set(Remembered.__dataclass_fields__)
    values: dict[str, Any] = {k: v for k, v in entry.items() if k in known}
    try:
        return Remembered(**values)
    except TypeError:
        return None


def save(key: str, state: Remembered) -> None:
    """Remember ``state`` for ``key`` (most recent first; a file that cannot be written is let go quietly)."""
    entries = _read()
    entries.pop(key, None)
    entries = {key: asdict(state), **dict(list(entries.items())[: KEEP - 1])}
    path = state_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(path) as fh:
            fh.write(json.dumps({"version": 1, "databases": entries}, ensure_ascii=False, indent=1).encode())
    except OSError:
        pass  # a read-only or full config folder costs the memory, not the session


def restored_filter(fields: dict[str, object]) -> ViewFilter:
    """A remembered filter (the fields of a :class:`leeftui.model.filters.ViewFilter`), or no filter when it does not
    read any more."""
    try:
        values: dict[str, Any] = dict(fields)
        if "dimension_classes" in values:
            values["dimension_classes"] = tuple(tuple(x) for x in values["dimension_classes"])
        return ViewFilter(**values)
    except (TypeError, ValueError):
        return ViewFilter()


def let_go(state: ViewState, marks: Marks, held: set[str] | None, sets: tuple[str, ...]) -> list[str]:
    """Drop what a remembered state names that the database no longer has — marked areas not ``held`` (None: not
    checked), a set scope not among ``sets`` (back to the list) — and say what."""
    gone = []
    if held is not None:
        kept = [(c, n) for c, n in marks.named() if c in held]
        if len(kept) < len(marks.codes):
            n = len(marks.codes) - len(kept)
            gone.append(f"{n} marked area{'s' if n != 1 else ''}")
            marks.load(kept)
    if state.scope == "set" and state.scope_arg not in sets:
        gone.append(f"the set '{state.scope_arg}'")
        state.choose(ScopeChoice("children"))
    return gone
