"""Errors as RFC 9457 problem details for the API and a friendly page for the UI; never a traceback."""

from __future__ import annotations

import logging
from html import escape

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search import IndexMissing, IndexUnavailable
from web import frame

log = logging.getLogger(__name__)


def problem(status: int, title: str, detail: str, **extra: object) -> Response:
    """An ``application/problem+json`` response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    resp = jsonify(body)
    resp.status_code = status
    resp.mimetype = "application/problem+json"
    return resp


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


_BARE_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{code} {title}</title></head>'
    "<body><main><h1>{code} {title}</h1><p>{detail}</p></main></body></html>"
)


def _error_page(code: int, title: str, detail: str) -> str:
    """The error page in the site's frame; a bare page when the frame itself cannot be drawn
    (a broken index or template must not turn an error page into a traceback)."""
    try:
        return frame.render("error.html", f"{code} {title} - newsarchive", code=code, title=title, detail=detail)
    except Exception:  # noqa: BLE001 - the last resort must not raise
        log.exception("error page for %s could not be rendered", request.path)
        return _BARE_PAGE.format(code=code, title=escape(title), detail=escape(detail))


def unavailable_detail(exc: IndexUnavailable) -> str:
    """What a client is told about an unusable index: no paths or internals (those go to the log)."""
    if isinstance(exc, IndexMissing):
        return "There is no index yet: run 'newsarchive update' or 'newsarchive import' first."
    return "The index cannot be read right now; the operator has been told."


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response | tuple[str, int]:
        code = exc.code or 500
        if _wants_json():
            resp = problem(code, exc.name, exc.description or exc.name)
            # Keep what the exception says beyond its body: ``Allow`` on 405, ``Retry-After`` on 429.
            resp.headers.extend((k, v) for k, v in exc.get_headers() if k.lower() != "content-type")
            return resp
        return _error_page(code, exc.name, exc.description or ""), code

    @app.errorhandler(IndexUnavailable)
    def no_index(exc: IndexUnavailable) -> Response | tuple[str, int]:
        log.error("index unavailable on %s: %s", request.path, exc)
        detail = unavailable_detail(exc)
        if _wants_json():
            return problem(503, "Index unavailable", detail)
        return _error_page(503, "Index unavailable", detail), 503

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response | tuple[str, int]:
        log.exception("unhandled error on %s", request.path)
        err = InternalServerError()
        if _wants_json():
            return problem(500, err.name, "The server could not answer this request.")
        return _error_page(500, err.name, ""), 500
