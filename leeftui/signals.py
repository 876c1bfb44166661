"""Ctrl+C, SIGTERM and SIGHUP for the command line: every command ends cleanly, whatever it is doing.

Python runs a signal handler only when the main thread executes bytecode, so a press of Ctrl+C while
the main thread waits inside a DuckDB query can be noticed late or not at all. Instead, :func:`install`
blocks the three signals in the main thread (threads started later, DuckDB's among them, inherit the
mask) and one small thread waits for them with ``sigwait``. On a signal it

1. interrupts every DuckDB connection registered with :func:`interruptible` (the running query stops
   at its next check, within milliseconds), then
2. hands the signal to the main thread (:func:`_thread.interrupt_main`): KeyboardInterrupt for SIGINT,
   :class:`Terminated` for SIGTERM/SIGHUP, so ``finally`` blocks run and temporary files are removed —
   or, when a handler is set (the explorer), calls that handler instead.

The command ends with ``128 + signal`` (130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP).

3. A watchdog makes sure it does end: a main thread stuck where no signal reaches it (blocked in a system call —
   opening a FIFO nobody reads, writing to a terminal that is gone — or waiting on a lock) would otherwise keep
   the process alive for ever, holding the database open. :data:`GRACE` seconds after the signal (at once on a
   second one) the watchdog removes leeftui's temp files, leaves the alternate screen and mouse reporting if a
   terminal is still there, and ends the process with the same exit code.
"""

from __future__ import annotations

import _thread
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM or SIGHUP (like KeyboardInterrupt for Ctrl+C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Interruptible(Protocol):
    """Anything with DuckDB's ``interrupt()``: a connection, or a :class:`leeftui.store.db.Database`."""

    def interrupt(self) -> None: ...


_lock = threading.Lock()
_registered: dict[int, Interruptible] = {}
_received: list[int] = []
_handler: Callable[[int], None] | None = None
_installed = False


def exit_code(signum: int) -> int:
    """The shell's convention: 128 + the signal number."""
    return 128 + signum


def received() -> int | None:
    """The first signal received since :func:`install`, or None."""
    return _received[0] if _received else None


@contextmanager
def interruptible(obj: Interruptible) -> Iterator[None]:
    """Register ``obj`` for the block, so that a signal interrupts its running query."""
    register(obj)
    try:
        yield
    finally:
        unregister(obj)


def register(obj: Interruptible) -> None:
    """Register ``obj`` until :func:`unregister` (for objects that outlive a ``with`` block)."""
    with _lock:
        _registered[id(obj)] = obj


def unregister(obj: Interruptible) -> None:
    """Forget ``obj`` (closing a connection)."""
    with _lock:
        _registered.pop(id(obj), None)


def interrupt_all() -> None:
    """Interrupt the running query of every registered connection (a closed one is skipped)."""
    with _lock:
        targets = list(_registered.values())
    for obj in targets:
        try:
            obj.interrupt()
        except Exception:  # noqa: BLE001 - a connection closed meanwhile: nothing to stop
            pass


def set_handler(handler: Callable[[int], None] | None) -> None:
    """Call ``handler(signum)`` (from the signal thread) instead of raising in the main thread."""
    global _handler
    _handler = handler


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


GRACE = 2.0
"""Seconds a process may take to end cleanly after a signal before the watchdog ends it."""
RESTORE = "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[?1049l\x1b[?25h"
"""Mouse reporting and bracketed paste off, the alternate screen left, the cursor shown."""


def _restore_terminal() -> None:
    """Best effort, for a process ended by the watchdog: the terminal as a shell expects it (when there is one)."""
    import os
    import sys

    stream = sys.__stderr__
    try:
        if stream is not None and stream.isatty():
            os.write(stream.fileno(), RESTORE.encode())
            import termios

            fd = stream.fileno()
            attrs = termios.tcgetattr(fd)
            attrs[0] |= termios.ICRNL
            attrs[1] |= termios.OPOST
            attrs[3] |= termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN
            termios.tcsetattr(fd, termios.TCSANOW, attrs)
    except (OSError, ValueError, ImportError):
        pass  # the terminal is gone (SIGHUP): nothing to restore


def _end(signum: int) -> None:
    """End the process now: temp files removed, the terminal restored, exit 128 + signal."""
    import os

    from leeftui.atomic import remove_pending

    try:
        remove_pending()
        if _handler is not None:
            _restore_terminal()
    finally:
        os._exit(exit_code(signum))


def _watchdog(signum: int) -> None:
    import time

    time.sleep(GRACE)
    _end(signum)


def _wait() -> None:
    while True:
        signum = signal.sigwait(HANDLED)
        _received.append(signum)
        if len(_received) > 1:  # asked twice: the first is not being honoured
            _end(_received[0])
        threading.Thread(target=_watchdog, args=(signum,), name="leeftui-watchdog", daemon=True).start()
        interrupt_all()
        handler = _handler
        if handler is not None:
            handler(signum)
        else:
            _thread.interrupt_main(signal.Signals(signum))


def install() -> None:
    """Take over SIGINT, SIGTERM and SIGHUP for this process (call once, first thing, in the main thread)."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    _installed = True
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_terminated)
    signal.signal(signal.SIGHUP, _raise_terminated)
    signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
    threading.Thread(target=_wait, name="leeftui-signals", daemon=True).start()
