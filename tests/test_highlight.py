"""Highlight offsets line up with the original text for both analyzers; everything else is escaped."""

from __future__ import annotations

import re

import pytest

from search.highlight import highlight_title, snippet

MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.mark.parametrize("analyzer", ["kiwi", "bigram"])
@pytest.mark.parametrize(
    ("text", "terms", "marked"),
    [
        ("트럼프의 발언과 트럼프는", {"kiwi": {"트럼프"}, "bigram": {"트럼", "럼프"}}, ["트럼프", "트럼프"]),
        ("The coffee prices rose", {"kiwi": {"coffe"}, "bigram": {"coffe"}}, ["coffee"]),
        ("🎉 서울 coffee와 트럼프", {"kiwi": {"coffe", "트럼프"}, "bigram": {"coffe", "트럼", "럼프"}},
         ["coffee", "트럼프"]),
    ],
)
def test_marks_cover_whole_words(analyzer: str, text: str, terms: dict[str, set[str]], marked: list[str]) -> None:
    html = highlight_title(text, analyzer, terms[analyzer], set())
    assert MARK.findall(html) == marked
    assert re.sub(r"</?mark>", "", html) == text.replace("&", "&amp;")


def test_korean_compound_term_marks_both_spellings() -> None:
    html = highlight_title("북미정상회담과 북미 정상 회담", "kiwi", {"북미정상회담"}, set())
    assert MARK.findall(html) == ["북미정상회담", "북미 정상 회담"]


def test_prefix_marks_the_surface_word() -> None:
    assert MARK.findall(highlight_title("Coffee and coffees", "kiwi", set(), {"coff"})) == ["Coffee", "coffees"]


@pytest.mark.parametrize("analyzer", ["kiwi", "bigram"])
def test_hostile_text_is_escaped(analyzer: str) -> None:
    body = 'hostile "><img src=x onerror=alert(1)> <script>alert(1)</script> 트럼프 text'
    html = snippet(body, analyzer, {"트럼프", "트럼", "럼프"}, set())
    assert "<img" not in html and "<script" not in html
    assert "&lt;img" in html and "&lt;script&gt;" in html and "&quot;&gt;" in html
    title = highlight_title("<script>alert(1)</script> 제목", analyzer, {"제목"}, set())
    assert title.startswith("&lt;script&gt;")


def test_snippet_without_a_body_match_gives_the_opening_lines() -> None:
    body = "첫 문장입니다. " + "긴 본문 " * 200
    html = snippet(body, "kiwi", {"없는말"}, set())
    assert html.startswith("첫 문장입니다.") and "<mark>" not in html and len(html) < 260


def test_snippet_picks_fragments_around_matches() -> None:
    body = "filler " * 100 + "the coffee market " + "filler " * 100 + "tea and coffee again " + "filler " * 100
    html = snippet(body, "kiwi", {"coffe", "tea"}, set())
    assert html.count("<mark>") >= 2 and html.startswith("… ")
    assert len(re.sub(r"</?mark>", "", html)) < 320


def test_long_korean_text_marks_matches_far_from_the_start() -> None:
    body = "평범한 문장이 이어진다. " * 300 + "트럼프는 김정은 위원장을 만났다. " + "다른 이야기. " * 300
    html = snippet(body, "kiwi", {"트럼프", "만나"}, set())
    assert MARK.findall(html) == ["트럼프", "만났"]


def test_snippet_never_doubles_an_ellipsis() -> None:
    """Two fragments are joined by one "…", and a body's own "…" or "..." is not followed by another."""
    body = "filler " * 100 + "the coffee market " + "filler " * 100 + "tea time " + "filler " * 100
    two = snippet(body, "kiwi", {"coffe", "tea"}, set())
    assert two.count("<mark>") == 2 and two.count("…") == 3 and "… …" not in two  # before, between, after
    trailing = "the coffee market closed early … " + "filler " * 100
    assert "… …" not in snippet(trailing.replace("early …", "early ..."), "kiwi", {"coffe"}, set())
    opening = "첫 문장입니다 … " + "긴 본문 " * 200
    assert "… …" not in snippet(opening, "kiwi", {"없는말"}, set())
