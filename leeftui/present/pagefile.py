"""The area page in the format a file's name asks for (`leeftui report -o`, `r` in the explorer)."""

from __future__ import annotations

from leeftui.model.sheet import AreaSheet
from leeftui.present.sheet import html, markdown

KINDS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}
"""A report's file suffix → its format."""


def render(sheet: AreaSheet, kind: str) -> bytes:
    """The page as the bytes of a file of ``kind`` ('html', 'markdown' or 'pdf')."""
    if kind == "pdf":
        from leeftui.present.sheetpdf import pdf

        return pdf(sheet)
    return (html(sheet) if kind == "html" else markdown(sheet)).encode("utf-8")
