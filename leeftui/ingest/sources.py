"""Finding source files (zip, folder, single files), hashing them, and sniffing CSV encoding/delimiter/header."""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from leeftui.atomic import special_kind
from leeftui.errors import BuildError, UsageError
from leeftui.schema import SYNTHETIC_MARKER

DATA_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".json", ".toml", ".gpkg", ".geojson", ".dbf"})
"""File name endings that may hold data; anything else (PDF, gpkg, txt) is skipped and listed."""

METADATA_NAMES = frozenset({"tableinfos.json", "dataproperties.json", SYNTHETIC_MARKER.lower()})
"""CBS metadata files, read for their facts (Period), and leeftui's synthetic marker: not data."""


@dataclass(frozen=True)
class SourceFile:
    """One candidate data file, on disk (zip members are extracted to a work folder)."""

    name: str
    """Display name: the path as given, or zip + '!' + member."""
    path: Path
    """Where the bytes are on disk."""
    folder_key: str
    """Identifies the folder the file sits in (for finding TableInfos.json beside it)."""

    @property
    def suffix(self) -> str:
        """Lower-case file name ending, e.g. '.csv'."""
        return self.path.suffix.lower()


@dataclass(frozen=True)
class Discovery:
    """Everything found under the given sources."""

    files: tuple[SourceFile, ...]
    """Candidate data files, in a stable order."""
    metadata: tuple[SourceFile, ...]
    """CBS metadata files (TableInfos.json and the like)."""
    ignored: tuple[str, ...]
    """Files skipped as non-data (listed in the report)."""


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def discover(sources: Sequence[Path], workdir: Path) -> Discovery:
    """Expand zips, folders (recursively) and files into candidate data files.

    Raises :class:`UsageError` for a source that does not exist.
    """
    files: list[SourceFile] = []
    meta: list[SourceFile] = []
    ignored: list[str] = []
    for n, src in enumerate(sources):
        src = Path(src)
        if not src.exists():
            raise UsageError(f"Source {src} does not exist.")
        kind = special_kind(src)
        if kind is not None:  # reading it would wait for ever (a FIFO) or never end (/dev/zero)
            raise UsageError(f"Source {src} is {kind}; give a file, a folder or a zip.")
        if src.is_dir():
            entries = [(str(p), p, str(p.parent)) for p in sorted(src.rglob("*")) if p.is_file()]
        elif src.suffix.lower() not in DATA_SUFFIXES and zipfile.is_zipfile(src):  # .xlsx is a zip too
            entries = _extract_zip(src, workdir / f"zip{n}")
        else:
            entries = [(str(src), src, str(src.parent))]
            # a file given alone still has its CBS metadata beside it (TableInfos.json says the year)
            entries += [(str(m), m, str(src.parent)) for m in sorted(src.parent.iterdir())
                        if m.is_file() and m.name.lower() in METADATA_NAMES and m != src
                        and all(m != Path(o) for o in sources)]
        for name, path, key in entries:
            sf = SourceFile(name, path, key)
            if path.name.lower() in METADATA_NAMES:
                meta.append(sf)
            elif sf.suffix in DATA_SUFFIXES:
                files.append(sf)
            else:
                ignored.append(name)
    return Discovery(tuple(files), tuple(meta), tuple(ignored))


MAX_MEMBER_BYTES = 4 << 30
"""Largest zip member leeftui unpacks (the national grid table is a few hundred MB)."""
MAX_ZIP_BYTES = 16 << 30
"""Most bytes unpacked from one zip in all."""
MAX_RATIO = 200
"""Highest compression ratio of a member over 1 MB (CSV tables compress 3–15×; a zip bomb thousands of times)."""


UNPACKED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "Deflate", zipfile.ZIP_BZIP2: "bzip2",
                    zipfile.ZIP_LZMA: "LZMA"}
"""Compression methods leeftui unpacks (Python's zipfile); Deflate64 (9) and AES (99) it cannot."""
OTHER_METHODS = {9: "Deflate64", 99: "AES encryption"}


