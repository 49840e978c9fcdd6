"""The revision pages in Debian's chromium: an edited article's page and its diff read accessibly
(axe: no serious or critical violation, in both languages), and the diff's marks are real
``<ins>``/``<del>`` elements that say "added"/"removed" to a screen reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from search.article import article_id
from tests.browser.conftest import served
from tests.browser.test_ui_browser import _save
from tests.fixtures_sites import PageSite
from tests.test_revisions import Edited, build_edited

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is absent")


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Edited, str]]:
    site = PageSite().start()
    state = build_edited(tmp_path_factory.mktemp("revisions-browser"), site)
    with served(state.root) as url:
        yield state, url
    site.stop()


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
@pytest.mark.parametrize("kind", ["article", "diff", "removed"])
def test_revision_pages_have_no_serious_accessibility_violation(
    browser, edited_site: tuple[Edited, str], kind: str, locale: str
) -> None:
    state, base = edited_site
    url = state.deleted if kind == "removed" else state.edited
    path = f"/articles/{article_id(url)}" + ("/diff?from=1&to=2" if kind == "diff" else "")
    context = browser.new_context(base_url=base, locale=locale, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(path)
        violations = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in axe_module.Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert violations == []
    finally:
        context.close()


def test_the_diff_marks_read_added_and_removed_and_the_compare_form_opens_a_diff(
    browser, edited_site: tuple[Edited, str], tmp_path: Path
) -> None:
    state, base = edited_site
    context = browser.new_context(base_url=base, locale="en-US", viewport={"width": 1000, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"/articles/{article_id(state.edited)}")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_url("**/diff?from=1&to=2")
        body = page.locator(".diff-text")
        removed = [" ".join(text.split()) for text in body.locator("del").all_text_contents()]
        added = [" ".join(text.split()) for text in body.locator("ins").all_text_contents()]
        assert "[removed: May ]" in removed and "[added: June after repairs ]" in added
        assert body.locator("ins .visually-hidden").first.is_hidden() is False  # read, though clipped to 1 px
        assert page.locator(".diff-meta td").first.inner_text() == "Bridge opening date"
        _save(page, "revisions-diff.png", tmp_path, full_page=True)
    finally:
        context.close()
