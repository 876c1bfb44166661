"""Fetching the official open-data zip (standard library only; progress through a callback)."""

from __future__ import annotations

import http.client
import re
import socket
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from leeftui.atomic import atomic_file, replacing
from leeftui.errors import BuildError, UsageError

DEFAULT_URL = "https://www.leefbaarometer.nl/resources/open-data-leefbaarometer-meting-2024.zip"
DEFAULT_GEOMETRY_NAME = "geometrie-lbm3-2024.zip"
"""The outlines' zip, fetched beside the scores' zip (its GeoPackages per level in RD New)."""
TIMEOUT = 30.0
"""Seconds to wait for the server to answer (and between chunks)."""
CHUNK = 1 << 16


class IncompleteRead(Exception):
    """The body ended before the Content-Length the server announced."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(done, total)
        self.done, self.total = done, total


def zip_name(url: str) -> str:
    """A safe local file name for the download (from the URL's last path part)."""
    name = Path(urlparse(url).path).name
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "open-data.zip"
    return name if name.lower().endswith(".zip") else name + ".zip"


def url_record(saved: Path) -> Path:
    """The file beside a downloaded zip that records the URL it came from."""
    return saved.with_name(saved.name + ".url")


def saved_download(url: str, folder: Path) -> Path | None:
    """The zip downloaded earlier from exactly ``url`` into ``folder``, or None (another URL's zip with the same
    file name, or one of unknown origin, is not reused)."""
    saved = folder / zip_name(url)
    try:
        same = url_record(saved).read_text(encoding="utf-8").strip() == url
    except OSError:
        return None
    return saved if same and saved.is_file() else None


def download(url: str, folder: Path, *, on_progress: Callable[[int, int | None], None] | None = None,
             timeout: float = TIMEOUT) -> Path:
    """Download ``url`` into ``folder`` atomically and check it is a zip; return the saved file.

    Raises :class:`UsageError` for a URL that is not http(s), :class:`BuildError` when offline, on DNS,
    HTTP or time-out errors, or when the body is not a zip. Nothing half-written is left behind.
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(f"{url!r} is not an http(s) URL.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"Cannot create the data folder {folder}: {exc.strerror or exc}.") from None
    target = folder / zip_name(url)
    try:
        req = urllib.request.Request(url, headers={"User-Agent": "leeftui"})
        with replacing(target) as tmp:
            with urllib.request.urlopen(req, timeout=timeout) as resp, open(tmp, "xb") as out:
                length = resp.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                done = 0
                while chunk := resp.read(CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    if on_progress:
                        on_progress(done, total)
            if total is not None and done != total:
                raise IncompleteRead(done, total)
            if not zipfile.is_zipfile(tmp):
                raise BuildError(f"The download from {url} is not a zip file; nothing was saved.")
    except IncompleteRead as exc:
        raise BuildError(f"The download from {url} is incomplete: got {exc.done:,} of {exc.total:,} bytes; "
                         "nothing was saved.") from None
    except http.client.IncompleteRead as exc:
        got = len(exc.partial) if exc.partial else 0
        raise BuildError(f"The download from {url} is incomplete (the connection ended after {got:,} more bytes); "
                         "nothing was saved.") from None
    except urllib.error.HTTPError as exc:
        raise BuildError(f"The server answered HTTP {exc.code} ({exc.reason}) for {url}.") from None
    except urllib.error.URLError as exc:
        raise BuildError(f"Cannot reach {parsed.netloc} ({_reason(exc.reason)}): are you offline?") from None
    except TimeoutError:
        raise BuildError(f"The download from {url} timed out after {timeout:g} s.") from None
    except OSError as exc:
        raise BuildError(f"The download from {url} failed: {exc.strerror or exc}.") from None
    try:
        with atomic_file(url_record(target)) as fh:
            fh.write(url.encode("utf-8"))
    except OSError as exc:
        raise BuildError(f"Cannot record where {target.name} came from: {exc.strerror or exc}.") from None
    return target


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "the name does not resolve"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason)
