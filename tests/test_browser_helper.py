"""Where no browser is installed the browser tests fail under CI (whatever else the environment says); elsewhere
the helper says there is none, and the tests check what they can without one."""

from __future__ import annotations

import shutil

import pytest

from tests import browser


def test_no_browser_fails_under_ci_and_is_none_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI has no headless browser"):
        browser.chromium()
    monkeypatch.setenv("LEEFTUI_NO_BROWSER", "apt-get could not install chromium on this machine")  # no way out
    with pytest.raises(pytest.fail.Exception, match="CI has no headless browser"):
        browser.chromium()
    monkeypatch.delenv("CI")
    assert browser.chromium() is None
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert browser.chromium() == "/usr/bin/chromium"
