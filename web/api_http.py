"""HTTP behaviour shared by every ``/api/`` answer: size limits, content negotiation, caching,
CORS and gzip.

One ``before_request`` and one ``after_request`` hook, so the order of the steps is written down
here rather than left to hook registration order.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime

from flask import Flask, Response, abort, current_app, g, request

from web.context import archive
from web.errors import problem
from web.openapi import API_VERSION, MAX_ETAG_LENGTH

JSON_TYPES = ["application/json", "application/problem+json"]
GZIP_MIN_BYTES = 1024
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, X-Total-Count, Content-Disposition, "
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since, Cache-Control",
    "Access-Control-Max-Age": "86400",
}
# Endpoints whose content changes without a new index generation (run records, the document
# itself): their ETag is a hash of the body rather than the generation.
BODY_VALIDATED = {"api.status", "api.openapi", "api.captures"}  # captures: the page catalogue
# Endpoints answering other media types than JSON, which negotiate ``Accept`` themselves.
NEGOTIATED = {"api.export", "api.timeline"}


def init_app(app: Flask) -> None:
    app.before_request(_before)
    app.after_request(_after)


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _url_bytes() -> int:
    env = request.environ
    raw = env.get("RAW_URI") or env.get("REQUEST_URI")
    if raw:
        return len(raw)
    return len(env.get("PATH_INFO", "")) + len(env.get("QUERY_STRING", "")) + 1


def _before() -> Response | None:
    """Refuse what is too big or unanswerable before any work; note the index version for caching.

    The URL limit covers the search pages and feeds too: they take the same parameters."""
    config = current_app.config
    if _url_bytes() > config["API_MAX_URL_BYTES"]:
        if not _is_api():
            abort(414)
        return problem(414, "URI Too Long", f"the URL is longer than {config['API_MAX_URL_BYTES']} bytes")
    if not _is_api():
        return None
    if (request.content_length or 0) > config["API_MAX_BODY_BYTES"]:
        return problem(
            413, "Content Too Large", f"GET takes no body; this one is over {config['API_MAX_BODY_BYTES']} bytes"
        )
    if request.method == "OPTIONS" or request.blueprint != "api":
        return None
    if len(request.headers.get("If-None-Match", "")) > MAX_ETAG_LENGTH:
        return problem(
            400, "Bad Request", f"If-None-Match is longer than {MAX_ETAG_LENGTH} characters", param="If-None-Match"
        )
    if (
        request.endpoint not in NEGOTIATED
        and request.accept_mimetypes
        and not request.accept_mimetypes.best_match(JSON_TYPES)
    ):
        return problem(406, "Not Acceptable", "this endpoint answers application/json, which Accept does not allow")
    if request.endpoint not in BODY_VALIDATED:
        # Before the view runs: if the index changes meanwhile, the tag is older than the content
        # and the next revalidation simply fetches again (never the reverse).
        g.api_version_tag = archive().version_tag()
    return None


def _after(resp: Response) -> Response:
    if not _is_api():
        return resp
    if request.blueprint == "api" and request.method in ("GET", "HEAD") and resp.status_code == 200:
        _set_validators(resp)
        resp = resp.make_conditional(request)
    elif resp.status_code >= 400:
        resp.headers["Cache-Control"] = "no-store"
    resp.headers.update(CORS_HEADERS)
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        resp.headers.update(PREFLIGHT_HEADERS)
    if request.path.startswith("/api/v1/"):
        resp.vary.add("Accept-Encoding")
        _gzip(resp)
    return resp


def _set_validators(resp: Response) -> None:
    config = current_app.config
    if request.endpoint in BODY_VALIDATED:
        resp.set_etag(hashlib.sha256(resp.get_data()).hexdigest()[:32], weak=True)
        resp.headers["Cache-Control"] = "public, max-age=300" if request.endpoint == "api.openapi" else "no-cache"
        return
    tag = g.api_version_tag
    resp.set_etag(f"v{API_VERSION}-{tag}", weak=True)
    modified = _last_modified(tag)
    if modified is not None:
        resp.last_modified = modified
    resp.headers["Cache-Control"] = f"public, max-age={config['API_CACHE_MAX_AGE']}"


def _last_modified(tag: str) -> datetime | None:
    """The index's last commit, looked up once per version (``stats()`` walks the index directory)."""
    cached = current_app.extensions.get("api_last_modified")
    if cached is None or cached[0] != tag:
        cached = (tag, archive().stats().last_modified)
        current_app.extensions["api_last_modified"] = cached
    return cached[1]


def _gzip(resp: Response) -> None:
    """Compress when the client allows it and it is worth it; streams are compressed as they go."""
    if resp.status_code in (204, 304) or "Content-Encoding" in resp.headers or not request.accept_encodings["gzip"]:
        return
    if resp.is_streamed:
        resp.response = _gzip_stream(resp.iter_encoded())
        resp.headers.pop("Content-Length", None)
    else:
        data = resp.get_data()
        if len(data) < GZIP_MIN_BYTES:
            return
        resp.set_data(zlib.compress(data, 6, wbits=31))
    resp.headers["Content-Encoding"] = "gzip"


def _gzip_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()
