"""Building a leeftui database from source files: read, validate, derive, write atomically. No Textual here.

Public API: :func:`rebuild`, :class:`BuildReport`, :class:`Progress`, :func:`download`.
"""

from __future__ import annotations

from leeftui.ingest.pipeline import rebuild
from leeftui.ingest.report import BuildReport, NullProgress, Progress, SourceSummary

__all__ = ["rebuild", "BuildReport", "NullProgress", "Progress", "SourceSummary"]
