"""AreaGrid: a virtual table over an Arrow area table that renders only the visible rows.

Textual's DataTable builds every cell of every row up front (17,000 buurten × 16 columns), so
re-sorting the national list would take seconds. This widget keeps the Arrow table and formats
a row only when it scrolls into view, so a re-sort is an Arrow `take` plus one repaint.

Only a window of rows around the viewport ever exists as Python objects: rows are converted
from Arrow a block at a time (only the columns shown), formatted cells and finished strips are
cached for that window and dropped when it moves on. A cursor move repaints just the two rows
it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from leeftui.model.measures import row_of
from leeftui.ui.columns import Column, cell, starts
from leeftui.ui.widgets.gridrow import FIXED, column_at, fixed_width, placed_after_fixed, row_strip

BLOCK = 64  # rows fetched from Arrow at a time
MAX_BLOCKS = 4  # converted blocks kept (a few screens around the viewport)
MAX_ROWS = 256  # formatted rows / finished strips kept (at least three screens' worth, see _cache_cap)


class AreaGrid(ScrollView, can_focus=True):
    """The area list: header row, cursor, marks, click to select, double-click/Enter to drill."""

    COMPONENT_CLASSES = {"area-grid--header", "area-grid--cursor", "area-grid--sorted"}
    DEFAULT_CSS = """
    AreaGrid { height: 1fr; overflow-y: scroll; }
    """
    # the vertical scrollbar always shows: a list too short for one and a long one then have the same width, and
    # going from one to the other needs no layout of the whole screen (≈ 20 ms of each Enter and ⌫)
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("left,h", "column_left", "Column left", show=False),
        Binding("right,l", "column_right", "Column right", show=False),
        Binding("enter", "activate", "Open", show=True),
    ]

    cursor: reactive[int] = reactive(0, always_update=False, repaint=False)

    class CursorMoved(Message):
        """The cursor moved to another row."""

        def __init__(self, index: int, code: str | None) -> None:
            super().__init__()
            self.index = index
            self.code = code

    class Activated(Message):
        """Enter or double-click on a row."""

        def __init__(self, index: int, code: str) -> None:
            super().__init__()
            self.index = index
            self.code = code

    class HeaderClicked(Message):
        """A column header was clicked."""

        def __init__(self, column: Column) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table: pa.Table = pa.table({"code": pa.array([], pa.string())})
        self.columns: list[Column] = []
        self.labels: dict[int, str] = {}
        self.marked: set[str] = set()
        self.sort_key: str | None = None
        self.sort_desc = False
        self._code_col: pa.ChunkedArray = self.table.column("code")
        self._rows = 0
        self._fields: list[str] = []
        # least recently used rows go first when full (a cursor walking a long list keeps its surroundings)
        self._cells: LRUCache[int, list[tuple[str, Style]]] = LRUCache(MAX_ROWS)
        self._blocks: LRUCache[int, list[dict[str, Any]]] = LRUCache(MAX_BLOCKS)
        self._strips: LRUCache[tuple[int, bool], Strip] = LRUCache(MAX_ROWS)
        self._strip_key: tuple[int, int] = (0, 0)
        self._styles: dict[str, Style] = {}
        self.follower: Callable[[int, str | None], None] | None = None
        """Called with the row and code whenever the cursor moves or the rows change (instead of the message)."""

    # -- data -------------------------------------------------------------------------------

    def set_view(self, table: pa.Table, columns: list[Column], labels: dict[int, str], marked: set[str],
                 select: str | None = None, sort_key: str | None = None, sort_desc: bool = False) -> None:
        """Show ``table`` (already filtered and sorted); put the cursor on ``select`` if present."""
        self.table = table
        self.columns = columns
        self.labels = labels
        self.marked = marked
        self.sort_key, self.sort_desc = sort_key, sort_desc
        self._code_col = table.column("code")
        self._rows = table.num_rows
        names = set(table.column_names)
        self._fields = [f for f in dict.fromkeys(n for c in columns for n in (*c.needs, c.key))
                        if f in names]
        self._drop_caches()
        size = Size(sum(c.width + 1 for c in columns), self._rows + 1)
        if size != self.virtual_size:
            # not through the reactive (a layout pass of the whole screen, ~10 ms): only the scrollbars follow,
            # and only a scrollbar that appears or goes asks for a layout
            self.set_reactive(AreaGrid.virtual_size, size)
            self._scroll_update(size)
        self.refresh()
        index = 0
        found = row_of(self._code_col, select) if (select and self._rows) else -1
        if found >= 0:
            index = found
        elif self._rows and select != "":
            index = min(self.cursor, self._rows - 1)
        self.set_reactive(AreaGrid.cursor, index)
        self._scroll_cursor_into_view(center=True)
        self.refresh()
        self._moved(index)

    def refresh_marks(self, marked: set[str]) -> None:
        """Repaint after marks changed."""
        self.marked = marked
        self._cells.clear()
        self._strips.clear()
        self.refresh()

    def _drop_caches(self) -> None:
        self._cells.clear()
        self._blocks.clear()
        self._strips.clear()

    @property
    def _cache_cap(self) -> int:
        """Rows kept formatted: small (few objects for the GC to walk), but never less than three screens."""
        return max(MAX_ROWS, 3 * self.size.height)

    @property
    def row_count(self) -> int:
        """Number of rows shown."""
        return self._rows

    @property
    def current_code(self) -> str | None:
        """Code of the row under the cursor, or None for an empty list."""
        return self._code_col[self.cursor].as_py() if 0 <= self.cursor < self._rows else None

    def _row(self, index: int) -> dict[str, Any]:
        """Row ``index`` as Python values (the shown columns only), converted a block at a time."""
        start = index - index % BLOCK
        block = self._blocks.get(start)
        if block is None:
            self._blocks.grow(max(MAX_BLOCKS, self._cache_cap // BLOCK))
            block = self.table.slice(start, BLOCK).select(self._fields).to_pylist()
            self._blocks[start] = block
        return block[index - start]

    def codes_around(self, index: int, n: int) -> tuple[str, ...]:
        """The codes of the ``n`` rows below and above row ``index``, nearest first (below before above)."""
        if not self._rows:
            return ()
        rows = [i for d in range(1, n + 1) for i in (index + d, index - d) if 0 <= i < self._rows]
        return tuple(str(self._code_col[i].as_py()) for i in rows)

    def row_cells(self, index: int) -> list[tuple[str, Style]]:
        """Formatted cells of row ``index`` (cached while the row stays near the viewport)."""
        cached = self._cells.get(index)
        if cached is None:
            self._cells.grow(self._cache_cap)
            row = self._row(index)
            marked = row["code"] in self.marked
            cached = [cell(c, row, self.labels, marked) for c in self.columns]
            self._cells[index] = cached
        return cached

    def row_text(self, index: int) -> str:
        """Plain text of a row, as shown (for tests and the text capture)."""
        return " ".join(t for t, _ in self.row_cells(index))

    # -- cursor -----------------------------------------------------------------------------

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move_to(self, index: int) -> None:
        """Move the cursor to row ``index`` (clamped)."""
        if not self._rows:
            return
        self.cursor = max(0, min(self._rows - 1, index))

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_offset.y)
        self._scroll_cursor_into_view()
        if int(self.scroll_offset.y) == top:
            # only the rows the cursor left and entered change (virtual line = row + 1, the header is 0)
            self.refresh_lines(old + 1)
            self.refresh_lines(new + 1)
        else:
            self.refresh()
        self._moved(new)

    def _moved(self, index: int) -> None:
        """Tell whoever follows the cursor: at once where a follower is set (the detail then draws in the same frame
        as the list; a message would arrive after the frame), else by a :class:`CursorMoved` message."""
        if self.follower is not None:
            self.follower(index, self.current_code)
        else:
            self.post_message(self.CursorMoved(index, self.current_code))

    def scrollbars_painted(self) -> None:
        """The screen's layout has just painted the list in a new size (``z`` back from the large map), its
        scrollbars and their corner with it — their regions changed with the list's. Forget the repaint and the
        layout they asked for during that layout (their size, set by it, is a reactive of Textual's that asks for
        both): Textual would lay the screen out again and paint them, the same, in two more frames 20–50 ms
        later."""
        for part in (self._vertical_scrollbar, self._horizontal_scrollbar, self._scrollbar_corner):
            if part is not None:
                part._repaint_required = False
                part._layout_required = False

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_cursor_into_view()  # `z` shrinks the list to a strip: it shows the cursor's row

    def scroll_cursor_to_top(self) -> None:
        """Scroll the cursor's row to the top (before the list becomes a strip of one row, so that the strip's first
        frame shows it: no scroll after the layout, no second frame)."""
        self.scroll_to(y=self.cursor, animate=False, immediate=True)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        page = self._page
        top = int(self.scroll_offset.y)
        if center and not (top <= self.cursor < top + page):
            self.scroll_to(y=max(0, self.cursor - page // 2), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + page:
            self.scroll_to(y=self.cursor - page + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self._rows - 1)

    def action_activate(self) -> None:
        code = self.current_code
        if code is not None:
            self.post_message(self.Activated(self.cursor, code))

    # -- columns ------------------------------------------------------------------------------

    def _starts(self) -> list[int]:
        """Where each column after the fixed ones (marker, name) starts, in the sideways-scrolled part."""
        return starts(self.columns[FIXED:])

    def _scrolled_width(self) -> int:
        return max(1, self.scrollable_content_region.width - fixed_width(self.columns))

    def action_column_right(self) -> None:
        """Scroll sideways to the next column (a whole column, not one cell)."""
        x = int(self.scroll_offset.x)
        nxt = next((s for s in self._starts() if s > x), None)
        if nxt is not None and x + self._scrolled_width() < int(self.virtual_size.width):
            self.scroll_to(x=nxt, animate=False)

    def action_column_left(self) -> None:
        """Scroll sideways to the previous column."""
        x = int(self.scroll_offset.x)
        self.scroll_to(x=max((s for s in self._starts() if s < x), default=0), animate=False)

    def scroll_to_column(self, key: str) -> bool:
        """Bring the column showing ``key`` (its cell kind or the Arrow column it sorts on) into view; False when
        there is none."""
        index = next((i for i, c in enumerate(self.columns) if key in (c.key, c.sort)), None)
        if index is None:
            return False
        if index < FIXED:
            return True
        start, width = self._starts()[index - FIXED], self.columns[index].width + 1
        x, shown = int(self.scroll_offset.x), self._scrolled_width()
        if start < x:
            self.scroll_to(x=start, animate=False)
        elif start + width > x + shown:
            self.scroll_to(x=max(0, start + width - shown), animate=False)
        return True

    def on_click(self, event: events.Click) -> None:
        self.focus()
        if event.y == 0:
            col = column_at(self.columns, int(self.scroll_offset.x), event.x)
            if col is not None and col.sort:
                self.post_message(self.HeaderClicked(col))
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < self._rows:
            self.move_to(index)
            if event.chain >= 2:
                self.action_activate()

    # -- rendering --------------------------------------------------------------------------

    def _cells_to_strip(self, cells: list[tuple[str, Style]], base: Style, width: int) -> Strip:
        return row_strip(self.columns, cells, base, width, int(self.scroll_offset.x))

    def placed(self, shown: int) -> list[tuple[int, int, int]]:
        """Where the sideways-scrolled columns go in ``shown`` cells (:func:`leeftui.ui.columns.placed`)."""
        return placed_after_fixed(self.columns, int(self.scroll_offset.x), shown)

    def _header_cells(self) -> list[tuple[str, Style]]:
        out = []
        for col in self.columns:
            label = col.label
            style = Style()
            if col.sort and col.sort == self.sort_key:
                label = f"{label}{'▼' if self.sort_desc else '▲'}"
                style = self.get_component_rich_style("area-grid--sorted", partial=True)
            out.append((label, style))
        return out

    def notify_style_update(self) -> None:
        self._styles.clear()
        self._strips.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        self._styles.clear()
        self._strips.clear()

    def on_blur(self) -> None:
        self._styles.clear()
        self._strips.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            base = self.rich_style
            style = base if name == "base" else base + self.get_component_rich_style(name, partial=True)
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._style("base")
        if y == 0:
            return self._cells_to_strip(self._header_cells(), self._style("area-grid--header"), width)
        index = int(self.scroll_offset.y) + y - 1
        if index >= self._rows:
            return Strip.blank(width, base)
        key = (int(self.scroll_offset.x), width)
        if key != self._strip_key:
            self._strip_key = key
            self._strips.clear()
        on_cursor = index == self.cursor
        strip = self._strips.get((index, on_cursor))
        if strip is None:
            self._strips.grow(self._cache_cap)
            cells = self.row_cells(index)
            if on_cursor:
                # the cursor shows by a glyph too (NO_COLOR): ▸ on a row, ◉ on a marked row
                cells = [(("▸" if t == " " else "◉") if i == 0 else t, s) for i, (t, s) in enumerate(cells)]
                strip = self._cells_to_strip(cells, self._style("area-grid--cursor"), width)
            else:
                strip = self._cells_to_strip(cells, base, width)
            self._strips[(index, on_cursor)] = strip
        return strip
