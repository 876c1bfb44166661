"""A view as the options of `leeftui export`: what the explorer shows (scope, waves, filter, sort, columns) as the
command that writes the same rows — to copy (the explorer's `x`), to save under a name and to replay on another
release (`leeftui view`). Plain values: the explorer's state is turned into these in :mod:`leeftui.ui.explorer.
command`, the CLI runs them through `export`'s own parser.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leeftui.errors import UsageError

if TYPE_CHECKING:
    from leeftui.model.selection import Selection


@dataclass(frozen=True)
class ViewArgs:
    """The options of a view, in `leeftui export`'s words (wide format: ``compare`` is always given)."""

    compare: tuple[int, int]
    level: str | None = None
    in_code: str | None = None
    areas: tuple[str, ...] = ()
    set_name: str | None = None
    klasse: str | None = None
    """The ``--class`` text, e.g. '1-4,onv:1-3'."""
    below: float | None = None
    declined: bool = False
    improved: bool = False
    change_below: float | None = None
    change_above: float | None = None
    where: str | None = None
    sort: str | None = None
    """An export column, '-' before it for descending."""
    columns: tuple[str, ...] = ()

    def args(self) -> list[str]:
        """The options, in a fixed order, as `leeftui export` takes them."""
        out: list[str] = []
        if self.level:
            out += ["--level", self.level]
        if self.in_code:
            out += ["--in", self.in_code]
        for code in self.areas:
            out += ["--area", code]
        if self.set_name:
            out += ["--set", self.set_name]
        out += ["--compare", f"{self.compare[0]}:{self.compare[1]}"]
        if self.klasse:
            out += ["--class", self.klasse]
        if self.below is not None:
            out += ["--below", repr(self.below)]
        if self.declined:
            out.append("--declined")
        if self.improved:
            out.append("--improved")
        if self.change_below is not None:
            out += ["--change-below", repr(self.change_below)]
        if self.change_above is not None:
            out += ["--change-above", repr(self.change_above)]
        if self.where:
            out += ["--where", self.where]
        if self.sort:
            out += ["--sort", self.sort]
        if self.columns:
            out += ["--columns", ",".join(self.columns)]
        return out

    def selection(self) -> Selection:
        """The rows of the view, as `leeftui export` with these options selects them."""
        from leeftui.model.filters import parse_class_filter
        from leeftui.model.selection import Selection
        from leeftui.schema import DIMENSION_CLASS_FIELDS

        names = tuple(f.removeprefix("klasse_") for f in DIMENSION_CLASS_FIELDS)
        score_class, dims = parse_class_filter(self.klasse, names) if self.klasse else (None, ())
        return Selection(level=self.level, in_code=self.in_code, areas=self.areas, set_name=self.set_name,
                         compare=self.compare, columns=self.columns or None, klasse=score_class,
                         dimension_classes=dims, below=self.below, declined=self.declined, improved=self.improved,
                         change_below=self.change_below, change_above=self.change_above, sort=self.sort,
                         where=self.where)

    def command(self, db: str | None = None, release: str | None = None) -> str:
        """The whole command line, quoted for a POSIX shell."""
        head = ["leeftui", "export", *(["--db", db] if db else []), *(["--release", release] if release else [])]
        return shlex.join([*head, *self.args()])

    @classmethod
    def parse(cls, args: Sequence[str]) -> ViewArgs:
        """Read the options back (a saved view's, or ones typed after `leeftui view save NAME --`); UsageError
        naming an option a view cannot hold (--waves, -o, --format …: a view compares two waves, and where its
        rows go is said when it is run)."""
        parser = argparse.ArgumentParser(prog="view", add_help=False, exit_on_error=False)
        parser.add_argument("--level")
        parser.add_argument("--in", dest="in_code")
        parser.add_argument("--area", action="append", default=[])
        parser.add_argument("--set", dest="set_name")
        parser.add_argument("--compare")
        parser.add_argument("--class", dest="klasse")
        parser.add_argument("--below", type=float)
        parser.add_argument("--declined", action="store_true")
        parser.add_argument("--improved", action="store_true")
        parser.add_argument("--change-below", type=float)
        parser.add_argument("--change-above", type=float)
        parser.add_argument("--where")
        parser.add_argument("--sort")
        parser.add_argument("--columns")
        valued = {a for action in parser._actions if action.nargs is None for a in action.option_strings}
        joined: list[str] = []
        for arg in args:  # '--sort -delta_lbm': a value that begins with '-' is the option's, not an option
            if joined and joined[-1] in valued and arg.startswith("-"):
                joined[-1] = f"{joined[-1]}={arg}"
            else:
                joined.append(arg)
        try:
            ns, rest = parser.parse_known_args(joined)
        except (argparse.ArgumentError, SystemExit) as exc:
            raise UsageError(f"A view is the options of `leeftui export --compare A:B …`: {_reason(exc)}") from None
        if ns.compare is None:
            raise UsageError("A view compares two waves: give --compare A:B among its options (e.g. -- --level "
                             "buurt --compare 2014:2024 --declined).")
        if rest:
            raise UsageError(f"A view cannot hold {rest[0]!r}: it keeps which areas, the two waves, the filter, the "
                             "sort and the columns (say where the rows go, -o or --format, when you run it).")
        from leeftui.model.filters import parse_compare

        return cls(compare=parse_compare(ns.compare), level=ns.level, in_code=ns.in_code,
                   areas=tuple(ns.area), set_name=ns.set_name, klasse=ns.klasse, below=ns.below,
                   declined=ns.declined, improved=ns.improved, change_below=ns.change_below,
                   change_above=ns.change_above, where=ns.where, sort=ns.sort,
                   columns=tuple(c for c in (ns.columns or "").split(",") if c))


def _reason(exc: BaseException) -> str:
    return str(exc) or "the options cannot be read"


def map_waves(compare: tuple[int, int], saved: Sequence[int], waves: Sequence[int]) -> tuple[tuple[int, int], str]:
    """Waves A:B of a view saved on a release of waves ``saved``, for a release of ``waves``: kept where the release
    has both; else both taken at the same places counted back from the latest wave (a view of the last two waves
    stays one of the last two). Returns them and a note ('' when kept); UsageError when a place does not exist."""
    a, b = compare
    if a in waves and b in waves:
        return compare, ""
    if a not in saved or b not in saved:
        missing = a if a not in saved else b
        raise UsageError(f"Wave {missing} is in neither the release the view was saved on nor this one (waves: "
                         f"{', '.join(map(str, waves))}).")
    back = [len(saved) - 1 - list(saved).index(w) for w in (a, b)]
    if back[0] >= len(waves):
        raise UsageError(f"The view compares {a}:{b}, {back[0]} waves before the latest of its release, and this "
                         f"release has only {len(waves)} waves ({', '.join(map(str, waves))}): save the view again "
                         "with waves it has.")
    mapped = (waves[len(waves) - 1 - back[0]], waves[len(waves) - 1 - back[1]])
    return mapped, (f"waves {a}:{b} are not both in this release: compared at the same places from its latest "
                    f"wave, {mapped[0]}:{mapped[1]}")


def rename_columns(expression: str, names: Mapping[str, str]) -> str:
    """``expression`` (the filter language) with each column name found in ``names`` replaced by its value
    (the explorer's view keys ↔ export names); strings, numbers and keywords untouched."""
    from leeftui.model.expr import tokens

    out, at = [], 0
    for tok in tokens(expression):
        if tok.kind == "name" and tok.text in names:
            out += [expression[at:tok.pos], names[tok.text]]
            at = tok.pos + len(tok.text)
    return "".join(out) + expression[at:]
