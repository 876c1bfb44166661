"""db/README.md documents the schema exactly as leeftui.schema does."""

from __future__ import annotations

from pathlib import Path

from leeftui.present.schema import schema_markdown

DB = Path(__file__).resolve().parents[3] / "db"


def test_readme_holds_schema_markdown_verbatim() -> None:
    assert schema_markdown() in (DB / "README.md").read_text(encoding="utf-8")


def test_template_has_no_numbers() -> None:
    rows = [ln for ln in (DB / "classes-template.csv").read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    assert rows[0] == "release,scale,klasse,lower,upper,label,source"
    assert len(rows) == 10 and all(r.split(",")[3:5] == ["", ""] for r in rows[1:])