def _check_member(src: Path, info: zipfile.ZipInfo, total: int) -> None:
    name = f"{src.name}!{info.filename}"
    if info.flag_bits & 0x1:
        raise BuildError(f"The zip member {name} is encrypted (password-protected); unpack it yourself and give the "
                         "files.")
    if info.compress_type not in UNPACKED_METHODS:
        method = OTHER_METHODS.get(info.compress_type, f"method {info.compress_type}")
        raise BuildError(f"The zip member {name} is packed with {method}, which leeftui cannot unpack; unpack the "
                         "zip with another tool (7-Zip, unzip) and give the folder.")
    if info.file_size > MAX_MEMBER_BYTES:
        raise BuildError(f"The zip member {name} would unpack to {info.file_size / 2**30:.1f} GB, more than "
                         f"leeftui's limit of {MAX_MEMBER_BYTES >> 30} GB per file; unpack it yourself and give "
                         "the files you need.")
    if total + info.file_size > MAX_ZIP_BYTES:
        raise BuildError(f"The zip {src.name} would unpack to more than {MAX_ZIP_BYTES >> 30} GB in all; unpack "
                         "it yourself and give the files you need.")
    if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise BuildError(f"The zip member {name} is compressed {info.file_size // max(info.compress_size, 1)} "
                         "times, far more than any data table: refused as a possible zip bomb.")


def _extract_zip(src: Path, dest: Path) -> list[tuple[str, Path, str]]:
    out: list[tuple[str, Path, str]] = []
    total = 0
    try:
        with zipfile.ZipFile(src) as zf:
            for i, info in enumerate(sorted(zf.infolist(), key=lambda m: m.filename)):
                if info.is_dir():
                    continue
                member = PurePosixPath(info.filename)
                name = f"{src.name}!{info.filename}"
                if member.suffix.lower() not in DATA_SUFFIXES and member.name.lower() not in METADATA_NAMES:
                    out.append((name, dest / "skipped" / member.name, f"{src}!{member.parent}"))
                    continue
                _check_member(src, info, total)
                total += info.file_size
                target = dest / str(i) / member.name  # never trust member paths (no ../ escapes)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as fin, target.open("wb") as fout:
                    written = 0
                    while chunk := fin.read(1 << 20):
                        written += len(chunk)
                        if written > info.file_size:  # the header lied about the size
                            raise BuildError(f"The zip member {name} unpacks to more than the "
                                             f"{info.file_size} bytes its header states; the zip is damaged "
                                             "or hostile.")
                        fout.write(chunk)
                out.append((name, target, f"{src}!{member.parent}"))
    except (zipfile.BadZipFile, OSError) as exc:
        raise BuildError(f"Cannot read or unpack the zip {src}: {getattr(exc, 'strerror', None) or exc}.") from None
    return out


@dataclass(frozen=True)
class Sniff:
    """What the first bytes of a text file say."""

    encoding: str
    """'utf-8' or 'cp1252'."""
    bom: bool
    """True when the file starts with a UTF-8 byte-order mark."""
    delimiter: str
    """',', ';', tab or '|'."""
    header: tuple[str, ...]
    """Header fields as written (stripped)."""


def is_utf8(path: Path) -> bool:
    """True when the whole file decodes as UTF-8."""
    try:
        with path.open("rb") as f:
            d = codecs.getincrementaldecoder("utf-8")()
            while chunk := f.read(1 << 22):
                if chunk.isascii() and not d.getstate()[0]:  # most score files are ASCII: 20× faster
                    continue
                d.decode(chunk)
            d.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def sniff_csv(path: Path) -> Sniff:
    """Detect encoding, BOM, delimiter and header of a delimited text file (cached while the file is unchanged:
    the encoding check reads the whole file, and a build asks once for the header and once for the load)."""
    st = path.stat()
    return _sniff(path, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _sniff(path: Path, size: int, mtime_ns: int) -> Sniff:
    with path.open("rb") as f:
        head = f.read(64 * 1024)
    bom = head.startswith(b"\xef\xbb\xbf")
    encoding = "utf-8" if is_utf8(path) else "cp1252"
    text = (head[3:] if bom else head).decode(encoding, errors="replace")
    first = text.splitlines()[0] if text else ""
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    return Sniff(encoding, bom, delimiter, tuple(h.strip() for h in header))
