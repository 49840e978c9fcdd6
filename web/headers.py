"""Security and caching headers for every response, and content-hashed URLs for static assets.

Every page shows scraped text, so beyond escaping, a Content-Security-Policy allows scripts and
styles only from the app's own files: an injected ``<script>`` or ``onerror=`` would not run even
if escaping ever failed. A response that sets its own policy keeps it (the API docs may need
another). Assets are linked as ``/static/style.css?v=<hash>``, so they can be cached for a year
and a deploy still reaches every reader at once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, Response, current_app, request, url_for

from web import overrides

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_SECURITY_ITEMS = tuple(SECURITY_HEADERS.items())
_ASSET_URLS = "newsarchive_asset_urls"
ASSET_RECHECK_SECONDS = 1.0
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=300"


@cache
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The static URL with a content hash, so a changed file gets a new URL. Every page links two
    assets, so the URL is kept per script root and the file looked at again after a second
    (in the operator's static folder first, :mod:`web.overrides`)."""
    cache = current_app.extensions[_ASSET_URLS]
    key = (filename, request.script_root)
    now = time.monotonic()
    found = cache.get(key)
    if found is None or now - found[1] > ASSET_RECHECK_SECONDS:
        path = overrides.static_path(filename)  # the operator's file when there is one
        if path is None:  # a template links a file that is not there: the page still renders
            return url_for("static", filename=filename)
        version = (path, path.stat().st_mtime_ns)
        url = found[0] if found and found[2] == version else url_for("static", filename=filename, v=_digest(*version))
        found = cache[key] = (url, now, version)
    return found[0]


class _SecurityHeaders:
    """WSGI middleware: the security headers on every response that does not set its own, added
    to the header list as it goes out. As an ``after_request`` hook, Werkzeug's header
    validation and lookups took a tenth of what a request costs Flask."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> object:
            present = {name.lower() for name, _value in headers}
            headers.extend(item for item in _SECURITY_ITEMS if item[0].lower() not in present)
            return start_response(status, headers, exc_info)  # type: ignore[arg-type]

        return self.app(environ, start)  # type: ignore[arg-type]


def _cached_static(view: Callable[..., Response]) -> Callable[..., Response]:
    """The static files' view, with a year's immutable caching for hashed URLs (``?v=``)."""

    def serve(**kwargs: str) -> Response:
        resp = view(**kwargs)
        if resp.status_code in (200, 304):
            resp.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") else REVALIDATE
        return resp

    return serve


def register(app: Flask) -> None:
    app.extensions[_ASSET_URLS] = {}
    app.wsgi_app = _SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
    app.view_functions["static"] = _cached_static(app.view_functions["static"])
