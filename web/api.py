"""The JSON API, version 1 (``/api/v1``): thin views over :class:`search.Archive`.

Every view first checks its query string against the OpenAPI document (:mod:`web.api_params`).
What all endpoints share (caching, CORS, gzip, size limits) lives in :mod:`web.api_http`, rate
limiting (shared with the search page and feeds) in :mod:`web.ratelimit`, the streamed export in :mod:`web.api_export`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for
from werkzeug.datastructures import MultiDict

from search import ParamError, SearchRequest, request_from_params
from search.diff import diff_articles
from search.models import FACETS
from search.runs import last_run, run_state
from search.serialize import (
    article_to_json,
    diff_to_json,
    facet_to_json,
    history_to_json,
    related_to_json,
    result_to_json,
    revision_to_json,
)
from web import api_docs, api_export, api_http, api_timeline, archived
from web.api_params import ParamChecker
from web.context import archive
from web.errors import problem
from web.openapi import API_VERSION, build_document, operation_parameters

bp = Blueprint("api", __name__)

DEFAULTS: dict[str, Any] = {
    "EXPORT_LIMIT": 10_000,
    "API_CACHE_MAX_AGE": 60,
    "API_MAX_URL_BYTES": 65_536,
    "API_MAX_BODY_BYTES": 65_536,
    "RATE_LIMIT": None,
    "RATE_LIMIT_STORAGE_URI": "memory://",
}


@dataclass(frozen=True, slots=True)
class ApiState:
    """Built once per app: the document depends on configuration (the export cap)."""

    document: dict[str, Any]
    checker: ParamChecker


def init_app(app: Flask) -> None:
    """Mount ``/api/v1`` and ``/api/docs`` with their HTTP policies; settings in :data:`DEFAULTS`."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    document = build_document(package_version(), int(app.config["EXPORT_LIMIT"]))
    app.extensions["api"] = ApiState(document, ParamChecker(operation_parameters(document)))
    app.register_blueprint(bp, url_prefix="/api/v1")
    app.register_blueprint(api_docs.bp, url_prefix="/api/docs")
    api_http.init_app(app)


def package_version() -> str:
    try:
        return metadata.version("newsarchive")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _state() -> ApiState:
    return current_app.extensions["api"]


def _args(op_id: str) -> dict[str, Any]:
    return _state().checker.check(op_id, request.args)


@bp.errorhandler(ParamError)
def _bad_param(exc: ParamError) -> Response:
    return problem(400, "Bad Request", str(exc), param=exc.param)


def search_request(args: MultiDict[str, str]) -> SearchRequest:
    """The search of a checked query string (``to`` before ``from`` is an empty range, no hits)."""
    return request_from_params(args.get, args.getlist)


def _page_link(page: int) -> str:
    """The current URL with another page: every parameter the client sent is kept, in order."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    if page != 1:
        pairs.append(("page", str(page)))
    base = url_for("api.search")
    return f"{base}?{urlencode(pairs)}" if pairs else base


@bp.get("/search")
def search() -> Response:
    _args("search")
    req = search_request(request.args)
    result = archive().search(req)
    body = result_to_json(result)
    body["links"] = {
        "self": _page_link(req.page),
        "next": _page_link(req.page + 1) if req.page < result.pages else None,
        "prev": _page_link(req.page - 1) if req.page > 1 else None,
    }
    return jsonify(body)


def _not_found(article_id: str) -> Response:
    return problem(404, "Not Found", f"no article with id {article_id[:64]!r}")


@bp.get("/articles/<article_id>")
def article(article_id: str) -> Response:
    _args("article")
    found = archive().get(article_id)
    return jsonify(article_to_json(found)) if found else _not_found(article_id)


@bp.get("/articles/<article_id>/related")
def related(article_id: str) -> Response:
    args = _args("related")
    if archive().get(article_id) is None:
        return _not_found(article_id)
    return jsonify(related_to_json(article_id, archive().related(article_id, args.get("limit", 5))))


@bp.get("/articles/<article_id>/captures")
def captures(article_id: str) -> Response:
    """The archived captures of an article's page, oldest first, each with its replay link."""
    _args("captures")
    listed = archived.captures().of_article(article_id)
    if not listed and archive().get(article_id) is None:
        return _not_found(article_id)
    return jsonify({
        "id": article_id,
        "captures": [
            {
                "time": c.at,
                "url": c.url,
                "status": c.status,
                "content_type": c.content_type,
                "links": {
                    "replay": url_for("archived.archived_page", article_id=article_id, at=c.at),
                    "page": url_for("archived.page", article_id=article_id, at=c.at),
                },
            }
            for c in listed
        ],
    })


