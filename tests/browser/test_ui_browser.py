"""The search UI in a real browser: every interaction a reader has, with and without JavaScript."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import PHONE
from tests.browser.sample_index import HOSTILE_TITLE

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def result_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-title").inner_text()).group())


def test_search_shows_highlighted_hits_with_metadata(open_page) -> None:
    page = open_page("/search?q=트럼프").page
    assert result_count(page) >= 5
    first = page.locator("li.hit").first
    assert first.locator("h2 mark").count() >= 1
    assert first.locator("time").count() == 1 and first.locator(".category").count() == 1
    assert first.locator("a.original").get_attribute("href").startswith("https://sample-blog.example/")
    assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
    assert "documents in the archive" in page.locator("footer").inner_text()


def test_tag_click_submits_and_chip_removes_it(open_page) -> None:
    page = open_page("/search?q=검색").page
    before = result_count(page)
    box = page.locator(".facet-form fieldset > ul input").nth(1)
    tag, count = box.get_attribute("value"), box.locator("xpath=../../span[@class='count']").inner_text()
    box.click()
    page.wait_for_url(re.compile(r"tag="))
    assert params(page.url)["tag"] == [tag] and params(page.url)["q"] == ["검색"]
    assert page.locator(f".facet-form input[value='{tag}']").is_checked()
    assert result_count(page) == int(count) < before
    chip = page.locator(".chips a.chip")
    assert chip.count() == 1 and tag in chip.inner_text()
    chip.click()
    page.wait_for_url(lambda url: "tag=" not in url)
    assert result_count(page) == before and page.locator(".chips").count() == 0


def test_category_tree_opens_the_chosen_branch_by_keyboard(open_page) -> None:
    page = open_page("/search").page
    assert page.locator(".tree a", has_text="국제").count() == 0  # the top level only, until one is chosen
    page.locator(".tree a", has_text="정치").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"category="))
    link = page.locator(".tree a", has_text="국제")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"category=%EC%A0%95%EC%B9%98%2F"))
    assert params(page.url)["category"] == ["정치/국제"]
    assert page.locator(".tree a[aria-current=true]").inner_text() == "국제"
    categories = {t.replace(" › ", "/") for t in page.locator("li.hit .category").all_inner_texts()}
    assert categories == {"정치/국제"}


def test_month_bar_filters_to_that_month(open_page) -> None:
    page = open_page("/search?q=트럼프").page
    bar = page.locator("#chart-results svg.plot a").first
    label = bar.locator("title").text_content()
    month, count = re.match(r"(\d{4}-\d{2}): (\d+)", label).groups()
    bar.locator("rect.bar").click()
    page.wait_for_url(re.compile(r"from="))
    query = params(page.url)
    assert query["from"][0].startswith(month) and query["to"][0].startswith(month)
    assert result_count(page) == int(count)
    assert all(t.startswith(month) for t in page.locator("li.hit time").evaluate_all("els => els.map(e => e.dateTime)"))
    assert page.locator("#chart-results svg.plot a.selected").count() == 1
    assert page.locator(".chips a.chip", has_text=month).count() == 1


def test_paging_keeps_every_filter(open_page) -> None:
    page = open_page("/search?category=Tech&sort=oldest&per_page=5").page
    first_page = page.locator("li.hit h2").all_inner_texts()
    page.locator(".pager a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert params(page.url) == {"category": ["Tech"], "sort": ["oldest"], "per_page": ["5"], "page": ["2"]}
    assert not set(first_page) & set(page.locator("li.hit h2").all_inner_texts())
    assert page.locator(".pager [aria-current=page]").inner_text() == "2"


def test_sort_by_newest_and_oldest(open_page) -> None:
    page = open_page("/search?q=python").page
    page.locator(".sort a", has_text="Newest").click()
    page.wait_for_url(re.compile(r"sort=newest"))
    stamps = page.locator("li.hit time").evaluate_all("els => els.map(e => e.dateTime)")
    assert len(stamps) > 1 and stamps == sorted(stamps, reverse=True)
    page.locator(".sort a", has_text="Oldest").click()
    page.wait_for_url(re.compile(r"sort=oldest"))
    stamps = page.locator("li.hit time").evaluate_all("els => els.map(e => e.dateTime)")
    assert stamps == sorted(stamps)


def test_zero_results_show_the_correction_and_offer_dropping_filters(open_page) -> None:
    page = open_page("/search?q=pythn").page
    assert "python" in page.locator(".corrected").inner_text() and result_count(page) > 0
    page.locator(".corrected a", has_text="pythn").click()  # the query as typed
    page.wait_for_url(re.compile(r"verbatim=1"))
    empty = page.locator(".empty")
    assert "No articles match" in empty.inner_text()
    empty.locator(".suggestion a").click()
    page.wait_for_url(re.compile(r"q=python"))
    assert result_count(page) > 0
    page.goto("/search?q=python&tag=부동산")
    drop = page.locator(".drops a", has_text="부동산")
    assert drop.count() == 1
    drop.click()
    page.wait_for_url(lambda url: "tag=" not in url)
    assert result_count(page) > 0


def test_article_page_from_a_search(open_page) -> None:
    page = open_page("/search?q=트럼프").page
    title = page.locator("li.hit h2 a").first
    heading = title.inner_text()
    title.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.locator("h1").inner_text() == heading
    assert page.locator(".body mark").count() >= 1
    meta = page.locator("dl.meta").inner_text()
    for label in ("Published", "Author", "Site", "Category", "Tags"):
        assert label in meta
    assert page.locator(".article-links a", has_text="Original").get_attribute("href").startswith("https://")
    assert page.locator(".article-links a", has_text="Archived copy").count() == 1
    assert page.locator(".related li").count() >= 1
    page.locator("dd.tags a").first.click()
    page.wait_for_url(re.compile(r"/search\?tag="))
    assert page.locator(".chips a.chip").count() == 1


def test_back_to_results_returns_to_the_same_search_page(open_page) -> None:
    state = "/search?q=%ED%8A%B8%EB%9F%BC%ED%94%84&sort=newest&per_page=2&page=2"
    page = open_page(state).page
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    page.locator("p.back a").click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert page.url.endswith(state) and page.locator(".pager [aria-current=page]").inner_text() == "2"


def test_a_results_tag_link_adds_to_the_selected_tags(open_page) -> None:
    page = open_page("/search?q=%ED%8A%B8%EB%9F%BC%ED%94%84").page
    first = page.locator("li.hit a.tag").first
    chosen = first.inner_text().removeprefix("#")
    first.click()
    page.wait_for_url(re.compile(r"tag="))
    other = page.locator("li.hit a.tag:not(.selected)").first
    added = other.inner_text().removeprefix("#")
    page.locator("li.hit a.tag.selected").first.click()  # a selected tag's link keeps the search as it is
    assert params(page.url)["tag"] == [chosen]
    other = page.locator("li.hit a.tag:not(.selected)").first
    other.click()
    page.wait_for_url(lambda url: len(params(url).get("tag", [])) == 2)
    assert params(page.url)["tag"] == [chosen, added] and page.locator(".chips a.chip").count() == 2


def test_korean_interface_names_languages_and_marks_the_texts_language(open_page) -> None:
    page = open_page("/search?q=%ED%8A%B8%EB%9F%BC%ED%94%84", locale="ko-KR").page
    assert page.locator("li.hit h2[lang=ko]").count() == page.locator("li.hit").count() > 0
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.locator("dl.meta dt:has-text('언어') + dd").inner_text() == "한국어"
    assert page.locator(".body").get_attribute("lang") == "ko"
    published = page.locator("dl.meta time").inner_text()
    assert "GMT" in published or ":" not in published  # a time says its zone; a date-only record has none


def test_language_follows_accept_language_and_the_switch_sticks(open_page) -> None:
    page = open_page("/search?q=트럼프", locale="ko-KR").page
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "검색 결과" in page.locator("#results-title").inner_text()
    page.locator(".lang-switch a[lang=en]").click()
    page.wait_for_load_state()
    assert params(page.url)["q"] == ["트럼프"]
    assert page.locator("html").get_attribute("lang") == "en"
    assert "results for" in page.locator("#results-title").inner_text()
    page.goto("/tags")
    assert page.locator("h1").inner_text() == "Tags"


def test_works_with_javascript_off(open_page) -> None:
    page = open_page("/search?q=검색", java_script_enabled=False).page
    apply = page.locator(".facet-form button.apply")
    assert apply.is_visible()
    box = page.locator(".facet-form fieldset > ul input").first
    tag = box.get_attribute("value")
    box.check()
    assert "tag=" not in page.url  # without JavaScript nothing happens until Apply
    apply.click()
    page.wait_for_url(re.compile(r"tag="))
    assert params(page.url)["tag"] == [tag]
    page.fill("#date-from", "2024-01-01")
    page.fill("#date-to", "2024-12-31")
    page.locator(".date-form button").click()
    page.wait_for_url(re.compile(r"from=2024-01-01"))
    assert params(page.url)["tag"] == [tag] and params(page.url)["to"] == ["2024-12-31"]


def test_slash_focuses_the_search_box(open_page) -> None:
    page = open_page("/search?q=python").page
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_hostile_title_is_text_and_runs_nothing(open_page) -> None:
    watched = open_page("/search?q=제목 테스트")
    page = watched.page
    title = page.locator("li.hit h2 a").first
    assert title.inner_text().replace("\n", "") == HOSTILE_TITLE
    assert page.locator("li.hit h2 script").count() == 0
    title.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("main script").count() == 0
    assert watched.dialogs == []


def test_filters_fold_away_on_a_phone_and_stay_open_once_opened(open_page) -> None:
    page = open_page("/search?q=python", viewport=PHONE).page
    fold = page.locator("details.fold")
    assert fold.get_attribute("open") is None
    assert not page.locator(".facet-form").is_visible()
    page.locator("details.fold > summary").click()
    assert page.locator(".facet-form").is_visible()
    page.locator(".facet-form fieldset input").first.check()
    page.wait_for_url(re.compile(r"tag="))
    assert page.locator(".facet-form").is_visible()  # a tag tick does not fold the filters again


def _save(page, name: str, tmp_path: Path, **options: object) -> None:
    """Screenshots go to tests/screenshots when missing or when UPDATE_SCREENSHOTS=1, so a plain
    test run does not dirty the tree with byte-different PNGs of the same page."""
    target = SCREENSHOTS / name
    if target.exists() and os.environ.get("UPDATE_SCREENSHOTS") != "1":
        target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), **options)
    assert target.stat().st_size > 5_000


@pytest.mark.parametrize(
    ("name", "path", "viewport", "full_page"),
    [
        ("search-desktop.png", "/search?q=트럼프", None, True),
        ("search-phone.png", "/search?q=coffee", PHONE, True),
        ("article.png", None, None, True),
    ],
)
def test_screenshots(open_page, tmp_path: Path, name: str, path: str | None, viewport, full_page: bool) -> None:
    options = {"viewport": viewport} if viewport else {}
    page = open_page(path or "/search?q=검색 엔진", **options).page
    if path is None:
        page.locator("li.hit h2 a").first.click()
        page.wait_for_url(re.compile(r"/articles/"))
    _save(page, name, tmp_path, full_page=full_page)
