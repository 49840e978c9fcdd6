"""Facet counts against a brute-force count over the stored documents, and the multi-select rule."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from indexer.index_writer import IndexSink
from search import Archive, Article, SearchRequest
from search.schema import category_prefixes
from search.serialize import facet_to_json
from search.storage import ensure_index
from tests.conftest import KST

SEOUL = ZoneInfo("Asia/Seoul")
TAGS = ("coffee", "tea", "python", "정치", "경제", "Seoul")
CATEGORIES = ("Tech", "Tech/Python", "Tech/Search", "정치/국제", "정치/국내", "Travel/Korea/Seoul", None)
AUTHORS = ("kim", "lee", "park", None)
WORDS = ("coffee", "market", "트럼프는", "회담이", "python", "search")


def _articles() -> list[Article]:
    rng = random.Random(7)
    out = []
    for n in range(80):
        words = rng.sample(WORDS, 2)
        published = datetime(2023, 1, 1, tzinfo=KST) + timedelta(days=rng.randrange(1200), hours=rng.randrange(24))
        out.append(
            Article(
                url=f"https://facets.example/{n}",
                title=f"{words[0]} {n}",
                body=f"{words[0]} {words[1]} text {n}",
                author=rng.choice(AUTHORS),
                published=None if n % 17 == 0 else published,
                category=rng.choice(CATEGORIES),
                tags=tuple(rng.sample(TAGS, rng.randrange(0, 4))),
                lang="en",
                site=rng.choice(("a.example", "b.example")),
            )
        )
    return out


ARTICLES = _articles()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root: Path = tmp_path_factory.mktemp("facets") / "index"
    sink = IndexSink(ensure_index(root), batch_size=30)  # three segments
    sink.add_all(ARTICLES)
    sink.close()
    arch = Archive(root, refresh_interval=0)
    yield arch
    arch.close()


def _passes(article: Article, request: SearchRequest, skip: str) -> bool:
    """The request's filters, written out plainly, except the one named ``skip``."""
    if skip != "tags" and not {t.casefold() for t in request.tags} <= {t.casefold() for t in article.tags}:
        return False
    paths = {p.casefold() for p in category_prefixes(article.category)}
    if skip != "category" and request.category and request.category.casefold() not in paths:
        return False
    if skip != "author" and request.author and article.author != request.author:
        return False
    if skip != "site" and request.site and article.site != request.site:
        return False
    if skip != "date" and (request.date_from or request.date_to):
        if article.published is None:
            return False
        day = article.published.astimezone(SEOUL).date()
        if (request.date_from and day < request.date_from) or (request.date_to and day > request.date_to):
            return False
    return True


def _brute(request: SearchRequest, matching: set[str], name: str) -> Counter[str]:
    own = "date" if name in ("year", "month") else name
    counts: Counter[str] = Counter()
    for article in ARTICLES:
        if article.url not in matching or not _passes(article, request, own):
            continue
        local = article.published.astimezone(SEOUL) if article.published else None
        values = {
            "tags": list(article.tags),
            "category": category_prefixes(article.category),
            "author": [article.author] if article.author else [],
            "site": [article.site] if article.site else [],
            "year": [f"{local.year:04d}"] if local else [],
            "month": [f"{local.year:04d}-{local.month:02d}"] if local else [],
        }[name]
        counts.update(values)
    return counts


REQUESTS = [
    SearchRequest(),
    SearchRequest(q="coffee"),
    SearchRequest(tags=("coffee",)),
    SearchRequest(tags=("coffee", "tea"), author="kim"),
    SearchRequest(q="트럼프", category="Tech"),
    SearchRequest(category="정치", site="a.example", date_from=date(2024, 1, 1)),
    SearchRequest(q="python OR search", date_from=date(2023, 6, 1), date_to=date(2024, 6, 30), tags=("python",)),
]


