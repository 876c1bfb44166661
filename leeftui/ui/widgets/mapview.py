"""The map pane (`m`): the areas of the list coloured by class of wave B (or by Δ A→B), the area under the cursor
outlined, the areas around the view grey, a click selects an area. The outlines are fetched once per view and
rasterised once per size, in a worker (the size `z` gives the pane drawn ahead); a cursor move or another colouring
only repaints the raster at hand."""

from __future__ import annotations

import os
from collections.abc import Callable

import pyarrow as pa
from rich.text import Text
from textual import events, work
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.worker import Worker

from leeftui.errors import LeeftuiError
from leeftui.model.measures import row_of
from leeftui.text import sixteen_colours
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.lines import LinesView, Unscrolled, flatten

AHEAD_AFTER = 0.25
"""Seconds after a map is shown before the raster `z` would need is drawn ahead (at once, its worker held up the
map's own frame by ≈ 60 ms)."""
RASTERS_KEPT = 3
"""Rasters of one view kept at the sizes it was drawn at (small, large, a resized terminal): 0.2–0.6 MB each for a
national buurt map."""


class MapReady(Message):
    def __init__(self, key: tuple[object, ...], raster: object, data: object, error: str | None) -> None:
        super().__init__()
        self.key, self.raster, self.data, self.error = key, raster, data, error


