"""The ``leeftui`` console script.

``leeftui`` and ``leeftui --db X`` open the explorer straight away, without loading the command-line
layer (typer, its option parsing, the command modules: ≈ 0.1–0.2 s before the first frame); everything
else — commands, ``--help`` — goes to :mod:`leeftui.cli`.
"""

from __future__ import annotations

import sys


def explorer_db(argv: list[str]) -> tuple[bool, str | None]:
    """(True, db) when ``argv`` only opens the explorer (nothing, ``--db X`` or ``--db=X``), else (False, None)."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, argv[0][5:]
    return False, None


def main() -> None:
    """Console-script entry point."""
    explorer, db = explorer_db(sys.argv[1:])
    if not explorer:
        from leeftui.cli import main as cli_main

        cli_main()
        return
    from leeftui import signals
    from leeftui.errors import LeeftuiError
    from leeftui.text import encodable_output, printable

    encodable_output()
    signals.install()
    try:
        from leeftui.ui.launch import launch

        code = launch(db)
    except LeeftuiError as exc:  # one sentence, as the commands print it (no traceback, no markup)
        sys.stderr.write(f"error: {printable(str(exc))}\n")
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, signals.Terminated):  # before the app ran, or after it
        code = signals.exit_code(signals.received() or 2)
    finally:
        from leeftui.atomic import remove_pending

        remove_pending()  # an export the explorer was writing when a signal ended it
    sys.exit(code)
