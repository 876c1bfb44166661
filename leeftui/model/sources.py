"""Where a view's column takes its values from (:attr:`leeftui.model.columns.Column.source`): a figure of the area
itself, of wave A or B, a CBS count, the trend, the change B − A, a development the release publishes, or a measure
computed from other columns. The store (:func:`leeftui.store.figures.view_table`) fills each kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class Identity:
    """A figure of the area itself, the same in every wave
    (``stored`` names the column of ``view_figures``; default: the key)."""

    stored: str | None = None


@dataclass(frozen=True)
class AtWave:
    """One wave's figure: ``field`` of wave A or B (``{d}``/``{f}`` expand with the column)."""

    field: str
    side: Literal["a", "b"]


@dataclass(frozen=True)
class Population:
    """A CBS count of wave B's population year (:meth:`leeftui.model.release.ReleaseInfo.population_year`):
    ``inw`` inhabitants, ``hh`` households."""

    field: Literal["inw", "hh"] = "inw"


@dataclass(frozen=True)
class Trend:
    """The release's score over all its waves, as a list (the list's sparkline)."""


@dataclass(frozen=True)
class Change:
    """The change of ``field`` from wave A to wave B: B − A (:func:`leeftui.model.measures.change`)."""

    field: str


@dataclass(frozen=True)
class Published:
    """A development the release publishes from wave A to wave B (LBM 2.0: ``dlb``, the score DLBRMTR, or
    ``vklasse``, the class VKLaabb); missing where it publishes none for those two waves."""

    field: str


@dataclass(frozen=True)
class Derived:
    """A measure computed from other columns of the view: ``compute`` gets them by key (Arrow arrays) and returns
    one array of the view's length."""

    needs: tuple[str, ...]
    compute: Callable[[Mapping[str, pa.Array | pa.ChunkedArray]], pa.Array | pa.ChunkedArray]


Source = Identity | AtWave | Population | Trend | Change | Published | Derived
