"""newsarchive's web app: a search UI and a versioned JSON API over one archive.

``create_app()`` builds the WSGI application; ``newsarchive serve`` hands that object to gunicorn
(:mod:`web.server`), so no module is imported by name from the working directory. With preloading
the archive's Korean analyser is loaded once in the master and shared by the forked workers; each
worker opens its own searcher lazily on its first request. Settings come from ``NEWSARCHIVE_*`` environment
variables and ``config`` (:mod:`web.settings`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from search import Archive, default_index_dir
from search.analysis import warm
from search.settings import check_environment
from search.storage import live_analyzer


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides the environment's settings (``serve`` options, tests).

    Raises :class:`search.settings.SettingError` (one line) when a setting is bad.
    """
    app = Flask(__name__)
    check_environment()
    app.config.update(
        INDEX_DIR=str(default_index_dir()),
        JSON_SORT_KEYS=False,
        PRELOAD_ANALYZER=os.environ.get("NEWSARCHIVE_PRELOAD", "1") != "0",
        PROXY_FIX=0,
    )
    from web import api, archived, errors, feeds, headers, i18n, overrides, paths, ratelimit, settings, trends, ui
    from web.openapi import operation_parameters
    from web.request_line import longest_search_url

    settings.load(app, config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["archive"] = Archive(Path(app.config["INDEX_DIR"]))
    i18n.init_app(app)
    overrides.init_app(app)
    headers.register(app)
    app.jinja_env.globals.update(page_url=paths.page_url, asset_url=headers.asset_url, external_url=feeds.external_url)
    app.register_blueprint(ui.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(trends.bp)
    app.register_blueprint(archived.bp)
    for key, value in api.DEFAULTS.items():
        app.config.setdefault(key, value)
    settings.check(app.config)
    api.init_app(app)
    settings.check_url_limit(app.config, longest_search_url(operation_parameters(app.extensions["api"].document)))
    ratelimit.init_app(app)
    errors.register(app)
    if app.config["PROXY_FIX"]:
        # The client address, scheme, host and path prefix as the proxies in front saw them: rate
        # limits then count real clients, and absolute links use the public address.
        hops = int(app.config["PROXY_FIX"])
        proxied = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
        app.wsgi_app = proxied  # type: ignore[method-assign]
    if app.config["PRELOAD_ANALYZER"]:
        warm(live_analyzer(Path(app.config["INDEX_DIR"])))  # before gunicorn forks (see warm)
    return app
