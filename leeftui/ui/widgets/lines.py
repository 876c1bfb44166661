"""Drawings shown as they are: a renderable laid out once into lines of styled segments (:func:`flatten`), and a
line widget that shows such lines (:class:`LinesView`) — what the detail panel and the map pane are built on, so
that a repaint composes strips instead of laying out text again on every frame; and :class:`Unscrolled`, for a
widget whose new size must not cost a second layout."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

Lines = tuple[Strip, ...]
"""A drawing: one strip of styled segments per line."""


def flatten(renderable: RenderableType, width: int, console: Console) -> Lines:
    """``renderable`` laid out once at ``width`` cells by ``console`` (the app's, as Textual would lay it out), as
    lines of styled segments: the widget then shows them as they are, instead of laying out its tables (or its
    text) again on every frame — that was most of a key's time. A worker can draw them ahead."""
    options = console.options.update(width=max(width, 10), max_width=max(width, 10), height=None)
    return tuple(Strip([seg for seg in line if not seg.control])
                 for line in console.render_lines(renderable, options, pad=False))


class Unscrolled(Widget):
    """A widget that never scrolls: when the layout gives it a new size, its virtual size follows without asking
    for a second layout of the screen. (Textual's ``virtual_size`` is a reactive with ``layout=True``: a pane or
    a message line that changes size in a layout would otherwise lay the screen out again and draw a second
    frame ≈ 20–40 ms after the first.)"""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class LinesView(Widget):
    """Shows :attr:`lines` as drawn (a line widget), each cut or padded to the widget's width, over the widget's own
    colours. ``SIZED_BY_LINES``: the widget is as high as its lines (the screen is laid out again when their number
    changes); else its height is the layout's and a new drawing repaints it alone."""

    SIZED_BY_LINES = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: Lines = ()
        self._strips: dict[int, Strip] = {}
        """Lines as last shown (at :attr:`_strips_width`, in :attr:`_base`)."""
        self._strips_width = 0
        self._base: Style | None = None

    def set_lines(self, lines: Lines) -> None:
        """Show ``lines``."""
        grow = self.SIZED_BY_LINES and len(lines) != len(self.lines)
        self.lines = lines
        self._strips.clear()
        self.refresh(layout=grow)

    @property
    def plain(self) -> str:
        """The lines as plain text."""
        return "\n".join(line.text for line in self.lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self.lines), default=0)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width != self._strips_width:
            self._strips_width = width
            self._strips.clear()
        base = self._base
        if base is None:
            base = self._base = self.rich_style  # walks the ancestors' styles: once, not per line
        if y >= len(self.lines):
            return Strip.blank(width, base)
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self.lines[y].crop_extend(0, width, None).apply_style(base)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None  # a new theme or focus: the colours again
        self._strips.clear()
