"""`w`: pick wave A and wave B."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from leeftui.ui.widgets.footer import KeysFooter


class WavePicker(ModalScreen[tuple[int, int] | None]):
    """Two lists, A (base) and B (compared); Tab switches, Enter applies, Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
        Binding("tab", "app.focus_next", "A ⇄ B", show=True),
    ]

    def __init__(self, waves: tuple[int, ...], dim_waves: tuple[int, ...], wave_a: int, wave_b: int) -> None:
        super().__init__()
        self.waves, self.dim_waves, self.wave_a, self.wave_b = waves, dim_waves, wave_a, wave_b

    def _prompt(self, w: int, chosen: bool) -> str:
        """'▸ 2024' for the chosen wave — visible by its glyph without colour — '  2012  (no dimensions)'."""
        return f"{'▸ ' if chosen else '  '}{w}{'' if w in self.dim_waves else '  (no dimensions)'}"

    def _options(self) -> list[Option]:
        return [Option(self._prompt(w, False), id=str(w)) for w in self.waves]

    @on(OptionList.OptionHighlighted)
    def _mark_chosen(self, event: OptionList.OptionHighlighted) -> None:
        for i, w in enumerate(self.waves):
            event.option_list.replace_option_prompt_at_index(i, self._prompt(w, i == event.option_index))

    def compose(self) -> ComposeResult:
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with Vertical(id="waves-box"):
            yield Static("Compare wave A (base) with wave B", id="waves-title")
            with Horizontal(id="waves-lists"):
                with Vertical():
                    yield Static("A (base)")
                    yield OptionList(*self._options(), id="wave-a")
                with Vertical():
                    yield Static("B")
                    yield OptionList(*self._options(), id="wave-b")
            yield Static("Tab switch A/B · ↑↓ choose · Enter apply · Esc cancel", id="waves-hint")

    def on_mount(self) -> None:
        self.query_one("#wave-a", OptionList).highlighted = self.waves.index(self.wave_a)
        b = self.query_one("#wave-b", OptionList)
        b.highlighted = self.waves.index(self.wave_b)
        b.focus()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        a = self.query_one("#wave-a", OptionList).highlighted
        b = self.query_one("#wave-b", OptionList).highlighted
        if a is None or b is None:
            return
        self.dismiss((self.waves[a], self.waves[b]))

    def action_cancel(self) -> None:
        self.dismiss(None)
