"""Opening a leeftui database read-only, with clear errors for every way that can fail."""

from __future__ import annotations

import os
import re
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from leeftui import signals
from leeftui.errors import DatabaseError, UsageError
from leeftui.model.release import ReleaseInfo
from leeftui.schema import ALL_LEVELS, DIMENSIONS_LBM2, DIMENSIONS_LBM3, SCHEMA_VERSION

ALL_DIMENSIONS = tuple(dict.fromkeys(DIMENSIONS_LBM3 + DIMENSIONS_LBM2))


class Database:
    """A leeftui database opened read-only.

    One instance is shared by the app; every thread gets its own cursor via
    :meth:`cursor` (DuckDB connections are not thread-safe, cursors are).
    """

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection,
                 identity: tuple[int, int, int] | None = None) -> None:
        self.path = path
        self._identity = identity if identity is not None else file_identity(path)
        self._con = con
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        """Every cursor made (to interrupt and close them); as many as threads ever queried at once."""
        self._idle: list[duckdb.DuckDBPyConnection] = []
        """Cursors of threads that have ended, for the next thread."""
        self._cursors_lock = threading.Lock()
        self.meta: dict[str, str] = dict(self.rows("SELECT key, value FROM meta"))
        self.releases: tuple[ReleaseInfo, ...] = tuple(self._load_releases())
        self.population_years: tuple[int, ...] = tuple(
            int(y) for (y,) in self.rows("SELECT DISTINCT jaar FROM population ORDER BY jaar"))
        """Years of the CBS population figures, ascending."""
        if not self.releases:
            raise DatabaseError(f"The database {path} holds no Leefbaarometer release.")
        signals.register(self)  # Ctrl+C and SIGTERM stop its running queries

    def _load_releases(self) -> list[ReleaseInfo]:
        return read_releases(self.rows)

    @property
    def default_release(self) -> ReleaseInfo:
        """The release a request reads when it names none: the one the build marked as default, else the newest
        (LBM 3.0 before 2.0, then the latest meting). A fact of the file, never changed while it is open."""
        by_id = {r.release: r for r in self.releases}
        default = self.meta.get("default_release")
        if default in by_id:
            return by_id[default]
        return max(self.releases, key=lambda r: (r.instrument, r.meting))

    def release_of(self, release: str | None) -> ReleaseInfo:
        """The release with id ``release`` (e.g. 'lbm2-2016', see :attr:`releases`), or the default one for None;
        UsageError naming the releases held when it is not one of them.

        The database holds no "current" release: every view, report, map and export names the release it reads.
        """
        if release is None:
            return self.default_release
        by_id = {r.release: r for r in self.releases}
        wanted = release.strip().lower()
        if wanted not in by_id:
            held = ", ".join(f"{r.release} ({r.label})" for r in self.releases)
            raise UsageError(f"Unknown release '{release}'; this database holds: {held}.")
        return by_id[wanted]

    @property
    def synthetic(self) -> bool:
        """True when the database holds generated demo data."""
        return self.meta.get("synthetic", "false") == "true"

    @property
    def notice(self) -> str:
        """Text every screen and export must show (e.g. 'DEMO DATA — synthetic'); '' for official data."""
        return self.meta.get("notice", "")

    def replaced(self) -> bool:
        """True when the file at :attr:`path` is no longer the one this connection reads (a rebuild replaced it,
        or it was removed): what is shown is then the old state."""
        return file_identity(self.path) != self._identity

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return this thread's cursor on the database: one a thread that has ended gave back, else a new one.

        The explorer starts a thread per worker (a list, a profile read ahead on every ↓): a cursor per thread kept
        for ever grew by ≈ 70 kB a key; now a thread's cursor goes back to the pool when the thread ends."""
        lease = getattr(self._local, "lease", None)
        if lease is None:
            with self._cursors_lock:
                cur = self._idle.pop() if self._idle else None
                if cur is None:
                    cur = self._con.cursor()
                    self._cursors.append(cur)
            lease = self._local.lease = _Lease(cur)
            weakref.finalize(lease, self._give_back, cur)  # runs when the thread's locals go
        return lease.cursor

    def _give_back(self, cur: duckdb.DuckDBPyConnection) -> None:
        with self._cursors_lock:
            if cur in self._cursors:  # not after close()
                self._idle.append(cur)

    def interrupt(self, until: threading.Event | None = None, every: float = 0.01, limit: float = 5.0) -> None:
        """Interrupt whatever query runs on any thread's cursor (a background load being abandoned).

        With ``until``, repeat the interrupt every ``every`` seconds (at most ``limit`` seconds) until
        that event is set: an interrupt that falls between two queries of a job is otherwise lost.
        The interrupted query raises ``duckdb.InterruptException`` in its own thread.
        """
        def once() -> None:
            with self._cursors_lock:
                cursors = list(self._cursors)
            for cur in cursors:
                cur.interrupt()

        once()
        if until is None:
            return

        def repeat() -> None:
            deadline = time.monotonic() + limit
            while not until.wait(every) and time.monotonic() < deadline:
                once()

        threading.Thread(target=repeat, name="leeftui-interrupt", daemon=True).start()

    def rows(self, sql: str, params: object = None) -> list[tuple[Any, ...]]:
        """Run a query on this thread's cursor and return all rows (the result is fully consumed)."""
        return self.cursor().execute(sql, params if params is not None else []).fetchall()

    def one(self, sql: str, params: object = None) -> tuple[Any, ...] | None:
        """Run a query and return its first row, or None (the result is fully consumed)."""
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def arrow(self, sql: str, params: object = None) -> pa.Table:
        """Run a query and return the result as an Arrow table."""
        return self.cursor().sql(sql, params=params).to_arrow_table()

    def arrow_over(self, sql: str, codes: pa.Array | pa.ChunkedArray, params: object = None) -> pa.Table:
        """Run a query that reads the relation ``picked (code)`` — ``codes``, registered on this thread's cursor as
        an Arrow table for the query's duration — and return the result as an Arrow table. For thousands of codes
        this is a scan, where a list parameter costs ≈ 1 µs per code to bind (17,000 buurten: 8 ms, not 20)."""
        cur = self.cursor()
        cur.register("picked", pa.table({"code": codes}))
        try:
            return cur.sql(sql, params=params).to_arrow_table()
        finally:
            cur.unregister("picked")

    def close(self) -> None:
        """Close the connection and every thread's cursor (DuckDB then forgets the file: opening the same path
        again reads what is there now). Raises ``duckdb.Error`` while a query still runs."""
        signals.unregister(self)
        with self._cursors_lock:
            cursors, self._cursors, self._idle = self._cursors, [], []
        for cur in cursors:
            cur.close()
        self._con.close()


