"""`f`: filter the list in memory — decliners, improvers, a class range (or a score threshold when
no class boundaries are loaded), Δ below a value, and an expression over any column
(``Δonv < 0 and Δ > 0``; :mod:`leeftui.model.expr`), with completion of column names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, RadioSet, Static

from leeftui.errors import UsageError
from leeftui.model.columns import export_aliases
from leeftui.model.expr import compile_filter, completions
from leeftui.model.filters import ViewFilter, parse_class_filter
from leeftui.ui.widgets.choice import ChoiceButton
from leeftui.ui.widgets.footer import KeysFooter
from leeftui.ui.widgets.lines import Unscrolled

if TYPE_CHECKING:
    import pyarrow as pa


class ColumnSuggester(Suggester):
    """Completes the word being typed with a column name (or an alias such as Δonv, or a keyword)."""

    def __init__(self, columns: list[str], aliases: dict[str, str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.columns, self.aliases = columns, aliases

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value[-1].isspace():
            return None
        word = re.search(r"([^\W\d][\w.]*|Δ\w*)$", value)
        found = completions(value, self.columns, self.aliases) if word else []
        return value[: word.start()] + found[0] if word and found else None


class MessageLine(Unscrolled, Static):
    """What is wrong with the form, under it: a line or two that come and go as the expression is typed. It keeps
    room for :attr:`LINES` lines, so that a message coming, going or growing to a second line needs no layout."""

    LINES = 2
    DEFAULT_CSS = "MessageLine { min-height: 2; }"

    def lines_for(self, message: str) -> int:
        """The lines the widget is high with ``message`` in it."""
        return max(self.LINES, len(Text(message).wrap(self.app.console, max(self.size.width, 1))))


class FormBox(VerticalScroll, can_focus=False):
    """The dialog's box, as high as its fields and message, scrolling where the terminal is lower than that (at
    80×24 the buttons are below its edge; the focused field scrolls into view)."""


class ExpressionInput(Input):
    """The expression field: its screen checks the text as it changes, in the same frame as the character typed (a
    message would arrive after that frame, and draw a second one)."""

    def watch_value(self, value: str) -> None:
        if self.is_mounted and isinstance(self.screen, FilterScreen):
            self.screen.check_expression(value)


def _float(text: str, what: str) -> float | None:
    text = text.strip().replace(",", ".").replace("−", "-")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise UsageError(f"{what} '{text}' is not a number.") from None


class FilterScreen(ModalScreen[ViewFilter | None]):
    """Choose which rows to keep; Enter applies, Esc cancels, ctrl+r clears."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
        Binding("ctrl+r", "clear", "Clear all"),
    ]

    def __init__(self, current: ViewFilter, has_classes: bool, class_names: tuple[str, ...] = (),
                 schema: pa.Schema | None = None, score: str = "lbm") -> None:
        super().__init__()
        self.current = current
        self.has_classes = has_classes
        self.class_names = class_names
        """afw and the dimensions whose classes the release has (for 'onv:1-4')."""
        self.schema = schema
        """The list's columns, for the expression (None: no list yet, no expression box)."""
        self.aliases = export_aliases(schema.names, score) if schema is not None else {}
        self._error = ""
        """The message under the expression as shown."""

    def compose(self) -> ComposeResult:
        f = self.current
        yield KeysFooter()  # the dialog's own keys (not the screen's below it)
        with FormBox(id="filter-box"):
            yield Static("Filter the list", id="filter-title")
            with RadioSet(id="filter-trend"):
                yield ChoiceButton("all areas", value=not (f.declined or f.improved), id="trend-all")
                yield ChoiceButton("only decliners ▼ (Δ < 0)", value=f.declined, id="trend-declined")
                yield ChoiceButton("only improvers ▲ (Δ > 0)", value=f.improved, id="trend-improved")
            if self.has_classes:
                ranges = []
                if f.klasse_min is not None or f.klasse_max is not None:
                    ranges.append(f"{f.klasse_min or 1}-{f.klasse_max or 9}")
                ranges += [f"{n}:{lo}-{hi}" for n, lo, hi in f.dimension_classes]
                hint = f" · of {'/'.join(self.class_names)}: onv:1-4" if self.class_names else ""
                yield Label(f"class of wave B, e.g. 1-4{hint}")
                yield Input(", ".join(ranges), placeholder="1-4", id="filter-class")
            else:
                yield Label("score of wave B below (no class boundaries loaded)")
                yield Input("" if f.score_below is None else f"{f.score_below:g}", placeholder="e.g. 4.0",
                            id="filter-score")
            yield Label("Δ below (e.g. -0.05)")
            yield Input("" if f.delta_below is None else f"{f.delta_below:g}", placeholder="-0.05",
                        id="filter-delta")
            if self.schema is not None:
                columns = [n for n in self.schema.names if n != "spark"]
                yield Label("expression, e.g. Δonv < 0 and Δ > 0 · name ~ \"^Centrum\" (→ completes a column)")
                yield ExpressionInput(f.expression or "", placeholder="klasse_b <= 4 and inwoners > 1000",
                                      id="filter-expr", suggester=ColumnSuggester(columns, self.aliases))
            yield MessageLine("", id="filter-error")
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="filter-apply")
                yield Button("Clear", id="filter-clear")
                yield Button("Cancel", id="filter-cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def build(self) -> ViewFilter:
        """The filter the form describes (UsageError on bad input)."""
        pressed = self.query_one(RadioSet).pressed_button
        trend = pressed.id if pressed is not None else "trend-all"
        kmin = kmax = None
        score_below = None
        dims: tuple[tuple[str, int, int], ...] = ()
        if self.has_classes:
            text = self.query_one("#filter-class", Input).value.strip()
            score, dims = parse_class_filter(text, self.class_names)
            if score is not None:
                kmin, kmax = score
        else:
            score_below = _float(self.query_one("#filter-score", Input).value, "Score")
        expression = None
        if self.schema is not None:
            expression = self.query_one("#filter-expr", Input).value.strip() or None
            if expression:
                compile_filter(expression, self.schema, self.aliases)  # ExprError: one sentence, shown below
        return ViewFilter(declined=trend == "trend-declined", improved=trend == "trend-improved",
                          klasse_min=kmin, klasse_max=kmax,
                          delta_below=_float(self.query_one("#filter-delta", Input).value, "Δ"),
                          score_below=score_below, dimension_classes=dims, expression=expression)

    def check_expression(self, value: str) -> None:
        """Say what is wrong with the expression typed so far (nothing when it reads); called by the field as its
        text changes, so the verdict shows in the same frame as the character. The screen is laid out again only
        when the message's number of lines changes."""
        text = value.strip()
        message = ""
        if text and self.schema is not None:
            try:
                compile_filter(text, self.schema, self.aliases)
            except UsageError as exc:
                message = str(exc)
        self._say(message)

    def _say(self, message: str) -> None:
        """Show ``message`` under the fields ('' clears it); nothing is redrawn when it is the one shown."""
        if message == self._error:
            return
        error = self.query_one("#filter-error", MessageLine)
        relayout = error.lines_for(self._error) != error.lines_for(message)
        self._error = message
        error.update(Text(message, style="yellow"), layout=relayout)

    def action_apply(self) -> None:
        try:
            self.dismiss(self.build())
        except UsageError as exc:
            self._say(str(exc))

    def action_clear(self) -> None:
        self.dismiss(ViewFilter())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#filter-apply")
    def _apply(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#filter-clear")
    def _clear(self) -> None:
        self.action_clear()

    @on(Button.Pressed, "#filter-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
