"""`/` search: fuzzy, ranked, over all areas at all levels; results appear as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from leeftui.store.search import SearchHit, search_areas
from leeftui.text import printable
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.footer import KeysFooter


class SearchDone(Message):
    """Results of one query."""

    def __init__(self, token: int, hits: tuple[SearchHit, ...]) -> None:
        super().__init__()
        self.token, self.hits = token, hits


def hit_text(h: SearchHit, chosen: bool = False) -> Text:
    """'▸ Kanaleneiland  wijk in Lindewaard  WK900202' — the marker on the highlighted hit, so the choice shows
    without colour (NO_COLOR, a monochrome terminal) too."""
    where = ""
    if h.level == "buurt":
        where = f" in {h.parent_name}, {h.gemeente_name}"
    elif h.level == "wijk":
        where = f" in {h.gemeente_name}"
    return Text.assemble("▸ " if chosen else "  ", (printable(h.name), "bold"), f"  {h.level}{printable(where)}  ",
                         (printable(h.code), "dim"))


class SearchScreen(ModalScreen[str | None]):
    """Type a name or code (typos are fine); Enter jumps to the highlighted area, Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("enter", "choose", "Go to", show=True, priority=True),  # (in the footer while typing, too)
    ]

    def __init__(self) -> None:
        super().__init__()
        self._token = 0
        self._hits: tuple[SearchHit, ...] = ()
        self._marked: int | None = None
        """The index of the hit that carries the ▸ marker."""

    def compose(self) -> ComposeResult:
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with Vertical(id="search-box"):
            yield Static("Search areas by name or code (gemeente, wijk, buurt, postcode)", id="search-title")
            yield Input(placeholder="e.g. Kanaleneiland or GM0599", id="search-input")
            yield OptionList(id="search-results")
            yield Static("type to search · ↑↓ choose · Enter go · Esc cancel", id="search-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._token += 1
        self._search(self._token, event.value)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="search", name="the search", exit_on_error=False)
    def _search(self, token: int, text: str) -> None:
        hits = search_areas(session_of(self).db, session_of(self).release, text, limit=40)
        self.post_message(SearchDone(token, hits))

    def on_search_done(self, msg: SearchDone) -> None:
        if msg.token != self._token:
            return
        results = self.query_one(OptionList)
        self._marked = None
        results.clear_options()
        self._hits = msg.hits
        results.add_options([Option(hit_text(h), id=h.code) for h in msg.hits])
        if msg.hits:
            results.highlighted = 0
        hint = f"{len(msg.hits)} found · ↑↓ choose · Enter go · Esc cancel" if msg.hits else "nothing found"
        self.query_one("#search-hint", Static).update(hint)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        results = self.query_one(OptionList)
        count = min(len(self._hits), results.option_count)
        if self._marked is not None and self._marked < count:
            results.replace_option_prompt_at_index(self._marked, hit_text(self._hits[self._marked]))
        self._marked = event.option_index
        if event.option_index < count:
            results.replace_option_prompt_at_index(event.option_index, hit_text(self._hits[event.option_index], True))

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            cur = results.highlighted if results.highlighted is not None else -step
            results.highlighted = max(0, min(results.option_count - 1, cur + step))

    def action_choose(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is not None and results.option_count:
            self.dismiss(results.get_option_at_index(results.highlighted).id)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_choose()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
