"""The map pane (`m`): the areas of the list coloured by class of wave B (or by Δ A→B), the area under the cursor
outlined, the areas around the view grey, a click selects an area. The outlines are fetched and rasterised in a
worker once per view and size; a cursor move only repaints the cached raster."""

from __future__ import annotations

import os

import pyarrow as pa
from rich.console import Group
from rich.text import Text
from textual import events, work
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker

from leeftui.errors import LeeftuiError
from leeftui.text import sixteen_colours
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of


class MapReady(Message):
    def __init__(self, key: tuple[object, ...], raster: object, data: object, error: str | None) -> None:
        super().__init__()
        self.key, self.raster, self.data, self.error = key, raster, data, error


class MapPanel(Static):
    """The map of the current view."""

    DEFAULT_CSS = "MapPanel { padding: 0 1; }"

    class Clicked(Message):
        """An area of the map was clicked."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.by = "class"
        self._key: tuple[object, ...] | None = None
        self._raster: object = None
        self._data: object = None
        self._cursor: str | None = None
        self._wanted: tuple[pa.Table, int, int] | None = None
        self._in_view: set[str] = set()
        """The codes of the areas drawn in colour (the view's)."""
        self._shown: tuple[pa.Table, int, int] | None = None
        """The view last drawn, so that a new size (a resized terminal, `z`) draws it again at that size."""

    def show_view(self, view: pa.Table, wave_a: int, wave_b: int, cursor: str | None) -> None:
        """Draw ``view`` (the list's rows); fetch and rasterise only when the areas, waves, colouring or size
        changed, else repaint the cursor."""
        self._cursor = cursor
        self._shown = (view, wave_a, wave_b)
        width, height = max(10, self.size.width - 2), max(4, self.size.height - 4)
        key = (tuple(view.column("code").to_pylist()), width, height)  # what the raster depends on
        if key == self._key and self._raster is not None:  # other waves or colouring: new classes, no query
            from dataclasses import replace

            from leeftui.schema import CLASS_LABELS
            from leeftui.store.outlines import MapData, map_values

            if isinstance(self._data, MapData):
                try:
                    classes, labels, what = map_values(session_of(self).release, view, self.by, wave_a, wave_b,
                                                       CLASS_LABELS)
                except LeeftuiError as exc:
                    self.update(Text(str(exc), style="yellow"))
                    return
                self._data = replace(self._data, classes={c: classes.get(c) for c in self._data.codes},
                                     labels=labels, what=what)
            self._paint()
            return
        self._key = key
        self._wanted = (view, wave_a, wave_b)
        self.update(Text("drawing the map …", style="dim"))
        self._load(key, view, wave_a, wave_b, width, height * 2)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None and self.display:
            self.show_view(*self._shown, self._cursor)

    def move_cursor(self, cursor: str | None) -> None:
        """Outline another area (no query)."""
        self._cursor = cursor
        if self._raster is not None:
            self._paint()

    @work(thread=True, exclusive=True, group="map", name="drawing the map", exit_on_error=False)
    def _load(self, key: tuple[object, ...], view: pa.Table, wave_a: int, wave_b: int, width: int,
              height: int) -> None:
        from leeftui.present import choropleth
        from leeftui.schema import CLASS_LABELS
        from leeftui.store.outlines import has_outlines, map_data

        db = session_of(self).db
        try:
            if not has_outlines(db):
                raise LeeftuiError("This database has no outlines: rebuild it with the outline files "
                                   "(geometrie-lbm3-2024.zip, or the WFS's GeoJSON) to see the map.")
            data = map_data(db, session_of(self).release, view, self.by, wave_a, wave_b, CLASS_LABELS, (width, height))
            raster = choropleth.rasterise_map(data, width, height)
        except LeeftuiError as exc:
            self.post_message(MapReady(key, None, None, str(exc)))
            return
        from dataclasses import replace

        # the raster is all a repaint needs: the outlines are not kept (a national buurt map's: 1.6 MB, coarse)
        self.post_message(MapReady(key, raster, replace(data, wkbs=(), context_wkbs=()), None))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    def on_map_ready(self, msg: MapReady) -> None:
        if msg.key != self._key:
            return  # a newer view is being drawn
        if msg.error:
            self._raster = None
            self.update(Text(msg.error, style="yellow"))
            return
        self._raster, self._data = msg.raster, msg.data
        self._in_view = set(getattr(msg.data, "codes", ()))  # once per map, not on every cursor move
        self._paint()

    def _paint(self) -> None:
        from leeftui.present import choropleth
        from leeftui.store.outlines import MapData

        data = self._data
        assert isinstance(data, MapData) and isinstance(self._raster, choropleth.Raster)
        console = self.app.console
        plain = "NO_COLOR" in os.environ or console.no_color or console.color_system is None
        sixteen = sixteen_colours(console.color_system)  # the nine class colours would round to five
        title = self._title(data.what, data.classes, data.labels)
        notes = [f"{data.missing} areas without an outline" if data.missing else "", data.derived]
        missing = Text(" · ".join(n for n in notes if n), style="dim", no_wrap=True, overflow="ellipsis")
        # the pane's size is the layout's (a share of the body), never its content's: no layout of the screen
        self.update(Group(title, choropleth.render_terminal(self._raster, data.classes, self._in_view,
                                                            self._cursor, plain, sixteen),
                          choropleth.legend(data.labels, plain, sixteen, _unscored(data)), missing), layout=False)

    def _title(self, what: str, classes: dict[str, int | None], labels: tuple[tuple[int, str], ...]) -> Text:
        """The map's first line: the cursor's area by name with its class (as the map colours it), what the colours
        show, the keys — cut with '…' at the pane's edge, the area's name first."""
        title = Text(no_wrap=True, overflow="ellipsis")
        cursor, shown = self._cursor, self._shown
        if cursor is not None and shown is not None and cursor in self._in_view:
            codes = shown[0].column("code")
            at = codes.index(cursor).as_py()
            name = shown[0].column("name")[at].as_py() if at >= 0 else None
            k = classes.get(cursor)
            label = dict(labels).get(k, "") if k is not None else "no score"
            title.append(f"◆ {name or cursor}", style="bold")
            title.append(f" {k if k is not None else '-'} {label} · ")
        title.append(f"map: {what} · m: next colouring · z: size · click selects", style="bold")
        return title

    def on_click(self, event: events.Click) -> None:
        from leeftui.present import choropleth

        if not isinstance(self._raster, choropleth.Raster):
            return
        x, row = event.x - 1, event.y - 1  # padding, title line
        code = self._raster.code_at(x, row * 2)
        if code is not None and isinstance(self._data, object) and code in getattr(self._data, "classes", {}):
            self.post_message(self.Clicked(code))


def _unscored(data: object) -> bool:
    """True when an area of the map's view has no class (it is drawn in the 'no score' neutral)."""
    classes = getattr(data, "classes", {})
    return any(classes.get(c) is None for c in getattr(data, "codes", ()))
