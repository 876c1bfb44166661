"""What a rebuild reports back: the frozen :class:`BuildReport`, the progress protocol, and issue collection."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from leeftui.errors import BuildError

MAX_LISTED_ERRORS = 5
"""How many errors a :class:`BuildError` message quotes (the count covers all)."""


class Progress(Protocol):
    """Receives progress events from :func:`leeftui.ingest.rebuild` (the CLI renders them; no UI code here)."""

    def file_started(self, name: str, index: int, total: int) -> None:
        """A source file (``index`` of ``total``, 1-based) is being read."""

    def file_done(self, name: str, rows: int) -> None:
        """A source file has been read (``rows`` data rows, 0 when ignored)."""

    def step(self, message: str) -> None:
        """A build step after reading (deriving, writing) has started."""


class NullProgress:
    """A :class:`Progress` that ignores everything (the default)."""

    def file_started(self, name: str, index: int, total: int) -> None:
        """Ignore."""

    def file_done(self, name: str, rows: int) -> None:
        """Ignore."""

    def step(self, message: str) -> None:
        """Ignore."""


@dataclass(frozen=True)
class SourceSummary:
    """One file the build read (one row of the ``sources`` table)."""

    file: str
    """Display name (inside a zip: zip name + '!' + member)."""
    kind: str
    """What it held, e.g. 'scores-wijk', 'population'."""
    sha256: str
    """sha256 of the file's bytes."""
    rows: int
    """Data rows read."""
    release: str | None
    """Release the file fed (None for population, area sets, classes)."""
    detail: str
    """Extra facts, e.g. 'year 2024 from TableInfos.json Period'."""


@dataclass(frozen=True)
class BuildReport:
    """The result of a successful :func:`leeftui.ingest.rebuild`."""

    target: str
    """Path of the database that was written."""
    releases: tuple[str, ...]
    """Release ids written, e.g. ('lbm3-2022',)."""
    rows_per_level: dict[str, int]
    """Score rows per level ('nederland', 'gemeente', 'wijk', 'buurt'), derived rows included."""
    areas_per_level: dict[str, int]
    """Areas per level over all releases."""
    waves: tuple[int, ...]
    """All waves with scores, ascending."""
    warnings: tuple[str, ...]
    """Warnings, one sentence each (also stored in build_warnings)."""
    derived: int
    """Number of derived score rows (official=false)."""
    sources: tuple[SourceSummary, ...]
    """The files read."""
    ignored: tuple[str, ...] = ()
    """Files (or zip members) skipped because they are not data (PDFs, geopackages, metadata)."""
    population_years: tuple[int, ...] = ()
    """CBS population years loaded."""
    classes_source: str | None = None
    """Where class boundaries came from, None when none were loaded."""
    population_coverage: tuple[str, ...] = ()
    """Per release and level, the share of scored areas with an inhabitants figure, e.g.
    'lbm2-2016 wijken: inhabitants known for 2,392 of 2,981 (80%; CBS 2024)'."""
    set_matching: tuple[str, ...] = ()
    """How the sets leeftui defines by name (the 40 aandachtswijken) were matched: a summary per set, the members
    not matched, the ambiguous ones (:func:`leeftui.store.setmatch.condensed`)."""
    class_check: tuple[str, ...] = ()
    """How the classes leeftui gave compare with an official class codes file among the sources
    (:mod:`leeftui.ingest.class_codes`)."""


@dataclass
class Issues:
    """Collects errors (fatal, raised together) and warnings (stored) while building."""

    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    warnings: list[tuple[str | None, int | None, str, str]] = field(default_factory=list)

    def error(self, file: str, line: int | None, message: str) -> None:
        """Record one error at ``file:line``."""
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(f"{file}:{line}: {message}" if line is not None else f"{file}: {message}")

    def errors_from(self, file: str, rows: list[tuple[int | None, str]], total: int) -> None:
        """Record ``total`` errors of one file, of which ``rows`` (line, message) are examples."""
        for line, msg in rows:
            self.error(file, line, msg)
        self.error_count += max(0, total - len(rows))

    def warn(self, file: str | None, line: int | None, kind: str, message: str) -> None:
        """Record one warning."""
        self.warnings.append((file, line, kind, message))

    def raise_if_errors(self) -> None:
        """Raise one :class:`BuildError` naming the first errors and the count."""
        if not self.error_count:
            return
        n = self.error_count
        listed = "; ".join(self.errors)
        more = f" (and {n - len(self.errors)} more)" if n > len(self.errors) else ""
        raise BuildError(
            f"Rebuild failed with {n} error{'s' if n != 1 else ''} in the sources, "
            f"the previous database is untouched: {listed}{more}.")
