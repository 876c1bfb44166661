"""`r` in the monitor's set tab: how the set was matched by name, row by row, and the analyst's decisions.

One row per area a member's name found, left out or came near, and per name found nowhere (the same review as
``leeftui db sets show``). ``a`` accepts the area under the cursor into its member, ``x`` rejects it; both are
written to the override file (``sets/overrides.toml`` in the user-data folder, atomically) and change the
database with the next rebuild or ``leeftui db add-set FILE`` — never the open database; until then the row's
"in set" says "→ yes" or "→ no". ``f`` shows only the
uncertain, unmatched or matched members.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, LoadingIndicator, Static
from textual.worker import Worker

from leeftui.errors import LeeftuiError
from leeftui.model.sets import STATUSES, SetReview
from leeftui.present.setreview import STYLE, headline
from leeftui.ui.failures import report_failure
from leeftui.ui.session import session_of
from leeftui.ui.widgets.footer import KeysFooter
from leeftui.ui.widgets.titlebar import TitleBar

COLUMNS = ("in set", "member", "area", "code", "rule", "name looked for", "status")
FILTERS = (None, *STATUSES)


class ReviewLoaded(Message):
    def __init__(self, review: SetReview | None, error: str | None) -> None:
        super().__init__()
        self.review, self.error = review, error


class Decided(Message):
    def __init__(self, row: int, accept: bool, path: Path | None, error: str | None) -> None:
        super().__init__()
        self.row, self.accept, self.path, self.error = row, accept, path, error


class SetReviewScreen(Screen[None]):
    """The matches of one set in the release shown; decisions go to the override file."""

    DEFAULT_CSS = """
    SetReviewScreen #review-table { height: 1fr; }
    SetReviewScreen #review-detail { height: auto; max-height: 4; padding: 0 1; }
    SetReviewScreen #review-head { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,backspace", "back", "Back"),
        Binding("a", "decide(True)", "Accept", tooltip="Put the area under the cursor in its member (override file)"),
        Binding("x", "decide(False)", "Reject", tooltip="Take the area under the cursor out of its member "
                "(override file)"),
        Binding("f", "only", "Show", tooltip="Show all members, or only the uncertain, unmatched or matched ones"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.set_name = name
        self.only: str | None = None
        self.rows: list[dict[str, object]] = []

    def compose(self) -> ComposeResult:
        yield TitleBar.of(session_of(self), f"set review: {self.set_name}")
        yield Static(id="review-head")
        yield LoadingIndicator(id="review-loading")
        table: DataTable[Text] = DataTable(id="review-table", zebra_stripes=True, cursor_type="row")
        table.add_column(Text(COLUMNS[0]), width=7)
        table.add_columns(*(Text(c) for c in COLUMNS[1:]))
        yield table
        yield Static(id="review-detail")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self._load(self.only)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @work(thread=True, exclusive=True, group="review", name="reading the set's matches", exit_on_error=False)
    def _load(self, only: str | None) -> None:
        from leeftui.store.sets import set_review

        session = session_of(self)
        try:
            review = set_review(session.db, session.release, self.set_name, only)
        except LeeftuiError as exc:
            self.post_message(ReviewLoaded(None, str(exc)))
            return
        self.post_message(ReviewLoaded(review, None))

    def on_review_loaded(self, msg: ReviewLoaded) -> None:
        self.query_one("#review-loading", LoadingIndicator).display = False
        head = self.query_one("#review-head", Static)
        table = self.query_one(DataTable)
        table.clear()
        if msg.review is None:
            head.update(Text(msg.error or "", style="yellow"))
            self.rows = []
            return
        review = msg.review
        text = Text(review.report.title + "\n", style="bold")
        text.append_text(headline(review))
        text.append(f"   showing: {self.only or 'all members'}", style="dim")
        if not review.by_name:
            text.append("\nThis set is given by codes: there is nothing to decide here.", style="dim")
        head.update(text)
        matches: pa.Table = review.report.tables["matches"]
        self.rows = matches.to_pylist()
        for r in self.rows:
            status = str(r["status"])
            table.add_row(self._in_set(r), Text(str(r["member"]), style=STYLE.get(status, "")),
                          Text(str(r["name"] or "—")), Text(str(r["code"] or "")),
                          Text(f"{r['rule']} {r['confidence'] or ''}".strip()), Text(str(r["area"])),
                          Text(status, style=STYLE.get(status, "")))
        table.focus()
        self._show_detail(0)

    @staticmethod
    def _in_set(r: dict[str, object], decided: bool | None = None) -> Text:
        if decided is not None:
            return Text("→ yes" if decided else "→ no", style="bold")  # after the next rebuild or add-set
        if not r["code"]:
            return Text("")
        return Text("yes" if r["included"] else "no", style="" if r["included"] else "dim")

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, row: int) -> None:
        detail = self.query_one("#review-detail", Static)
        if not 0 <= row < len(self.rows):
            detail.update("")
            return
        r = self.rows[row]
        score = "" if not r["code"] else (" · scored in this release" if r["scored"] else " · no score in this "
                                                                                          "release")
        detail.update(Text(f"{r['detail']}{score}", style="dim"))

    def action_only(self) -> None:
        self.only = FILTERS[(FILTERS.index(self.only) + 1) % len(FILTERS)]
        self.query_one("#review-loading", LoadingIndicator).display = True
        self._load(self.only)

    def action_decide(self, accept: bool) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if not 0 <= row < len(self.rows):
            return
        r = self.rows[row]
        if not r["code"]:
            self.notify("This row names no area: choose an area row (a candidate or a nearest name).", timeout=3)
            return
        if accept and r["included"]:
            self.notify(f"{r['name']} is in the set already.", timeout=2, markup=False)
            return
        if not accept and not r["included"]:
            self.notify(f"{r['name']} is not in the set.", timeout=2, markup=False)
            return
        self._decide(row, str(r["member"]), str(r["code"]), accept)

    @work(thread=True, group="decide", name="writing the decision", exit_on_error=False)
    def _decide(self, row: int, member: str, code: str, accept: bool) -> None:
        from leeftui.ingest.overrides import decide, override_path

        path = override_path()
        try:
            decide(path, self.set_name, member, accept=(code,) if accept else (), reject=() if accept else (code,))
        except (LeeftuiError, OSError) as exc:
            self.post_message(Decided(row, accept, None, str(exc)))
            return
        self.post_message(Decided(row, accept, path, None))

    def on_decided(self, msg: Decided) -> None:
        if msg.error is not None:
            self.notify(msg.error, severity="error", markup=False)
            return
        table = self.query_one(DataTable)
        table.update_cell_at(Coordinate(msg.row, COLUMNS.index("in set")), self._in_set(self.rows[msg.row], msg.accept))
        self.notify(f"{'Accepted' if msg.accept else 'Rejected'}: written to {msg.path}. The database changes with "
                    f"the next rebuild, or now: leeftui db add-set {msg.path}", timeout=6, markup=False)

    def action_back(self) -> None:
        self.dismiss(None)
