"""The review of an area set as lines of text, one block per member: the CLI (``leeftui db sets show``) and the
explorer's review screen show the same words."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from leeftui.model.sets import STATUSES, SetReview

STYLE = {"matched": "green", "uncertain": "yellow", "unmatched": "red"}
LISTED = 6
"""Areas named per line before '… and N more'."""


@dataclass(frozen=True)
class MemberBlock:
    """One member's lines, and what the review can decide on it."""

    member: str
    status: str
    lines: tuple[Text, ...]
    """The member's line, then one line per finding (shown indented)."""
    candidates: tuple[tuple[str, str], ...]
    """(code, name) of the areas left out or nearest, which ``accept`` can add."""
    included: tuple[tuple[str, str], ...]
    """(code, name) of the areas in the set, which ``reject`` can take out."""


def headline(review: SetReview) -> Text:
    counts = review.counts()
    if not review.by_name:
        n = review.report.tables["matches"].num_rows
        return Text(f"{n} areas listed by code; nothing matched by name.")
    return Text(" · ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES))


def _areas(rows: list[dict[str, object]], listed: int = LISTED) -> str:
    shown = [f"{r['name'] or '?'} {r['code']}" + ("" if r["scored"] else " (no score)") for r in rows[:listed]]
    more = len(rows) - listed
    return ", ".join(shown) + (f", … and {more} more" if more > 0 else "")


def blocks(review: SetReview) -> list[MemberBlock]:
    """The members in order, each with its lines: per sub-area the areas found (rule, confidence), then what was
    left out, then — for a name found nowhere — the nearest names."""
    rows = review.report.tables["matches"].to_pylist()
    if not review.by_name:
        return [MemberBlock("", "matched", (Text("Its areas:"), Text(_areas(rows, len(rows)))), (),
                            tuple((str(r["code"]), str(r["name"] or "")) for r in rows))]
    out: list[MemberBlock] = []
    by_member: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        by_member.setdefault(str(r["member"]), []).append(r)
    for member, mrows in by_member.items():
        status = str(mrows[0]["status"])
        included = [r for r in mrows if r["included"]]
        head = Text(member, style="bold")
        head.append(f" — {status}", style=STYLE.get(status, ""))
        if included:
            n = len(included)
            head.append(f": {n} area{'s' if n != 1 else ''}, {sum(1 for r in included if r['scored'])} scored")
        lines = [head]
        for area in dict.fromkeys(str(r["area"]) for r in mrows):
            arows = [r for r in mrows if r["area"] == area]
            groups: dict[tuple[str, str], list[dict[str, object]]] = {}
            for r in arows:
                if r["included"]:
                    groups.setdefault((str(r["rule"]), str(r["confidence"])), []).append(r)
            for (rule, confidence), grows in groups.items():
                lines.append(Text(f"{area}: {rule} ({confidence}) — {_areas(grows)}"))
            left = [r for r in arows if not r["included"] and r["code"] and r["rule"] != "nearest"]
            if left:
                lines.append(Text(f"{area}, left out: " + "; ".join(
                    f"{r['name']} {r['code']} ({r['rule']}, {r['confidence'] or '—'}: {r['detail']})" for r in left),
                    style="dim"))
            if any(r["rule"] == "none" for r in arows):
                miss = next(r for r in arows if r["rule"] == "none")
                near = [r for r in arows if r["rule"] == "nearest"]
                text = f"{area}: not found — {miss['detail']}"
                if near:
                    text += "; nearest: " + ", ".join(f"{r['name']} {r['code']}" for r in near)
                lines.append(Text(text, style=STYLE["unmatched"] if not included else "yellow"))
        cands = tuple((str(r["code"]), str(r["name"] or "")) for r in mrows if not r["included"] and r["code"])
        out.append(MemberBlock(member, status, tuple(lines), tuple(dict.fromkeys(cands)),
                               tuple(dict.fromkeys((str(r["code"]), str(r["name"] or "")) for r in included))))
    return out