class _Lease:
    """A thread's hold on a cursor (kept in the thread's locals; when they go, the cursor goes back)."""

    __slots__ = ("cursor", "__weakref__")

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self.cursor = cursor


def read_releases(rows_of: Callable[..., list[tuple[Any, ...]]]) -> list[ReleaseInfo]:
    """Every release of a database, read through ``rows_of(sql, params)`` (an open :class:`Database`, or the
    rebuild's own connection once ``release_waves`` is written)."""
    rows = rows_of(
        "SELECT release, instrument, meting, label, dimensions, classes_source, synthetic, national_constant "
        "FROM releases ORDER BY release")
    waves: dict[str, list[tuple[int, bool]]] = {}
    for release, jaar, has_dims in rows_of("SELECT release, jaar, dimensions FROM release_waves ORDER BY ALL"):
        waves.setdefault(release, []).append((int(jaar), bool(has_dims)))
    with_grid = {r for (r,) in rows_of("SELECT DISTINCT release FROM sources WHERE kind = 'scores-grid'")}
    levels: dict[str, set[str]] = {}
    for release, level in rows_of("SELECT DISTINCT release, level FROM areas WHERE level <> 'nederland'"):
        levels.setdefault(release, set()).add(level)
    developments: dict[str, list[tuple[int, int]]] = {}
    dev_scores: dict[str, list[tuple[int, int]]] = {}
    for release, a, b, scored in rows_of(
            "SELECT release, from_jaar, to_jaar, bool_or(dlb IS NOT NULL) FROM developments "
            "WHERE dlb IS NOT NULL OR vklasse IS NOT NULL GROUP BY ALL ORDER BY ALL"):
        developments.setdefault(release, []).append((int(a), int(b)))
        if scored:
            dev_scores.setdefault(release, []).append((int(a), int(b)))
    population: dict[str, list[tuple[int, int]]] = {}
    for release, wave, year in rows_of("SELECT release, jaar, pop_jaar FROM wave_population ORDER BY ALL"):
        population.setdefault(release, []).append((int(wave), int(year)))
    out = []
    for release, instrument, meting, label, dims, classes_source, synthetic, constant in rows:
        dim_cols = tuple(d for d in dims.split(",") if d)
        rel_waves = waves.get(release, [])
        out.append(ReleaseInfo(release, instrument, int(meting), label, dim_cols,
                               tuple(w for w, _ in rel_waves), tuple(w for w, has in rel_waves if has),
                               classes_source, bool(synthetic),
                               tuple(lv for lv in ALL_LEVELS if lv in levels.get(release, set())),
                               release in with_grid, tuple(developments.get(release, ())),
                               tuple(dev_scores.get(release, ())), tuple(population.get(release, ())),
                               None if constant is None else float(constant)))
    return out


