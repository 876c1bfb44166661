"""Saved views: a name → the options of `leeftui export` that give a view's rows, with the release and the waves
it was saved on (so that it replays on a newer release). One JSON file in the user config folder
(``$LEEFTUI_CONFIG_DIR`` overrides it), shared by `leeftui view` and the explorer's palette; written atomically.
A broken file is one sentence, never a traceback, and is not overwritten by a save.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from leeftui.atomic import atomic_file
from leeftui.errors import UsageError
from leeftui.paths import config_dir

NAME = re.compile(r"^[\w][\w .-]{0,63}$")
"""A view's name: letters, digits, _ . - and spaces, at most 64 characters."""


@dataclass(frozen=True)
class SavedView:
    """One saved view."""

    name: str
    args: list[str]
    """`leeftui export` options (:class:`leeftui.model.viewspec.ViewArgs`)."""
    release: str
    """The release it was saved on, e.g. 'lbm3-2024'."""
    waves: list[int]
    """That release's waves (where a view on another release finds its waves' places)."""
    saved_at: str


def views_file() -> Path:
    """Where the saved views live."""
    return config_dir() / "views.json"


def load() -> dict[str, SavedView]:
    """Every saved view by name; {} when none was saved; UsageError for a file that cannot be read."""
    path = views_file()
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return {name: SavedView(name=name, args=[str(a) for a in v["args"]], release=str(v["release"]),
                                waves=[int(w) for w in v["waves"]], saved_at=str(v.get("saved_at", "")))
                for name, v in doc["views"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"The saved views in {path} cannot be read ({type(exc).__name__}); move the file away "
                         "to start afresh.") from None


def check_name(name: str) -> str:
    """``name`` stripped; UsageError when it is not a view name."""
    name = name.strip()
    if not NAME.match(name):
        raise UsageError(f"A view's name has letters, digits, spaces, '_', '.' or '-' (at most 64), not {name!r}.")
    return name


def save(view: SavedView) -> None:
    """Add or replace ``view``."""
    views = load()
    views[view.name] = view
    _write(views)


def delete(name: str) -> None:
    """Remove the view ``name``; UsageError naming the views there are when it is not one."""
    views = load()
    if name not in views:
        raise UsageError(unknown(name, views))
    del views[name]
    _write(views)


def unknown(name: str, views: dict[str, SavedView]) -> str:
    """The sentence for a view that was not saved."""
    there = ", ".join(sorted(views)) or "none yet: save one with `leeftui view save NAME -- …` or the explorer's x"
    return f"No saved view '{name}' (views: {there})."


def _write(views: dict[str, SavedView]) -> None:
    doc = {"views": {name: {k: v for k, v in asdict(view).items() if k != "name"}
                     for name, view in sorted(views.items())}}
    path = views_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as fh:
        fh.write((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
