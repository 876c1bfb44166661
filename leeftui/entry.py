"""The ``leeftui`` console script.

``leeftui`` (with ``--db X``, ``--fresh``, ``--theme X``) opens the explorer straight away, without loading the
command-line layer (typer, its option parsing, the command modules: ≈ 0.1–0.2 s before the first frame); everything
else — commands, ``--help`` — goes to :mod:`leeftui.cli`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class ExplorerArgs:
    db: str | None = None
    fresh: bool = False
    theme: str | None = None


def explorer_args(argv: list[str]) -> ExplorerArgs | None:
    """The explorer's options when ``argv`` only opens the explorer (``--db X``, ``--fresh``, ``--theme X``, in
    any order, ``--opt=value`` too), else None (a command, --help, or anything else: the CLI decides)."""
    values: dict[str, str | bool] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=")
        if name in ("--db", "--theme") and name[2:] not in values:
            if not eq:
                if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                    return None
                value, i = argv[i + 1], i + 1
            if not value:
                return None
            values[name[2:]] = value
        elif arg == "--fresh" and "fresh" not in values:
            values["fresh"] = True
        else:
            return None
        i += 1
    db, theme = values.get("db"), values.get("theme")
    return ExplorerArgs(db if isinstance(db, str) else None, bool(values.get("fresh")),
                        theme if isinstance(theme, str) else None)


def main() -> None:
    """Console-script entry point."""
    args = explorer_args(sys.argv[1:])
    if args is None:
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

        code = launch(args.db, fresh=args.fresh, theme=args.theme)
    except LeeftuiError as exc:  # one sentence, as the commands print it (no traceback, no markup)
        sys.stderr.write(f"error: {printable(str(exc))}\n")
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, signals.Terminated):  # before the app ran, or after it
        code = signals.exit_code(signals.received() or 2)
    finally:
        from leeftui.atomic import remove_pending

        remove_pending()  # an export the explorer was writing when a signal ended it
    sys.exit(code)
