"""Writing files atomically: into a temporary file beside the target, moved over it only when complete.

One helper for everything leeftui writes — exports, downloads, rebuilt databases — so an interrupted
or failed write never leaves a half-written file, and a new file gets the mode the user's umask
gives (like any file their tools create: readable by colleagues on a shared server when the umask says
so), never a private 0600 temp-file mode.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def temp_path_for(target: Path) -> Path:
    """A fresh temp file name in the target's folder (same file system, so the final rename is atomic)."""
    import secrets  # (hashlib, hmac: ≈ 8 ms) only when something is written

    return target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def remove_quietly(path: Path) -> None:
    """Delete ``path``, a database write-ahead log and DuckDB's spill folder beside it, ignoring absence and
    errors."""
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            p.unlink()
        except OSError:
            pass
    spill = path.with_name(path.name + ".tmp")
    if spill.is_dir() and not spill.is_symlink():
        shutil.rmtree(spill, ignore_errors=True)


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` replaces: for a symlink, the file it points to (the link itself stays)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def special_kind(path: Path) -> str | None:
    """'a FIFO', 'a character device', 'a socket' or 'a block device' when ``path`` (followed through symlinks)
    is one; None for a regular file, a folder or nothing."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return None


STREAM_KINDS = ("a FIFO", "a character device")
"""Special files an export writes through (``-o /dev/stdout``, a named pipe) instead of replacing them."""


_pending: set[Path] = set()
_pending_lock = threading.Lock()


@contextmanager
def tracked(path: Path) -> Iterator[Path]:
    """Note ``path`` (a temp file or folder) as leeftui's until the block ends, so that
    :func:`remove_pending` can remove it when the process is stopped by a signal mid-cleanup."""
    with _pending_lock:
        _pending.add(path)
    try:
        yield path
    finally:
        with _pending_lock:
            _pending.discard(path)


def remove_pending() -> None:
    """Remove every temp file or folder still tracked (the last step of an interrupted command)."""
    with _pending_lock:
        paths = list(_pending)
        _pending.clear()
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            remove_quietly(p)


class Busy(OSError):
    """Another leeftui process holds the lock on the target (:func:`exclusive`)."""


class UnsafeLock(OSError):
    """The lock file's path holds a symbolic link or something else than a plain file (:func:`exclusive`)."""


def sweep_stale(target: Path) -> list[Path]:
    """Remove the temp files (and their ``.wal`` and spill folders) that a write to ``target`` by a process that
    no longer exists left beside it — a rebuild killed with SIGKILL; returns what was removed."""
    removed = []
    for p in target.parent.glob(f".{target.name}.*.tmp"):
        parts = p.name[len(target.name) + 2:].split(".")
        if len(parts) != 3 or not parts[0].isdigit() or p.is_symlink():
            continue
        try:
            os.kill(int(parts[0]), 0)
            continue  # its process still runs
        except ProcessLookupError:
            pass
        except PermissionError:
            continue  # another user's live process
        remove_quietly(p)
        removed.append(p)
    return removed


def lock_path_for(target: Path) -> Path:
    """The lock file of ``target``: hidden, beside it."""
    return target.parent / f".{target.name}.lock"


@contextmanager
def exclusive(target: Path) -> Iterator[None]:
    """Hold the lock on ``target`` for the block, or raise :class:`Busy` at once (no waiting).

    A lock file beside the target, locked with ``flock`` (released by the kernel when the process dies, so a
    killed rebuild never leaves a stale lock) and removed when the block ends; after locking, the file is
    checked to be the one at the path still (another process may have just removed it).
    """
    path = lock_path_for(target)
    while True:
        try:  # never through a symbolic link planted at the lock's path
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as exc:
            if path.is_symlink():
                raise UnsafeLock(exc.errno, f"{path} is a symbolic link") from None
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise UnsafeLock(0, f"{path} is not a plain file")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise Busy(f"in use by process {holder}" if holder.isdigit() else "in use") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the lock file we locked was removed meanwhile: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        with tracked(path):
            yield
    finally:
        try:
            path.unlink()
        except OSError:
            pass
        os.close(fd)


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
    with tracked(tmp):
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
