"""Child processes of the benchmark: each runs one app headless and exits (or prints JSON).

    python bench_child.py start-baseline DB     minimal Textual app: DuckDB query → 50-row DataTable
    python bench_child.py start-explorer DB     leeftui's explorer until its list shows data
    python bench_child.py keys DB N             key latencies (N presses per action), JSON on stdout
    python bench_child.py rss DB                explorer on the national buurt list, sorted by Δ
    python bench_child.py rss-baseline DB       the minimal app's peak RSS (for comparison)
    python bench_child.py rss-floor DB          the minimal app, with pyarrow imported and its rows as Arrow: the floor
    python bench_child.py map DB                as rss, then `m`: ms until the national map is painted, peak RSS

Imports are lazy so each start-up mode pays exactly for what its app needs. The parent measures
the whole process (wall time, or peak RSS via wait4).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

SIZE = (120, 40)
TIMEOUT = 60.0


def has_data(app) -> bool:
    """True when the active screen shows a table with rows (a DataTable, or leeftui's AreaGrid)."""
    screen = app.screen
    for w in screen.query("*"):
        name = type(w).__name__
        if name == "DataTable" and w.row_count > 0:
            return True
        if name == "AreaGrid" and getattr(w, "row_count", 0) > 0 and not w.loading:
            return True
    return False


async def wait_until(pilot, cond, what: str, timeout: float = TIMEOUT) -> None:
    """Let the app run until ``cond()`` holds and its messages are processed, then paint the screen.

    Polls every 0.5 ms (no fixed sleeps: Pilot.press/pause wait ≥ 20 ms for "CPU idle" each,
    which would swamp a latency measurement), and ends with a synchronous layout + paint of
    everything dirty (what the screen's refresh timer would do on the next frame).
    """
    app = pilot.app
    deadline = time.perf_counter() + timeout
    while True:
        if getattr(app, "_exception", None) is not None:
            raise RuntimeError(f"the app crashed while waiting for {what}: {app._exception!r}")
        if cond():
            await pilot._wait_for_screen()
            if cond():
                break
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.0005)
    app.screen._on_timer_update()


KEYS = {"down": None, "up": None, "end": None, "enter": "\r", "backspace": "\x08", "left_square_bracket": "[",
        "right_square_bracket": "]"}


def send_key(app, key: str) -> None:
    """Queue one key press exactly as a terminal driver would (what Pilot.press does, minus its idle waits)."""
    from textual import events

    event = events.Key(key, KEYS.get(key, key if len(key) == 1 else None))
    event.set_sender(app)
    app._driver.send_message(event)


async def quiet(pilot) -> None:
    """Let debounced timers and workers (e.g. the detail panel's profile query) finish; not timed."""
    from textual.worker import WorkerCancelled

    await pilot.pause(0.1)
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:  # a newer request replaced it (reading ahead): wait for that one
            continue
    await pilot.pause()


def baseline_app(db: str, arrow: bool = False):
    """The minimal Textual + DuckDB app: 50 rows in a DataTable (``arrow``: fetched as an Arrow table, so that
    pyarrow is loaded too — the floor of any explorer built on Textual, DuckDB and Arrow)."""
    import duckdb
    from textual.app import App
    from textual.widgets import DataTable

    class Minimal(App[None]):
        def compose(self):
            yield DataTable()

        def on_mount(self) -> None:
            con = duckdb.connect(db, read_only=True)
            sql = "SELECT code, name, level FROM areas ORDER BY code LIMIT 50"
            if arrow:
                t = con.sql(sql).to_arrow_table()
                rows = list(zip(*(t.column(c).to_pylist() for c in t.column_names), strict=True))
            else:
                rows = con.execute(sql).fetchall()
            con.close()
            table = self.query_one(DataTable)
            table.add_columns("code", "name", "level")
            table.add_rows(rows)

    return Minimal()


async def start(app) -> None:
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await wait_until(pilot, lambda: has_data(app), "the first screen with data")


# --- key latency --------------------------------------------------------------------------------


class GcClock:
    """Total seconds spent in Python's garbage collector (via gc.callbacks), to explain outliers."""

    def __init__(self) -> None:
        import gc

        self.total = 0.0
        self._t0 = 0.0
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._t0


