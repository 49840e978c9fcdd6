"""View models for the search page: filter chips, hidden form fields, the date histogram, paging.

Pure functions of a :class:`SearchRequest` and the facets the search core returned, so they are
tested without a browser; the templates (``web/templates/search.html`` and its partials) write
them out. The histogram's bars are plain slotted dataclasses: a page draws up to sixty of them.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from search import Facet, FacetValue, SearchRequest
from web import urls

# How many values of each facet the page shows (the selected ones come on top, from the search
# core); the rest are one "more" link away, on a page of that facet's values. The histogram asks
# for every month so it covers the full result span.
FACET_SHOWN = 10
UI_FACETS: tuple[tuple[str, int], ...] = (
    ("tags", FACET_SHOWN),
    ("category", FACET_SHOWN),
    ("author", FACET_SHOWN),
    ("site", FACET_SHOWN),
    ("lang", FACET_SHOWN),
    ("edited", 2),
    ("month", 100_000),
    ("year", 1_000),  # the histogram's bars when the results span more than MAX_MONTH_BARS months
)
FACET_PAGES = ("tags", "category", "author", "site")  # the facets with a page of all their values
MAX_MONTH_BARS = 60  # beyond this span the histogram shows years, until a date filter zooms in
ZOOM_YEARS = 5


def query_string(req: SearchRequest) -> str:
    return urls.encode([(k, v) for k, v in urls.request_params(req) if k != "page"])


@dataclass(frozen=True, slots=True)
class Chip:
    """One active filter; ``without`` is the same search with this filter removed."""

    kind: str
    value: str
    without: SearchRequest

    @property
    def href(self) -> str:
        return "?" + query_string(self.without)


def chips(req: SearchRequest) -> list[Chip]:
    if not (req.tags or req.category or req.author or req.site or req.lang or req.date_from or req.date_to
            or req.edited is not None):
        return []
    base = replace(req, page=1)
    out = [Chip("tag", t, replace(base, tags=tuple(x for x in req.tags if x != t))) for t in req.tags]
    for name in ("category", "author", "site", "lang"):
        value = getattr(req, name)
        if value:
            out.append(Chip(name, value, replace(base, **{name: None})))
    if req.edited is not None:
        out.append(Chip("edited", "true" if req.edited else "false", replace(base, edited=None)))
    if req.date_from or req.date_to:
        ends = (d.isoformat() if d else "" for d in (req.date_from, req.date_to))
        label = " – ".join(ends)
        out.append(Chip("date", label, replace(base, date_from=None, date_to=None)))
    return out


def hidden_fields(req: SearchRequest, exclude: tuple[str, ...]) -> list[tuple[str, str]]:
    """The parameters a sidebar form must carry so submitting it keeps every other filter."""
    return [(k, v) for k, v in urls.request_params(req) if k not in exclude and k != "page"]


def category_branch(values: Sequence[FacetValue], selected: str | None) -> list[FacetValue]:
    """The category tree as the sidebar shows it: the top level and the selected branch only (its
    ancestors' children and its own), so hundreds of categories take a dozen lines. ``values``
    come from the search core in tree order, which filtering keeps."""
    parts = selected.strip("/").casefold().split("/") if selected else []
    opened = {"/".join(parts[: i + 1]) for i in range(len(parts))}
    return [v for v in values if v.depth == 0 or (v.parent or "").casefold() in opened]


@dataclass(frozen=True, slots=True)
class CategoryNode:
    """One category in the sidebar's tree: the core's value, its last path segment, its children."""

    value: FacetValue
    label: str
    children: list[CategoryNode]


def category_tree(values: Sequence[FacetValue]) -> list[CategoryNode]:
    """The category values (in the core's tree order: each parent followed by its children, with
    their depth) nested in one pass. A value is at most one level below the one before it, so a
    value whose parent was left out of ``values`` hangs under the nearest open ancestor."""
    roots: list[CategoryNode] = []
    open_nodes: list[CategoryNode] = []  # the path from a root to the last node placed
    for v in values:
        level = min(v.depth, len(open_nodes))
        del open_nodes[level:]
        node = CategoryNode(v, v.value[v.value.rfind("/") + 1:], [])
        (open_nodes[-1].children if open_nodes else roots).append(node)
        open_nodes.append(node)
    return roots


@dataclass(slots=True)
class Bar:
    label: str
    start: date
    end: date
    count: int
    selected: bool


@dataclass(frozen=True, slots=True)
class Histogram:
    unit: str  # "month" or "year"
    bars: tuple[Bar, ...]

    @property
    def peak(self) -> int:
        return max((b.count for b in self.bars), default=0)


def _month_index(label: str) -> int:
    return int(label[:4]) * 12 + int(label[5:7]) - 1


@lru_cache(maxsize=4096)
def _month(index: int) -> tuple[str, date, date]:
    """A month's label, first and last day; kept, as every results page draws up to 60 months."""
    year, month = divmod(index, 12)
    return (f"{year:04d}-{month + 1:02d}", date(year, month + 1, 1),
            date(year, month + 1, monthrange(year, month + 1)[1]))


def _within(start: date, end: date, req: SearchRequest) -> bool:
    if not (req.date_from or req.date_to):
        return False
    return (req.date_from or date.min) <= start and end <= (req.date_to or date.max)


@lru_cache(maxsize=512)
def _year(year: int) -> tuple[str, date, date]:
    return f"{year:04d}", date(year, 1, 1), date(year, 12, 31)


def histogram(months: Facet | None, req: SearchRequest, years: Facet | None = None) -> Histogram | None:
    """Bars per month over the results' span (zero months included, so gaps show), or per year
    when the span is too long to read; a date filter of a few years zooms back into months.

    ``months`` comes from the search core oldest first, so its ends are its first and last
    values; it can hold every month of decades, so the yearly bars read the core's ``year``
    facet when the page asked for it (a sum over hundreds of months took a tenth of a
    millisecond) and add the months up otherwise."""
    if months is None or not months.values:
        return None
    values = months.values
    first, last = _month_index(values[0].value), _month_index(values[-1].value)
    if last - first >= MAX_MONTH_BARS and (req.date_from or req.date_to):
        low = max(first, (req.date_from.year * 12) if req.date_from else first)
        high = min(last, (req.date_to.year * 12 + 11) if req.date_to else last)
        if 0 <= high - low < ZOOM_YEARS * 12:
            first, last = low, high
    filtered = bool(req.date_from or req.date_to)
    if last - first < MAX_MONTH_BARS:
        counts = {v.value: v.count for v in values}
        bars = []
        for i in range(first, last + 1):
            label, start, end = _month(i)
            bars.append(Bar(label, start, end, counts.get(label, 0), filtered and _within(start, end, req)))
        return Histogram("month", tuple(bars))
    totals: dict[str, int] = {}
    if years is not None:
        totals = {v.value: v.count for v in years.values}
    else:
        for v in values:
            totals[v.value[:4]] = totals.get(v.value[:4], 0) + v.count
    out = []
    for year in range(first // 12, last // 12 + 1):
        label, start, end = _year(year)
        out.append(Bar(label, start, end, totals.get(label, 0), filtered and _within(start, end, req)))
    return Histogram("year", tuple(out))


PRESETS = (("week", 7), ("month", 30), ("year", 365))  # the sidebar's "past …" links, in days


@dataclass(frozen=True, slots=True)
class Preset:
    """A date shortcut: the results of the last ``key`` (week, month, year) up to today."""

    key: str
    query: str
    selected: bool


def date_presets(req: SearchRequest, links: urls.Links, today: date) -> list[Preset]:
    """Links to the search limited to the past week, month or year (today included), in place of
    its date filter; the one matching the current filter is selected."""
    base = links.dated_base()
    out = []
    for key, days in PRESETS:
        start = today - timedelta(days=days - 1)
        query = (base + "&" if base else "") + "from=" + start.isoformat()
        out.append(Preset(key, query, req.date_from == start and req.date_to is None))
    return out


def page_window(current: int, pages: int, spread: int = 2) -> list[int | None]:
    """Page numbers around the current one, always with the first and the last; ``None`` marks a
    gap ("1 … 48 49 50 51 52 … 155"). A gap of one page shows that page instead of "…"."""
    shown = sorted({1, pages, *range(max(1, current - spread), min(pages, current + spread) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) == 2:
            out.append(n - 1)
        elif out and n - (out[-1] or 0) > 2:
            out.append(None)
        out.append(n)
    return out
