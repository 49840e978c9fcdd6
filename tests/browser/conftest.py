"""Browser tests: the real app on 127.0.0.1 over the sample blog's index, driven by Playwright
through Debian's ``chromium`` (Playwright's own browser download is not used).

One headless browser per test session (each xdist worker has its own), a fresh profile per
launch and a fresh context per test. Every page a test opens is watched: a JavaScript error, a
Content-Security-Policy refusal or a dialog (``alert(1)``) fails the test.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser.sample_index import build_sample_index
from web import create_app

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under werkzeug's threaded server on a free loopback port."""
    root = build_sample_index(tmp_path_factory.mktemp("sample") / "index")
    with served(root) as base:
        yield base


@contextmanager
def served(index_root: Path) -> Iterator[str]:
    """The app over ``index_root`` under werkzeug's threaded server on a free loopback port; its
    base URL. Every browser test module's server is this one."""
    app = create_app({"INDEX_DIR": str(index_root), "PRELOAD_ANALYZER": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"app-{index_root.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[sync_api.Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page plus what went wrong on it: console errors, uncaught exceptions, dialogs."""

    def __init__(self, page: sync_api.Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(msg.text))
        page.on("pageerror", lambda exc: self.problems.append(str(exc)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: sync_api.Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def open_page(browser: sync_api.Browser, base_url: str) -> Iterator:
    """``open_page(path, **context_options)`` -> :class:`Watched` page already loaded."""
    contexts: list[sync_api.BrowserContext] = []
    watched: list[Watched] = []

    def open_(path: str, **options: object) -> Watched:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "en-US")
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = Watched(context.new_page())
        watched.append(page)
        page.page.goto(path)
        return page

    yield open_
    for context in contexts:
        context.close()
    for page in watched:
        assert not page.problems, f"errors in the browser: {page.problems}"
        assert not page.dialogs, f"a dialog opened: {page.dialogs}"
