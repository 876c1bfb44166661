"""Area sets defined by name, matched to a release's wijken and buurten: the 40 aandachtswijken of 2007.

The definition (``leeftui/data/aandachtswijken-2007.toml``) names each member as the official annex does, with
its gemeente's CBS code and, where the annex name is not a CBS area name, the names to look for. A build from
official files matches every name to the wijken and buurten of the newest release **within its gemeente** (a
name like Poelenburg or Zuidwijk exists in several gemeenten), ignoring case, accents, hyphens, spaces and a
leading "Wijk NN"; a wijk brings all its buurten. The result is stored at buurt level (wijk level for a release
without buurten). Members that match nothing or are ambiguous are reported (build summary, ``db info``); an
override file (``[[override]] set, member, codes``) settles them by hand.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb

from leeftui.ingest.extras import AreaSet, parse_toml
from leeftui.ingest.report import Issues
from leeftui.schema import CODE_PATTERNS

SHIPPED_SETS = (Path(__file__).resolve().parents[1] / "data" / "aandachtswijken-2007.toml",)
"""The named-set definitions leeftui ships."""


@dataclass(frozen=True)
class NamedMember:
    gemeente: str
    gemeente_code: str
    name: str
    areas: tuple[str, ...]
    end: int | None

    @property
    def key(self) -> str:
        """How the member is named in messages and override files: 'Rotterdam Noord'."""
        return f"{self.gemeente} {self.name}"


@dataclass(frozen=True)
class NamedSet:
    name: str
    description: str
    source: str
    members: tuple[NamedMember, ...]


def read_definition(path: Path) -> NamedSet:
    """Read a named-set definition (the shipped file's format)."""
    data, problem = parse_toml(path)
    if data is None:
        raise ValueError(f"{path.name}: {problem}")
    head = data["set"]
    assert isinstance(head, dict)
    members = []
    listed = data.get("member")
    for m in listed if isinstance(listed, list) else []:
        areas = tuple(m.get("areas") or [p.strip() for p in str(m["name"]).split("/")])
        members.append(NamedMember(str(m["gemeente"]), str(m["gemeente_code"]), str(m["name"]), areas,
                                   m.get("end") if isinstance(m.get("end"), int) else None))
    return NamedSet(str(head["name"]), str(head["description"]), "leeftui/data/" + path.name, tuple(members))


def is_override_file(data: dict[str, object]) -> bool:
    """True for a TOML file of ``[[override]]`` tables."""
    return isinstance(data.get("override"), list)


def read_overrides(data: dict[str, object], file: str, issues: Issues) -> dict[tuple[str, str], tuple[str, ...]]:
    """``[[override]]`` tables: set, member ('Gemeente Name' as the definition names it), codes (wijk or buurt
    codes; [] leaves the member out) → {(set, member): codes}."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    tables = data.get("override")
    for i, o in enumerate(tables if isinstance(tables, list) else [], start=1):
        if not isinstance(o, dict) or not isinstance(o.get("set"), str) or not isinstance(o.get("member"), str) \
                or not isinstance(o.get("codes"), list):
            issues.error(file, None, f"override {i}: needs set = \"…\", member = \"Gemeente Name\", codes = [\"…\"]")
            continue
        codes = tuple(str(c).strip().upper() for c in o["codes"])
        bad = [c for c in codes if not re.match(CODE_PATTERNS["wijk"], c) and not re.match(CODE_PATTERNS["buurt"], c)]
        if bad:
            issues.error(file, None, f"override {i} ({o['member']}): {bad[0]!r} is not a wijk or buurt code")
            continue
        out[(o["set"], o["member"])] = codes
    return out


def normalise(name: str) -> str:
    """'Groot-IJsselmonde' → 'grootijsselmonde', 'Wijk 03 Hoogte' → 'hoogte': no case, accents, hyphens, spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"^wijk\s*\d+\s*", "", text.strip())
    return re.sub(r"[^0-9a-z]", "", text)


