"""The list's view as a command (`x`), saved under a name (`X`), and a saved view opened again (the palette).

The command is :func:`leeftui.ui.explorer.command.view_args` of the list's state; a saved view is the same options
in :mod:`leeftui.savedviews`, shared with `leeftui view`, so the CLI replays what the explorer saved and the other
way round.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual.app import App

from leeftui.errors import UsageError
from leeftui.ui.explorer import command

if TYPE_CHECKING:
    from leeftui.model.viewspec import ViewArgs
    from leeftui.ui.screens.rows_out import RowsOut


def command_text(screen: RowsOut) -> str | None:
    """The whole command for the list as it is (None, with a notice, where the export cannot say it)."""
    args = _args(screen)
    if args is None:
        return None
    text: str = args.command(str(screen.session.db.path), screen.session.release.release)
    return text


def _args(screen: RowsOut) -> ViewArgs | None:
    try:
        return command.view_args(screen.state, screen.context, screen.columns, screen.session.release.top_level)
    except UsageError as exc:
        screen.notify(str(exc), severity="warning", timeout=6, markup=False)
        return None


def copy_command(app: App[None], text: str) -> None:
    """Copy ``text`` via OSC 52 and show it."""
    from leeftui.ui.transfer import clipboard_reachable

    app.copy_to_clipboard(text)
    where = "" if clipboard_reachable(app) else " inside leeftui only (this terminal cannot receive OSC 52)"
    app.notify(f"Copied{where}: {text}", timeout=10, markup=False)


def save(screen: RowsOut) -> None:
    """Ask for a name, then save the list's view under it."""
    args = _args(screen)
    if args is None:
        return
    from leeftui import savedviews
    from leeftui.ui.screens.save_view import SaveViewScreen

    try:
        taken = tuple(savedviews.load())
    except UsageError as exc:
        screen.notify(str(exc), severity="error", timeout=8, markup=False)
        return
    rel = screen.session.release

    def done(name: str | None) -> None:
        if name is None:
            return
        try:
            savedviews.save(savedviews.SavedView(name, args.args(), rel.release, list(rel.waves),
                                                 datetime.now(UTC).isoformat(timespec="seconds")))
        except (UsageError, OSError) as exc:
            screen.notify(f"The view was not saved: {exc}", severity="error", timeout=8, markup=False)
            return
        again = " (replaced)" if name in taken else ""
        screen.notify(f"Saved view '{name}'{again}: leeftui view run {name!r} replays it; the palette opens it.",
                      timeout=6, markup=False)

    screen.app.push_screen(SaveViewScreen(args.command()), done)


def open_saved(screen: RowsOut, name: str) -> None:
    """Set the list to the saved view ``name`` and load it."""
    from leeftui import savedviews
    from leeftui.model.columns import Context
    from leeftui.model.viewspec import ViewArgs, map_waves
    from leeftui.ui.columns import list_columns

    rel = screen.session.release
    try:
        views = savedviews.load()
        if name not in views:
            raise UsageError(savedviews.unknown(name, views))
        saved = views[name]
        args = ViewArgs.parse(saved.args)
        waves, note = map_waves(args.compare, saved.waves, rel.waves)
        context = Context(rel, *waves, rel.population_year(waves[1]), True)
        names = {a.code: a.name for a in screen.crumbs}
        applied = command.apply_args(command.with_waves(args, waves), context, list_columns(context), names)
    except UsageError as exc:
        screen.notify(str(exc), severity="error", timeout=8, markup=False)
        return
    state = screen.state
    state.choose(applied.scope, args.areas)
    if applied.parent is not None:
        state.parent = applied.parent
    state.wave_a, state.wave_b = applied.waves
    state.filter = applied.filter
    state.sort_col, state.sort_desc = applied.sort
    if applied.hidden is not None:
        screen.columns_layout.hidden = applied.hidden
    screen.reload(select="")
    screen.notify(f"View '{name}'{': ' + note if note else ''}.", timeout=5, markup=False)
