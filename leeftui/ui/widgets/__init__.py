"""Widgets of the explorer (sizing in DEFAULT_CSS, everything else in ui/app.tcss)."""
