"""Reporting background work that failed: every UI worker runs with ``exit_on_error=False``, so an
unexpected error becomes a notification instead of ending the app.

``Worker.StateChanged`` does not bubble, so each node that runs workers calls :func:`report_failure`
from its ``on_worker_state_changed``.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState


def report_failure(node: DOMNode, event: Worker.StateChanged) -> bool:
    """Notify the user when ``event`` says a worker failed; return True if it did."""
    if event.state != WorkerState.ERROR:
        return False
    worker = event.worker
    what = worker.name or "a background task"
    detail = f": {worker.error}" if worker.error is not None else ""
    node.app.notify(f"{what} failed{detail}", title="Something went wrong", severity="error", timeout=10,
                    markup=False)
    return True
