"""The trends page (``/trends``) on the scale archive (Reuters of 1987 beside petitions of
2017-2019): axis labels that never overlap at phone and desktop widths, no horizontal scrolling,
bars that lead to the search of their period, and no serious accessibility violation."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.test_ui_a11y import axe_module, serious
from tests.browser.test_ui_browser import _save
from tests.browser.test_ui_scale import base_url, result_count  # noqa: F401 - the scale archive's server

WIDTHS = (390, 1366)
FIVE = "/trends?" + "&".join("q=" + quote(q) for q in ("oil", "coffee", "청원", "bank", "gold"))
PAGES = [FIVE, "/trends?q=oil&interval=month", "/trends?q=oil&from=1987-01-01&to=1987-12-31", "/trends"]

BOXES = """sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length)
    .map(e => { const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.right, r.top, r.bottom]; })"""


def _overlaps(boxes: list[list]) -> list[tuple[str, str]]:
    ordered = sorted(boxes, key=lambda b: b[1])
    return [(a[0], b[0]) for a, b in pairwise(ordered) if b[1] < a[2] and a[3] < b[4] and b[3] < a[4]]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_axis_labels_never_overlap_and_nothing_scrolls_sideways(open_page, path: str, width: int) -> None:
    page = open_page(path, viewport={"width": width, "height": 900}).page
    charts = page.locator("figure.timeline")
    assert charts.count() >= 1
    for i in range(charts.count()):
        chart = f"figure.timeline:nth-of-type({i + 1})"
        xs = page.evaluate(BOXES, f"#{charts.nth(i).get_attribute('id')} .x-label")
        ys = page.evaluate(BOXES, f"#{charts.nth(i).get_attribute('id')} .y-axis text")
        assert len(xs) >= 2 and len(ys) >= 2, chart
        assert _overlaps(xs) == [], (width, path)
        assert _overlaps(ys) == []
        assert all(box[1] >= 0 and box[2] <= width for box in xs), xs
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_five_queries_are_charted_by_count_and_share_with_their_data(open_page, width: int) -> None:
    page = open_page(FIVE, viewport={"width": width, "height": 900}).page
    assert page.locator("#chart-counts .legend li").count() == 5
    assert page.locator("#chart-share .legend li").count() == 5
    assert page.locator("#chart-counts .plot g.line").count() == 5
    headers = page.locator("#chart-counts table thead th").all_text_contents()
    assert headers[1:] == ["oil", "coffee", "청원", "bank", "gold"]
    assert page.locator("a", has_text="Download CSV").get_attribute("href").endswith("format=csv")


def test_a_bar_leads_to_the_search_of_its_period_with_its_count(open_page) -> None:
    page = open_page("/trends?q=oil").page
    bars = page.locator("#chart-counts .plot a")
    titles = bars.locator("title").all_text_contents()
    busiest = max(range(len(titles)), key=lambda i: int(titles[i].rsplit(": ", 1)[1].replace(",", "")))
    count = int(titles[busiest].rsplit(": ", 1)[1].replace(",", ""))
    bars.nth(busiest).locator("rect.bar").click()
    page.wait_for_url(re.compile(r".*/search\?q=oil&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$"))
    assert result_count(page) == count


def test_the_data_table_holds_the_links_for_keyboard_users(open_page) -> None:
    page = open_page("/trends?q=oil").page
    assert page.locator("#chart-counts .plot a[tabindex='-1']").count() >= 1
    page.locator("#chart-counts details summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the scrollable table region
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("/search?q=oil&from=")


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
@pytest.mark.parametrize("path", [FIVE, "/trends"])
def test_trends_page_has_no_serious_accessibility_violation(open_page, path: str, locale: str) -> None:
    page = open_page(path, locale=locale, bypass_csp=True).page
    page.locator("details.chart-data").first.evaluate("d => d.open = true")
    assert serious(axe_module.Axe().run(page).response) == []


@pytest.mark.parametrize(("name", "width", "locale"), [("trends-desktop.png", 1366, "en-US"),
                                                       ("trends-phone.png", 390, "ko-KR")])
def test_screenshots(open_page, tmp_path: Path, name: str, width: int, locale: str) -> None:
    page = open_page(FIVE, viewport={"width": width, "height": 900}, locale=locale).page
    _save(page, name, tmp_path, full_page=True)
