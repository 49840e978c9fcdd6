"""Optional rate limiting of ``/api/v1`` by client address (``RATE_LIMIT``, e.g. ``"120/minute"``).

Flask-Limiter rather than a home-made token bucket: gunicorn runs several worker processes, and a
bucket in process memory would let each worker grant the full allowance. Flask-Limiter keeps the
same counters in a shared store when ``RATE_LIMIT_STORAGE_URI`` names one (``redis://...``,
``memcached://...``), still works in memory for one worker, and sends ``Retry-After`` and the
``X-RateLimit-*`` headers. Off when ``RATE_LIMIT`` is unset. Behind a reverse proxy, wrap the
app in ``werkzeug.middleware.proxy_fix.ProxyFix`` so the client address is the real one.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def init_app(app: Flask) -> None:
    rate = app.config["RATE_LIMIT"]
    if not rate:
        return
    limiter = Limiter(
        get_remote_address,
        app=app,
        default_limits=[rate],
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        headers_enabled=True,
        strategy="moving-window",
    )
    # Only the versioned API is limited, and CORS preflights do not count against a client.
    limiter.request_filter(lambda: request.method == "OPTIONS" or not request.path.startswith("/api/v1/"))
