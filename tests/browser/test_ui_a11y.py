"""Accessibility: axe-core (the copy shipped in the ``axe-playwright-python`` wheel) on every kind
of page, in both languages, on desktop and phone widths: no serious or critical violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is absent")

PAGES = [
    ("/search?q=트럼프", "en-US", None),
    ("/search?q=트럼프&tag=미국&from=2024-01-01", "ko-KR", None),
    ("/search?q=pythn", "en-US", None),
    ("/search?q=coffee", "en-US", PHONE),
    ("/tags", "ko-KR", None),
    ("/facets/category?q=트럼프", "en-US", PHONE),
    ("article", "en-US", None),
]


def serious(results: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("path", "locale", "viewport"), PAGES)
def test_no_serious_or_critical_violations(open_page, path: str, locale: str, viewport) -> None:
    options = {"viewport": viewport} if viewport else {}
    page = open_page("/search?q=트럼프" if path == "article" else path, locale=locale, bypass_csp=True, **options).page
    if path == "article":  # an article page as a reader reaches it, with query words marked
        page.locator("li.hit h2 a").first.click()
        page.wait_for_url("**/articles/*")
    results = axe_module.Axe().run(page).response
    assert serious(results) == []
