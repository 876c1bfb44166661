"""The areas marked with Space: kept across navigation, in marking order, with an undo history."""

from __future__ import annotations

import pyarrow as pa


class Marks:
    """Areas marked with Space (kept across navigation), in the order they were marked."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._history: list[tuple[str, dict[str, str]]] = []
        """(what was done, the marks before it), newest last."""

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, code: object) -> bool:
        return code in self._names

    def toggle(self, code: str, name: str) -> None:
        """Mark ``code``, or unmark it if it was marked."""
        self._history.append((f"{'unmark' if code in self._names else 'mark'} {name}", dict(self._names)))
        if code in self._names:
            del self._names[code]
        else:
            self._names[code] = name

    def clear(self) -> None:
        """Unmark everything."""
        if self._names:
            self._history.append((f"clear {len(self._names)} marks", dict(self._names)))
        self._names.clear()

    def load(self, marked: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> None:
        """Take up these (code, name) marks as they are, with no history (marks restored from the last run are not
        an edit to undo); linear in their number."""
        self._names = dict(marked)
        self._history.clear()

    def undo(self) -> str | None:
        """Take back the last change; return what it was, or None when there is nothing to undo."""
        if not self._history:
            return None
        what, before = self._history.pop()
        self._names = before
        return what

    @property
    def codes(self) -> tuple[str, ...]:
        """The marked codes, in marking order."""
        return tuple(self._names)

    def named(self) -> list[tuple[str, str]]:
        """(code, name) of the marked areas, in marking order."""
        return list(self._names.items())

    def only(self, table: pa.Table) -> pa.Table:
        """The rows of ``table`` whose code is marked."""
        import pyarrow.compute as pc

        return table.filter(pc.is_in(table.column("code"), pa.array(list(self._names), pa.string())))
