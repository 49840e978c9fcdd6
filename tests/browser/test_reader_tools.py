"""Reader tools on the sample blog: the search box's suggestions used by keyboard alone (a WAI-ARIA
1.2 combobox over ``/api/v1/suggest``), dark mode from ``prefers-color-scheme`` with no serious
accessibility violation, and the article printed without the app's chrome but with its address
and date."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_ui_a11y import axe_module, serious


def test_suggestions_are_a_combobox_usable_by_keyboard(open_page) -> None:
    page = open_page("/").page
    box = page.locator("#q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.focus()
    page.keyboard.type("pyth")
    options = page.locator("#q-suggestions [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "q-suggestions"
    page.keyboard.press("ArrowDown")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")  # back to the text as typed
    assert box.get_attribute("aria-activedescendant") is None
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and page.locator("#q-suggestions").is_hidden()
    page.keyboard.press("ArrowDown")  # reopens on the first option
    chosen = first.get_attribute("data-value")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#q").input_value() == chosen
    assert re.search(r"/search\?q=", page.url)


def test_enter_without_a_chosen_suggestion_searches_the_text_typed(open_page) -> None:
    page = open_page("/").page
    page.locator("#q").focus()
    page.keyboard.type("pyth")
    page.locator("#q-suggestions [role=option]").first.wait_for()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/search?q=pyth")


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
@pytest.mark.parametrize("path", ["/search?q=트럼프", "/trends?q=python&q=트럼프", "article"])
def test_dark_mode_has_no_serious_accessibility_violation(open_page, path: str, locale: str) -> None:
    page = open_page("/search?q=트럼프" if path == "article" else path, locale=locale, color_scheme="dark",
                     bypass_csp=True).page
    if path == "article":
        page.locator("li.hit h2 a").first.click()
        page.wait_for_url("**/articles/*")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 20, 24)"
    assert serious(axe_module.Axe().run(page).response) == []


def test_printed_article_leaves_out_the_chrome_and_keeps_its_address_and_date(open_page) -> None:
    page = open_page("/search?q=트럼프").page
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/articles/*")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".site-footer").is_hidden()
    assert page.locator(".related").first.is_hidden()
    original = page.locator(".article-links a").first
    assert original.is_visible()
    shown = page.evaluate("a => getComputedStyle(a, '::after').content", original.element_handle())
    assert original.get_attribute("href") in shown
    assert page.locator(".article .meta time").first.is_visible()
