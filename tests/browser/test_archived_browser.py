"""The archived copy in a real browser: Debian's chromium loads replays of the archive built by
tests/replay_site.py (whose site is already stopped) with every request intercepted.

Every request must go to the app's own origin: nothing to the original host, nothing to the
hosts the hostile page names. The replayed page runs in an opaque origin: it cannot read the
app's cookies, and its image requests do not carry them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, Watched, served, sync_api
from tests.replay_site import TISTORY_TITLE, WORDPRESS_TITLE, ReplayArchive, build_replay_archive

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
COOKIE = {"name": "newsarchive_probe", "value": "secret-cookie-value"}


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplayArchive, str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
        built = build_replay_archive(tmp_path_factory.mktemp("replay-browser") / "index")
    with served(built.root) as url:
        yield built, url


class Guarded:
    """A browser context whose every request is seen; any not to the app is aborted and noted."""

    def __init__(self, browser: sync_api.Browser, app: str) -> None:
        self.app = app
        self.context = browser.new_context(base_url=app, viewport=DESKTOP, locale="en-US")
        self.context.set_default_timeout(10_000)
        self.context.add_cookies([{**COOKIE, "url": app}])
        self.elsewhere: list[str] = []
        self.requests: list[sync_api.Request] = []
        self.context.route("**/*", self._route)

    def _route(self, route: sync_api.Route) -> None:
        self.requests.append(route.request)
        if route.request.url.startswith(self.app + "/"):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def open(self, path: str) -> tuple[Watched, sync_api.Frame]:
        page = Watched(self.context.new_page())
        page.page.goto(path)
        page.page.wait_for_load_state("networkidle")
        frame = page.page.frame_locator("iframe.archived-page")
        frame.locator("body").wait_for()
        (inner,) = [f for f in page.page.frames if "/archived/page" in f.url]
        return page, inner


@pytest.fixture
def guarded(browser: sync_api.Browser, replay: tuple[ReplayArchive, str]) -> Iterator[Guarded]:
    context = Guarded(browser, replay[1])
    yield context
    context.context.close()


def test_replays_request_nothing_but_the_app(guarded: Guarded, replay: tuple[ReplayArchive, str]) -> None:
    built, _app = replay
    for article in (built.hostile_id, built.wordpress_id, built.tistory_id):
        page, _frame = guarded.open(f"/articles/{article}/archived")
        assert not page.dialogs, page.dialogs
    assert guarded.elsewhere == []
    assert len(guarded.requests) > 6  # the frames, the pages, the stylesheet of the app, the images
    assert not any(built.base_url in r.url or "evil.example" in r.url for r in guarded.requests)


def test_archived_images_load_and_the_page_cannot_reach_cookies(guarded: Guarded,
                                                                replay: tuple[ReplayArchive, str]) -> None:
    built, _app = replay
    page, frame = guarded.open(f"/articles/{built.wordpress_id}/archived")
    assert frame.locator("h1.entry-title").inner_text() == WORDPRESS_TITLE
    assert frame.locator("img.wp-image-7").evaluate("img => img.naturalWidth") == 320  # from our archive
    assert frame.locator(".entry-title").evaluate("el => getComputedStyle(el).color") == "rgb(122, 46, 18)"
    assert frame.evaluate("() => window.origin") == "null"  # sandboxed: an opaque origin
    assert frame.evaluate("() => { try { return document.cookie } catch (e) { return 'blocked: ' + e.name } }") \
        == "blocked: SecurityError"
    images = [r for r in guarded.requests if "/archived/images/" in r.url]
    assert images and all("cookie" not in r.all_headers() for r in images)
    assert page.page.evaluate("() => document.cookie") == f"{COOKIE['name']}={COOKIE['value']}"  # the app's own page


def _save(page: sync_api.Page, name: str, tmp_path: Path) -> None:
    """Like tests/browser/test_ui_browser.py: into tests/screenshots when missing or asked for."""
    target = SCREENSHOTS / name
    if target.exists() and os.environ.get("UPDATE_SCREENSHOTS") != "1":
        target = tmp_path / name
    page.screenshot(path=str(target))
    assert target.stat().st_size > 5_000


@pytest.mark.parametrize(("name", "which", "title"), [
    ("archived-wordpress.png", "wordpress_id", WORDPRESS_TITLE),
    ("archived-tistory.png", "tistory_id", TISTORY_TITLE),
])
def test_screenshots_of_replayed_posts(guarded: Guarded, replay: tuple[ReplayArchive, str], tmp_path: Path,
                                       name: str, which: str, title: str) -> None:
    built, _app = replay
    page, frame = guarded.open(f"/articles/{getattr(built, which)}/archived")
    assert title in frame.locator("body").inner_text()
    _save(page.page, name, tmp_path)
    assert guarded.elsewhere == []


def test_archived_copy_page_has_no_serious_accessibility_violation(browser: sync_api.Browser,
                                                                   replay: tuple[ReplayArchive, str]) -> None:
    """axe-core on the banner page (the captured page inside the frame is the site's, not ours)."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is absent")
    built, app = replay
    context = browser.new_context(base_url=app, viewport=DESKTOP, locale="ko-KR", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"/articles/{built.wordpress_id}/archived")
        results = axe.Axe().run(page, options={"resultTypes": ["violations"], "iframes": False}).response
        serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
        assert page.locator("iframe.archived-page").get_attribute("title")  # the frame is named
    finally:
        context.close()