async def keys(db: str, n: int) -> dict[str, list[float]]:
    from leeftui.ui.app import create_app

    gc_clock = GcClock()
    app = create_app(db, fresh=True)  # the harness starts from the default view every time
    out: dict[str, list[float]] = {}
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await wait_until(pilot, lambda: has_data(app), "the first screen with data")
        screen: Any = app.screen  # the main screen (its list's attributes are what the harness waits on)
        grid: Any = screen.query_one("AreaGrid")

        def loaded(before):
            return lambda: screen.raw is not before and not grid.loading and grid.row_count > 0

        async def timed(name: str, key: str, cond_factory) -> None:
            cond = cond_factory()
            gc_before = gc_clock.total
            t0 = time.perf_counter()
            send_key(app, key)
            await wait_until(pilot, cond, f"{key!r} ({name})")
            out.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
            out.setdefault(f"gc:{name}", []).append((gc_clock.total - gc_before) * 1000)
            await quiet(pilot)

        def cursor_moved():
            before = grid.cursor
            return lambda: grid.cursor != before

        def reloaded():
            return loaded(screen.raw)

        def resorted():
            before = screen.view
            return lambda: screen.view is not before

        # the first second after the first rows: ↓ while the explorer still reads the rest (sets, coverage, views ahead)
        first_data = time.perf_counter()
        while time.perf_counter() - first_data < 1.0 and len(out.get("cursor_early", [])) < n:
            cond = cursor_moved()
            t0 = time.perf_counter()
            send_key(app, "down" if len(out.get("cursor_early", [])) % 2 == 0 else "up")  # every press moves
            await wait_until(pilot, cond, "'down' (cursor_early)")
            out.setdefault("cursor_early", []).append((time.perf_counter() - t0) * 1000)
            await pilot.pause(0.02)
        await quiet(pilot)
        # gemeenten of Nederland: cursor, drill down and back, wave switch
        for i in range(n):
            await timed("cursor", "down" if i % 4 != 3 else "up", cursor_moved)
        for _ in range(n):
            await pilot.press("down")
            await quiet(pilot)
            await timed("drill", "enter", reloaded)
            await timed("back", "backspace", reloaded)
        for i in range(n):
            await timed("wave", "left_square_bracket" if i % 2 == 0 else "right_square_bracket", reloaded)
        # every buurt of the country: scope children → wijk → buurt
        for _ in range(2):
            before = screen.raw
            await pilot.press("a")
            await wait_until(pilot, loaded(before), "the national list")
        await quiet(pilot)
        if screen.state.scope != "buurt":
            raise RuntimeError(f"expected the national buurt list after 'a a', got scope {screen.state.scope!r}")
        out["national_rows"] = [float(grid.row_count)]
        for _ in range(n):
            await timed("cursor_national", "down", cursor_moved)
        for i in range(n):
            await timed("wave_national", "left_square_bracket" if i % 2 == 0 else "right_square_bracket", reloaded)
        for _ in range(40):  # `s` cycles the sort column; stop at Δ (d_lbm)
            if screen.state.sort_col == "d_lbm":
                break
            await pilot.press("s")
            await pilot.pause()
        if screen.state.sort_col != "d_lbm":
            raise RuntimeError("pressing 's' never reached the Δ column (d_lbm)")
        await quiet(pilot)
        for _ in range(n):
            await timed("sort_national", "S", resorted)
    out["floor_cursor"] = await floor(db, n)
    return out


async def floor(db: str, n: int) -> list[float]:
    """The harness floor: ↓ in the minimal app's 50-row DataTable, timed the same way."""
    app = baseline_app(db)
    xs = []
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await wait_until(pilot, lambda: has_data(app), "the first screen with data")
        table = app.query_one("DataTable")
        await quiet(pilot)
        for i in range(n):
            before = table.cursor_row
            t0 = time.perf_counter()
            send_key(app, "down" if i % 4 != 3 else "up")
            await wait_until(pilot, lambda before=before: table.cursor_row != before, "the DataTable cursor")
            xs.append((time.perf_counter() - t0) * 1000)
            await quiet(pilot)
    return xs


async def marks(db: str, n: int) -> None:
    """The explorer started on a remembered state of ``n`` marked areas, buurten first (0: the same start without
    marks; fewer where the database has fewer areas);
    prints its peak RSS, the marks restored and the milliseconds to the first screen with data."""
    from leeftui.store import open_database
    from leeftui.ui import remembered
    from leeftui.ui.app import create_app

    d = open_database(db)
    try:
        rel = d.default_release.release
        rows = d.arrow("SELECT code, coalesce(name, code) AS name FROM areas WHERE release = $rel "
                       "ORDER BY level = 'buurt' DESC, code LIMIT $n", {"rel": rel, "n": n}).to_pylist()
    finally:
        d.close()
    remembered.save(remembered.key_of(db, rel), remembered.Remembered(marks=[[r["code"], r["name"]] for r in rows]))
    app = create_app(db)
    t0 = time.perf_counter()
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await wait_until(pilot, lambda: has_data(app), "the first screen with data")
        ms = (time.perf_counter() - t0) * 1000
        restored = len(app.screen.marks)  # type: ignore[attr-defined]
    print(json.dumps({"vmhwm_kb": vm_hwm_kb(), "marks": restored, "ms": ms}))


