"""The naive Whoosh baseline: how a full search request is usually written with Whoosh.

A fresh index and searcher per request, ``groupedby`` facets over stored and indexed fields, and
``hit.highlights`` for snippets. It answers the same request as our engine: match, filters,
total, facets for tags, category, site and year, ten highlighted hits.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from whoosh import query as wq
from whoosh import sorting

from search.query import parse_query
from search.storage import analyzer_of, current_generation, open_generation

YEAR = 365 * 86400


def naive_search(root: Path, params: dict[str, str], tz: ZoneInfo) -> dict:
    gen = root / (current_generation(root) or "")
    ix = open_generation(gen)
    with ix.searcher() as searcher:
        parsed = parse_query(params.get("q", ""), analyzer_of(gen))
        filters: list[wq.Query] = []
        if params.get("tag"):
            filters.append(wq.Term("tags", params["tag"].lower()))
        if params.get("from") or params.get("to"):
            low = int(datetime.combine(date.fromisoformat(params["from"]), time.min, tz).timestamp())
            high = int(datetime.combine(date.fromisoformat(params["to"]) + timedelta(days=1), time.min, tz).timestamp())
            filters.append(wq.NumericRange("ts", low, high - 1))
        facets = {
            "tags": sorting.FieldFacet("tags", allow_overlap=True),
            "category": sorting.FieldFacet("category", allow_overlap=True),
            "site": sorting.FieldFacet("site"),
            "year": sorting.RangeFacet("ts", 0, 2_000_000_000, YEAR),
        }
        results = searcher.search(
            parsed.query, limit=10, groupedby=facets, filter=wq.And(filters) if filters else None, terms=True
        )
        counts = {name: {k: len(v) for k, v in results.groups(name).items()} for name in facets}
        hits = [(hit["id"], hit.highlights("body"), hit.highlights("title")) for hit in results]
        return {"total": len(results), "facets": counts, "hits": hits}
