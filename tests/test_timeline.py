"""Timelines (:mod:`search.timeline`): every period's count is the total of the same search with
``from``/``to`` set to that period, shares divide by all articles the filters allow, and the
parameters are bounded like the search's."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from indexer.index_writer import IndexSink
from search import Archive, Article, ParamError, SearchRequest, TimelineRequest, timeline
from search.models import MonthCounts
from search.params import request_from_mapping, timeline_request_from_params
from search.storage import ensure_index
from search.timeline import MAX_PERIODS, MAX_QUERIES, MAX_TIMELINE_QUERY_LENGTH, build
from tests.conftest import KST

WORDS = ("coffee", "tea", "market", "회담이", "python", "election")


def _articles() -> list[Article]:
    rng = random.Random(17)
    out = []
    start = datetime(2019, 1, 1, tzinfo=KST)
    for n in range(160):
        # Some at 23:30 Seoul time on a month's last day: the UTC date is still that day, but the
        # minutes past midnight UTC are another month in neither zone; periods follow Seoul.
        if n % 11 == 0:
            day = date(2019 + n % 7, 1 + n % 12, 1) - timedelta(days=1) if n % 12 else date(2019 + n % 7, 12, 31)
            published = datetime(day.year, day.month, day.day, 23, 30, tzinfo=KST)
        else:
            published = start + timedelta(days=rng.randrange(7 * 365), hours=rng.randrange(24))
        out.append(
            Article(
                url=f"https://timeline.example/{n}",
                title=f"{rng.choice(WORDS)} {n}",
                body=" ".join(rng.sample(WORDS, 3)) + f" text {n}",
                published=None if n % 19 == 0 else published,
                tags=tuple(rng.sample(("a", "b", "c"), rng.randrange(0, 3))),
                lang="en" if n % 3 else "ko",
                site=rng.choice(("one.example", "two.example")),
            )
        )
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root: Path = tmp_path_factory.mktemp("timeline") / "index"
    sink = IndexSink(ensure_index(root), batch_size=60)  # three segments
    sink.add_all(_articles())
    sink.close()
    arch = Archive(root, refresh_interval=0)
    yield arch
    arch.close()


def _total(archive: Archive, filters: SearchRequest, q: str, start: date | None, end: date | None) -> int:
    request = replace(filters, q=q, date_from=start, date_to=end, facets=(), per_page=1, highlight=False)
    return archive.search(request).total


CASES = [
    TimelineRequest(("coffee", "tea", "회담", "python OR election", "nothingmatchesthis")),
    TimelineRequest(("coffee", "market"), interval="month"),
    TimelineRequest(("coffee", "tea"), SearchRequest(date_from=date(2021, 3, 15), date_to=date(2022, 8, 10))),
    TimelineRequest(("coffee", "-tea"), SearchRequest(tags=("a",), site="one.example"), interval="year"),
    TimelineRequest(("election",), SearchRequest(lang="ko", date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))),
    # Counted without scores (patterns expanded, phrases, exclusions): the same match sets as a search.
    TimelineRequest(("cof*", "회*", '"coffee market"', "mar* -tea", "te?")),
]


@pytest.mark.parametrize("request_", CASES, ids=range(len(CASES)))
def test_each_period_count_equals_the_search_total_for_that_period(archive: Archive, request_: TimelineRequest) -> None:
    found = timeline(archive, request_)
    assert found.periods, "the cases all have results"
    for series in (*found.series, found.everything):
        for period, count in zip(found.periods, series.counts, strict=True):
            assert count == _total(archive, request_.filters, series.query, period.start, period.end), (
                series.query, period)
        whole = _total(archive, request_.filters, series.query, request_.filters.date_from, request_.filters.date_to)
        assert series.total == whole
        assert sum(series.counts) + series.outside + series.undated == whole


def test_periods_are_clipped_to_the_date_filter(archive: Archive) -> None:
    found = timeline(archive, CASES[2])
    assert found.interval == "month"
    assert found.periods[0].start >= date(2021, 3, 15)
    assert found.periods[-1].end <= date(2022, 8, 10)
    assert [p.label for p in found.periods] == sorted(p.label for p in found.periods)


def test_interval_is_months_for_a_short_span_and_years_for_a_long_one(archive: Archive) -> None:
    assert timeline(archive, TimelineRequest(("coffee",))).interval == "year"  # seven years
    short = TimelineRequest(("coffee",), SearchRequest(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert timeline(archive, short).interval == "month"
    months = timeline(archive, TimelineRequest(("coffee",), interval="month"))
    assert all(len(p.label) == 7 for p in months.periods)


def test_share_is_the_count_over_all_articles_of_the_period(archive: Archive) -> None:
    found = timeline(archive, CASES[0])
    coffee = found.series[0]
    for i, count in enumerate(coffee.counts):
        whole = found.everything.counts[i]
        assert found.share(coffee, i) == (count / whole if whole else None)
        assert whole >= count


def test_undated_results_are_counted_apart(archive: Archive) -> None:
    found = timeline(archive, TimelineRequest(("text",)))  # every article
    assert found.series[0].undated == len([n for n in range(160) if n % 19 == 0])
    assert found.series[0].total == 160


def test_a_query_with_no_results_has_zero_counts_on_the_same_periods(archive: Archive) -> None:
    found = timeline(archive, CASES[0])
    assert found.series[-1].counts == (0,) * len(found.periods)
    assert found.series[-1].total == 0


def test_no_results_at_all_gives_no_periods(archive: Archive) -> None:
    found = timeline(archive, TimelineRequest(("nothingmatchesthis",), SearchRequest(site="nowhere.example")))
    assert found.periods == ()
    assert found.series[0].counts == ()


def test_a_span_beyond_the_period_limit_sums_the_oldest_outside() -> None:
    first = 1900 * 12
    far = MonthCounts({first: 3, first + 12 * (MAX_PERIODS + 50): 5}, undated=1, total=9)
    found = build(TimelineRequest(("x",), interval="year"), [far], far)
    assert len(found.periods) == MAX_PERIODS
    assert found.series[0].counts[-1] == 5
    assert found.series[0].outside == 3
    assert sum(found.series[0].counts) + found.series[0].outside + found.series[0].undated == 9


def _params(**values: object) -> TimelineRequest:
    def get(name: str) -> str | None:
        value = values.get(name)
        return (value[0] if value else None) if isinstance(value, list) else value  # type: ignore[return-value]

    def get_list(name: str) -> list[str]:
        value = values.get(name)
        return list(value) if isinstance(value, list) else ([value] if value is not None else [])  # type: ignore[list-item]

    return timeline_request_from_params(get, get_list)


def test_params_take_repeated_queries_and_the_search_filters() -> None:
    request = _params(q=["coffee", " ", "tea", "coffee"], tag=["a"], site="one.example", **{"from": "2020"})
    assert request.queries == ("coffee", "tea")
    assert request.filters == replace(request_from_mapping({"tag": "a", "site": "one.example", "from": "2020"}),
                                      facets=(), per_page=1, highlight=False)
    assert request.interval is None
    assert _params(q=["x"], interval="month").interval == "month"


@pytest.mark.parametrize(
    ("values", "param"),
    [
        ({"q": [f"q{i}" for i in range(MAX_QUERIES + 1)]}, "q"),
        ({"q": ["x" * (MAX_TIMELINE_QUERY_LENGTH + 1)]}, "q"),
        ({"q": ["a\x00b"]}, "q"),
        ({"q": ["x"], "interval": "week"}, "interval"),
        ({"q": ["x"], "from": "yesterday"}, "from"),
        ({"q": ["x"], "tag": [str(i) for i in range(11)]}, "tag"),
    ],
)
def test_params_refuse_what_the_search_refuses_and_more_than_five_queries(values: dict, param: str) -> None:
    with pytest.raises(ParamError) as raised:
        _params(**values)
    assert raised.value.param == param


def test_all_articles_leave_out_replaced_versions(tmp_path: Path) -> None:
    """An updated article is deleted and added again: its old version counts nowhere."""
    root = tmp_path / "index"
    articles = _articles()[:6]
    for batch in (articles, [replace(articles[1], title="updated"), replace(articles[4], title="updated")]):
        sink = IndexSink(ensure_index(root))
        sink.add_all(batch)
        sink.close()
    arch = Archive(root, refresh_interval=0)
    try:
        assert arch.search(SearchRequest()).total == 6
        found = timeline(arch, TimelineRequest(("updated",)))
        assert found.everything.total == 6 and found.series[0].total == 2
    finally:
        arch.close()
