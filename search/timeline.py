"""Attention over time: how many results each of up to five queries has per year or month, beside
the number of all articles per period, so a reader sees both volume and share of coverage (as
Media Cloud and GDELT chart it).

Counts come from :meth:`search.Archive.month_counts`, which selects documents exactly as a search
does (every filter, the date range included), so a period's count is the total of the same search
with ``from``/``to`` set to that period's first and last day. "All articles" is the same search
with an empty query: the archive, narrowed by the same filters.
"""

from __future__ import annotations

import time
from calendar import monthrange
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from search.facets import period_label
from search.models import MonthCounts, SearchRequest

if TYPE_CHECKING:
    from search.engine import Archive

Interval = Literal["year", "month"]
INTERVALS: tuple[str, ...] = ("year", "month")
MAX_QUERIES = 5
MAX_TIMELINE_QUERY_LENGTH = 400  # five of them stay within the API's URL limit
MONTHLY_SPAN = 60  # chosen automatically: months when the results span at most five years, else years
MAX_PERIODS = 600  # a bogus far-off date must not make a chart of thousands of bars: older ones are summed


@dataclass(frozen=True, slots=True)
class TimelineRequest:
    """Up to :data:`MAX_QUERIES` queries compared under the same ``filters`` (a search request
    whose ``q`` is not used); ``interval`` None chooses from the span of the results."""

    queries: tuple[str, ...] = ()
    filters: SearchRequest = field(default_factory=SearchRequest)
    interval: Interval | None = None


@dataclass(frozen=True, slots=True)
class Period:
    """One year or month: ``start`` and ``end`` are its first and last day (inclusive), clipped
    to the request's date range, i.e. the ``from`` and ``to`` of the search it counts."""

    label: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Series:
    """One query's counts per period; ``outside`` counts dated results in no period listed (older
    than :data:`MAX_PERIODS` periods; for all articles, also those outside the queries' span),
    ``undated`` those without a date, so ``sum(counts) + outside + undated == total``, the search's
    own total."""

    query: str
    counts: tuple[int, ...]
    total: int
    outside: int = 0
    undated: int = 0
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Timeline:
    """Queries' counts per period, and ``everything``: all articles the filters allow, per period."""

    request: TimelineRequest
    interval: Interval
    periods: tuple[Period, ...]
    series: tuple[Series, ...]
    everything: Series
    partial: bool = False
    took_ms: float = 0.0

    def share(self, series: Series, index: int) -> float | None:
        """The share of all articles of period ``index`` that ``series`` found (None: no articles)."""
        whole = self.everything.counts[index]
        return series.counts[index] / whole if whole else None

    @property
    def peak(self) -> int:
        """The largest count of any query in any period (0 when nothing matched)."""
        return max((max(s.counts, default=0) for s in self.series), default=0)


def timeline(archive: Archive, request: TimelineRequest, budget: float | None = None) -> Timeline:
    """Count ``request``'s queries and all articles per period on ``archive``."""
    started = time.perf_counter()
    searches = [replace(request.filters, q=q) for q in request.queries]
    counted = archive.month_counts([*searches, replace(request.filters, q="")], budget)
    result = build(request, counted[:-1], counted[-1])
    return replace(result, took_ms=round((time.perf_counter() - started) * 1000, 2))


def build(request: TimelineRequest, counted: list[MonthCounts], everything: MonthCounts) -> Timeline:
    """The timeline of month counts (one per query, in order, then all articles'): periods span
    the queries' results (all articles' when the queries found nothing dated), oldest first,
    empty periods included so a chart's time axis is even."""
    dated = [m for c in counted for m in c.months] or list(everything.months)
    if not dated:
        interval: Interval = request.interval or "year"
        return Timeline(request, interval, (), tuple(_series(q, c, interval, 0, -1) for q, c in
                                                    zip(request.queries, counted, strict=True)),
                        _series("", everything, interval, 0, -1), _partial(counted, everything))
    first, last = min(dated), max(dated)
    interval = request.interval or ("month" if last - first < MONTHLY_SPAN else "year")
    if interval == "year":
        first, last = first // 12, last // 12
    first = max(first, last - MAX_PERIODS + 1)
    periods = tuple(_period(interval, i, request.filters) for i in range(first, last + 1))
    series = tuple(_series(q, c, interval, first, last) for q, c in zip(request.queries, counted, strict=True))
    return Timeline(request, interval, periods, series, _series("", everything, interval, first, last),
                    _partial(counted, everything))


def _partial(counted: list[MonthCounts], everything: MonthCounts) -> bool:
    return everything.partial or any(c.partial for c in counted)


def _series(query: str, counts: MonthCounts, interval: Interval, first: int, last: int) -> Series:
    """``counts`` summed into the periods ``first`` to ``last`` (month or year indexes)."""
    per: dict[int, int] = {}
    for month, count in counts.months.items():
        key = month // 12 if interval == "year" else month
        per[key] = per.get(key, 0) + count
    listed = tuple(per.get(i, 0) for i in range(first, last + 1))
    outside = counts.total - counts.undated - sum(listed)
    return Series(query, listed, counts.total, outside, counts.undated, counts.ignored)


def _period(interval: Interval, index: int, filters: SearchRequest) -> Period:
    if interval == "year":
        start, end = date(index, 1, 1), date(index, 12, 31)
    else:
        year, month = divmod(index, 12)
        start, end = date(year, month + 1, 1), date(year, month + 1, monthrange(year, month + 1)[1])
    if filters.date_from and filters.date_from > start:
        start = filters.date_from
    if filters.date_to and filters.date_to < end:
        end = filters.date_to
    return Period(period_label(interval, index), start, end)
