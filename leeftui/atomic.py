"""Writing files atomically: into a temporary file beside the target, moved over it only when complete.

One helper for everything leeftui writes — exports, downloads, rebuilt databases — so an interrupted
or failed write never leaves a half-written file, and a new file gets the mode the user's umask
gives (like any file their tools create: readable by colleagues on a shared server when the umask says
so), never a private 0600 temp-file mode.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def temp_path_for(target: Path) -> Path:
    """A fresh temp file name in the target's folder (same file system, so the final rename is atomic)."""
    return target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def remove_quietly(path: Path) -> None:
    """Delete ``path`` and a database write-ahead log beside it, ignoring absence and errors."""
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            p.unlink()
        except OSError:
            pass


class ReplaceFailed(OSError):
    """The finished temp file could not be moved over the target (in use, read-only, another device)."""


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temp path beside ``target`` for the caller to write; on success it replaces ``target``
    (``os.replace``), on any failure it is removed and ``target`` stays as it was.

    Whatever wrote the temp file must have closed it before the block ends. A failing final rename
    raises :class:`ReplaceFailed` (errors inside the block propagate as they are).
    """
    tmp = temp_path_for(target)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise ReplaceFailed(exc.errno, exc.strerror or str(exc), str(target)) from exc
    finally:
        remove_quietly(tmp)


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """Open a new file for writing that appears as ``target`` only when the block completes.

    The file is created exclusively with mode 0666 less the umask, as ``open`` creates files.
    """
    with replacing(target) as tmp, open(tmp, "xb") as fh:
        yield fh
