"""An area of a release: its code, name, level and place in the CBS hierarchy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Area:
    """One area of the open release."""

    code: str
    """CBS code ('GM0599', 'WK059901', 'BU05990110') or 'NL'."""
    name: str
    """Name from the source files; the code when the source has no name."""
    level: str
    """'nederland', 'gemeente', 'wijk' or 'buurt'."""
    parent_code: str | None
    """Code of the parent area; None for Nederland."""
    gemeente_code: str | None
    """Code of the gemeente the area lies in; None for Nederland."""
    official: bool
    """False when the area itself was derived (implied by codes, or the national aggregate)."""