def match(con: duckdb.DuckDBPyConnection, release: str, definition: NamedSet,
          overrides: dict[tuple[str, str], tuple[str, ...]], issues: Issues) -> AreaSet | None:
    """Match ``definition`` to the areas of ``release``; report every member matched by hand, unmatched or
    ambiguous (warnings of kind set-match, set-unmatched, set-ambiguous); None when the release has no wijken or
    buurten."""
    rows = con.execute("SELECT code, level, name, parent_code, gemeente_code FROM areas WHERE release = ? "
                       "AND level IN ('wijk', 'buurt')", [release]).fetchall()
    if not rows:
        return None
    level = "buurt" if any(r[1] == "buurt" for r in rows) else "wijk"
    by_gemeente: dict[str, list[tuple[str, str, str, str | None]]] = {}
    for code, lv, name, parent, gm in rows:
        by_gemeente.setdefault(gm, []).append((code, lv, normalise(name or ""), parent))
    buurten_of: dict[str, list[str]] = {}
    for code, lv, _, parent, _ in rows:
        if lv == "buurt" and parent:
            buurten_of.setdefault(parent, []).append(code)
    known = {r[0] for r in rows}
    members: list[tuple[str, int | None, int | None, str | None]] = []
    matched = 0
    for m in definition.members:
        how: str
        if (definition.name, m.key) in overrides:
            codes = _expand(overrides[(definition.name, m.key)], level, buurten_of, known)
            how = "by the override file"
            issues.warn(definition.source, None, "set-match", f"{definition.name}: {m.key} set by the override file "
                                                             f"({len(codes)} {level} areas).")
        else:
            codes, how = _by_name(m, by_gemeente.get(m.gemeente_code, []), level, buurten_of, definition, issues)
        if not codes:
            continue
        matched += 1
        note = f"{m.key} ({how})"
        members += [(c, None, m.end, note) for c in codes if c not in {x[0] for x in members}]
    issues.warn(definition.source, None, "set-summary",
                f"{definition.name}: {matched} of {len(definition.members)} members matched to {len(members)} "
                f"{level} areas of {release}.")
    return AreaSet(definition.name, definition.description + " — matched by name, see db info", definition.source,
                   tuple(members))


def _expand(codes: tuple[str, ...], level: str, buurten_of: dict[str, list[str]], known: set[str]) -> list[str]:
    out: list[str] = []
    for c in codes:
        if c.startswith("WK") and level == "buurt":
            out += buurten_of.get(c, [])
        elif c in known:
            out.append(c)
    return out


def _by_name(m: NamedMember, areas: list[tuple[str, str, str, str | None]], level: str,
             buurten_of: dict[str, list[str]], definition: NamedSet, issues: Issues) -> tuple[list[str], str]:
    if not areas:
        issues.warn(definition.source, None, "set-absent",
                    f"{definition.name}: {m.key} not matched — the release has no wijken or buurten of "
                    f"{m.gemeente} ({m.gemeente_code}).")
        return [], ""
    codes: list[str] = []
    found: list[str] = []
    for wanted in m.areas:
        key = normalise(wanted)
        wijken = [a for a in areas if a[1] == "wijk" and a[2] == key]
        buurten = [a for a in areas if a[1] == "buurt" and a[2] == key]
        inside = {b for w in wijken for b in buurten_of.get(w[0], [])}
        elsewhere = [b for b in buurten if b[0] not in inside]
        if wijken and elsewhere:
            issues.warn(definition.source, None, "set-ambiguous",
                        f"{definition.name}: {m.key}: '{wanted}' is a wijk ({', '.join(w[0] for w in wijken)}) and "
                        f"a buurt outside it ({', '.join(b[0] for b in elsewhere)}); took the wijk — an override "
                        "file decides otherwise.")
        if wijken:
            found.append(f"wijk '{wanted}'")
            codes += [b for w in wijken for b in buurten_of.get(w[0], [])] if level == "buurt" else \
                [w[0] for w in wijken]
        elif buurten:
            found.append(f"buurt '{wanted}'")
            codes += [b[0] for b in buurten]
    if not codes:
        issues.warn(definition.source, None, "set-unmatched",
                    f"{definition.name}: {m.key} not matched — no wijk or buurt of {m.gemeente} is called "
                    f"{' or '.join(repr(a) for a in m.areas)}; an override file can name its codes.")
        return [], ""
    return codes, "matched by " + ", ".join(found)
