"""Each form of the query language, against the small shared corpus (see ``conftest.CORPUS``)."""

from __future__ import annotations

import pytest

from search import Archive, SearchRequest


def found(archive: Archive, q: str) -> set[str]:
    return {hit.url.rsplit("/", 1)[1] for hit in archive.search(SearchRequest(q=q, per_page=100)).hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("coffee prices", {"3"}),  # words are ANDed
        ("coffee OR python", {"3", "4", "6"}),
        ("coffee NOT tea", {"3"}),
        ("coffee -tea", {"3"}),
        ('"coffee prices"', {"3"}),
        ('"prices coffee"', set()),  # a phrase keeps its order
        ('"북미 정상 회담"', {"1", "2"}),  # a Korean phrase meets the joined spelling too
        ("북미정상회담", {"1", "2"}),  # one query word, one joined term: both spellings match
        ("title:coffee", {"3", "6"}),
        ("title:트럼프", {"1"}),
        ("tag:python", {"4", "5"}),
        ("tags:python", {"4", "5"}),
        ("category:tech", {"4", "5"}),  # a parent category matches its children
        ("category:Tech/Search", {"4"}),
        ("author:기자A", {"1"}),
        ("site:travel.example", {"6"}),
        ("coff*", {"3", "6"}),
        ("트럼*", {"1", "5"}),
        ("(coffee OR search) python", {"4"}),
    ],
)
def test_query_forms(archive: Archive, q: str, expected: set[str]) -> None:
    assert found(archive, q) == expected


@pytest.mark.parametrize(
    ("q", "note"),
    [
        ('"unbalanced', 'unbalanced "'),
        ("coffee AND", "operator AND without a right side"),
        ("OR coffee", "operator OR without a left side"),
        ("(coffee", "unmatched ("),
        ("coffee)", "unmatched )"),
        ("nosuch:coffee", "unknown field nosuch: (searched as words)"),
        ("title: coffee", "'title:' without a value"),
        ("the coffee", "'the' (too common to search)"),
        ("coffee !!!", "'!!!' (no letters or digits)"),
        ("x " * 100, "36 words beyond the first 64"),
    ],
)
def test_malformed_queries_report_what_was_ignored(archive: Archive, q: str, note: str) -> None:
    result = archive.search(SearchRequest(q=q))
    assert note in result.ignored


def test_repaired_query_still_searches_what_is_left(archive: Archive) -> None:
    result = archive.search(SearchRequest(q='coffee AND "prices'))
    assert {hit.url.rsplit("/", 1)[1] for hit in result.hits} == {"3"}


def test_a_query_of_only_operators_lists_everything(archive: Archive) -> None:
    result = archive.search(SearchRequest(q="AND OR NOT"))
    assert result.total == 6 and result.ignored


def test_did_you_mean_suggests_real_words(archive: Archive) -> None:
    result = archive.search(SearchRequest(q="cofee"))
    assert result.total == 0 and result.suggestion == "coffee"
    assert archive.search(SearchRequest(q="coffee")).suggestion is None
    assert archive.search(SearchRequest(q="트럼푸")).suggestion == "트럼프"
