"""What the map pane shows: off, or coloured by class of wave B, by the change A → B, or by the class of afw or a
dimension (`m` cycles); beside the list or large (`z`). A plain object, tested on its own."""

from __future__ import annotations


class MapPane:
    """The map pane's mode and size."""

    def __init__(self) -> None:
        self.mode: str | None = None
        """None (no map), 'class', 'delta' or a class field's name ('afw', 'onv' …)."""
        self.large = False
        """True while the map takes the screen (the list keeps its header and three rows)."""

    def cycle(self, class_fields: tuple[str, ...]) -> str | None:
        """The next mode after the current one: class, delta, each class field the release has, then off."""
        modes = (None, "class", "delta", *class_fields)
        self.mode = modes[(modes.index(self.mode) + 1) % len(modes)] if self.mode in modes else "class"
        return self.mode

    def toggle_large(self, class_fields: tuple[str, ...]) -> None:
        """Large or back; a closed map opens first."""
        if self.mode is None:
            self.cycle(class_fields)
        self.large = not self.large
