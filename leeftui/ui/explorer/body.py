"""The explorer's body: the list, the detail panel and the map pane, laid out for the terminal's size — the detail
beside the list from 140 columns, below it narrower, as a wide row at 110–139 × 36+; `d` cycles list+detail, list
only, detail only; the map pane (`m`, `z`) takes the detail's place. A container that owns its layout state."""

from __future__ import annotations

import pyarrow as pa
from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.geometry import Size

from leeftui.model.measures import row_of
from leeftui.ui.explorer.mappane import MapPane
from leeftui.ui.widgets.detail import DetailPanel
from leeftui.ui.widgets.grid import AreaGrid
from leeftui.ui.widgets.mapview import MapPanel

DETAIL_MODES = ("split", "list", "detail")
WIDE_FROM = 140
"""From this width the detail stands beside the list (58 columns) and the list keeps Name … Class; narrower, the
detail goes below the list, so the list never loses its Δ and Class to it."""


class ExplorerBody(Container):
    """List, detail and map, and how they share the screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail_mode = "split"
        """'split' (list and detail), 'list' (the list only) or 'detail' (the detail only)."""
        self.map = MapPane()
        """What the map pane shows, and whether it is large."""

    def compose(self) -> ComposeResult:
        yield AreaGrid(id="grid")
        yield DetailPanel(id="detail")
        yield MapPanel(id="map")

    def on_mount(self) -> None:
        self.query_one(MapPanel).size_after_z = self.map_size_after_z

    def map_size_after_z(self) -> Size | None:
        """The map pane's size once `z` has made it large, or small again (:meth:`map_pane_size`): the map draws
        that raster ahead; None without a map."""
        return None if self.map.mode is None else self.map_pane_size(not self.map.large)

    def map_pane_size(self, large: bool) -> Size:
        """The map pane's size (inside its border and padding), small or ``large``: the stylesheet's rules for
        ``#body.-map MapPanel`` (60 % below the list, or half the width beside it; large: the rest below a strip
        of two rows, or three quarters of the width) worked out for the body's size — known before the layout
        that gives it, so the map is drawn for it while the screen is laid out."""
        w, h = self.size
        if self.has_class("-wide"):
            return Size(int(w * (0.75 if large else 0.5)) - 3, h)  # border-left, padding
        grid = 2 if self.detail_mode != "detail" else 0
        return Size(w - 2, (h - grid if large else int(h * 0.6)) - 1)  # padding; border-top

    def lay_out(self, size: Size) -> None:
        """Lay the parts out for a screen of ``size``."""
        row = self.detail_mode == "split" and 110 <= size.width < WIDE_FROM and size.height >= 36
        self.set_class(size.width >= WIDE_FROM, "-wide")
        self.set_class(size.height >= 36, "-tall")
        self.set_class(size.height < 20, "-short")  # (60×15, the minimum: the list keeps its rows; d shows it)
        self.set_class(row, "-row")  # figures left, chart and waves right
        self.query_one(DetailPanel).set_wide(self.detail_mode == "detail" and size.width >= 80, row)
        for mode in DETAIL_MODES:
            self.set_class(self.detail_mode == mode, f"-{mode}")
        self.set_class(self.map.mode is not None, "-map")
        self.set_class(self.map.large, "-mapbig")

    def draw_map(self, view: pa.Table, wave_a: int, wave_b: int, pane: Size | None = None) -> None:
        """Show the list's rows on the map, if it is open (fetched and rasterised only when the areas or the size
        changed), for the pane's size or ``pane`` (the size the layout under way gives it)."""
        if self.map.mode:
            self.query_one(MapPanel).show_view(view, wave_a, wave_b, self.query_one(AreaGrid).current_code, pane)

    def next_map(self, size: Size, class_fields: tuple[str, ...], view: pa.Table, wave_a: int, wave_b: int) -> None:
        """`m`: the map by class of wave B, by Δ A→B, by the class of each of ``class_fields``, then off, with
        ``view``'s rows on it — an opening map drawn at once, for the size the layout will give its pane (not after
        that layout, ≈ 20 ms later)."""
        opening = self.map.mode is None
        mode = self.map.cycle(class_fields)
        self.lay_out(size)
        if mode is None:
            return
        self.query_one(MapPanel).by = mode
        if opening:
            self.draw_map(view, wave_a, wave_b, self.map_pane_size(self.map.large))
        else:
            self.call_after_refresh(self.draw_map, view, wave_a, wave_b)

    def large_map(self, size: Size, class_fields: tuple[str, ...], view: pa.Table, wave_a: int, wave_b: int) -> None:
        """`z`: the map large or back beside the list (opening it first, with ``view``'s rows on it)."""
        opening = self.map.mode is None
        after = self.map_size_after_z()
        if after is not None:  # the map drawn for its coming size before the layout: z shows in one frame
            self.query_one(MapPanel).show_at(after)
            if not self.map.large and not self.has_class("-wide"):  # the list becomes a strip of its cursor's row
                self.query_one(AreaGrid).scroll_cursor_to_top()
        self.map.toggle_large(class_fields)
        self.lay_out(size)
        if opening and self.map.mode is not None:
            self.query_one(MapPanel).by = self.map.mode
            self.call_after_refresh(self.draw_map, view, wave_a, wave_b)  # (an open pane redraws itself on resize)
        self.query_one(AreaGrid).focus()

    @on(MapPanel.Clicked)
    def _map_clicked(self, msg: MapPanel.Clicked) -> None:
        """A click on an area of the map puts the list's cursor on it."""
        grid = self.query_one(AreaGrid)
        index = row_of(grid.table.column("code"), msg.code)
        if index >= 0:
            grid.move_to(index)

    def cycle_detail(self, size: Size) -> None:
        """The next detail layout; the detail takes the focus when it stands alone."""
        self.detail_mode = DETAIL_MODES[(DETAIL_MODES.index(self.detail_mode) + 1) % len(DETAIL_MODES)]
        self.lay_out(size)
        (self.query_one(DetailPanel) if self.detail_mode == "detail" else self.query_one(AreaGrid)).focus()