@bp.get("/articles/<article_id>/revisions")
def revisions(article_id: str) -> Response:
    """The article's revisions (none for a record without history); an article removed from the
    index but with revisions kept (removed at the source, pruned) still has its list."""
    _args("revisions")
    history = archive().history(article_id)
    if not history.revisions and archive().get(article_id) is None:
        return _not_found(article_id)
    return jsonify(history_to_json(article_id, history))


@bp.get("/articles/<article_id>/revisions/<int:number>")
def revision(article_id: str, number: int) -> Response:
    _args("revision")
    found = archive().history(article_id).get(number)
    if found is None:
        return problem(404, "Not Found", f"no revision {number} of article {article_id[:64]!r}")
    return jsonify(revision_to_json(article_id, found))


@bp.get("/articles/<article_id>/diff")
def diff(article_id: str) -> Response:
    """Two revisions compared: ``to`` defaults to the latest, ``from`` to the one before ``to``."""
    args = _args("diff")
    history = archive().history(article_id)
    if not history.revisions:
        return _not_found(article_id)
    to = args.get("to", history.revisions[-1].number)
    start = args.get("from", max(1, to - 1))
    before, after = history.get(start), history.get(to)
    if before is None or after is None:
        missing = start if before is None else to
        return problem(404, "Not Found", f"no revision {missing} of article {article_id[:64]!r}")
    return jsonify(diff_to_json(article_id, before, after, diff_articles(before.article, after.article)))


def _facet_values(name: str, args: dict[str, Any]) -> Response:
    prefix = args.get("q", "")
    facet = archive().facet_values(name, prefix, args.get("limit", 50))
    return jsonify({"name": name, "prefix": prefix, "values": facet_to_json(facet), "other": facet.other})


@bp.get("/tags")
def tags() -> Response:
    return _facet_values("tags", _args("tags"))


@bp.get("/facets/<name>")
def facet(name: str) -> Response:
    args = _args("facet")
    if name not in FACETS:
        return problem(404, "Not Found", f"no facet named {name[:40]!r}")
    return _facet_values(name, args)


@bp.get("/suggest")
def suggest() -> Response:
    args = _args("suggest")
    query = args.get("q", "")
    found = archive().complete(query, args.get("limit", 8))
    return jsonify({"query": query, "suggestions": [{"text": text, "kind": kind} for text, kind in found]})


@bp.get("/export")
def export() -> Response:
    args = _args("export")
    limit = min(args.get("limit", current_app.config["EXPORT_LIMIT"]), current_app.config["EXPORT_LIMIT"])
    return api_export.export_response(search_request(request.args), args.get("format", "jsonl"), limit)


@bp.get("/timeline")
def timeline() -> Response:
    return api_timeline.timeline_response(_args("timeline").get("format"))


@bp.get("/status")
def status() -> Response:
    _args("status")
    stats = archive().stats()
    run = last_run(Path(current_app.config["INDEX_DIR"]))
    return jsonify(
        {
            "documents": stats.documents,
            "generation": stats.generation,
            "last_modified": _iso(stats.last_modified),
            "size_bytes": stats.size_bytes,
            "analyzer": stats.analyzer,
            "version": package_version(),
            "api_version": API_VERSION,
            "last_update": _run_summary(run) if run else None,
        }
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _run_summary(run: dict[str, Any]) -> dict[str, Any]:
    """The documented shape of a run record, whatever else the indexer writes into it.

    ``indexer.runlog`` records ``totals`` and a list of ``errors``; the API gives ``counts`` and the
    number of errors, so the record can grow without changing the contract.
    """

    def moment(key: str) -> str | None:
        try:
            parsed = datetime.fromisoformat(str(run.get(key)))
        except ValueError:
            return None
        return parsed.isoformat() if parsed.tzinfo else None

    def count(value: object) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    totals = run.get("totals", run.get("counts"))  # indexer.runlog writes ``totals``
    counts = totals if isinstance(totals, dict) else {}
    errors = run.get("errors")
    return {
        "state": run_state(run),
        "started": moment("started"),
        "finished": moment("finished"),
        "counts": {str(k): v for k, v in counts.items() if count(v) is not None},
        "errors": len(errors) if isinstance(errors, list) else count(errors) or 0,
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    _args("openapi")
    return jsonify(_state().document)
