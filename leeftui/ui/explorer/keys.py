"""The explorer's keys on its list (the footer, the help screen, the command palette and docs/keys.md show them)."""

from __future__ import annotations

from textual.binding import Binding

MAIN_KEYS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("backspace,escape", "up", "Up", key_display="⌫"),
    Binding("slash", "search", "Search", key_display="/"),
    Binding("space", "mark", "Mark", show=False),
    Binding("c", "compare", "Compare", show=False),  # marked areas side by side: the help screen names it
    Binding("p", "headline", "Monitor",
            tooltip="Monitor: overview, set, improvement, decliners, effect — the minister's questions"),
    Binding("w", "waves", "Waves", show=False),  # the status line names it: the footer keeps e Export, q Quit
    Binding("right_square_bracket", "wave('b', 1)", "Wave B +1", show=False),
    Binding("left_square_bracket", "wave('b', -1)", "Wave B −1", show=False),
    Binding("right_curly_bracket", "wave('a', 1)", "Wave A +1", show=False),
    Binding("left_curly_bracket", "wave('a', -1)", "Wave A −1", show=False),
    Binding("s", "sort", "Sort"),
    Binding("S", "reverse", "Reverse sort", show=False),
    Binding("f", "filter", "Filter"),
    Binding("F", "clear_filter", "Clear filter", show=False),
    Binding("a,L", "scope", "Scope", tooltip="Scope: children → wijken and buurten of the gemeente → all wijken → "
            "all buurten → postcode areas → each area set → the marked areas"),
    Binding("d", "detail", "Detail", show=False),
    Binding("e", "export", "Export"),
    Binding("y", "copy('tsv')", "Copy", show=False),
    Binding("Y", "copy('markdown')", "Copy as Markdown", show=False),
    Binding("r", "report", "Report of this area (one page)", show=False,
            tooltip="Report: one page about the area under the cursor, as .html, .md or .pdf"),
    Binding("x", "copy_command", "Copy the view as a command", show=False,
            tooltip="Copy the view as a command: the `leeftui export …` that writes exactly these rows"),
    Binding("X", "save_view", "Save the view under a name", show=False,
            tooltip="Save the view under a name: `leeftui view run NAME` and the palette replay it"),
    Binding("M", "clear_marks", "Clear marks", show=False),
    Binding("u", "undo_marks", "Undo marks", show=False,
            tooltip="Undo marks (a mark, an unmark, or M clearing them all)"),
    Binding("ctrl+s", "save_set", "Save marks as set", show=False),
    Binding("I", "describe", "Statistics of the view", show=False,
            tooltip="Statistics of the view: class histogram of A and B, min/median/max/mean/weighted mean per "
                    "column"),
    Binding("m", "map", "Map", show=False, tooltip="Map: by class → by Δ → by each dimension's class → off"),
    Binding("z", "map_size", "Map: the screen (the list a strip of the cursor's row) / beside the list", show=False),
    Binding("C", "columns", "Columns: jump, hide, show", show=False),
    Binding("greater_than_sign", "name_width(4)", "Widen the name column", key_display=">", show=False),
    Binding("less_than_sign", "name_width(-4)", "Narrow the name column", key_display="<", show=False),
]
"""The main screen's keys (its footer, the help screen and the command palette show them)."""
