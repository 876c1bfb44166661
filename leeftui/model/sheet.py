"""One page about one area (`leeftui report CODE`, `r` in the explorer): its figures as values, ready to be laid
out as HTML, Markdown or PDF by :mod:`leeftui.present.sheet`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leeftui.model.profile import AreaProfile


@dataclass(frozen=True)
class Rank:
    """Where the area stands among the areas of its level in one wave: ``rank`` of ``of`` (1 = highest score)."""

    within: str
    """'Nederland', or the gemeente's name."""
    rank: int
    of: int


@dataclass(frozen=True)
class Band:
    """A class's range on the chart's scale: lower ≤ score < upper (None: open)."""

    klasse: int
    lower: float | None
    upper: float | None
    label: str


@dataclass(frozen=True)
class AreaSheet:
    """Everything the one-page report shows of an area, and what each figure stands on."""

    profile: AreaProfile
    wave: int
    """The wave the page is about (the latest with a score)."""
    ranks: tuple[Rank, ...]
    bands: tuple[Band, ...]
    """The classes on the chart's scale (the release's score); empty without class bounds."""
    map: Any
    """:class:`leeftui.store.outlines.MapData` of the area among its neighbours, or None without outlines."""
    map_note: str
    """Why there is no map, or what it shows."""
    notes: tuple[str, ...]
    """What the figures stand on: the classes' source, the population year, derived or partial figures, the demo
    notice."""
    notice: str
    """'DEMO DATA — synthetic' for the demo database, else ''."""
    release_label: str
