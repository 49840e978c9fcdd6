"""Errors as RFC 9457 problem details for the API and a friendly page for the UI; never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search import IndexMissing
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


def _error_page(code: int, title: str, detail: str) -> str:
    return frame.render("error.html", f"{code} {title} - newsarchive", code=code, title=title, detail=detail)


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

    @app.errorhandler(IndexMissing)
    def no_index(exc: IndexMissing) -> Response | tuple[str, int]:
        if _wants_json():
            return problem(503, "Index unavailable", str(exc))
        return _error_page(503, "Index unavailable", str(exc)), 503

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response | tuple[str, int]:
        log.exception("unhandled error on %s", request.path)
        err = InternalServerError()
        if _wants_json():
            return problem(500, err.name, "The server could not answer this request.")
        return _error_page(500, err.name, ""), 500
