"""What the one-page reports share (:mod:`leeftui.present.sheet`, :mod:`leeftui.present.reportpage`): the HTML's
style sheet and user text made safe for Markdown."""

from __future__ import annotations

CSS = """body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:24px;max-width:1100px;color:#111}
h1{font-size:22px;margin:0}.path{color:#555;margin:2px 0 12px}.demo{background:#fee08b;padding:6px 10px;
font-weight:bold}.cols{display:flex;gap:24px;flex-wrap:wrap}.cols>div{flex:1 1 480px}table{border-collapse:collapse;
font-size:13px;margin:6px 0 12px}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}.notes{color:#444;font-size:12px}h2{font-size:15px;margin:14px 0 4px}"""


def md_text(text: str) -> str:
    """User text in a Markdown table cell or line: no markup, no table breaks."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace(
        "`", "\\`").replace("<", "&lt;").replace("\n", " ")