class MapPanel(LinesView, Unscrolled):
    """The map of the current view: its title, the map's rows, the legend and a note, as lines of styled segments
    (the map's cells are segments from the start: no text is laid out on a repaint)."""

    DEFAULT_CSS = "MapPanel { padding: 0 1; }"
    SIZED_BY_LINES = False  # its height is the layout's (and a new one costs no second layout: Unscrolled)

    class Clicked(Message):
        """An area of the map was clicked."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.by = "class"
        self._key: tuple[object, ...] | None = None
        self._raster: object = None
        self._data: object = None
        self._cursor: str | None = None
        self._in_view: set[str] = set()
        """The codes of the areas drawn in colour (the view's)."""
        self._unscored = False
        """True when an area of the view has no class (the legend then names 'no score'); once per colouring."""
        self._shown: tuple[pa.Table, int, int] | None = None
        """The view last drawn, so that a new size (a resized terminal, `z`) draws it again at that size."""
        self._rasters: dict[tuple[object, ...], object] = {}
        """The rasters of the view's areas drawn at other sizes, by key (`z` and back draws the one it had)."""
        self._drawn_for: object = ()
        """The codes of the view whose outlines :attr:`_data` holds."""
        self._painted = 0
        """The width the lines were last drawn at."""
        self._drawing_as: tuple[object, ...] = ()
        """The colouring and waves the map being drawn was asked with."""
        self.size_after_z: Callable[[], Size | None] = lambda: None
        """The pane's size once `z` has changed the layout (set by the body that lays it out): a raster of that
        size is drawn ahead, so that `z` shows the map in one frame."""

    def show_view(self, view: pa.Table, wave_a: int, wave_b: int, cursor: str | None, pane: Size | None = None) -> None:
        """Draw ``view`` (the list's rows) for the pane's size (or ``pane``, the size a layout under way gives it:
        the map opening starts drawing before that layout); fetch and rasterise only when the areas or the size
        changed, else colour and repaint."""
        self._cursor = cursor
        self._shown = (view, wave_a, wave_b)
        size = self.size if pane is None else pane
        width, height = _raster_size(size)
        key = (tuple(view.column("code").to_pylist()), width, height)  # what the raster depends on
        if key == self._key and self._raster is None:
            return  # being drawn (its colours are checked when it arrives), or it could not be: said so
        if key == self._key:  # other waves or colouring: new classes, no query
            from dataclasses import replace

            from leeftui.schema import CLASS_LABELS
            from leeftui.store.outlines import MapData, map_values

            if isinstance(self._data, MapData):
                try:
                    classes, labels, what = map_values(session_of(self).release, view, self.by, wave_a, wave_b,
                                                       CLASS_LABELS)
                except LeeftuiError as exc:
                    self._say(str(exc))
                    return
                self._data = replace(self._data, classes=classes, labels=labels, what=what)  # (every row's)
                self._unscored = _unscored(self._data)
            self._paint()
            return
        self._key = key
        kept = self._rasters.get(key)
        if kept is not None:  # these areas at a size drawn before (`z`, and back)
            self._raster = kept
            self._paint()
            return
        from leeftui.store.outlines import MapData

        data = self._data
        if isinstance(data, MapData) and self._drawn_for == key[0] and data.drawn_alike((width, height * 2)):
            self._draw(key, data, width, height * 2)  # the same outlines at another size: a new raster, no query
            return
        self._rasters.clear()
        self._raster = None
        self._say("drawing the map …", "dim", size.width)
        self._drawing_as = (self.by, wave_a, wave_b)
        self._load(key, view, wave_a, wave_b, width, height * 2)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is None or not self.display:
            return
        if self._key is not None and self._key[1:] == _raster_size(self.size) and self._painted == self.size.width:
            return  # drawn for this size already (z: before the layout that gave it)
        self.show_view(*self._shown, self._cursor)

    def show_at(self, pane: Size) -> None:
        """Draw the map for the size the pane is about to get (``pane``, from `z`) where its raster is at hand: the
        first frame after the layout that gives it is then the finished one."""
        if self._key is None or self._raster is None:
            return
        width, height = _raster_size(pane)
        raster = self._rasters.get((self._key[0], width, height))
        if raster is not None:
            self._key, self._raster = (self._key[0], width, height), raster
            self._paint(pane.width)

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
        # the outlines stay with the map (a national buurt map's: 1.6 MB, coarse): another size only rasterises
        self.post_message(MapReady(key, raster, data, None))

    @work(thread=True, exclusive=True, group="map", name="drawing the map at its new size", exit_on_error=False)
    def _draw(self, key: tuple[object, ...], data: object, width: int, height: int) -> None:
        self._rasterise(key, data, width, height)

    @work(thread=True, exclusive=True, group="map-ahead", name="drawing the map ahead for z", exit_on_error=False)
    def _draw_ahead(self, key: tuple[object, ...], data: object, width: int, height: int) -> None:
        self._rasterise(key, data, width, height)

    def _rasterise(self, key: tuple[object, ...], data: object, width: int, height: int) -> None:
        from leeftui.present import choropleth
        from leeftui.store.outlines import MapData

        assert isinstance(data, MapData)
        self.post_message(MapReady(key, choropleth.rasterise_map(data, width, height), None, None))

    def _look_ahead(self) -> None:
        """Draw ahead the raster `z` will need (the same outlines at the pane's other size), where it would not
        need a query."""
        from leeftui.store.outlines import MapData

        size, data = self.size_after_z(), self._data
        if size is None or not isinstance(data, MapData) or self._key is None:
            return
        width, height = _raster_size(size)
        key = (self._key[0], width, height)
        if key not in self._rasters and self._drawn_for == key[0] and data.drawn_alike((width, height * 2)):
            self._draw_ahead(key, data, width, height * 2)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    def on_map_ready(self, msg: MapReady) -> None:
        if msg.key != self._key:
            if msg.data is None and self._key is not None and msg.key[0] == self._drawn_for:
                self._keep(msg.key, msg.raster)  # drawn ahead for `z`
            return  # (or a newer view is being drawn)
        if msg.error:
            self._raster = None
            self._say(msg.error)
            return
        self._raster = self._keep(msg.key, msg.raster)
        if msg.data is not None:  # (None: the same outlines and colours at another size)
            self._data, self._drawn_for = msg.data, msg.key[0]
            self._in_view = set(getattr(msg.data, "codes", ()))  # once per map, not on every cursor move
            self._unscored = _unscored(msg.data)
            self.set_timer(AHEAD_AFTER, self._look_ahead)  # after the frame is out: not competing with it
            if self._shown is not None and (self.by, *self._shown[1:]) != self._drawing_as:
                self.show_view(*self._shown, self._cursor)  # `m` or a wave key while it was drawn: its colours
                return
        self._paint()

    def _keep(self, key: tuple[object, ...], raster: object) -> object:
        while len(self._rasters) >= RASTERS_KEPT:
            del self._rasters[next(iter(self._rasters))]
        self._rasters[key] = raster
        return raster

    def _paint(self, width: int | None = None) -> None:
        """Draw title, map, legend and note as lines ``width`` cells wide (default: the pane's width)."""
        from leeftui.present import choropleth
        from leeftui.store.outlines import MapData

        data = self._data
        assert isinstance(data, MapData) and isinstance(self._raster, choropleth.Raster)
        console = self.app.console
        plain = "NO_COLOR" in os.environ or console.no_color or console.color_system is None
        sixteen = sixteen_colours(console.color_system)  # the nine class colours would round to five
        title = self._title(data.what, data.classes, data.labels)
        notes = [f"{data.missing} areas without an outline" if data.missing else "", data.derived]
        note = Text(" · ".join(n for n in notes if n), style="dim", no_wrap=True, overflow="ellipsis")
        width = self._painted = self.size.width if width is None else width
        rows = choropleth.terminal_rows(self._raster, data.classes, self._in_view, self._cursor, plain, sixteen)
        legend = choropleth.legend(data.labels, plain, sixteen, self._unscored)
        self.set_lines((*flatten(title, width, console), *(Strip(row) for row in rows),
                        *flatten(legend, width, console), *(flatten(note, width, console) if note.plain else ())))

    def _say(self, text: str, style: str = "yellow", width: int | None = None) -> None:
        """Show one message instead of the map (what it is drawing, or why there is none), ``width`` cells wide
        (default: the pane's)."""
        self.set_lines(flatten(Text(text, style=style), self.size.width if width is None else width,
                               self.app.console))

    def _title(self, what: str, classes: dict[str, int | None], labels: tuple[tuple[int, str], ...]) -> Text:
        """The map's first line: the cursor's area by name with its class (as the map colours it), what the colours
        show, the keys — cut with '…' at the pane's edge, the area's name first."""
        title = Text(no_wrap=True, overflow="ellipsis")
        cursor, shown = self._cursor, self._shown
        if cursor is not None and shown is not None and cursor in self._in_view:
            codes = shown[0].column("code")
            at = row_of(codes, cursor)
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


def _raster_size(pane: Size) -> tuple[int, int]:
    """The raster's width and rows of cells for a pane of ``pane`` cells (its padding, the title, the legend and
    the note left out)."""
    return max(10, pane.width - 2), max(4, pane.height - 4)


def _unscored(data: object) -> bool:
    """True when an area of the map's view has no class (it is drawn in the 'no score' neutral)."""
    classes = getattr(data, "classes", {})
    return None in map(classes.get, getattr(data, "codes", ()))
