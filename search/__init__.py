"""newsarchive's search library: schema, analysis, querying, facets, highlighting.

A pure library (no Flask, no HTTP). ``web/`` and the CLI use only the names exported here, which
carry no Whoosh types, so another backend can slot in behind :class:`Archive`'s methods.
"""

from search.article import Article, RecordError
from search.engine import Archive
from search.models import ArchiveStats, Facet, FacetValue, Hit, RelatedArticles, SearchRequest, SearchResult
from search.params import ParamError, request_from_mapping, request_from_params, timeline_request_from_params
from search.revisions import History, Revision
from search.storage import IndexCorrupt, IndexMissing, IndexUnavailable, default_index_dir
from search.timeline import Period, Series, Timeline, TimelineRequest, timeline

__all__ = [
    "Archive",
    "ArchiveStats",
    "Article",
    "Facet",
    "FacetValue",
    "Hit",
    "History",
    "IndexCorrupt",
    "IndexMissing",
    "IndexUnavailable",
    "Period",
    "ParamError",
    "RecordError",
    "RelatedArticles",
    "Revision",
    "SearchRequest",
    "SearchResult",
    "Series",
    "Timeline",
    "TimelineRequest",
    "default_index_dir",
    "request_from_mapping",
    "request_from_params",
    "timeline",
    "timeline_request_from_params",
]
