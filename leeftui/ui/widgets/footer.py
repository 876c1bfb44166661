"""The footer every screen shows its keys in: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's :class:`~textual.widgets.Footer`, recomposed only when what it shows changes.

    Textual's footer rebuilds all its key widgets (16–38 ms at 80×24) on every bindings update of its screen, one
    rebuild per update: the explorer's start publishes six (the screen pushed, focused, resumed, its first list)
    with the same keys, and the first key pressed waited behind four rebuilds. Here the updates that arrive before
    a rebuild make one, and a rebuild that would show the same keys, enabled alike, is skipped.
    """

    _shown: tuple[object, ...] | None = None
    """The keys as last composed (None: not yet)."""
    _pending = False
    """A rebuild is asked for and has not run yet."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> tuple[object, ...]:
        """What :meth:`compose` shows: each shown binding (key, description, action, group …), enabled or not, with
        its tooltip, in order."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple((key, binding, enabled, tooltip)
                     for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                     if binding.show or key == palette)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
