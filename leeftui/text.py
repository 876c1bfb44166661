"""Text from the user's files on a terminal: control characters (ESC, BEL, …) are shown, never sent.

An ESC in an area name or a file header would otherwise recolour the terminal or break a row's layout.
Exports keep the text as it is; only what is drawn on a terminal goes through :func:`printable`.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with each control character written out as its escape, e.g. '\\x1b' (tabs and newlines kept)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
