"""Fetching the official open-data zip (standard library only; progress through a callback)."""

from __future__ import annotations

import http.client
import re
import socket
import time
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
STALL_SECONDS = 60.0
STALL_BYTES = 16 << 10
"""A download that brings fewer than STALL_BYTES in STALL_SECONDS (a server trickling a byte now and then, which
no read time-out notices) is given up."""
CHUNK = 1 << 16


class Stalled(Exception):
    """Fewer than :data:`STALL_BYTES` arrived in :data:`STALL_SECONDS`."""

    def __init__(self, got: int, seconds: float) -> None:
        super().__init__(got, seconds)
        self.got, self.seconds = got, seconds


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
    if re.search(r"[\s\x00-\x1f\x7f]", url):
        raise UsageError(f"{url!r} holds spaces or control characters; write them as %20 and the like.")
    try:
        parsed.port  # noqa: B018 - raises for a port that is no number
    except ValueError:
        raise UsageError(f"{url!r} has a port that is not a number from 0 to 65535.") from None
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
                window = (time.monotonic(), 0)  # (since, bytes then): the stall check's window
                while chunk := resp.read1(CHUNK):  # what has arrived, not a full chunk (a trickle must show)
                    out.write(chunk)
                    done += len(chunk)
                    if on_progress:
                        on_progress(done, total)
                    now = time.monotonic()
                    if now - window[0] >= STALL_SECONDS:
                        if done - window[1] < STALL_BYTES:
                            raise Stalled(done - window[1], now - window[0])
                        window = (now, done)
            if total is not None and done != total:
                raise IncompleteRead(done, total)
            if not zipfile.is_zipfile(tmp):
                raise BuildError(f"The download from {url} is not a zip file; nothing was saved.")
    except Stalled as exc:
        raise BuildError(f"The download from {url} stalled: {exc.got:,} bytes in the last {exc.seconds:.0f} s; "
                         "nothing was saved — try again later.") from None
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