async def national_list(pilot: Any, app: Any) -> None:
    """`a` twice: from the gemeenten to all buurten of the country, waiting for each list."""
    screen = app.screen
    for _ in range(2):
        before = screen.raw
        await pilot.press("a")
        await wait_until(pilot, lambda before=before: screen.raw is not before and has_data(app), "the national list")


async def small_map(db: str) -> None:
    """At 80×24 on the national buurt list: `m` timed until the map is painted, then `z` until it is drawn again
    large; prints both, the pane's pixels and the peak RSS."""
    from leeftui.ui.app import create_app

    app = create_app(db, fresh=True)
    async with app.run_test(headless=True, size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: has_data(app), "the first screen with data")
        screen: Any = app.screen
        await national_list(pilot, app)
        panel: Any = screen.query_one("#map")
        t0 = time.perf_counter()
        send_key(app, "m")
        await wait_until(pilot, lambda: getattr(panel, "_raster", None) is not None, "the map")
        first = (time.perf_counter() - t0) * 1000
        small = panel._raster
        t0 = time.perf_counter()
        send_key(app, "z")
        await wait_until(pilot, lambda: getattr(panel, "_raster", None) not in (None, small), "the large map")
        large_ms = (time.perf_counter() - t0) * 1000
        pixels = (len(panel._raster.cells[0]), len(panel._raster.cells))
    print(json.dumps({"vmhwm_kb": vm_hwm_kb(), "map_ms": first, "z_ms": large_ms, "pixels": pixels,
                      "areas": len(panel._data.codes)}))


async def rss(db: str, with_map: bool = False) -> None:
    """The explorer on the national buurt list sorted by Δ, the detail loaded (``with_map``: then `m`, timed from
    the key until the map of all buurten is painted); prints its peak RSS (and the map's ms) as JSON."""
    from leeftui.ui.app import create_app

    app = create_app(db, fresh=True)  # the harness starts from the default view every time
    map_ms = None
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await wait_until(pilot, lambda: has_data(app), "the first screen with data")
        screen: Any = app.screen
        await national_list(pilot, app)
        for _ in range(40):
            if screen.state.sort_col == "d_lbm":
                break
            await pilot.press("s")
            await pilot.pause()
        await pilot.press("end")
        await pilot.pause(0.3)  # let the detail panel load its profile
        if with_map:
            panel: Any = screen.query_one("#map")
            t0 = time.perf_counter()
            send_key(app, "m")  # as a terminal sends it (Pilot.press would add its idle waits)
            await wait_until(pilot, lambda: getattr(panel, "_raster", None) is not None, "the map")
            map_ms = (time.perf_counter() - t0) * 1000
            areas = len(panel._data.codes)
    doc = {"vmhwm_kb": vm_hwm_kb(), "scope": screen.state.scope, "rows": screen.raw.num_rows}
    if with_map:
        doc |= {"map_ms": map_ms, "map_areas": areas}
    print(json.dumps(doc))


def vm_hwm_kb() -> int:
    """Peak resident set size of this process image, from /proc/self/status (VmHWM, kB).

    Not getrusage/wait4 ru_maxrss: after fork/vfork + exec that also counts the parent's peak
    (Linux carries the old mm's high-water mark into the exec'ed process), so a child of a big
    benchmark process would report the benchmark's memory.
    """
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(argv: list[str]) -> None:
    mode, db = argv[0], argv[1]
    if mode == "start-baseline":
        asyncio.run(start(baseline_app(db)))
    elif mode == "start-explorer":
        from leeftui.ui.app import create_app

        asyncio.run(start(create_app(db, fresh=True)))
    elif mode == "keys":
        print(json.dumps(asyncio.run(keys(db, int(argv[2])))))
    elif mode == "rss":
        asyncio.run(rss(db))
    elif mode == "map":
        asyncio.run(rss(db, with_map=True))
    elif mode == "marks":
        asyncio.run(marks(db, int(argv[2])))
    elif mode == "map-small":
        asyncio.run(small_map(db))
    elif mode in ("rss-baseline", "rss-floor"):
        asyncio.run(start(baseline_app(db, arrow=mode == "rss-floor")))
        print(json.dumps({"vmhwm_kb": vm_hwm_kb(), "scope": "buurt", "rows": 50}))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
