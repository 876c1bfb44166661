"""The review of an area set as a value (:func:`leeftui.store.sets.set_review` makes it, the CLI and the explorer
show it)."""

from __future__ import annotations

from dataclasses import dataclass

from leeftui.model.release import ReleaseInfo
from leeftui.model.report import Report

STATUSES = ("matched", "uncertain", "unmatched")
"""A member's status: all its sub-areas found with high confidence; a medium match or a sub-area not found
while another was; nothing found."""


@dataclass(frozen=True)
class SetReview:
    name: str
    release: ReleaseInfo
    by_name: bool
    """True for a set matched by name (rules, confidences, candidates); False for one given by codes."""
    report: Report

    def counts(self) -> dict[str, int]:
        """Members per status in the release (whatever ``only`` kept)."""
        got = self.report.meta.get("counts")
        return dict(got) if isinstance(got, dict) else {}


