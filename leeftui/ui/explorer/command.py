"""The explorer's view as a command and back: :func:`view_args` turns what the list shows (scope, waves, filter,
sort, shown columns) into the options of `leeftui export` that write the same rows (`x` copies it, the palette
saves it under a name); :func:`apply_args` puts a saved view's options back into the list's state. Plain
functions of values: no widgets, no queries."""

from __future__ import annotations

from dataclasses import dataclass, replace

from leeftui.errors import UsageError
from leeftui.model import columns as model
from leeftui.model.columns import Context
from leeftui.model.filters import ViewFilter, parse_class_filter
from leeftui.model.viewspec import ViewArgs, rename_columns
from leeftui.ui.columns import Column
from leeftui.ui.explorer.state import ScopeChoice, ViewState


def _export_names(context: Context) -> dict[str, str]:
    """View key → export name, for the columns `export --compare` writes."""
    return {c.key: c.export for c in model.wide(context)}


def view_args(state: ViewState, context: Context, shown: list[Column], top_level: str) -> ViewArgs:
    """The export options of the list as it is; UsageError where the export cannot say it (a filter on a column
    the export does not write)."""
    names = _export_names(context)
    kwargs: dict[str, object] = {}
    if state.scope == "children":
        kwargs |= {"level": top_level} if state.parent == "NL" else {"in_code": state.parent}
    elif state.scope.startswith("gemeente-"):
        kwargs |= {"in_code": state.scope_arg, "level": state.scope.removeprefix("gemeente-")}
    elif state.scope == "set":
        kwargs["set_name"] = state.scope_arg
    elif state.scope == "marked":
        kwargs["areas"] = tuple(state.scope_codes)
    else:
        kwargs["level"] = state.scope
    f = state.filter
    classes = []
    if f.klasse_min is not None or f.klasse_max is not None:
        classes.append(f"{f.klasse_min or 1}-{f.klasse_max or 9}")
    classes += [f"{name}:{lo}-{hi}" for name, lo, hi in f.dimension_classes]
    where = None
    if f.expression:
        where = rename_columns(f.expression, names)
        from leeftui.model.expr import tokens

        unknown = [t.text for t in tokens(where) if t.kind == "name" and t.text in model.by_key(context)
                   and t.text not in names.values()]
        if unknown:
            raise UsageError(f"The filter reads {unknown[0]!r}, a column `leeftui export` does not write.")
    sort = None
    if state.sort_col is not None and state.sort_col in names:
        sort = ("-" if state.sort_desc else "") + names[state.sort_col]
    shown_keys = [key for c in shown if c.model is not None for key in c.model.exports]
    return ViewArgs(compare=(state.wave_a, state.wave_b), klasse=",".join(classes) or None, below=f.score_below,
                    declined=f.declined, improved=f.improved, change_below=f.delta_below,
                    change_above=f.delta_above, where=where, sort=sort,
                    columns=tuple(dict.fromkeys(names[k] for k in shown_keys if k in names)),
                    **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Applied:
    """What a saved view sets in the list: the scope (and the parent for a list of children), the waves, the
    filter, the sort and the columns hidden."""

    scope: ScopeChoice
    parent: str | None
    waves: tuple[int, int]
    filter: ViewFilter
    sort: tuple[str | None, bool]
    hidden: frozenset[str] | None


def apply_args(args: ViewArgs, context: Context, listed: list[Column], names: dict[str, str]) -> Applied:
    """The list's state for ``args`` (its waves already those of this release); ``listed``: every list column,
    ``names``: area code → name for the scope's label."""
    keys = {v: k for k, v in _export_names(context).items()}
    parent: str | None = None
    if args.areas:
        scope = ScopeChoice("marked", None, f"the {len(args.areas)} areas of the view")
    elif args.set_name:
        scope = ScopeChoice("set", args.set_name, f"members of set '{args.set_name}'")
    elif args.in_code and args.level in ("wijk", "buurt"):
        name = names.get(args.in_code, args.in_code)
        scope = ScopeChoice(f"gemeente-{args.level}", args.in_code, f"all {args.level}en of {name}")
    elif args.in_code:
        scope, parent = ScopeChoice("children"), args.in_code
    elif args.level in ("wijk", "buurt", "pc4"):
        scope = ScopeChoice(args.level, None, {"wijk": "all wijken of NL", "buurt": "all buurten of NL",
                                                "pc4": "all postcode areas (PC4)"}[args.level])
    else:
        scope, parent = ScopeChoice("children"), "NL"
    lo = hi = None
    dims: tuple[tuple[str, int, int], ...] = ()
    if args.klasse:
        names_ = tuple(f.removeprefix("klasse_") for f in context.release.class_fields)
        score_class, dims = parse_class_filter(args.klasse, names_)
        lo, hi = score_class if score_class is not None else (None, None)
    where = rename_columns(args.where, keys) if args.where else None
    f = ViewFilter(declined=args.declined, improved=args.improved, klasse_min=lo, klasse_max=hi,
                   delta_below=args.change_below, delta_above=args.change_above, score_below=args.below,
                   dimension_classes=dims, expression=where)
    sort: tuple[str | None, bool] = (None, False)
    if args.sort:
        key = keys.get(args.sort.lstrip("-+"))
        sort = (key, args.sort.startswith("-")) if key else (None, False)
    hidden = None
    if args.columns:
        wanted = {keys.get(c) for c in args.columns}
        hidden = frozenset(c.key for c in listed if c.model is not None and c.key != "name"
                           and not wanted & set(c.model.exports))
    return Applied(scope, parent, args.compare, f, sort, hidden)


def with_waves(args: ViewArgs, waves: tuple[int, int]) -> ViewArgs:
    """``args`` comparing other waves (a saved view on a newer release)."""
    return replace(args, compare=waves)