def default_memory_limit(most_mb: int = 4096) -> str:
    """Half the machine's memory, at most ``most_mb``: a runaway query fails (or, in a build, spills to disk)
    instead of pushing a shared server into swap."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux/macOS
        total = 2 * most_mb * 2**20
    return f"{max(256, min(most_mb, total // 2 // 2**20))}MB"


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """(device, inode, modification time) of the file at ``path`` — a rebuild gives a new inode — or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns


def _check_header(p: Path) -> None:
    """DatabaseError unless ``p`` is a plain file that starts like a DuckDB database: a FIFO or a device would make
    the open wait for ever, and another format (SQLite) makes DuckDB reach for an extension over the network."""
    from leeftui.atomic import special_kind

    kind = special_kind(p)
    if kind is not None:
        raise DatabaseError(f"{p} is {kind}, not a database file.")
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise DatabaseError(f"The database {p} cannot be read: {exc.strerror or exc}.") from None
    if head.startswith(b"SQLite format 3"):
        raise DatabaseError(f"{p} is a SQLite file, not a leeftui database (leeftui reads DuckDB files it built: "
                            "leeftui db rebuild).")
    if len(head) < 12 or head[8:12] != b"DUCK":
        raise DatabaseError(f"The database {p} cannot be opened: it is not a readable DuckDB file"
                            + (" (it is empty)." if not head else "."))


def open_database(path: str | Path) -> Database:
    """Open a leeftui database read-only; raise :class:`DatabaseError` with one clear sentence on failure."""
    p = Path(path)
    if not p.exists():
        raise DatabaseError(f"No database at {p}: run 'leeftui db rebuild' or 'leeftui db download', or pass --db.")
    if p.is_dir():
        raise DatabaseError(f"{p} is a folder, not a database file.")
    _check_header(p)
    try:
        identity = file_identity(p)
        con = duckdb.connect(str(p), read_only=True)
    except duckdb.Error as exc:
        msg = str(exc)
        if re.search(r"\block(ed)?\b", msg, re.IGNORECASE):  # not 'block' in a corrupt file's message
            raise DatabaseError(f"The database {p} is locked by another process (a rebuild may be running); "
                                "try again when it has finished.") from None
        raise DatabaseError(f"The database {p} cannot be opened: it is not a readable DuckDB file "
                            f"({msg.splitlines()[0]}).") from None
    try:
        try:
            version_rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            con.execute("SELECT 1 FROM releases, areas, scores LIMIT 0").fetchall()
        except duckdb.CatalogException:
            raise DatabaseError(f"{p} is a DuckDB file but not a leeftui database "
                                "(tables meta/releases/areas/scores missing).") from None
        version = version_rows[0] if version_rows else None
        if version is None or int(version[0]) != SCHEMA_VERSION:
            found = version[0] if version else "none"
            raise DatabaseError(f"The database {p} has schema version {found}, this leeftui reads version "
                                f"{SCHEMA_VERSION}: rebuild it with 'leeftui db rebuild'.")
        return Database(p, con, identity)
    except DatabaseError:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        raise DatabaseError(f"The database {p} is unreadable ({str(exc).splitlines()[0]}).") from None
