"""Errors a user can cause, each with the exit code the CLI ends with.

The CLI prints ``str(error)`` as one sentence on stderr and exits with
``error.exit_code``; no traceback is shown for these.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_EMPTY = 1  # a query/selection found nothing, or SQL failed, or a build failed
EXIT_USAGE = 2  # bad flags, unknown code/level/wave/file
EXIT_DATABASE = 3  # database missing, locked or unreadable
EXIT_INTERRUPTED = 130


class LeeftuiError(Exception):
    """Base class: a user-facing error with a clear one-sentence message."""

    exit_code: int = EXIT_EMPTY

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(LeeftuiError):
    """Bad flags or an unknown code, level, wave or file (exit 2)."""

    exit_code = EXIT_USAGE


class DatabaseError(LeeftuiError):
    """The database is missing, locked, corrupt or not a leeftui database (exit 3)."""

    exit_code = EXIT_DATABASE


class EmptyResult(LeeftuiError):
    """A query or selection found nothing (exit 1)."""

    exit_code = EXIT_EMPTY


class BuildError(LeeftuiError):
    """A rebuild failed; the previous database is untouched (exit 1)."""

    exit_code = EXIT_EMPTY
