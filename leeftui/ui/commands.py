"""Command palette (Ctrl+P) provider: every key binding of the current screen and the app, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ActionsProvider(Provider):
    """Offers each bound action of the screen the palette was opened on (and the app's) as a command."""

    def _actions(self) -> list[tuple[str, str, object]]:
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

    async def discover(self) -> Hits:
        for name, help_text, run in self._actions():
            yield DiscoveryHit(name, run, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)  # type: ignore[arg-type]
