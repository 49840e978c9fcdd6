"""The revision diff compares words (English) and eojeol (Korean), never characters."""

from __future__ import annotations

from datetime import UTC, datetime

from search.article import Article
from search.diff import Segment, diff_articles, diff_text, tokens


def _old(segments: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in segments if s.op != "insert")


def _new(segments: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in segments if s.op != "delete")


def test_an_english_edit_replaces_whole_words() -> None:
    before, after = "The bridge opens in May, officials said.", "The bridge opens in late June, officials said."
    segments = diff_text(before, after)
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [("delete", "May"), ("insert", "late June")]
    assert (_old(segments), _new(segments)) == (before, after)


def test_a_word_that_changes_one_letter_is_replaced_as_a_word_not_patched() -> None:
    segments = diff_text("color of the sky", "colour of the sky")
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [("delete", "color "), ("insert", "colour ")]


def test_a_korean_edit_replaces_whole_eojeol_with_their_particles() -> None:
    before = "시장은 다리가 오월에 개통한다고 말했다."
    after = "시장은 다리가 유월 말에 개통한다고 말했다."
    segments = diff_text(before, after)
    changed = [(s.op, s.text) for s in segments if s.op != "equal"]
    assert changed == [("delete", "오월에 "), ("insert", "유월 말에 ")]
    assert (_old(segments), _new(segments)) == (before, after)


def test_korean_particles_changing_replace_the_eojeol_not_single_syllables() -> None:
    segments = diff_text("회담에서 합의했다", "회담으로 합의했다")
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [("delete", "회담에서 "), ("insert", "회담으로 ")]


def test_punctuation_is_a_token_of_its_own_and_rewrapping_is_no_edit() -> None:
    assert tokens("Hello, world!") == ["Hello", ", ", "world", "!"]
    segments = diff_text("one two\nthree", "one two three")
    assert all(s.op == "equal" for s in segments)


def test_metadata_changes_are_listed_apart_from_the_text() -> None:
    before = Article(url="https://example.com/a", title="Old title", body="Same body.", author="Kim",
                     tags=("a", "b"), published=datetime(2025, 3, 1, tzinfo=UTC))
    after = Article(url="https://example.com/a", title="New title", body="Same body.", author="Lee",
                    tags=("a", "c"), published=datetime(2025, 3, 1, tzinfo=UTC))
    diff = diff_articles(before, after)
    assert [(c.field, c.before, c.after) for c in diff.fields] == [("author", "Kim", "Lee"), ("tags", "a, b", "a, c")]
    assert [(s.op, s.text) for s in diff.title] == [("delete", "Old "), ("insert", "New "), ("equal", "title")]
    assert all(s.op == "equal" for s in diff.body) and not diff.unchanged
    assert diff_articles(before, before).unchanged
