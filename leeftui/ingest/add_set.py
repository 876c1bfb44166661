"""`leeftui db add-set FILE`: add or replace area sets in an existing database without a rebuild.

Atomic like a rebuild: the database is copied beside itself, the sets are written into the copy, and the copy
replaces the original only when complete; a failure leaves the original byte-identical. The set file is the
rebuild's format (``[[set]]`` tables, db/README.md); member codes are checked against the database.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from leeftui.errors import BuildError, UsageError
from leeftui.ingest.extras import AreaSet, is_area_set_file, parse_toml, read_area_sets
from leeftui.ingest.report import Issues
from leeftui.ingest.writer import atomic_target, first_line, insert_many
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
        raise UsageError(f"No database at {target}; build one first (leeftui db rebuild).")
    if not set_file.is_file():
        raise UsageError(f"Set file {set_file} does not exist.")
    data, problem = parse_toml(set_file)
    if data is None:
        raise BuildError(f"{set_file.name}: {problem or 'cannot read it'}; the database is untouched.")
    if not is_area_set_file(data):
        raise BuildError(f"{set_file.name} holds no [[set]] tables (format: db/README.md, area sets); the database "
                         "is untouched.")
    issues = Issues()
    sets = read_area_sets(data, set_file.name, issues)
    issues.raise_if_errors()
    if not sets:
        raise BuildError(f"{set_file.name} defines no area set; the database is untouched.")
    _check_readable(target)
    with atomic_target(target, force=True) as tmp:
        shutil.copyfile(target, tmp)
        con = duckdb.connect(str(tmp))
        try:
            added = [_write(con, s) for s in sets]
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
        raise BuildError(f"Cannot open {target} ({first_line(exc)}); the database is untouched.") from None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        row = None
    finally:
        con.close()
    if row is None or row[0] != str(SCHEMA_VERSION):
        raise BuildError(f"{target} is not a leeftui database of schema {SCHEMA_VERSION}; rebuild it first.")


def _write(con: duckdb.DuckDBPyConnection, s: AreaSet) -> AddedSet:
    ((existing,),) = con.execute("SELECT count(*) FROM area_sets WHERE name = ?", [s.name]).fetchall()
    con.execute("DELETE FROM area_set_members WHERE set_name = ?", [s.name])
    con.execute("DELETE FROM area_sets WHERE name = ?", [s.name])
    con.execute("INSERT INTO area_sets VALUES (?, ?, ?)", [s.name, s.description, s.source])
    insert_many(con, "INSERT INTO area_set_members VALUES (?, ?, ?, ?, ?)", [[s.name, *m] for m in s.members])
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
