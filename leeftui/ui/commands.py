"""Command palette (Ctrl+P) providers: every key binding of the current screen and the app, by name; the saved
views."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ListedProvider(Provider):
    """A provider of a list of (name, help, callable): shown when the palette opens, matched as one types."""

    def _items(self) -> list[tuple[str, str, object]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, help_text, run in self._items():
            yield DiscoveryHit(name, run, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._items():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)  # type: ignore[arg-type]


class ActionsProvider(ListedProvider):
    """Offers each bound action of the screen the palette was opened on (and the app's) as a command."""

    def _items(self) -> list[tuple[str, str, object]]:
        out: list[tuple[str, str, object]] = []
        seen: set[str] = set()
        screen = self.screen
        for owner in (screen, screen.app):
            for binding in getattr(owner, "BINDINGS", []):
                if not hasattr(binding, "action") or not binding.description or binding.action in seen:
                    continue
                seen.add(binding.action)
                keys = binding.key_display or binding.key.split(",")[0]
                out.append((binding.description, f"key {keys}", partial(owner.run_action, binding.action)))
        return out



class ViewsProvider(ListedProvider):
    """Offers each saved view (`leeftui view`) as a command that opens it in the list."""

    def _items(self) -> list[tuple[str, str, object]]:
        from leeftui import savedviews
        from leeftui.errors import UsageError

        opener = getattr(self.screen, "open_view", None)
        if opener is None:
            return []
        try:
            views = savedviews.load()
        except UsageError:
            return []
        return [(f"Open saved view: {v.name}", f"saved on {v.release}", partial(opener, v.name))
                for v in views.values()]

