"""The override file: decisions by hand on the members of sets matched by name (``[[override]]`` tables: set,
member, and ``codes`` replacing the matching, ``accept`` adding areas, ``reject`` taking them out). Read by every
rebuild (given as a source, or kept in the user-data folder's ``sets/overrides.toml``, which ``leeftui db sets
accept/reject`` and the explorer's set review write) and applied now by ``leeftui db add-set FILE``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from leeftui.ingest.extras import parse_toml
from leeftui.ingest.report import Issues
from leeftui.schema import CODE_PATTERNS


def is_override_file(data: dict[str, object]) -> bool:
    """True for a TOML file of ``[[override]]`` tables."""
    return isinstance(data.get("override"), list)


@dataclass(frozen=True)
class Override:
    """What an override file decides for one member: ``codes`` replace the matching (None: match by name),
    ``accept`` adds areas, ``reject`` takes areas out (wijk codes stand for their buurten)."""

    codes: tuple[str, ...] | None = None
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()


OVERRIDE_KEYS = ("codes", "accept", "reject")


def read_overrides(data: dict[str, object], file: str, issues: Issues) -> dict[tuple[str, str], Override]:
    """``[[override]]`` tables: set, member ('Gemeente Name' as the definition names it) and any of codes (the
    member's wijk or buurt codes; [] leaves it out), accept, reject → {(set, member): Override}."""
    out: dict[tuple[str, str], Override] = {}
    tables = data.get("override")
    for i, o in enumerate(tables if isinstance(tables, list) else [], start=1):
        if not isinstance(o, dict) or not isinstance(o.get("set"), str) or not isinstance(o.get("member"), str) \
                or not any(isinstance(o.get(k), list) for k in OVERRIDE_KEYS) \
                or any(k in o and not isinstance(o[k], list) for k in OVERRIDE_KEYS):
            issues.error(file, None, f"override {i}: needs set = \"…\", member = \"Gemeente Name\" and codes, accept "
                                     "or reject = [\"…\"]")
            continue
        lists = {k: tuple(str(c).strip().upper() for c in o.get(k, ())) for k in OVERRIDE_KEYS}
        bad = [c for v in lists.values() for c in v if not re.match(CODE_PATTERNS["wijk"], c)
               and not re.match(CODE_PATTERNS["buurt"], c)]
        if bad:
            issues.error(file, None, f"override {i} ({o['member']}): {bad[0]!r} is not a wijk or buurt code")
            continue
        out[(o["set"], o["member"])] = Override(lists["codes"] if "codes" in o else None, lists["accept"],
                                                lists["reject"])
    return out


def override_path() -> Path:
    """Where ``leeftui db sets accept/reject`` keep the decisions: the user-data folder's ``sets/overrides.toml``
    (a rebuild reads it from there too)."""
    from leeftui.paths import user_data_dir

    return user_data_dir() / "sets" / "overrides.toml"


def read_override_file(path: Path) -> dict[tuple[str, str], Override]:
    """The decisions an override file holds ({} when there is no file); BuildError for a broken one."""
    from leeftui.errors import BuildError

    if not path.exists():
        return {}
    data, problem = parse_toml(path)
    if data is None or not is_override_file(data):
        raise BuildError(f"{path}: {problem or 'holds no [[override]] tables'}; fix or remove it first.")
    issues = Issues()
    got = read_overrides(data, path.name, issues)
    issues.raise_if_errors()
    return got


def decide(path: Path, set_name: str, member: str, accept: tuple[str, ...] = (),
           reject: tuple[str, ...] = ()) -> Override:
    """Record in the override file at ``path`` that ``member`` of ``set_name`` takes the areas ``accept`` and
    leaves out ``reject`` (a later decision on a code replaces an earlier one); the file is replaced atomically
    and the database is not touched. Returns the member's decisions now."""
    import json

    from leeftui.atomic import atomic_file

    decisions = read_override_file(path)
    old = decisions.get((set_name, member), Override())
    accepted = tuple(dict.fromkeys(c for c in (*old.accept, *accept) if c not in reject))
    rejected = tuple(dict.fromkeys(c for c in (*old.reject, *reject) if c not in accept))
    decisions[(set_name, member)] = new = Override(old.codes, accepted, rejected)
    lines = ["# Decisions on area sets matched by name (leeftui db sets accept / reject). A rebuild reads this file",
             "# from the user-data folder; `leeftui db add-set FILE` applies it to a database now.", ""]
    for (s, m), o in decisions.items():
        lines += ["[[override]]", f"set = {json.dumps(s, ensure_ascii=False)}",
                  f"member = {json.dumps(m, ensure_ascii=False)}"]
        for key, codes in (("codes", o.codes), ("accept", o.accept), ("reject", o.reject)):
            if codes is not None and (codes or key == "codes"):
                lines.append(f"{key} = {json.dumps(list(codes))}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as fh:
        fh.write("\n".join(lines).encode("utf-8"))
    return new
