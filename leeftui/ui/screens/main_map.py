"""The main screen's map pane (`m`, `z`, a click on the map): what it colours by, its size, and keeping it on the
list's rows. A base of :class:`~leeftui.ui.screens.main.MainScreen`, which holds the rows and the state."""

from __future__ import annotations

import pyarrow as pa
from textual import on
from textual.screen import Screen

from leeftui.ui.screens.main_state import ViewState
from leeftui.ui.session import session_of
from leeftui.ui.widgets.grid import AreaGrid
from leeftui.ui.widgets.mapview import MapPanel


class MapActions(Screen[None]):
    """The map pane's keys and messages (the rows, ``view``, and the waves in ``state`` are the main screen's)."""

    view: pa.Table | None
    state: ViewState
    map_mode: str | None
    """None (no map), 'class', 'delta' or a dimension: what the map pane colours by."""

    def redraw_map(self) -> None:
        """Show the list's rows on the map (fetched and rasterised only when the areas or the size changed)."""
        if self.map_mode and self.view is not None:
            self.query_one(MapPanel).show_view(self.view, self.state.wave_a, self.state.wave_b,
                                               self.query_one(AreaGrid).current_code)

    def action_map(self) -> None:
        """The map beside (or below) the list: by class of wave B, by Δ A→B, by the class of each dimension (where
        the release has them), then off."""
        dims = tuple(f.removeprefix("klasse_") for f in session_of(self).release.class_fields)
        modes = (None, "class", "delta", *dims)
        mode = modes[(modes.index(self.map_mode) + 1) % len(modes)] if self.map_mode in modes else "class"
        self.map_mode = mode
        self.query_one("#body").set_class(mode is not None, "-map")
        if mode is not None:
            self.query_one(MapPanel).by = mode
            self.call_after_refresh(self.redraw_map)

    def action_map_size(self) -> None:
        """The map large — the list keeps its header and three rows, the cursor's row among them — or back beside
        (or below) the list; opens the map if it is closed. The pane redraws itself at its new size."""
        if not self.map_mode:
            self.action_map()
        body = self.query_one("#body")
        body.set_class(not body.has_class("-mapbig"), "-mapbig")
        self.query_one(AreaGrid).focus()

    @on(MapPanel.Clicked)
    def _map_clicked(self, msg: MapPanel.Clicked) -> None:
        if self.view is not None:
            index = self.view.column("code").index(msg.code).as_py()
            if index >= 0:
                self.query_one(AreaGrid).move_to(index)
