"""Start the explorer on the resolved database (errors surface before the terminal is taken over)."""

from __future__ import annotations

import _thread
import os
import signal
import sys
import threading

from leeftui import signals
from leeftui.errors import UsageError
from leeftui.paths import resolve_db


def _is_terminal(stream: object) -> bool:
    try:
        return stream is not None and bool(stream.isatty())  # type: ignore[attr-defined]
    except (ValueError, OSError):  # closed
        return False


def launch(db: str | None, *, fresh: bool = False, theme: str | None = None) -> int:
    """Open the database (DatabaseError, exit 3, on failure), run the explorer, and return its exit code.

    Needs a terminal on stdin and on stderr (where Textual draws). SIGINT, SIGTERM and SIGHUP end it like
    ``q`` does — the terminal restored — with exit code 128 + signal.
    """
    from leeftui.ui.app import create_app

    app = create_app(resolve_db(db).path, fresh=fresh, theme=theme)
    served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # leeftui serve: the browser is the terminal
    if not served and not (_is_terminal(sys.stdin) and _is_terminal(sys.__stderr__)):
        raise UsageError("The explorer needs a terminal; to use leeftui in a pipe or a script, "
                         "run 'leeftui export', 'leeftui show' or 'leeftui sql'.")

    def ask_to_exit(signum: int) -> None:
        try:
            app.call_from_thread(app.exit, None, signals.exit_code(signum))
        except RuntimeError:  # the app is not running (yet, or any more): stop the way a command stops
            _thread.interrupt_main(signal.Signals(signum))

    def on_signal(signum: int) -> None:
        # never wait in the signal thread for an event loop that may be stuck: ask from a thread of its own
        # (signals.GRACE seconds later the watchdog ends the process whatever happened)
        threading.Thread(target=ask_to_exit, args=(signum,), name="leeftui-exit", daemon=True).start()

    signals.set_handler(on_signal)
    try:
        app.run()
    finally:
        signals.set_handler(None)
    return app.return_code or 0
