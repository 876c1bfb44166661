"""The footer: Textual's keys, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from leeftui.ui.widgets.footer import KeysFooter
from tests.ui.uihelpers import pilot_test


class Keys(App[None]):
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("a", "one", "One"), Binding("b", "two", "Two"), Binding("c", "three", "Three", show=False)]

    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.footer = footer
        self.two: bool | None = True

    def compose(self) -> ComposeResult:
        yield self.footer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.two if action == "two" else True

    def action_one(self) -> None: ...

    def action_two(self) -> None: ...

    def action_three(self) -> None: ...


def _shown(app: App[None]) -> list[tuple[str, str, bool]]:
    return [(k.key, k.description, k.has_class("-disabled")) for k in app.screen.query(FooterKey)]


@pilot_test
async def test_the_footer_shows_what_textuals_shows() -> None:
    shown = []
    for footer in (Footer(), KeysFooter()):
        app = Keys(footer)
        async with app.run_test() as pilot:
            await pilot.pause()
            app.two = None  # shown, disabled
            app.screen.refresh_bindings()
            await pilot.pause()
            shown.append(_shown(app))
    assert shown[0] == shown[1]
    assert ("a", "One", False) in shown[1] and ("b", "Two", True) in shown[1]
    assert all(key != "c" for key, _, _ in shown[1])


@pilot_test
async def test_the_footer_is_rebuilt_only_when_its_keys_change() -> None:
    app = Keys(KeysFooter())
    async with app.run_test() as pilot:
        await pilot.pause()
        before = list(app.screen.query(FooterKey))
        assert [k.key for k in before] == ["a", "b"]
        for _ in range(3):  # the same keys, published again (a screen resumed, focus moved): nothing to rebuild
            app.screen.refresh_bindings()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == before
        app.two = False  # hidden
        app.screen.refresh_bindings()
        await pilot.pause()
        assert _shown(app) == [("a", "One", False)]
        app.two = True
        app.screen.refresh_bindings()
        await pilot.pause()
        assert _shown(app) == [("a", "One", False), ("b", "Two", False)]