@pytest.mark.parametrize("request_", REQUESTS, ids=range(len(REQUESTS)))
def test_facet_counts_match_brute_force(archive: Archive, request_: SearchRequest) -> None:
    big = tuple((name, 1000) for name in ("tags", "category", "author", "site", "year", "month"))
    result = archive.search(SearchRequest(**{**_as_dict(request_), "facets": big}))
    everything = archive.search(SearchRequest(q=request_.q, per_page=100, facets=(), highlight=False))
    matching = {hit.url for hit in everything.hits}
    for name, _ in big:
        got = {v.value.casefold(): v.count for v in result.facets[name].values if v.count}
        want = {k.casefold(): v for k, v in _brute(request_, matching, name).items()}
        assert got == want, name
    assert result.total == sum(1 for a in ARTICLES if a.url in matching and _passes(a, request_, ""))


def _as_dict(request: SearchRequest) -> dict[str, object]:
    return {name: getattr(request, name) for name in SearchRequest.__dataclass_fields__}


def test_multi_select_counts_ignore_only_their_own_filter(archive: Archive) -> None:
    plain = archive.search(SearchRequest(author="kim"))
    chosen = archive.search(SearchRequest(author="kim", tags=("coffee",)))
    # The tag facet under a tag filter equals the tag facet without it (widening stays possible) ...
    assert {v.value: v.count for v in chosen.facets["tags"].values} == {
        v.value: v.count for v in plain.facets["tags"].values
    }
    assert [v.value for v in chosen.facets["tags"].values if v.selected] == ["coffee"]
    # ... while every other facet narrows to the selection.
    assert sum(v.count for v in chosen.facets["site"].values) == chosen.total < plain.total


def test_selected_values_are_listed_even_beyond_the_top(archive: Archive) -> None:
    result = archive.search(SearchRequest(tags=("Seoul",), facets=(("tags", 1),)))
    values = result.facets["tags"].values
    assert any(v.value == "Seoul" and v.selected for v in values)
    assert result.facets["tags"].other > 0


def test_category_facet_is_a_tree_with_parents_first(archive: Archive) -> None:
    result = archive.search(SearchRequest(category="Travel/Korea"))
    values = result.facets["category"].values
    order = [v.value for v in values]
    for v in values:
        if v.parent:
            assert order.index(v.parent) < order.index(v.value)
            assert v.depth == v.parent.count("/") + 1
        else:
            assert v.depth == 0
    by_value = {v.value: v for v in values}
    assert by_value["Travel/Korea"].selected and by_value["Travel/Korea/Seoul"].depth == 2
    children = sum(v.count for v in values if v.parent == "Tech")
    assert by_value["Tech"].count >= children  # documents filed under Tech itself count too
    assert facet_to_json(result.facets["category"])[0].keys() >= {"parent", "depth"}


def test_category_tree_limits_each_level_and_counts_the_rest(archive: Archive) -> None:
    full = archive.search(SearchRequest(facets=(("category", 100),))).facets["category"]
    small = archive.search(SearchRequest(facets=(("category", 1),))).facets["category"]
    roots = sorted((v for v in full.values if v.depth == 0), key=lambda v: -v.count)
    assert [v.value for v in small.values if v.depth == 0] == [roots[0].value]
    assert small.other == sum(v.count for v in roots[1:])


def test_month_histogram_is_contiguous_with_empty_months(archive: Archive) -> None:
    months = archive.search(SearchRequest(q="coffee", facets=(("month", 1000),))).facets["month"]
    labels = [v.value for v in months.values]
    stamps = [int(label[:4]) * 12 + int(label[5:]) - 1 for label in labels]
    assert stamps == list(range(stamps[0], stamps[0] + len(stamps)))
    assert months.values[0].count and months.values[-1].count
    last = archive.search(SearchRequest(q="coffee", facets=(("month", 3),))).facets["month"]
    assert [v.value for v in last.values] == labels[-3:]
    assert last.other == sum(v.count for v in months.values[:-3])
