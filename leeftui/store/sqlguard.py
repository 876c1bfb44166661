"""Read-only SQL for `leeftui sql`: one SELECT over the database's own tables, nothing else.

The database is opened read-only already; on top of that this module refuses, before running
anything: more than one statement; every statement type but SELECT (so no ATTACH/DETACH, COPY,
EXPORT/IMPORT DATABASE, INSTALL/LOAD, SET/PRAGMA/CALL, CREATE/INSERT/UPDATE/DELETE/DROP/ALTER);
table functions and functions that read or write files or run SQL text (read_csv, read_parquet,
read_json, read_text, glob, query, …); file paths and URLs used as tables ('x.csv',
'https://…', 's3://…'). The checks walk DuckDB's own parse tree (``json_serialize_sql``).
Finally, file-system access is switched off on the database (``enable_external_access=false``;
DuckDB allows turning it off but never on again, so it stays off for that open Database).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any

import duckdb
import pyarrow as pa

from leeftui.errors import LeeftuiError, UsageError
from leeftui.store.db import Database

EXIT_SQL = 1

DENIED_FUNCTIONS = frozenset({
    "read_csv", "read_csv_auto", "sniff_csv", "read_parquet", "parquet_scan", "parquet_metadata",
    "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata", "parquet_bloom_probe",
    "read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto", "read_ndjson",
    "read_ndjson_auto", "read_ndjson_objects", "read_text", "read_blob", "glob", "read_xlsx", "st_read",
    "sqlite_scan", "sqlite_attach", "postgres_scan", "postgres_attach", "mysql_scan", "delta_scan",
    "iceberg_scan", "iceberg_metadata", "iceberg_snapshots", "query", "query_table",
    "json_execute_serialized_sql", "getenv", "checkpoint", "force_checkpoint", "duckdb_secrets",
    "which_secret", "load_aws_credentials", "import_database", "export_database",
})
"""Functions that touch files, the network, the environment or run SQL text."""

DENIED_PREFIXES = ("read_", "parquet_", "sqlite_", "postgres_", "mysql_", "iceberg_", "delta_", "json_execute")
"""Any function whose name starts like this is refused as well."""

URL_RE = re.compile(r"^\s*([a-z][a-z0-9+.-]*://|/|\\\\|~)", re.I)
PATHLIKE_RE = re.compile(r"[/\\:]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|xlsx|db|duckdb|sqlite)$", re.I)


def _refuse(message: str) -> UsageError:
    return UsageError(message, exit_code=EXIT_SQL)


def _walk(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def check_sql(db: Database, sql: str) -> str:
    """Return the single SELECT statement in ``sql``; raise a UsageError (exit 1) saying why it is refused."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise LeeftuiError(f"SQL error: {_first_line(exc)}") from None
    if not statements:
        raise _refuse("No SQL statement given.")
    if len(statements) > 1:
        raise _refuse(f"Only one statement at a time is allowed; got {len(statements)}.")
    st = statements[0]
    kind = st.type.name
    if kind == "MULTI" and _is_pivot(st.query):
        _check_tokens(st.query)  # a PIVOT without IN (…) plans as several statements: no parse tree to walk
        return st.query
    if kind != "SELECT":
        raise _refuse(f"Only read-only SELECT queries are allowed; {kind} statements are refused.")
    row = db.one("SELECT json_serialize_sql(?::VARCHAR)", [st.query])
    tree = json.loads(row[0]) if row else {"error": True, "error_message": "cannot parse"}
    if tree.get("error"):
        raise LeeftuiError(f"SQL error: {tree.get('error_message', 'cannot parse the query')}")
    for node in _walk(tree):
        name = node.get("function_name")
        if isinstance(name, str):
            _check_function(name)
        if node.get("type") == "BASE_TABLE":
            table = str(node.get("table_name", ""))
            if URL_RE.search(table) or PATHLIKE_RE.search(table):
                raise _refuse(f"Reading '{table}' is refused: leeftui sql reads the database's own tables only.")
            if node.get("catalog_name") not in ("", None, "memory", "system", "temp") and \
                    node.get("catalog_name") != _catalog(db):
                raise _refuse(f"The catalog '{node.get('catalog_name')}' is refused: only this database can be read.")
    return st.query


def _is_pivot(sql: str) -> bool:
    return any(kind == duckdb.token_type.keyword and sql[start:start + 7].upper().rstrip().startswith(
        ("PIVOT", "UNPIVOT")) for start, kind in duckdb.tokenize(sql))


