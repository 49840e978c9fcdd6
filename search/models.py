"""Backend-neutral request and result types: what ``web/`` and the CLI see of search.

Nothing here mentions Whoosh, so a second backend (OpenSearch with Nori) can return the same types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Sort = Literal["relevance", "newest", "oldest", "changed"]
# ``changed``: the time of the article's last change (its latest revision), newest first.
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest", "changed")
FACETS: tuple[str, ...] = ("tags", "category", "author", "site", "lang", "year", "month", "edited")
DEFAULT_FACET_SIZE = 10
MAX_PER_PAGE = 100
MAX_QUERY_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search: query text, filters, sort, page, and which facets to count.

    ``date_from``/``date_to`` are inclusive calendar days in the archive's display time zone.
    ``edited``: True keeps articles edited after publication (more than one revision), False
    those never edited, None both.
    ``facets`` maps a facet name to how many values to return (the rest are summarised).
    """

    q: str = ""
    tags: tuple[str, ...] = ()
    category: str | None = None
    author: str | None = None
    site: str | None = None
    lang: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    edited: bool | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 10
    highlight: bool = True
    recency: bool = True
    facets: tuple[tuple[str, int], ...] = tuple((name, DEFAULT_FACET_SIZE) for name in FACETS)


@dataclass(frozen=True, slots=True)
class Hit:
    """One result row; ``title_html`` and ``snippet_html`` are escaped HTML with ``<mark>``."""

    id: str
    url: str
    title: str
    title_html: str
    snippet_html: str
    published: datetime | None
    author: str | None
    category: str | None
    tags: tuple[str, ...]
    site: str | None
    lang: str | None
    score: float
    revisions: int = 0  # versions kept in the archive (0: no history, e.g. an imported record)
    changed: datetime | None = None  # when the latest version was captured


@dataclass(frozen=True, slots=True)
class RelatedArticles:
    """What an article page lists beside the article: ``hits`` on the same subject, best first, and
    ``copies``, the same text at other URLs (syndicated or re-posted), which are not related
    articles but the article again."""

    hits: tuple[Hit, ...]
    copies: tuple[Hit, ...] = ()


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One facet value. For the ``category`` tree, ``parent`` is the parent path (None at the top)
    and ``depth`` the nesting level, and values come in tree order (each parent before its
    children), so a UI can indent by ``depth`` without rebuilding the tree."""

    value: str
    count: int
    selected: bool = False
    parent: str | None = None
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Facet:
    """Counts for one facet; ``other`` is how many matching documents' values were not listed."""

    name: str
    values: tuple[FacetValue, ...]
    other: int = 0


@dataclass(frozen=True, slots=True)
class SearchResult:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, Facet]
    took_ms: float
    suggestion: str | None = None
    ignored: tuple[str, ...] = ()
    generation: str = ""
    partial: bool = False  # the time budget ran out: hits unhighlighted, facets or suggestion left out
    cached: bool = False  # answered from the result cache (``took_ms`` is then the lookup's time)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """One search's results per calendar month in the archive's display zone: ``months`` maps a
    month index (``year * 12 + month - 1``) to its count, months without results left out;
    ``undated`` results have no date. ``total`` is the search's total, their sum."""

    months: dict[int, int]
    undated: int
    total: int
    ignored: tuple[str, ...] = ()
    partial: bool = False


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    documents: int
    generation: str
    last_modified: datetime | None
    size_bytes: int
    analyzer: str
    extra: dict[str, object] = field(default_factory=dict)
