"""JSON shapes of search results and articles: one definition for the API and the CLI."""

from __future__ import annotations

from typing import Any

from search.article import Article
from search.diff import ArticleDiff, Segment
from search.models import Facet, Hit, RelatedArticles, SearchResult
from search.revisions import History, Revision
from search.timeline import Series, Timeline


def hit_to_json(hit: Hit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "url": hit.url,
        "title": hit.title,
        "title_html": hit.title_html,
        "snippet_html": hit.snippet_html,
        "published": hit.published.isoformat() if hit.published else None,
        "author": hit.author,
        "category": hit.category,
        "tags": list(hit.tags),
        "site": hit.site,
        "lang": hit.lang,
        "score": hit.score,
        "revisions": hit.revisions,
        "changed": hit.changed.isoformat() if hit.changed else None,
    }


def facet_to_json(facet: Facet) -> list[dict[str, Any]]:
    """Facet values; the category tree's entries also carry ``parent`` and ``depth``."""
    if facet.name == "category":
        return [
            {"value": v.value, "count": v.count, "selected": v.selected, "parent": v.parent, "depth": v.depth}
            for v in facet.values
        ]
    return [{"value": v.value, "count": v.count, "selected": v.selected} for v in facet.values]


def result_to_json(result: SearchResult) -> dict[str, Any]:
    """The search response body (without links, which only the web layer knows)."""
    req = result.request
    return {
        "query": req.q,
        "total": result.total,
        "page": req.page,
        "per_page": req.per_page,
        "took_ms": result.took_ms,
        "hits": [hit_to_json(hit) for hit in result.hits],
        "facets": {name: facet_to_json(facet) for name, facet in result.facets.items()},
        "facets_other": {name: facet.other for name, facet in result.facets.items()},
        "suggestion": result.suggestion,
        "ignored": list(result.ignored),
        "partial": result.partial,
    }


def related_to_json(article_id: str, related: RelatedArticles) -> dict[str, Any]:
    """The related-articles response body: related hits, and copies of the article kept apart."""
    return {
        "id": article_id,
        "hits": [hit_to_json(hit) for hit in related.hits],
        "copies": [hit_to_json(hit) for hit in related.copies],
    }


def article_to_json(article: Article) -> dict[str, Any]:
    data = article.to_json()
    data["id"] = article.id
    return data


def _series_to_json(timeline: Timeline, series: Series, shares: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "query": series.query,
        "total": series.total,
        "counts": list(series.counts),
        "outside": series.outside,
        "undated": series.undated,
    }
    if shares:
        out["shares"] = [_share(timeline.share(series, i)) for i in range(len(series.counts))]
        out["ignored"] = list(series.ignored)
    return out


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def timeline_to_json(timeline: Timeline) -> dict[str, Any]:
    """The timeline response body: periods oldest first, each query's counts and shares in the
    in the same order, and ``all``, every article the filters allow, per period (links are the
    web layer's)."""
    return {
        "interval": timeline.interval,
        "periods": [{"label": p.label, "from": p.start.isoformat(), "to": p.end.isoformat()} for p in timeline.periods],
        "series": [_series_to_json(timeline, s, True) for s in timeline.series],
        "all": _series_to_json(timeline, timeline.everything, False),
        "partial": timeline.partial,
        "took_ms": timeline.took_ms,
    }


def revision_summary_to_json(revision: Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "captured_at": revision.captured_at.isoformat(),
        "changed": list(revision.changed),
        "title": revision.article.title,
    }


def history_to_json(article_id: str, history: History) -> dict[str, Any]:
    """The revision list: every version's number, capture time and changed fields, oldest first."""
    return {
        "id": article_id,
        "updates": history.updates,
        "removed_at": history.removed_at.isoformat() if history.removed_at else None,
        "removed_status": history.removed_status,
        "revisions": [revision_summary_to_json(r) for r in history.revisions],
    }


def revision_to_json(article_id: str, revision: Revision) -> dict[str, Any]:
    return {"id": article_id, **revision_summary_to_json(revision), "article": article_to_json(revision.article)}


def _segments(segments: tuple[Segment, ...]) -> list[dict[str, str]]:
    return [{"op": s.op, "text": s.text} for s in segments]


def diff_to_json(article_id: str, before: Revision, after: Revision, diff: ArticleDiff) -> dict[str, Any]:
    """A diff between two revisions: title and body as segments, metadata changes apart."""
    return {
        "id": article_id,
        "from": before.number,
        "to": after.number,
        "title": _segments(diff.title),
        "body": _segments(diff.body),
        "fields": [{"field": c.field, "before": c.before, "after": c.after} for c in diff.fields],
    }
