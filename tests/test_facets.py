"""Facet counts against a brute-force count over the stored documents, and the rule that every
count is the total a click on its value gives (tags narrow, single-choice facets switch)."""

from __future__ import annotations

import random
from calendar import monthrange
from collections import Counter
from dataclasses import replace
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
    if not {t.casefold() for t in request.tags} <= {t.casefold() for t in article.tags}:
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
    own = {"year": "date", "month": "date", "tags": ""}.get(name, name)
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


def test_tag_counts_narrow_while_single_choice_counts_switch(archive: Archive) -> None:
    plain = archive.search(SearchRequest(author="kim"))
    chosen = archive.search(SearchRequest(author="kim", tags=("coffee",)))
    tags = {v.value: v.count for v in chosen.facets["tags"].values}
    assert tags["coffee"] == chosen.total < plain.total
    assert sum(v.count for v in chosen.facets["site"].values) == chosen.total
    authors = {v.value: v.count for v in chosen.facets["author"].values}
    assert authors["kim"] == chosen.total and sum(authors.values()) > chosen.total


def _applied(request: SearchRequest, name: str, value: str) -> SearchRequest:
    """``request`` after a click on ``value`` of facet ``name``: a tag is added, a single-choice
    value replaces its filter, a period sets the dates."""
    if name == "tags":
        tags = request.tags if value.casefold() in {t.casefold() for t in request.tags} else (*request.tags, value)
        return replace(request, tags=tags)
    if name in ("year", "month"):
        year, month = int(value[:4]), int(value[5:7]) if name == "month" else None
        start = date(year, month or 1, 1)
        end = date(year, month or 12, monthrange(year, month or 12)[1])
        return replace(request, date_from=start, date_to=end)
    return replace(request, **{name: value})


def _random_state(rng: random.Random) -> SearchRequest:
    picks = {
        "q": rng.choice(("", "", "coffee", "python OR search", "market")),
        "tags": tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2)))),
        "category": rng.choice((None, None, *[c for c in CATEGORIES if c])),
        "author": rng.choice((None, None, "kim", "lee")),
        "site": rng.choice((None, None, "a.example")),
    }
    if rng.random() < 0.4:
        start = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
        picks["date_from"], picks["date_to"] = start, start + timedelta(days=rng.randrange(60, 500))
    return SearchRequest(**picks)


@pytest.mark.parametrize("seed", range(12))
def test_every_facet_count_is_the_total_after_choosing_it(archive: Archive, seed: int) -> None:
    rng = random.Random(seed)
    request = _random_state(rng)
    names = ("tags", "category", "author", "site", "year", "month")
    result = archive.search(replace(request, facets=tuple((name, 1000) for name in names), per_page=1))
    checked = 0
    for name in names:
        for value in result.facets[name].values:
            if value.count or value.selected:
                after = archive.search(replace(_applied(request, name, value.value), facets=(), per_page=1))
                assert value.count == after.total, (request, name, value)
                checked += 1
    assert checked


def test_selected_values_come_first(archive: Archive) -> None:
    result = archive.search(SearchRequest(tags=("Seoul", "coffee"), author="park", facets=(("tags", 2), ("author", 1))))
    assert [(v.value, v.selected) for v in result.facets["tags"].values[:2]] == [("coffee", True), ("Seoul", True)]
    assert result.facets["tags"].values[0].count == result.total
    assert [(v.value, v.selected) for v in result.facets["author"].values[:1]] == [("park", True)]


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
