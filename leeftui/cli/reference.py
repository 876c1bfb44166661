"""The CLI reference (docs/cli.md) written from the typer app itself, so it cannot drift from ``--help``.

``python scripts/docs.py --write`` puts :func:`cli_markdown` into docs/cli.md; a test fails when they differ.
"""

from __future__ import annotations

from typing import Any

import typer

# typer vendors its own click (typer._click), so commands and parameters are read by what they have, not by
# their classes
Command = Any


def _cell(text: str) -> str:
    """One Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _param_row(param: Any, ctx: Any) -> str | None:
    """The row ``--help`` shows for ``param`` (its names, metavar, help and default); arguments by their name."""
    if param.param_type_name == "argument":
        what = "argument" + ("" if param.required else ", optional") + (", repeatable" if param.nargs == -1 else "")
        return f"| `{param.human_readable_name.upper()}` | {what} |"
    record = param.get_help_record(ctx)
    if record is None:
        return None
    names, help_text = record
    return f"| `{names}` | {_cell(help_text)} |"


def _commands(group: Command, ctx: Any) -> list[tuple[str, Command, Any]]:
    out: list[tuple[str, Command, Any]] = []
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        sub = type(ctx)(cmd, info_name=name, parent=ctx)
        out.append((sub.command_path, cmd, sub))
        if hasattr(cmd, "list_commands"):
            out += _commands(cmd, sub)
    return out


def _section(path: str, cmd: Command, ctx: Any) -> list[str]:
    usage = " ".join(cmd.collect_usage_pieces(ctx))
    lines = [f"### `{path}`", "", "```text", f"{path} {usage}".rstrip(), "```", ""]
    if cmd.help:
        lines += [cmd.help.strip(), ""]
    rows = [r for p in cmd.get_params(ctx) if (r := _param_row(p, ctx)) is not None]
    if rows:
        lines += ["| option | meaning |", "|---|---|", *rows, ""]
    return lines


def cli_markdown(app: typer.Typer) -> str:
    """Every command and option of ``app`` as Markdown (one section per command, the root first)."""
    from leeftui.cli.common import name_metavars

    root = typer.main.get_command(app)
    name_metavars(root)
    ctx = root.context_class(root, info_name="leeftui", **root.context_settings)
    sections = [("leeftui", root, ctx)]
    if hasattr(root, "list_commands"):
        sections += _commands(root, ctx)
    lines: list[str] = []
    for path, cmd, sub in sections:
        lines += _section(path, cmd, sub)
    return "\n".join(lines).rstrip() + "\n"
