"""The OpenAPI 3.1 document of ``/api/v1``: the contract, and the source of truth for parameters.

The API validates every query parameter against the schemas written here (see
:mod:`web.api_params`), so what the document promises and what the server accepts cannot drift
apart; schemathesis and the contract tests hold the responses to the same document.
"""

from __future__ import annotations

from typing import Any

from search.models import FACETS, MAX_PER_PAGE, MAX_QUERY_LENGTH, SORTS
from search.params import MAX_FILTER_LENGTH, MAX_PAGE, MAX_TAGS
from search.revisions import TRACKED_FIELDS
from search.timeline import INTERVALS, MAX_QUERIES, MAX_TIMELINE_QUERY_LENGTH

API_VERSION = "1"
PROBLEM_TYPE = "application/problem+json"
MAX_RELATED = 20
MAX_FACET_VALUES = 1000
MAX_SUGGESTIONS = 20
MAX_PREFIX_LENGTH = 200
MAX_ETAG_LENGTH = 1000
MAX_REVISION = 1_000_000

# Years 1000-9899 keep every date's next day representable; full dates are also checked as dates.
_YEAR = "([1-8][0-9]{3}|9[0-8][0-9]{2})"
_DAY_SCHEMA: dict[str, Any] = {
    "type": "string",
    "anyOf": [
        {"pattern": f"^{_YEAR}(-(0[1-9]|1[0-2]))?$"},
        {"pattern": f"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}$", "format": "date"},
    ],
}
_FACET_ITEM = f"({'|'.join(FACETS)})(:(1000|[1-9][0-9]{{0,2}}))?"
_TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: unknown fields in a response are contract drift, not extensions."""
    required = [name for name in properties if name not in optional]
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _query(name: str, schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema, **extra}


def _parameters(export_limit: int) -> dict[str, Any]:
    text = {**_TEXT, "maxLength": MAX_FILTER_LENGTH}
    return {
        "q": _query("q", {**_TEXT, "maxLength": MAX_QUERY_LENGTH}, "Query text in the search language."),
        "tag": _query(
            "tag",
            {"type": "array", "items": text, "maxItems": MAX_TAGS},
            "Tag filter; repeat for several tags (all must match).",
            style="form",
            explode=True,
        ),
        "category": _query("category", text, "Category filter (`Parent` or `Parent/Child`)."),
        "author": _query("author", text, "Author filter."),
        "site": _query("site", text, "Site (host name) filter."),
        "lang": _query("lang", text, "Language filter (`ko`, `en`, ...)."),
        "edited": _query("edited", {"type": "boolean"},
                         "`true`: only articles edited after publication (more than one revision); `false`: only "
                         "articles never edited."),
        "from": _query("from", _DAY_SCHEMA, "First day, inclusive: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`."),
        "to": _query("to", _DAY_SCHEMA, "Last day, inclusive; before `from` means an empty range."),
        "sort": _query("sort", {"type": "string", "enum": list(SORTS)}, "Order of hits."),
        "page": _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "Page number, from 1."),
        "per_page": _query(
            "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "Hits per page (default 10)."
        ),
        "facets": _query(
            "facets",
            {"type": "string", "pattern": f"^( *{_FACET_ITEM} *)?(,( *{_FACET_ITEM} *)?)*$"},
            "Facets to count and how many values each, e.g. `tags:20,year`; empty for none. "
            f"Default: every facet ({', '.join(FACETS)}) with 10 values.",
        ),
        "highlight": _query("highlight", {"type": "boolean"}, "`false` skips snippets and title marks (faster)."),
        "recency": _query("recency", {"type": "boolean"}, "`false` turns off the recency boost of relevance."),
        "format": _query("format", {"type": "string", "enum": ["jsonl", "csv"]}, "Export format (default jsonl)."),
        "export_limit": _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": export_limit},
            f"At most this many hits (default and cap: {export_limit}).",
        ),
        "related_limit": _query(
            "limit", {"type": "integer", "minimum": 1, "maximum": MAX_RELATED}, "How many articles (default 5)."
        ),
        "facet_limit": _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_FACET_VALUES},
            "How many values (default 50); the rest are summed in `other`.",
        ),
        "suggest_limit": _query(
            "limit", {"type": "integer", "minimum": 1, "maximum": MAX_SUGGESTIONS}, "How many completions (default 8)."
        ),
        "prefix": _query(
            "q", {**_TEXT, "maxLength": MAX_PREFIX_LENGTH}, "Case-insensitive prefix of the values (empty: all)."
        ),
        "partial": _query("q", {**_TEXT, "maxLength": MAX_PREFIX_LENGTH}, "The partial query typed so far."),
        "timeline_q": _query(
            "q",
            {"type": "array", "items": {**_TEXT, "maxLength": MAX_TIMELINE_QUERY_LENGTH}, "maxItems": MAX_QUERIES},
            f"A query to chart; repeat to compare up to {MAX_QUERIES} (blank and repeated ones are dropped; "
            "none charts all articles only).",
            style="form",
            explode=True,
        ),
        "interval": _query(
            "interval",
            {"type": "string", "enum": list(INTERVALS)},
            "Period length; absent: months when the results span at most five years, else years.",
        ),
        "timeline_format": _query(
            "format",
            {"type": "string", "enum": ["json", "csv"]},
            "`csv` for a table (one row per query and period); default JSON, or as `Accept` asks.",
        ),
        "if_none_match": {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": "An `ETag` from an earlier answer; unchanged content answers 304.",
            "schema": {"type": "string", "maxLength": MAX_ETAG_LENGTH},
        },
        "article_id": {
            "name": "id",
            "in": "path",
            "required": True,
            "description": "Article id (16 hex digits, stable for a URL).",
            "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        },
        "revision_number": {
            "name": "number",
            "in": "path",
            "required": True,
            "description": "Revision number, from 1 (the first version the archive saw).",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_REVISION},
        },
        "revision_from": _query("from", {"type": "integer", "minimum": 1, "maximum": MAX_REVISION},
                                "The older revision (default: the one before `to`)."),
        "revision_to": _query("to", {"type": "integer", "minimum": 1, "maximum": MAX_REVISION},
                              "The newer revision (default: the latest)."),
        "facet_name": {
            "name": "name",
            "in": "path",
            "required": True,
            "description": "Facet name.",
            "schema": {"type": "string", "enum": list(FACETS)},
        },
    }


def _schemas() -> dict[str, Any]:
    string, integer = {"type": "string"}, {"type": "integer", "minimum": 0}
    moment = {"type": "string", "format": "date-time", "description": "ISO 8601 with UTC offset."}
    day = {"type": "string", "format": "date", "description": "First or last day of the period, inclusive."}
    facet_list = {"type": "array", "items": _ref("schemas", "FacetValue")}
    return {
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details.",
            "properties": {
                "type": string,
                "title": string,
                "status": {"type": "integer"},
                "detail": string,
                "param": {"type": "string", "description": "The bad parameter, for 400."},
            },
            "required": ["type", "title", "status", "detail"],
        },
        "FacetValue": _obj(
            {
                "value": string,
                "count": integer,
                "selected": {"type": "boolean"},
                "parent": {**_nullable(string), "description": "Category tree only: the parent path."},
                "depth": {**integer, "description": "Category tree only: the nesting level."},
            },
            optional=("parent", "depth"),
        ),
        "Hit": _obj(
            {
                "id": string,
                "url": string,
                "title": string,
                "title_html": {"type": "string", "description": "Escaped HTML; matches in `<mark>`."},
                "snippet_html": {"type": "string", "description": "Escaped HTML; matches in `<mark>`."},
                "published": _nullable(moment),
                "author": _nullable(string),
                "category": _nullable(string),
                "tags": {"type": "array", "items": string},
                "site": _nullable(string),
                "lang": _nullable(string),
                "score": {"type": "number"},
                "revisions": {**integer, "description": "Versions kept in the archive (0: no history kept)."},
                "changed": {**_nullable(moment), "description": "When the latest version was captured."},
            }
        ),
        "RevisionSummary": _obj(
            {
                "number": {"type": "integer", "minimum": 1},
                "captured_at": moment,
                "changed": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(TRACKED_FIELDS)},
                    "description": "Fields that differ from the revision before (empty for the first).",
                },
                "title": string,
            }
        ),
        "Revisions": _obj(
            {
                "id": string,
                "updates": {**integer, "description": "How many times the article changed after its first version."},
                "removed_at": {**_nullable(moment), "description": "When the post started answering 404/410."},
                "removed_status": _nullable({"type": "integer", "enum": [404, 410]}),
                "revisions": {
                    "type": "array", "items": _ref("schemas", "RevisionSummary"), "description": "Oldest first.",
                },
            }
        ),
        "Revision": _obj(
            {
                "id": string,
                "number": {"type": "integer", "minimum": 1},
                "captured_at": moment,
                "changed": {"type": "array", "items": {"type": "string", "enum": list(TRACKED_FIELDS)}},
                "title": string,
                "article": _ref("schemas", "Article"),
            }
        ),
        "Diff": _obj(
            {
                "id": string,
                "from": {"type": "integer", "minimum": 1},
                "to": {"type": "integer", "minimum": 1},
                "title": {"type": "array", "items": _ref("schemas", "Segment")},
                "body": {
                    "type": "array",
                    "items": _ref("schemas", "Segment"),
                    "description": "Word-level (eojeol-level for Korean); concatenating the `equal` and `insert` "
                    "segments gives the newer text, `equal` and `delete` the older (with the newer text's spacing).",
                },
                "fields": {
                    "type": "array",
                    "items": _obj({"field": string, "before": string, "after": string}),
                    "description": "Metadata changes (author, published, category, tags), listed apart.",
                },
            }
        ),
        "Segment": _obj({"op": {"type": "string", "enum": ["equal", "insert", "delete"]}, "text": string}),
        "SearchResult": _obj(
            {
                "query": string,
                "total": integer,
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "took_ms": {"type": "number"},
                "hits": {"type": "array", "items": _ref("schemas", "Hit")},
                "facets": {
                    **_obj({name: facet_list for name in FACETS}, optional=FACETS),
                    "description": "Each count is the `total` that choosing its value gives. Tags combine with "
                    "AND, so a tag's count is taken over these results with every filter applied, the selected "
                    "tags included (adding a tag narrows). `category`, `author`, `site`, `lang`, `year`, `month` "
                    "and `edited` are single-choice: each counts with every filter but its own, so a value's "
                    "count is the total after switching to it. Selected values are always listed, first.",
                },
                "facets_other": _obj({name: integer for name in FACETS}, optional=FACETS),
                "suggestion": _nullable(string),
                "ignored": {"type": "array", "items": string},
                "partial": {
                    "type": "boolean",
                    "description": "The request's time budget ran out: hits may be unhighlighted, facets or the "
                    "suggestion left out; `ignored` says so. Partial answers are not cached.",
                },
                "links": _obj({"self": string, "next": _nullable(string), "prev": _nullable(string)}),
            }
        ),
        "Article": _obj(
            {
                "id": string,
                "url": string,
                "title": string,
                "body": string,
                "author": _nullable(string),
                "published": _nullable(moment),
                "category": _nullable(string),
                "tags": {"type": "array", "items": string},
                "lang": _nullable(string),
                "site": _nullable(string),
            }
        ),
        "Related": _obj(
            {
                "id": string,
                "hits": {
                    "type": "array",
                    "items": _ref("schemas", "Hit"),
                    "description": "Related articles, best first.",
                },
                "copies": {
                    "type": "array",
                    "items": _ref("schemas", "Hit"),
                    "description": "The same text at other URLs (syndicated or re-posted), not counted as related.",
                },
            }
        ),
        "Captures": _obj(
            {
                "id": string,
                "captures": {
                    "type": "array",
                    "description": "The archived answers of the article's page, oldest first.",
                    "items": _obj(
                        {
                            "time": {**moment, "description": "When it was fetched; `at` of the replay."},
                            "url": {**string, "description": "The URL it was fetched from (after redirects)."},
                            "status": {"type": "integer", "minimum": 100, "maximum": 599},
                            "content_type": _nullable(string),
                            "links": _obj(
                                {
                                    "replay": {**string, "description": "Our archived copy, with the banner."},
                                    "page": {**string, "description": "The sanitised page alone (sandboxed)."},
                                }
                            ),
                        }
                    ),
                },
            }
        ),
        "FacetValues": _obj(
            {
                "name": {"type": "string", "enum": list(FACETS)},
                "prefix": string,
                "values": facet_list,
                "other": {**integer, "description": "Documents whose matching values were not listed."},
            }
        ),
        "Suggestions": _obj(
            {
                "query": string,
                "suggestions": {
                    "type": "array",
                    "items": _obj({"text": string, "kind": {"type": "string", "enum": ["tag", "title"]}}),
                },
            }
        ),
        "Period": _obj({"label": string, "from": day, "to": day}),
        "Counts": _obj(
            {
                "query": string,
                "total": {**integer, "description": "The search's total: `sum(counts) + outside + undated`."},
                "counts": {"type": "array", "items": integer, "description": "Per period, in `periods` order."},
                "outside": {**integer, "description": "Dated results in no period listed."},
                "undated": {**integer, "description": "Results without a date."},
                "shares": {
                    "type": "array",
                    "items": _nullable({"type": "number", "minimum": 0, "maximum": 1}),
                    "description": "Per period: `counts` over all articles of the period (null when there are none).",
                },
                "ignored": {"type": "array", "items": string},
            },
            optional=("shares", "ignored"),
        ),
        "Timeline": _obj(
            {
                "interval": {"type": "string", "enum": list(INTERVALS)},
                "periods": {"type": "array", "items": _ref("schemas", "Period")},
                "series": {"type": "array", "items": _ref("schemas", "Counts"), "maxItems": MAX_QUERIES},
                "all": {
                    **_ref("schemas", "Counts"),
                    "description": "Every article the filters allow (the empty query), per period.",
                },
                "partial": {"type": "boolean", "description": "The time budget ran out: counts may be low."},
                "took_ms": {"type": "number"},
                "links": _obj({"self": string, "csv": string}),
            }
        ),
        "UpdateRun": _obj(
            {
                # running; finished; interrupted (stopped by a signal, or killed: its process is gone)
                "state": {"type": "string", "enum": ["running", "finished", "interrupted"]},
                "started": _nullable(moment),
                "finished": _nullable(moment),
                "counts": {"type": "object", "additionalProperties": integer},
                "errors": integer,
            }
        ),
        "Status": _obj(
            {
                "documents": integer,
                "generation": string,
                "last_modified": _nullable(moment),
                "size_bytes": integer,
                "analyzer": string,
                "version": string,
                "api_version": string,
                "last_update": _nullable(_ref("schemas", "UpdateRun")),
            }
        ),
    }


def _responses() -> dict[str, Any]:
    def problem(description: str) -> dict[str, Any]:
        return {"description": description, "content": {PROBLEM_TYPE: {"schema": _ref("schemas", "Problem")}}}

    return {
        "NotModified": {"description": "Unchanged since the `ETag` given in `If-None-Match`."},
        "BadRequest": problem("A bad parameter, named in `param`; unknown parameters are refused too."),
        "NotFound": problem("No such resource."),
        "NotAcceptable": problem("`Accept` allows none of this operation's media types."),
        "TooLarge": problem("A request body (GET takes none) over the configured limit."),
        "UriTooLong": problem("The URL is over the configured limit."),
        "TooManyRequests": {
            **problem("The configured rate limit tripped; see `Retry-After`."),
            "headers": {"Retry-After": {"schema": {"type": "string"}}},
        },
        "Unavailable": problem("The index is missing or cannot be opened."),
        "ServerError": problem("A fault of the server (a bug: report it); never a traceback."),
    }


_CACHE_HEADERS = {
    "ETag": {"description": "Changes when the index changes.", "schema": {"type": "string"}},
    "Last-Modified": {"description": "The index's last commit.", "schema": {"type": "string"}},
    "Cache-Control": {"schema": {"type": "string"}},
}


def _operation(
    op_id: str,
    summary: str,
    params: list[str],
    ok: dict[str, Any],
    *,
    not_found: bool = False,
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {**ok, "headers": _CACHE_HEADERS}, "304": _ref("responses", "NotModified")}
    responses["400"] = _ref("responses", "BadRequest")
    if not_found:
        responses["404"] = _ref("responses", "NotFound")
    for code, name in (
        ("406", "NotAcceptable"),
        ("413", "TooLarge"),
        ("414", "UriTooLong"),
        ("429", "TooManyRequests"),
        ("500", "ServerError"),
        ("503", "Unavailable"),
    ):
        responses[code] = _ref("responses", name)
    return {
        "operationId": op_id,
        "summary": summary,
        "parameters": [_ref("parameters", name) for name in [*params, "if_none_match"]],
        "responses": responses,
    }


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("schemas", schema)}}}


SEARCH_PARAMS = ["q", "tag", "category", "author", "site", "lang", "edited", "from", "to", "sort"]


def build_document(version: str, export_limit: int) -> dict[str, Any]:
    """The document for one app (``export_limit`` is configurable, so the schema follows it)."""
    export_ok = {
        "description": "Every hit (up to the limit), streamed; `X-Total-Count` tells how many matched.",
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
    operations = {
        "/search": _operation(
            "search",
            "Search with filters, facets, highlighting and paging",
            [*SEARCH_PARAMS, "page", "per_page", "facets", "highlight", "recency"],
            _json("SearchResult", "One page of hits with facet counts and paging links."),
        ),
        "/articles/{id}": _operation(
            "article",
            "One article with body and metadata",
            ["article_id"],
            _json("Article", "The article."),
            not_found=True,
        ),
        "/articles/{id}/related": _operation(
            "related",
            "Articles most like this one",
            ["article_id", "related_limit"],
            _json("Related", "Related articles, best first, and other copies of this article."),
            not_found=True,
        ),
        "/articles/{id}/captures": _operation(
            "captures",
            "The archived captures of an article's page",
            ["article_id"],
            _json("Captures", "Every capture we hold (empty when none); 404 for an unknown article."),
            not_found=True,
        ),
        "/articles/{id}/revisions": _operation(
            "revisions",
            "The article's revisions, and when it was removed at the source",
            ["article_id"],
            _json("Revisions", "Every version the archive saw, oldest first."),
            not_found=True,
        ),
        "/articles/{id}/revisions/{number}": _operation(
            "revision",
            "One revision of the article, as extracted then",
            ["article_id", "revision_number"],
            _json("Revision", "The revision."),
            not_found=True,
        ),
        "/articles/{id}/diff": _operation(
            "diff",
            "What changed between two revisions",
            ["article_id", "revision_from", "revision_to"],
            _json("Diff", "Title and body word by word, metadata apart."),
            not_found=True,
        ),
        "/tags": _operation(
            "tags",
            "Tags with counts, by prefix (autocomplete)",
            ["prefix", "facet_limit"],
            _json("FacetValues", "Matching tags, most frequent first."),
        ),
        "/facets/{name}": _operation(
            "facet",
            "Values of one facet with counts, by prefix",
            ["facet_name", "prefix", "facet_limit"],
            _json("FacetValues", "Matching values."),
            not_found=True,
        ),
        "/suggest": _operation(
            "suggest",
            "Completions of a partial query from tags and titles",
            ["partial", "suggest_limit"],
            _json("Suggestions", "Tags first, then titles."),
        ),
        "/export": _operation(
            "export",
            "Every hit of a search as JSON Lines or CSV",
            [*SEARCH_PARAMS, "format", "export_limit"],
            export_ok,
        ),
        "/timeline": _operation(
            "timeline",
            "Results per year or month of up to five queries, and their share of all articles",
            ["timeline_q", *SEARCH_PARAMS[1:-1], "interval", "timeline_format"],
            {
                "description": "Counts per period, oldest first, with the same filters as a search: a period's "
                "count is the `total` of the search with `from`/`to` set to the period's days.",
                "content": {
                    "application/json": {"schema": _ref("schemas", "Timeline")},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
        ),
        "/status": _operation(
            "status",
            "Index size, generation, last update and version",
            [],
            _json("Status", "The archive's state."),
        ),
        "/openapi.json": _operation(
            "openapi",
            "This document",
            [],
            {"description": "OpenAPI 3.1.", "content": {"application/json": {"schema": {"type": "object"}}}},
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newsarchive API",
            "version": version,
            "description": DESCRIPTION,
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {path: {"get": op} for path, op in operations.items()},
        "components": {"schemas": _schemas(), "parameters": _parameters(export_limit), "responses": _responses()},
    }


def operation_parameters(document: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """``operationId -> {query parameter name: parameter object}``, references resolved."""
    table = document["components"]["parameters"]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for item in document["paths"].values():
        op = item["get"]
        params = [table[ref["$ref"].rsplit("/", 1)[1]] for ref in op["parameters"]]
        out[op["operationId"]] = {p["name"]: p for p in params if p["in"] == "query"}
    return out


DESCRIPTION = """\
Full-text search over the archive (Korean and English), version 1.

* Every parameter is checked against this document: a bad value, a repeated single-valued
  parameter or an **unknown parameter** is a 400 problem naming it (typos fail loudly).
* Errors are `application/problem+json` (RFC 9457).
* Answers carry `ETag` and `Last-Modified` (from the index generation) and `Cache-Control`;
  send `If-None-Match` or `If-Modified-Since` for a 304. CORS is open for GET; large answers
  are gzipped when `Accept-Encoding` allows.
* Dates are ISO 8601 with a UTC offset. Field names and types are stable within v1.
"""
