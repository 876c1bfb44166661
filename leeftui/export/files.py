"""Where every output of leeftui goes (exports, maps): a name the file system can hold, a FIFO or device written
through (a FIFO nobody reads given up), never a special file replaced, a symlink kept, an existing file only on
request, and the write atomic. :func:`leeftui.export.write_table` and ``leeftui map -o`` both write through
:func:`write_file`."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from leeftui.atomic import STREAM_KINDS, atomic_file, resolve_target, special_kind
from leeftui.errors import LeeftuiError, UsageError


def output_path(text: str) -> Path:
    """The path a user typed (``~`` expanded); UsageError for ``~nosuchuser/…``."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise UsageError(f"Cannot write to {text}: there is no such user's home folder.") from None


def sidecar_path(path: Path) -> Path:
    """Return the provenance sidecar of a JSONL file: ``<file>.meta.json``."""
    return path.with_name(path.name + ".meta.json")


def write_file(path: Path, write: Callable[[BinaryIO], object], *, overwrite: bool = False,
               sidecar: Callable[[BinaryIO], object] | None = None) -> None:
    """Write a file the way every output of leeftui is written (exports, maps): a name the file system can hold;
    a FIFO or character device written through (a FIFO nobody reads given up), never replaced by a file; another
    special file refused; through a symlink, the file it points to replaced and the link kept; an existing file
    only with ``overwrite``; atomically (a failed write leaves nothing). ``sidecar``: writes a second file,
    :func:`sidecar_path` of the file written (JSONL's provenance), under the same rules. UsageError / LeeftuiError
    with one sentence."""
    try:
        _check_name(path)
    except OSError as exc:  # a name or path too long for the file system, a folder that cannot be looked into
        raise UsageError(f"Cannot write to {path}: {exc.strerror or exc}.") from None
    kind = special_kind(path)
    if kind in STREAM_KINDS:  # -o /dev/stdout, a named pipe: write through, never replace it by a file
        try:
            with open_stream(path, kind) as fh:
                write(fh)
        except OSError as exc:
            raise LeeftuiError(f"Cannot write {path}: {exc.strerror or exc}.") from None
        return
    if kind is not None:
        raise UsageError(f"{path} is {kind}; give the name of a regular file.")
    path = resolve_target(path)  # through a symlink: replace the file it points to, keep the link
    extra = [sidecar_path(path)] if sidecar else []
    if not overwrite:
        for p in [path, *extra]:
            if p.exists():
                raise UsageError(f"{p} already exists; use --force to overwrite it, or choose another name.")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name.")
    if not path.parent.exists():
        raise UsageError(f"The folder {path.parent} does not exist.")
    try:
        with atomic_file(path) as fh:
            write(fh)
        if sidecar is not None:
            with atomic_file(extra[0]) as fh:
                sidecar(fh)
    except OSError as exc:
        raise LeeftuiError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def _check_name(path: Path) -> None:
    """OSError for a name the file system cannot hold (each part at most 255 bytes, the whole at most 4,095)."""
    import errno

    if len(os.fsencode(path)) >= 4096 or any(len(os.fsencode(part)) > 255 for part in path.parts):
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
    path.exists()  # raises what else the file system says


FIFO_WAIT = 10.0
"""Seconds an export waits for a program to read the FIFO it writes to."""


def open_stream(path: Path, kind: str, wait: float | None = None) -> BinaryIO:
    """Open a FIFO or character device for writing; for a FIFO nobody reads, wait ``wait`` seconds for a reader
    (checking, not blocking: a signal ends the wait) and then give up with one sentence."""
    if kind != "a FIFO":
        return open(path, "wb")
    import errno
    import fcntl
    import time

    wait = FIFO_WAIT if wait is None else wait
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
            if time.monotonic() > deadline:
                raise LeeftuiError(f"Nothing reads from the FIFO {path}: gave up after {wait:g} s.") from None
            time.sleep(0.05)
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return os.fdopen(fd, "wb")
