"""`leeftui serve`: the explorer in a real browser (headless Chromium over the DevTools protocol): the page opens
and the first data row appears, Enter drills down, an export downloads in the browser; the screenshot of the
page stays in the test's folder. Where the machine has no browser (a new user's clone; under CI that fails) the
test speaks the page's websocket as its script does: the same rows, keys, download and state."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from leeftui.cli import app
from tests.browser import Page, ServedTerminal, chromium, type_keys

BUNDLED = Path(__file__).resolve().parents[2] / "db" / "leefbaarometer.duckdb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check, what: str, timeout: float = 60.0) -> None:  # noqa: ANN001 - a callable returning truthy
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


async def _drive_served(port: int, downloads: Path) -> None:
    """What :func:`_drive` does in a browser, over the served page's websocket."""
    import aiohttp

    async with aiohttp.ClientSession() as session, \
            session.ws_connect(f"http://127.0.0.1:{port}/ws?width=126&height=36", max_msg_size=0) as ws:
        page = ServedTerminal(session, ws, port, downloads)
        assert await page.wait_for_text("GM9355", 60), page.text()[-2000:]  # the first data row
        assert "Aaldermond" in page.text()
        await page.wait(1.0)
        await page.type("enter")  # drill into the first gemeente: its wijken
        assert await page.wait_for_text("WK9355", 30), page.text()[-2000:]
        await page.wait(1.0)
        await page.type("e")
        await page.wait(1.5)
        await page.type("enter")  # export the wijken shown, to the file name offered
        for _ in range(120):
            if any(p.suffix == ".csv" for p in downloads.iterdir()):
                break
            await page.wait(0.25)
        await page.type("q")
        await page.wait(2.0)


async def _drive(cdp: int, port: int, downloads: Path, shots: Path) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        version = await (await session.get(f"http://127.0.0.1:{cdp}/json/version")).json()
        target = await (await session.put(f"http://127.0.0.1:{cdp}/json/new?about:blank")).json()
        async with session.ws_connect(version["webSocketDebuggerUrl"], max_msg_size=0) as browser_ws:
            await Page(browser_ws).call("Browser.setDownloadBehavior", behavior="allow",
                                        downloadPath=str(downloads), eventsEnabled=True)
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                await page.call("Page.enable")
                await page.call("Network.enable")  # the app's terminal output arrives over a websocket
                await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                assert await page.wait_for_text("GM9355", 60), page.text()[-2000:]  # the first data row
                assert "Aaldermond" in page.text()
                await asyncio.sleep(1.0)
                await page.screenshot(shots / "first.png")
                await page.call("Runtime.evaluate",
                                expression="document.querySelector('.xterm-helper-textarea').focus()")
                await type_keys(page, "enter")  # drill into the first gemeente: its wijken
                assert await page.wait_for_text("WK9355", 30), page.text()[-2000:]
                await asyncio.sleep(1.0)
                await page.screenshot(shots / "drilled.png")
                await type_keys(page, "e")
                await asyncio.sleep(1.5)
                await type_keys(page, "enter")  # export the wijken shown, to the file name offered
                for _ in range(120):
                    if any(p.suffix == ".csv" for p in downloads.iterdir()):
                        break
                    await asyncio.sleep(0.25)
                await asyncio.sleep(0.5)
                await type_keys(page, "q")
                await asyncio.sleep(2.0)


def test_the_explorer_in_a_browser(tmp_path: Path) -> None:
    executable = chromium()  # None: no browser on this machine (a failure under CI)
    port, cdp = _free_port(), _free_port()
    downloads, shots, work = tmp_path / "downloads", tmp_path / "shots", tmp_path / "work"
    for d in (downloads, shots, work):
        d.mkdir()
    server = subprocess.Popen([sys.executable, "-m", "leeftui", "serve", "--db", str(BUNDLED), "--port", str(port)],
                              cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = None
    try:
        _wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status == 200, "the server")
        if executable is None:
            asyncio.run(_drive_served(port, downloads))
        else:
            browser = subprocess.Popen([executable, "--headless=new", "--no-sandbox", "--disable-gpu",
                                        "--disable-popup-blocking", "--no-first-run",
                                        f"--remote-debugging-port={cdp}", "--window-size=1280,900",
                                        f"--user-data-dir={tmp_path / 'profile'}", "about:blank"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{cdp}/json/version", timeout=2).status == 200,
                  "the browser")
            asyncio.run(_drive(cdp, port, downloads, shots))
    finally:
        for proc in (browser, server):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    if executable is not None:
        assert (shots / "drilled.png").stat().st_size > 10_000  # the screenshots, kept in the test's folder
    got = [p for p in downloads.iterdir() if p.suffix == ".csv"]
    assert got, list(downloads.iterdir())
    rows = got[0].read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith('"code"') and all('"GM9355"' in r or "WK9355" in r for r in rows[1:])  # drilled
    state = json.loads(Path(os.environ["LEEFTUI_CONFIG_DIR"], "state.json").read_text(encoding="utf-8"))
    assert len(state["databases"]) == 1  # q ended the browser's explorer as in a terminal: its state remembered


def test_serve_stays_on_this_machine_unless_told() -> None:
    r = CliRunner().invoke(app, ["serve", "--db", str(BUNDLED), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "pass --public" in r.stderr and "ssh -L" in r.stderr
