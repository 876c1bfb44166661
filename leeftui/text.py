"""Text from the user's files on a terminal: control characters (ESC, BEL, …) are shown, never sent.

An ESC in an area name or a file header would otherwise recolour the terminal or break a row's layout.
Exports keep the text as it is; only what is drawn on a terminal goes through :func:`printable`.
"""

from __future__ import annotations

import codecs
import io
import re
import sys

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with each control character written out as its escape, e.g. '\\x1b' (tabs and newlines kept)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


ASCII_GLYPHS = {"—": "-", "–": "-", "▲": "^", "▼": "v", "█": "#", "│": "|", "┊": ":", "≈": "~", "◐": "(p)",
                "›": ">", "→": "->", "↗": "/", "↘": "\\", "Δ": "d", "…": "...", "●": "*", "▏": "|", "▕": "|",
                "◂": "<", "▸": ">", "·": "."}
"""Plain-ASCII stand-ins for leeftui's glyphs, for a terminal whose encoding lacks them."""


def _ascii_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start:err.end]
    return "".join(ASCII_GLYPHS.get(ch, "?") for ch in bad), err.end


def encodable_output() -> None:
    """On stdout/stderr in an encoding without leeftui's glyphs (PYTHONIOENCODING=latin-1, a C locale), write
    ASCII stand-ins instead of failing; data written to pipes as bytes (csv, parquet) is unaffected."""
    codecs.register_error("leeftui-ascii", _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        try:
            "—▲▼█│≈◐".encode(stream.encoding or "utf-8")
        except (UnicodeEncodeError, LookupError):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="leeftui-ascii")


def sixteen_colours(color_system: str | None) -> bool:
    """True when the screen is drawn in 16 colours: the colour system Textual's console detected (Rich's rule: a
    $COLORTERM of truecolor/24bit or a $TERM ending in 256color give more; any other named terminal — `xterm`,
    `linux`, `screen`, `…-16color` — gets 16; `TEXTUAL_COLOR_SYSTEM` overrides it). The map and the theme follow
    the same answer, so neither is rounded behind the other's back."""
    return color_system == "standard"


def nearest(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """' Did you mean 'x'?' for the choice closest to ``value`` (to end a sentence that refuses it), or ''."""
    import difflib

    near = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f" Did you mean '{near[0]}'?" if near else ""
