"""newsarchive's web app: a search UI and a versioned JSON API over one archive.

``create_app()`` is the gunicorn entry point (``web:create_app()``). With ``--preload`` the
Kiwi model is loaded once in the master and shared by the forked workers; each worker opens its
own searcher lazily on its first request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from search import Archive, default_index_dir
from search.analysis import default_analyzer_name
from search.kiwi import get_kiwi


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides settings such as ``INDEX_DIR`` (tests use it)."""
    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=str(default_index_dir()),
        JSON_SORT_KEYS=False,
        PRELOAD_ANALYZER=os.environ.get("NEWSARCHIVE_PRELOAD", "1") != "0",
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["archive"] = Archive(Path(app.config["INDEX_DIR"]))
    if app.config["PRELOAD_ANALYZER"] and default_analyzer_name() == "kiwi":
        # Analyse once here: Kiwi reads most of its model on first use, and read after gunicorn's
        # fork it became ~270 MB of private memory in every worker instead of pages shared with
        # the master (bench.speed measures it).
        get_kiwi().tokenize("한국어 형태소 분석을 미리 합니다.")

    from web import api, errors, feeds, headers, i18n, paths, ui

    i18n.init_app(app)
    headers.register(app)
    app.jinja_env.globals["page_url"] = paths.page_url
    app.register_blueprint(ui.bp)
    app.register_blueprint(feeds.bp)
    api.init_app(app)
    errors.register(app)
    return app
