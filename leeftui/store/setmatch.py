"""How a named area set (the 40 aandachtswijken) was matched, in a few lines: from the build's set-* warnings.

The build (:mod:`leeftui.ingest.named_sets`) records one warning per member it could not match, or matched
ambiguously or by hand, plus a summary per set; the build summary and ``db info`` show them condensed here.
"""

from __future__ import annotations

import re

KINDS = ("set-summary", "set-absent", "set-unmatched", "set-ambiguous", "set-match", "set-override-unused")
"""The build_warnings kinds of set matching."""

_UNMATCHED = re.compile(r"^(?P<set>[^:]+): (?P<member>.+?) not matched — ")


def condensed(rows: list[tuple[str, str]]) -> list[str]:
    """(kind, message) rows → the summary lines, one line naming every unmatched member, the other lines as
    they are."""
    out: list[str] = []
    grouped: dict[tuple[str, str], list[str]] = {}
    for kind, message in rows:
        m = _UNMATCHED.match(message) if kind in ("set-absent", "set-unmatched") else None
        if m:
            grouped.setdefault((kind, m["set"]), []).append(m["member"])
        elif kind in KINDS:
            out.append(message)
    for (kind, name), members in grouped.items():
        what = ("not in this release (no areas of their gemeente)" if kind == "set-absent"
                else "no wijk or buurt of that name in their gemeente; an override file can name their codes")
        out.append(f"{name}: {len(members)} {what}: " + ", ".join(members) + ".")
    return out
