"""Headless Chromium for the tests of what a browser shows (Debian's `chromium`, which `.ci/run` installs), and,
where a machine has none (a new user's clone: the README's quick start asks only for Python and pip), the served
page's own protocol spoken as its script speaks it. Under ``CI`` a missing browser fails the test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def chromium() -> str | None:
    """The browser's executable; None where there is none (the test then checks what it can without one), except
    under ``CI``, where the test fails."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("CI has no headless browser (install Debian's chromium: .ci/run does)")
    return None


def screenshot(url: str, target: Path, size: tuple[int, int] = (1200, 1600), timeout: float = 90) -> str:
    """Open ``url`` headless, save a screenshot at ``target``; returns what the browser logged (console messages
    and errors included)."""
    browser = chromium()
    assert browser is not None, "no headless browser"
    proc = subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                           f"--window-size={size[0]},{size[1]}", f"--screenshot={target}", url],
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0 and target.exists(), proc.stderr[-2000:]
    return proc.stderr


def terminal_text(frames: list[bytes]) -> str:
    """A served app's terminal output as plain text (ANSI escape sequences removed)."""
    import re

    raw = b"".join(frames).decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]", "", raw)


def console_errors(log: str) -> list[str]:
    """The page's own errors in a browser log (not the browser's notes about its sandbox, GPU or D-Bus)."""
    return [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]


class Page:
    """One tab of a headless Chromium driven over the DevTools protocol (aiohttp's websocket client): navigate,
    focus, type keys, allow downloads, take a screenshot."""

    def __init__(self, ws: object) -> None:
        self.ws = ws
        self._id = 0
        self.frames: list[bytes] = []
        """What the page's websockets received (with ``Network.enable``): a served app's terminal output."""

    async def call(self, method: str, **params: object) -> dict[str, object]:
        import json

        self._id += 1
        mine = self._id
        await self.ws.send_str(json.dumps({"id": mine, "method": method, "params": params}))  # type: ignore[attr-defined]
        while True:
            msg = await self.ws.receive_json()  # type: ignore[attr-defined]
            if msg.get("method") == "Network.webSocketFrameReceived":
                self._frame(msg["params"]["response"])
            if msg.get("id") == mine:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def _frame(self, response: dict[str, object]) -> None:
        import base64

        data = str(response.get("payloadData", ""))
        self.frames.append(base64.b64decode(data) if response.get("opcode") == 2 else data.encode())

    async def wait_for_text(self, text: str, timeout: float = 30.0) -> bool:
        """Wait until ``text`` appears in what the page's websockets received (escape sequences left out)."""
        import asyncio
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.text():
                return True
            await self.call("Runtime.evaluate", expression="1")  # lets the events that arrived be read
            await asyncio.sleep(0.2)
        return False

    def text(self) -> str:
        """The received terminal output as plain text (ANSI escape sequences removed)."""
        return terminal_text(self.frames)

    async def key(self, key: str, text: str = "", code: str = "", keycode: int = 0) -> None:
        """Press and release one key (``text``: what it types)."""
        down = {"type": "keyDown", "key": key, "code": code or key, "windowsVirtualKeyCode": keycode,
                "nativeVirtualKeyCode": keycode}
        if text:
            down["text"] = text
        await self.call("Input.dispatchKeyEvent", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code or key,
                        windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode)

    async def screenshot(self, target: Path) -> None:
        import base64

        shot = await self.call("Page.captureScreenshot", format="png")
        target.write_bytes(base64.b64decode(str(shot["data"])))


KEYS = {"enter": ("Enter", "\r", "Enter", 13), "escape": ("Escape", "", "Escape", 27)}
"""Named keys as DevTools sends them: (key, text, code, key code)."""


async def type_keys(page: Page, *keys: str) -> None:
    """Type ``keys``: a name from :data:`KEYS`, else one character."""
    for k in keys:
        if k in KEYS:
            key, text, code, keycode = KEYS[k]
            await page.key(key, text, code, keycode)
        else:
            await page.key(k, k, f"Key{k.upper()}" if k.isalpha() else k, ord(k.upper()))


class ServedTerminal:
    """The served page's side of ``leeftui serve`` without a browser: its websocket (``/ws``), spoken as the page's
    script speaks it — keys go as ``["stdin", text]``, the terminal's output comes as binary frames, and a file the
    app delivers is announced as ``["deliver_file_start", key]`` and fetched from ``/download/<key>`` (where a
    browser would download it)."""

    def __init__(self, session: object, ws: object, port: int, downloads: Path) -> None:
        self.session, self.ws, self.port, self.downloads = session, ws, port, downloads
        self.frames: list[bytes] = []

    async def _read(self, seconds: float) -> None:
        """Read what arrives for ``seconds``: output, and files delivered (saved in :attr:`downloads`)."""
        import asyncio
        import json

        import aiohttp

        end = asyncio.get_running_loop().time() + seconds
        while (left := end - asyncio.get_running_loop().time()) > 0:
            try:
                msg = await self.ws.receive(timeout=left)  # type: ignore[attr-defined]
            except TimeoutError:
                return
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.frames.append(msg.data)
            elif msg.type == aiohttp.WSMsgType.TEXT:
                envelope = json.loads(msg.data)
                if envelope[0] == "deliver_file_start":
                    url = f"http://127.0.0.1:{self.port}/download/{envelope[1]}"
                    async with self.session.get(url) as got:  # type: ignore[attr-defined]
                        name = got.content_disposition.filename if got.content_disposition else envelope[1]
                        (self.downloads / str(name)).write_bytes(await got.read())
            elif msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                return

    def text(self) -> str:
        """The received terminal output as plain text (ANSI escape sequences removed)."""
        return terminal_text(self.frames)

    async def wait_for_text(self, text: str, timeout: float = 30.0) -> bool:
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.text():
                return True
            await self._read(0.2)
        return False

    async def type(self, *keys: str) -> None:
        """Type ``keys`` (``enter``, ``escape`` or one character), reading what arrives meanwhile."""
        for k in keys:
            data = {"enter": "\r", "escape": "\x1b"}.get(k, k)
            await self.ws.send_json(["stdin", data])  # type: ignore[attr-defined]
            await self._read(0.05)

    async def wait(self, seconds: float) -> None:
        await self._read(seconds)
