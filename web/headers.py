"""Security and caching headers for every response, and content-hashed URLs for static assets.

Every page shows scraped text, so beyond escaping, a Content-Security-Policy allows scripts and
styles only from the app's own files: an injected ``<script>`` or ``onerror=`` would not run even
if escaping ever failed. A response that sets its own policy keeps it (the API docs may need
another). Assets are linked as ``/static/style.css?v=<hash>``, so they can be cached for a year
and a deploy still reaches every reader at once.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, Response, request, url_for

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=300"


@cache
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The static URL with a content hash, so a changed file gets a new URL."""
    from flask import current_app

    path = Path(current_app.static_folder or "") / filename
    return url_for("static", filename=filename, v=_digest(path, path.stat().st_mtime_ns))


def _apply(resp: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        resp.headers.setdefault(name, value)
    if request.endpoint == "static" and resp.status_code in (200, 304):
        resp.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") else REVALIDATE
    return resp


def register(app: Flask) -> None:
    app.after_request(_apply)
    app.jinja_env.globals["asset_url"] = asset_url
