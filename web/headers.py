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
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_ASSET_URLS = "newsarchive_asset_urls"
ASSET_RECHECK_SECONDS = 1.0
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=300"


@cache
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The static URL with a content hash, so a changed file gets a new URL. Every page links two
    assets, so the URL is kept per script root and the file looked at again after a second."""
    folder, cache = current_app.extensions[_ASSET_URLS]
    key = (filename, request.script_root)
    now = time.monotonic()
    found = cache.get(key)
    if found is None or now - found[1] > ASSET_RECHECK_SECONDS:
        path = Path(folder) / filename
        mtime = path.stat().st_mtime_ns
        url = found[0] if found and found[2] == mtime else url_for("static", filename=filename, v=_digest(path, mtime))
        found = cache[key] = (url, now, mtime)
    return found[0]


def _apply(resp: Response) -> Response:
    # One pass over the few headers already set: Werkzeug's ``setdefault`` finds a header missing
    # by raising and catching a KeyError, three times on every page.
    present = {key.lower() for key, _value in resp.headers.items()}
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            resp.headers.add(name, value)
    if request.endpoint == "static" and resp.status_code in (200, 304):
        resp.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") else REVALIDATE
    return resp


def register(app: Flask) -> None:
    app.extensions[_ASSET_URLS] = (app.static_folder or "", {})
    app.after_request(_apply)
    app.jinja_env.globals["asset_url"] = asset_url
