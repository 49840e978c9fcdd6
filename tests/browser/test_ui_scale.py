"""The search page on an archive with hundreds of categories, tags, authors and sites and hostile
long values (tests/browser/scale_index.py): honest facet counts, a bounded sidebar, no horizontal
scrolling and no Hangul word split across lines."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from search.article import article_id
from tests.browser.conftest import served
from tests.browser.scale_index import HOSTILE_URLS, shared_scale_index

WIDTHS = (320, 390, 1366)
SIDEBAR_VALUES = "aside.facets .facet-values li, aside.facets .tree li"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """The app over the scale archive (the browser fixtures of conftest.py use this URL here)."""
    base = tmp_path_factory.getbasetemp()
    root = shared_scale_index((base.parent if worker_id != "master" else base) / "ui-scale")
    with served(root) as url:
        yield url


def result_count(page) -> int:
    return int(re.match(r"[\d,]+", page.locator("#results-title").inner_text()).group().replace(",", ""))


def _choices(page) -> list[tuple[str, int]]:
    """Every unselected facet value on the page: (a CSS selector for it, its shown count)."""
    found = page.evaluate(
        """() => [...document.querySelectorAll(
              'aside.facets .facet-values li, aside.facets .tree li')].flatMap((li, i) => {
            const target = li.querySelector(':scope > label > input, :scope > a');
            const count = li.querySelector(':scope > .count');
            if (!target || !count || target.checked || target.getAttribute('aria-current')) return [];
            li.dataset.pick = String(i);
            return [[`li[data-pick="${i}"] > ${target.tagName === 'A' ? 'a' : 'label > input'}`,
                     Number(count.textContent.replace(/\\D/g, ''))]];
        })"""
    )
    return [(selector, count) for selector, count in found]


@pytest.mark.parametrize("seed", range(3))
def test_each_facet_count_shown_is_the_total_after_clicking_it(open_page, seed: int) -> None:
    rng = random.Random(seed)
    page = open_page(rng.choice(("/search?q=coffee", "/search", "/search?q=oil&tag=usa"))).page
    for _ in range(3):
        choices = _choices(page)
        if not choices:
            break
        selector, count = rng.choice(choices)
        before = page.url
        page.locator(selector).click()
        page.wait_for_url(lambda url, before=before: url != before)
        assert result_count(page) == count, (before, selector, page.url)
        selected = page.locator("aside.facets input:checked, aside.facets a[aria-current]")
        assert selected.count() >= 1  # what was chosen shows, checked, in the sidebar


def test_selected_tags_show_checked_first_and_a_more_page_lists_the_rest(open_page) -> None:
    page = open_page("/search?tag=topic-7&tag=usa").page
    boxes = page.locator(".facet-form fieldset input")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, False]
    assert {boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")} == {"topic-7", "usa"}
    page = open_page("/search?q=coffee").page
    page.locator(".facet-form p.more a").click()
    page.wait_for_url(re.compile(r"/facets/tags\?q=coffee"))
    assert page.locator(".facet-list li").count() > 10
    page.fill("#value-filter", "topic-1")
    page.locator("#value-filter").press("Enter")
    page.wait_for_url(re.compile(r"filter=topic-1"))
    links = page.locator(".facet-list li a")
    assert links.count() >= 1 and all("topic-1" in t for t in links.all_inner_texts())
    count = int(page.locator(".facet-list li .count").first.inner_text())
    links.first.click()
    page.wait_for_url(re.compile(r"/search\?q=coffee&tag=topic-1"))
    assert result_count(page) == count


def test_sidebar_is_bounded_and_results_are_a_few_tabs_away(open_page) -> None:
    page = open_page("/search", viewport={"width": 1366, "height": 900}).page
    assert page.locator(".tree a").count() <= 12  # of 60 top-level categories and hundreds of paths
    assert page.locator(SIDEBAR_VALUES).count() <= 45
    height = page.evaluate("document.documentElement.scrollHeight")
    results = page.evaluate("document.querySelector('.results').getBoundingClientRect().height")
    assert height <= max(results, 1200) + 600, (height, results)
    first = page.locator("li.hit h2 a").first
    presses = 0
    while presses < 30 and not first.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 16  # two skip links, the header, the sort and feed links: never the facets or the chart's bars
    page.goto(page.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#hits"  # the first stop
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert first.evaluate("el => el === document.activeElement")  # skip to results, then the first hit
    page.locator(".tree a").first.click()
    page.wait_for_url(re.compile(r"category="))
    assert page.locator(".tree a").count() <= 25  # the top level and the chosen branch


def test_results_come_before_filters_on_a_phone(open_page) -> None:
    page = open_page("/search?q=coffee", viewport={"width": 390, "height": 844}).page
    hits_top = page.locator("li.hit").first.evaluate("el => el.getBoundingClientRect().top")
    facets_top = page.locator("aside.facets").evaluate("el => el.getBoundingClientRect().top")
    assert hits_top < facets_top


PAGES = (
    "/search?site=hostile.example",  # the records with long URL-like titles, tags and categories
    "/search?q=대통령",
    "/facets/tags?q=coffee",
    "/facets/category?site=hostile.example",
    "/articles/" + article_id(HOSTILE_URLS[0]),
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_whatever_the_archive_holds(open_page, width: int, path: str) -> None:
    page = open_page(path, viewport={"width": width, "height": 800}).page
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    button = page.locator(".search-form button").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= width


SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push([node, text.length]);
      text += node.data;
    }
    const at = (offset) => {
      let found = nodes[0];
      for (const entry of nodes) if (entry[1] <= offset) found = entry;
      return [found[0], offset - found[1]];
    };
    for (const match of text.matchAll(/\\S+/g)) {
      if (!/[\\uac00-\\ud7a3]/.test(match[0])) continue;
      const range = document.createRange();
      range.setStart(...at(match.index));
      range.setEnd(...at(match.index + match[0].length));
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const width = rects.reduce((sum, r) => sum + r.width, 0);
      if (width > el.getBoundingClientRect().width) continue;  // longer than a line: it must break
      const tops = new Set(rects.map((r) => Math.round(r.bottom)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_hangul_word_is_split_across_lines(open_page, width: int) -> None:
    page = open_page("/search?q=대통령 국민&per_page=30", viewport={"width": width, "height": 800}, locale="ko-KR").page
    assert page.locator("li.hit").count() >= 5
    assert page.evaluate(SPLIT_WORDS, "li.hit h2, li.hit .snippet, aside.facets label, aside.facets a") == []
