"""``GET /api/v1/export``: every hit of a search, streamed as JSON Lines or CSV.

Hits are fetched a page of :data:`PAGE` at a time through the ordinary search, so memory stays flat
however large the export, and the first page runs before the response starts: a missing index is
still a proper error, and ``X-Total-Count`` can be sent up front.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from flask import Response, request, stream_with_context

from search import SearchRequest, SearchResult
from search.models import MAX_PER_PAGE
from search.serialize import hit_to_json
from web.context import archive
from web.errors import problem

log = logging.getLogger(__name__)

PAGE = MAX_PER_PAGE
FIELDS = ("id", "url", "title", "published", "author", "category", "tags", "site", "lang", "score")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv"}
TAG_SEPARATOR = "|"


def export_response(req: SearchRequest, fmt: str, limit: int) -> Response:
    media_type = MEDIA_TYPES[fmt]
    if request.accept_mimetypes and not request.accept_mimetypes.best_match([media_type]):
        return problem(406, "Not Acceptable", f"format={fmt} answers {media_type}, which Accept does not allow")
    plain = replace(req, page=1, per_page=PAGE, highlight=False, facets=())
    first = archive().search(plain)
    rows = _rows(plain, first, limit)
    body = _jsonl(rows) if fmt == "jsonl" else _csv(rows)
    resp = Response(stream_with_context(_batched(body)), mimetype=media_type)
    resp.headers["X-Total-Count"] = str(first.total)
    resp.headers["Content-Disposition"] = f'attachment; filename="newsarchive-export.{fmt}"'
    return resp


def _rows(req: SearchRequest, first: SearchResult, limit: int) -> Iterator[dict[str, Any]]:
    """Up to ``limit`` hits in order, one search page at a time."""
    result, sent = first, 0
    while True:
        for hit in result.hits:
            if sent >= limit:
                return
            data = hit_to_json(hit)
            yield {name: data[name] for name in FIELDS}
            sent += 1
        if result.request.page >= result.pages or sent >= limit:
            return
        result = archive().search(replace(req, page=result.request.page + 1))


def _batched(chunks: Iterator[str], size: int = 64) -> Iterator[str]:
    """Join small chunks: one write per row would cost a system call each."""
    batch: list[str] = []
    for chunk in chunks:
        batch.append(chunk)
        if len(batch) >= size:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    try:
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
    except Exception:  # headers are sent: all that is left is to log and cut the stream short
        log.exception("export stream failed")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(row: dict[str, Any]) -> dict[str, Any]:
    """Cells a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``) start with a
    quote, as OWASP advises for CSV exports; scraped titles and tags are attacker-written."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for k, v in row.items()}


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    try:
        for row in rows:
            writer.writerow(defused({**row, "tags": TAG_SEPARATOR.join(row["tags"])}))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    except Exception:  # as above
        log.exception("export stream failed")
    yield buffer.getvalue()
