"""The database schema as documentation (``leeftui sql --schema`` prints it; ``db/README.md`` holds it verbatim)."""

from __future__ import annotations

from leeftui.tables import TABLES


def schema_markdown() -> str:
    """Return the schema documentation as Markdown (used by db/README.md and `sql --schema`)."""
    out: list[str] = []
    for t in TABLES:
        kind = " (view)" if t.view_of else ""
        out.append(f"### `{t.name}`{kind}\n\n{t.doc}\n\n| column | type | meaning |\n|---|---|---|")
        out += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in t.columns]
        if t.constraints:
            out.append("\n" + "; ".join(t.constraints))
        out.append("")
    return "\n".join(out)
