"""The title bar every screen shows: app, release label, and the demo notice when the data is synthetic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

if TYPE_CHECKING:
    from leeftui.ui.session import Session


class TitleBar(Horizontal):
    """One line: 'leeftui · <release label>' and, for demo data, a prominent 'DEMO DATA — synthetic'."""

    DEFAULT_CSS = """
    TitleBar { height: 1; }
    TitleBar > #title-label { width: 1fr; height: 1; }
    TitleBar > #title-notice { width: auto; height: 1; }
    TitleBar > #title-stale { width: auto; height: 1; display: none; }
    TitleBar.-stale > #title-stale { display: block; }
    """

    STALE = " ⟳ OLD DATA: ctrl+r reloads "
    """Shown while the database file has been replaced since the app opened it."""

    def __init__(self, label: str, notice: str, subtitle: str = "", synthetic: bool = False) -> None:
        super().__init__()
        # the notice stands on its own on the right; don't repeat it inside a truncated label
        self._label = label.replace(" (DEMO — synthetic)", "") if (notice or synthetic) else label
        self._notice = notice or ("DEMO DATA — synthetic" if synthetic else "")
        self._subtitle = subtitle

    @classmethod
    def of(cls, session: Session, subtitle: str = "") -> TitleBar:
        """The title bar of a screen of ``session``: its release, the database's notice, ``subtitle``."""
        rel = session.release
        return cls(rel.label, session.db.notice, subtitle, synthetic=session.db.synthetic or rel.synthetic)

    def compose(self) -> ComposeResult:
        sub = f" · {self._subtitle}" if self._subtitle else ""
        yield Static(Text.assemble(("leeftui", "bold"), f" · {self._label}{sub}"), id="title-label")
        yield Static(self.STALE, id="title-stale", markup=False)
        if self._notice:
            yield Static(f" ⚠ {self._notice} ", id="title-notice", markup=False)

    def on_mount(self) -> None:
        self.set_class(bool(getattr(getattr(self.app, "session", None), "stale", False)), "-stale")
