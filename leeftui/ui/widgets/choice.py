"""A radio button whose state reads without colour: ``(●)`` chosen, ``( )`` not (NO_COLOR, 16 colours)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton


class ChoiceButton(RadioButton):
    """Textual's RadioButton shows its state by colour only; this one also changes the glyph."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button
