"""Where no browser is installed the browser tests fail under CI (whatever else the environment says) and skip
elsewhere, saying so."""

from __future__ import annotations

import shutil

import pytest

from tests import browser


def test_no_browser_fails_under_ci_and_skips_with_the_reason_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI has no headless browser"):
        browser.chromium()
    monkeypatch.setenv("LEEFTUI_NO_BROWSER", "apt-get could not install chromium on this machine")  # no way out
    with pytest.raises(pytest.fail.Exception, match="CI has no headless browser"):
        browser.chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no headless browser .*; CI runs it"):
        browser.chromium()
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert browser.chromium() == "/usr/bin/chromium"
