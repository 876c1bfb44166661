"""Small side inputs: area sets (TOML) and class boundaries (CSV). Both are documented in db/README.md."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from leeftui.ingest.report import Issues
from leeftui.schema import CLASS_FIELDS, CLASS_LABELS, CODE_PATTERNS

CODE_RE = re.compile("|".join(CODE_PATTERNS[lv] for lv in ("gemeente", "wijk", "buurt", "pc4")) + "|^NL$")
"""Codes an area set may list (CBS areas, postcode areas and Nederland)."""
SHIPPED_CLASSES = Path(__file__).resolve().parents[1] / "data" / "classes-lbm3-meting2024.csv"
"""The class bounds leeftui ships: Leefbaarometer 3.0, meting 2024, reconstructed from the official class codes
(not the published table; the file's comments say how). Applied by default to that release only."""
SHIPPED_FOR = ("LBM 3.0", 2024)
"""(instrument, meting) the shipped bounds belong to."""

BOUNDS_COLUMNS = ("release", "field", "scale", "klasse", "lower", "upper", "label", "source")
"""Columns of a class-boundary file; ``field`` may be left out (then every row is the score's class)."""
SCORE_ONLY_COLUMNS = tuple(c for c in BOUNDS_COLUMNS if c != "field")


@dataclass(frozen=True)
class AreaSet:
    """One named group of areas from a TOML file."""

    name: str
    description: str | None
    source: str
    members: tuple[tuple[str, int | None, int | None, str | None], ...]
    """(code, start_year, end_year, note)."""
    release: str | None = None
    """The release the members belong to (a set matched by name, per release); None: every release."""


@dataclass(frozen=True)
class Bound:
    """One row of a class-boundary file."""

    release: str | None
    field: str
    """The class column it fills (:data:`leeftui.schema.CLASS_FIELDS`): 'klasse' for the score."""
    scale: str
    klasse: int
    lower: float | None
    upper: float | None
    label: str
    source: str


def parse_toml(path: Path) -> tuple[dict[str, object] | None, str | None]:
    """The TOML document, or None and the reason it cannot be read (syntax error with its line, encoding)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig")), None
    except tomllib.TOMLDecodeError as exc:
        return None, f"TOML syntax error: {exc}"
    except RecursionError:
        return None, "it nests arrays or tables too deep to read (a set file is flat: [[set]] tables of members)"
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except OSError as exc:
        return None, f"cannot read it: {exc.strerror or exc}"


def is_area_set_file(data: dict[str, object]) -> bool:
    """True when a TOML document has ``[[set]]`` tables."""
    return isinstance(data.get("set"), list)


def read_area_sets(data: dict[str, object], name: str, issues: Issues) -> list[AreaSet]:
    """Read ``[[set]]`` tables (name, description, members = [{code, start, end, note}]) of a parsed TOML file."""
    out = []
    tables = data.get("set")
    for i, s in enumerate(tables if isinstance(tables, list) else [], start=1):
        if not isinstance(s, dict) or not isinstance(s.get("name"), str) or not s["name"].strip():
            issues.error(name, None, f"set #{i} has no name")
            continue
        members = []
        for m in s.get("members", []):
            if isinstance(m, str):
                m = {"code": m}
            code = str(m.get("code", "")).strip().upper() if isinstance(m, dict) else ""
            if not CODE_RE.match(code):
                issues.error(name, None, f"set {s['name']!r}: member code {code or m!r} is not a CBS code or a "
                                         "4-digit postcode")
                continue
            start, end = m.get("start"), m.get("end")
            for val, what in ((start, "start"), (end, "end")):
                if val is not None and not (isinstance(val, int) and 1900 <= val <= 2100):
                    issues.error(name, None, f"set {s['name']!r}, {code}: {what} {val!r} is not a year")
            if isinstance(start, int) and isinstance(end, int) and start > end:
                issues.error(name, None, f"set {s['name']!r}, {code}: start {start} is after end {end}")
            members.append((code, start if isinstance(start, int) else None, end if isinstance(end, int) else None,
                            m.get("note")))
        codes = [m[0] for m in members]
        if len(set(codes)) != len(codes):
            issues.error(name, None, f"set {s['name']!r} lists a code twice")
        out.append(AreaSet(s["name"].strip(), s.get("description"), name, tuple(members)))
    return out


def read_bounds(path: Path, issues: Issues) -> list[Bound]:
    """Read a class-boundary CSV (``#`` comments; columns release,[field,]scale,klasse,lower,upper,label,source)."""
    name = path.name
    text = path.read_text(encoding="utf-8-sig")
    rows = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        issues.error(name, None, "no header and no class rows")
        return []
    hline, header = rows[0][0], [h.strip().lower() for h in next(csv.reader([rows[0][1]]))]
    if tuple(header) not in (BOUNDS_COLUMNS, SCORE_ONLY_COLUMNS):
        issues.error(name, hline, f"header must be {','.join(BOUNDS_COLUMNS)} (field may be left out), "
                                  f"found {','.join(header)}")
        return []
    columns = tuple(header)
    labels = dict(CLASS_LABELS)
    out: list[Bound] = []
    for n, line in rows[1:]:
        f = [x.strip() for x in next(csv.reader(io.StringIO(line)))]
        if len(f) != len(columns):
            issues.error(name, n, f"expected {len(columns)} fields, found {len(f)}")
            continue
        row = dict(zip(columns, f, strict=True))
        release, field, scale, klasse = row["release"], row.get("field") or "klasse", row["scale"], row["klasse"]
        lower, upper, label, source = row["lower"], row["upper"], row["label"], row["source"]
        try:
            k = int(klasse)
            lo = float(lower) if lower else None
            up = float(upper) if upper else None
        except ValueError:
            issues.error(name, n, f"klasse/lower/upper must be numbers, found {klasse!r}, {lower!r}, {upper!r}")
            continue
        if field not in CLASS_FIELDS:
            issues.error(name, n, f"field must be one of {', '.join(CLASS_FIELDS)}, found {field!r}")
            continue
        if scale not in CLASS_FIELDS[field] or not 1 <= k <= 9:
            issues.error(name, n, f"scale must be {' or '.join(CLASS_FIELDS[field])} for {field} and klasse 1–9, "
                                  f"found {scale!r}, {klasse!r}")
            continue
        if lo is None and up is None:
            issues.error(name, n, f"class {k} has neither a lower nor an upper bound (fill in the template)")
            continue
        if lo is not None and up is not None and lo >= up:
            issues.error(name, n, f"class {k}: lower {lo} is not below upper {up}")
            continue
        out.append(Bound(release or None, field, scale, k, lo, up, label or labels[k], source or name))
    keys = [(b.release, b.field, b.klasse) for b in out]
    if len(set(keys)) != len(keys):
        issues.error(name, None, "a class appears twice for the same release and field")
    if len({(b.release, b.field, b.scale) for b in out}) != len({(b.release, b.field) for b in out}):
        issues.error(name, None, "one release mixes the lbm and afw scales for the score's class")
    for message in _gaps_and_overlaps(out):
        issues.error(name, None, message)
    return out


def _gaps_and_overlaps(bounds: list[Bound]) -> list[str]:
    """Where consecutive classes of one release and field do not meet: upper(k) must equal lower(k + 1)."""
    groups: dict[tuple[str | None, str], dict[int, Bound]] = {}
    for b in bounds:
        groups.setdefault((b.release, b.field), {})[b.klasse] = b
    out = []
    for (release, field), by_class in groups.items():
        where = f"{field} of {release or 'every release'}"
        for k in sorted(by_class):
            nxt = by_class.get(k + 1)
            if nxt is None:
                continue
            up, lo = by_class[k].upper, nxt.lower
            if up is None and lo is None:
                out.append(f"{where}: no bound between class {k} and {k + 1}")
            elif up is not None and lo is not None and up != lo:
                what = "overlap" if up > lo else "leave a gap"
                out.append(f"{where}: classes {k} (upper {up:g}) and {k + 1} (lower {lo:g}) {what}; "
                           f"the upper bound of one class must be the lower bound of the next")
    return out
