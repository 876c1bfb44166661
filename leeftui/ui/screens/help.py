"""`?`: every key of every screen, in one scrollable list."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import Static

from leeftui.ui.session import session_of
from leeftui.ui.widgets.footer import KeysFooter
from leeftui.ui.widgets.titlebar import TitleBar

KEY_NAMES = {
    "question_mark": "?", "slash": "/", "space": "Space", "backspace": "Backspace", "escape": "Esc",
    "enter": "Enter", "left_square_bracket": "[", "right_square_bracket": "]", "left_curly_bracket": "{",
    "right_curly_bracket": "}", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "tab": "Tab", "ctrl+s": "Ctrl+S", "ctrl+r": "Ctrl+R",
}


def _key_name(key: str) -> str:
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key[5:].upper()
    return key_to_character(key) or key


def key_label(keys: str) -> str:
    """'backspace,escape' → 'Backspace / Esc'; 'greater_than_sign' → '>'."""
    return " / ".join(_key_name(k) for k in keys.split(","))


def sections(app_type: type) -> list[tuple[str, list[tuple[str, str]]]]:
    """(screen title, [(keys, description)]) for every screen of the app; ``app_type`` holds the global keys."""
    from leeftui.ui.screens.compare import CompareScreen
    from leeftui.ui.screens.export import ExportScreen
    from leeftui.ui.screens.filter import FilterScreen
    from leeftui.ui.screens.main import MainScreen
    from leeftui.ui.screens.monitor import MonitorScreen
    from leeftui.ui.screens.search import SearchScreen
    from leeftui.ui.screens.set_review import SetReviewScreen
    from leeftui.ui.screens.waves import WavePicker
    from leeftui.ui.widgets.grid import AreaGrid

    def rows(owner: type) -> list[tuple[str, str]]:
        out = []
        for b in getattr(owner, "BINDINGS", []):
            if isinstance(b, Binding):
                out.append((key_label(b.key), b.tooltip or b.description))
            else:
                out.append((key_label(b[0]), b[2] if len(b) > 2 else b[1]))
        return out

    return [
        ("Everywhere", rows(app_type) + [("Ctrl+Q", "quit (Ctrl+C says so; it copies in text fields)"),
                                         ("Ctrl+P", "command palette: every action by name")]),
        ("Area list — moving", rows(AreaGrid) + [("mouse", "click selects · double-click opens · click header sorts")]),
        ("Area list — actions", rows(MainScreen)),
        ("Search (/)", rows(SearchScreen)),
        ("Waves (w)", rows(WavePicker)),
        ("Filter (f)", rows(FilterScreen)),
        ("Compare (c)", rows(CompareScreen)),
        ("Monitor (p)", rows(MonitorScreen) + [("Enter", "open the area of the row in the explorer")]),
        ("Set review (r in the monitor's set tab)", rows(SetReviewScreen)),
        ("Export (e)", rows(ExportScreen)),
    ]


LEGEND = ("▲ improved  ▼ declined  = unchanged  — missing (NA, never 0)  · wave without score in a trend  "
          "≈ derived by leeftui (not published)  ◐ derived from part of the area only (the detail says of what)  "
          "● marked  5↗6 class A→B  afw = deviation from the national mean")


def keys_markdown(app_type: type) -> str:
    """The help screen's tables as Markdown (docs/keys.md), from the same bindings."""
    lines: list[str] = []
    for title, items in sections(app_type):
        lines += [f"## {title}", "", "| key | action |", "|---|---|"]
        lines += [f"| `{keys}` | {desc.replace('|', chr(92) + '|')} |" for keys, desc in items]
        lines.append("")
    lines += ["## Legend", "", *(f"- `{part.split(' ', 1)[0]}` {part.split(' ', 1)[1]}"
                                   for part in LEGEND.split("  ")), ""]
    return "\n".join(lines)


def render_help(app_type: type) -> Group:
    """All key tables plus the legend."""
    parts: list[RenderableType] = []
    for title, items in sections(app_type):
        t = Table(box=None, padding=(0, 1), show_header=False, title=title, title_justify="left",
                  title_style="bold underline")
        t.add_column(style="bold", min_width=18)
        t.add_column()
        for keys, desc in items:
            t.add_row(keys, desc)
        parts += [t, Text("")]
    parts.append(Text.assemble(("Legend  ", "bold"), LEGEND))
    return Group(*parts)


class HelpScreen(Screen[None]):
    """Keys of all screens; Esc or ? closes."""

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield TitleBar.of(session_of(self), "help")
        with VerticalScroll(id="help-body"):
            yield Static(render_help(type(self.app)), id="help-content")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
