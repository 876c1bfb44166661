"""Process tuning for the explorer: garbage-collector thresholds, freezing long-lived objects, Arrow's allocator, the
interpreter's switch interval.

Kept apart from the app so screens can call :func:`settle_memory` without importing the app.
"""

from __future__ import annotations

import gc
import sys

GC_THRESHOLDS = (700, 10, 100)
"""Python's defaults are (700, 10, 10). After ``gc.freeze`` the frozen objects no longer count as
long-lived, so the rule that keeps full collections rare stops working and one runs every ten
young-generation passes (20–100 ms each, in whatever key press it lands). 100 instead of 10 makes
them rare again; young collections stay small (≤ 8 ms). Keys benchmark (scale 0.1, 240 presses):
full collections 14–16 → 1, p95 of back/wave/national wave 80–120 → 42–61 ms."""


SWITCH_INTERVAL = 0.001
"""Seconds a thread holding the interpreter may run while another waits for it (Python's default is 0.005). The
explorer's workers draw profiles and read views ahead while the cursor rests — Python work, in threads — and a key
pressed meanwhile waited up to 5 ms at every hand-over of its handling. ↓ on the gemeenten, 50 ms between
presses, as painted in the console script (8 alternated starts × 20 presses): p50 17.8 → 11.0 ms, p95 41.7 →
29.8 ms; the first `m`, the first paint and the workers' own times unchanged within the noise."""


def settle_memory() -> None:
    """Move every object alive now into the GC's permanent generation (``gc.freeze``).

    The explorer keeps tens of thousands of long-lived objects (Textual, Rich, the database engine, Arrow,
    the screens, the areas of the release); without this every full collection walks all of
    them again, a pause that lands in whatever key press happens to trigger it. Call it after
    the start and after big loads. Freezing is a constant-time list splice (no collection runs).
    """
    gc.freeze()


def use_system_allocator() -> None:
    """Let Arrow allocate with malloc instead of its default mimalloc pool.

    mimalloc keeps large per-thread segments committed after Arrow's compute kernels run
    (≈ 35 MB of resident memory for a 5 MB national view); malloc returns them.
    """
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def tune_process() -> None:
    """Apply the explorer's allocator and GC settings (once, before the app is built)."""
    use_system_allocator()
    gc.set_threshold(*GC_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL)
