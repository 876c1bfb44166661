"""`leeftui db add-set FILE`: add or replace area sets in an existing database without a rebuild.

Atomic like a rebuild: the database is copied beside itself, the sets are written into the copy, and the copy
replaces the original only when complete; a failure leaves the original byte-identical. The set file is the
rebuild's format (``[[set]]`` tables, db/README.md); member codes are checked against the database. An override
file (``[[override]]`` tables, the decisions of ``leeftui db sets accept/reject``) matches the sets the database
holds by name again, with those decisions.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb

from leeftui.atomic import special_kind
from leeftui.errors import BuildError, DatabaseError, UsageError
from leeftui.ingest.extras import AreaSet, is_area_set_file, parse_toml, read_area_sets
from leeftui.ingest.named_sets import SHIPPED_SETS, match_all, read_definition, write_set
from leeftui.ingest.overrides import Override, is_override_file, read_overrides
from leeftui.ingest.report import Issues
from leeftui.ingest.writer import atomic_target, first_line
from leeftui.schema import SCHEMA_VERSION


@dataclass(frozen=True)
class AddedSet:
    name: str
    members: int
    replaced: bool
    unknown: tuple[str, ...]
    """Member codes the database has no area for (kept, reported)."""


def add_sets(target: Path, set_file: Path) -> list[AddedSet]:
    """Add the sets of ``set_file`` to the database ``target`` (a set of the same name is replaced)."""
    if not target.is_file():
        raise DatabaseError(f"No database at {target}; build one first (leeftui db rebuild).")
    if not set_file.exists():
        raise UsageError(f"Set file {set_file} does not exist.")
    if not set_file.is_file() or special_kind(set_file) is not None:
        raise UsageError(f"Set file {set_file} is {special_kind(set_file) or 'not a plain file'}; give a TOML file.")
    data, problem = parse_toml(set_file)
    if data is None:
        raise BuildError(f"{set_file.name}: {problem or 'cannot read it'}; the database is untouched.")
    issues = Issues()
    if is_override_file(data):  # decisions on the sets matched by name: match those again with them
        overrides = read_overrides(data, set_file.name, issues)
        issues.raise_if_errors()
        write = partial(_rematch, overrides=overrides, file=set_file.name)
    elif is_area_set_file(data):
        sets = read_area_sets(data, set_file.name, issues)
        issues.raise_if_errors()
        if not sets:
            raise BuildError(f"{set_file.name} defines no area set; the database is untouched.")
        write = partial(_write_all, sets=sets)
    else:
        raise BuildError(f"{set_file.name} holds no [[set]] or [[override]] tables (format: db/README.md, area "
                         "sets); the database is untouched.")
    return in_copy(target, write)


def in_copy(target: Path, write: Callable[[duckdb.DuckDBPyConnection], list[AddedSet]]) -> list[AddedSet]:
    """Run ``write`` on a copy of the database ``target`` that replaces it only when complete (a failure leaves
    it byte-identical)."""
    _check_readable(target)
    with atomic_target(target, force=True) as tmp:
        shutil.copyfile(target, tmp)
        con = duckdb.connect(str(tmp))
        try:
            added = write(con)
            con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            raise BuildError(f"Cannot write the sets into a copy of {target}: {first_line(exc)}; the database is "
                             "untouched.") from None
        finally:
            con.close()
    return added


def _check_readable(target: Path) -> None:
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        raise DatabaseError(f"Cannot open {target} ({first_line(exc)}); the database is untouched.") from None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        row = None
    finally:
        con.close()
    if row is None or row[0] != str(SCHEMA_VERSION):
        raise BuildError(f"{target} is not a leeftui database of schema {SCHEMA_VERSION}; rebuild it first.")


def _write_all(con: duckdb.DuckDBPyConnection, sets: list[AreaSet]) -> list[AddedSet]:
    return [replace_set(con, s) for s in sets]


def _rematch(con: duckdb.DuckDBPyConnection, overrides: dict[tuple[str, str], Override], file: str) -> list[AddedSet]:
    """Match the shipped sets the database holds again, with the decisions of ``overrides``."""
    held = {str(n) for (n,) in con.execute("SELECT DISTINCT set_name FROM set_matches").fetchall()}
    named = [d for d in map(read_definition, SHIPPED_SETS) if d.name in held]
    wanted = {s for s, _ in overrides}
    missing = sorted(wanted - {d.name for d in named})
    if missing:
        raise BuildError(f"{file} decides on set {missing[0]!r}, which this database does not match by name; the "
                         "database is untouched.")
    releases = [str(r) for (r,) in con.execute("SELECT release FROM releases ORDER BY meting DESC, release")
                .fetchall()]
    out = []
    for d in named:
        if d.name not in wanted:
            continue
        matches = match_all(con, d, releases, overrides, Issues())
        con.execute("DELETE FROM area_set_members WHERE set_name = ?", [d.name])
        con.execute("DELETE FROM set_matches WHERE set_name = ?", [d.name])
        con.execute("DELETE FROM build_warnings WHERE kind = 'set-summary' AND message LIKE ?", [d.name + " in %"])
        for m in matches:
            write_set(con, m.members, m.rows)
            con.execute("INSERT INTO build_warnings VALUES (?, NULL, 'set-summary', ?)", [d.source, m.summary])
        out.append(AddedSet(d.name, sum(len(m.members.members) for m in matches), True, ()))
    return out


def replace_set(con: duckdb.DuckDBPyConnection, s: AreaSet) -> AddedSet:
    """Write set ``s`` into ``con``, replacing a set of its name."""
    ((existing,),) = con.execute("SELECT count(*) FROM area_sets WHERE name = ?", [s.name]).fetchall()
    con.execute("DELETE FROM area_set_members WHERE set_name = ?", [s.name])
    con.execute("DELETE FROM set_matches WHERE set_name = ?", [s.name])
    con.execute("DELETE FROM area_sets WHERE name = ?", [s.name])
    con.execute("INSERT INTO area_sets VALUES (?, ?, ?)", [s.name, s.description, s.source])
    write_set(con, s)
    known = {c for (c,) in con.execute("SELECT DISTINCT code FROM areas WHERE code IN (SELECT unnest(?))",
                                       [[m[0] for m in s.members]]).fetchall()}
    return AddedSet(s.name, len(s.members), bool(existing), tuple(m[0] for m in s.members if m[0] not in known))


def set_file_text(name: str, description: str, members: list[tuple[str, str]]) -> str:
    """A set file (the rebuild's and add-set's format) for ``members`` [(code, note)]."""
    import json

    lines = ["[[set]]", f"name = {json.dumps(name, ensure_ascii=False)}",
             f"description = {json.dumps(description, ensure_ascii=False)}", "members = ["]
    lines += [f"  {{ code = {json.dumps(code)}, note = {json.dumps(note, ensure_ascii=False)} }},"
              for code, note in members]
    return "\n".join([*lines, "]"]) + "\n"
