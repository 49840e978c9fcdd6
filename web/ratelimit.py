"""Optional rate limiting by client address (``RATE_LIMIT``, e.g. ``"120/minute"``): one budget per
client, shared by everything that runs a search.

API requests, the search page (``/``, ``/search``) and Atom feeds (``/feed.atom``) all draw on the
same allowance, so a client cannot multiply it by switching endpoints; article pages, tag lists,
static files, ``/healthz`` and CORS preflights are never counted.

Flask-Limiter rather than a home-made token bucket: gunicorn runs several worker processes, and a
bucket in process memory would let each worker grant the full allowance. Flask-Limiter keeps the
same counters in a shared store when ``RATE_LIMIT_STORAGE_URI`` names one (``redis://...``,
``memcached://...``), still works in memory for one worker, and sends ``Retry-After`` and the
``X-RateLimit-*`` headers. Behind a reverse proxy, ``PROXY_FIX`` (``serve --proxy-fix N``) makes
the client address the real one.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Endpoints outside /api/v1 that run a search (or sanitise an archived page) and so share the API's budget.
SEARCH_ENDPOINTS = frozenset({"ui.search_page", "feeds.search_feed", "archived.page", "trends.trends_page"})


def counted() -> bool:
    """Whether the current request draws on the client's budget."""
    if request.method == "OPTIONS":
        return False
    return request.path.startswith("/api/v1/") or request.endpoint in SEARCH_ENDPOINTS


def init_app(app: Flask) -> None:
    """Install the shared budget when ``RATE_LIMIT`` is set (off otherwise)."""
    rate = app.config["RATE_LIMIT"]
    if not rate:
        return
    Limiter(
        get_remote_address,
        app=app,
        application_limits=[str(rate)],
        application_limits_exempt_when=lambda: not counted(),
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        headers_enabled=True,
        strategy="moving-window",
    )