def _check_function(name: str) -> None:
    low = name.lower()
    if low in DENIED_FUNCTIONS or low.startswith(DENIED_PREFIXES):
        raise _refuse(f"The function {name}() is refused: leeftui sql reads the database only, "
                      "not files or the network.")


def _tokens(sql: str) -> list[tuple[str, Any]]:
    """(text, kind) of every token of ``sql`` but its comments — each token's text ends where the next token
    (or comment) begins, so a comment between a name and its ``(`` hides nothing."""
    tokens = duckdb.tokenize(sql)
    out = []
    for i, (start, kind) in enumerate(tokens):
        end = tokens[i + 1][0] if i + 1 < len(tokens) else len(sql)
        if kind != duckdb.token_type.comment:
            out.append((sql[start:end].strip(), kind))
    return out


def _check_tokens(sql: str) -> None:
    """The checks of :func:`check_sql` on the tokens of a statement DuckDB cannot serialise (a dynamic PIVOT),
    comments stripped: every name (identifier or keyword, quoted or not) before a ``(`` is a function call,
    every string a possible path or URL."""
    tokens = _tokens(sql)
    for i, (text, kind) in enumerate(tokens):
        following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if kind in (duckdb.token_type.identifier, duckdb.token_type.keyword) and following.startswith("("):
            _check_function(text.strip('"'))
        elif kind == duckdb.token_type.string_const:
            literal = text.strip("'")
            if URL_RE.search(literal):  # a scheme://, an absolute path, ~ or a share
                raise _refuse(f"Reading '{literal}' is refused: leeftui sql reads the database's own tables only.")


def _catalog(db: Database) -> str | None:
    row = db.one("SELECT current_database()")
    return row[0] if row else None


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def lock_down(db: Database, memory_limit: str | None = None) -> None:
    """Switch off file-system and network access for the database (cannot be switched on again); with
    ``memory_limit`` (DuckDB's notation, e.g. '2GB'), cap the memory queries may take, without spilling to disk."""
    if memory_limit is not None:
        if not MEMORY_RE.match(memory_limit):
            raise UsageError(f"--memory-limit must be a size such as 2GB or 500MB, not {memory_limit!r}.")
        if _bytes(memory_limit) < MIN_MEMORY:
            raise UsageError(f"--memory-limit {memory_limit.strip()} is too little to run a query: give at least "
                             "1MB.")
        db.rows(f"SET memory_limit = '{memory_limit.strip()}'")  # checked against MEMORY_RE above
        db.rows("SET temp_directory = ''")
    try:
        db.rows("SET enable_external_access = false")
    except duckdb.Error:  # pragma: no cover - older DuckDB: the checks above still hold
        pass


MIN_MEMORY = 1_000_000
"""The least memory a query may be given (DuckDB needs some to run at all)."""
_UNITS = {"B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4, "KIB": 1 << 10, "MIB": 1 << 20,
          "GIB": 1 << 30, "TIB": 1 << 40}


def _bytes(size: str) -> float:
    m = MEMORY_RE.match(size)
    assert m is not None
    number = re.match(r"\s*[\d.]+", size)
    return float(number.group(0) if number else 0) * _UNITS[m.group(2).upper()]


MEMORY_RE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.I)


def run_readonly_sql(db: Database, sql: str, *, timeout: float | None = None,
                     memory_limit: str | None = None) -> pa.Table:
    """Run one read-only SELECT on ``db`` and return the result as Arrow.

    Refused statements raise UsageError with exit code 1 naming the reason; SQL errors (syntax,
    unknown table or column, out of memory) raise LeeftuiError (exit 1) with DuckDB's first message line; a
    query running longer than ``timeout`` seconds is stopped (LeeftuiError, exit 1).
    """
    query = check_sql(db, sql)
    lock_down(db, memory_limit)
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        db.interrupt()

    timer = threading.Timer(timeout, stop) if timeout else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        return db.arrow(query)
    except duckdb.Error as exc:
        if timed_out.is_set():
            raise LeeftuiError(f"The query ran longer than {timeout:g} s and was stopped "
                               "(--timeout SECONDS to allow more, 0 for no limit).") from None
        raise LeeftuiError(f"SQL error: {_first_line(exc)}") from None
    finally:
        if timer is not None:
            timer.cancel()
