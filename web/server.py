"""``newsarchive serve``: gunicorn running the app object built here, not a module path.

gunicorn's command line imports ``web:create_app()`` by name with the working directory first on
``sys.path``, so any folder holding a ``search/`` package or a ``web.py`` (or an installed
distribution of that name) broke the server. A :class:`gunicorn.app.base.BaseApplication`
subclass takes the application object itself and reads no configuration file, no
``GUNICORN_CMD_ARGS`` and nothing from the working directory.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Mapping
from typing import Any

import gunicorn.http.message
from flask import Flask
from gunicorn.app.base import BaseApplication

from web import create_app
from web.request_line import request_line_limit


class NewsarchiveServer(BaseApplication):
    """gunicorn over one preloaded :func:`web.create_app` application."""

    def __init__(self, app: Flask, options: Mapping[str, Any]) -> None:
        self.application = app
        self.options = dict(options)
        super().__init__(prog="newsarchive serve")

    def load_config(self) -> None:
        assert self.cfg is not None
        for key, value in self.options.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def gunicorn_options(host: str, port: int, workers: int, timeout: int, max_url_bytes: int) -> dict[str, Any]:
    """The gunicorn settings ``serve`` uses; ``max_url_bytes`` is the app's own 414 limit."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "timeout": timeout,
        "preload_app": True,
        "accesslog": "-",
        "proc_name": "newsarchive",
        # gunicorn refuses longer request lines itself, fast and before any worker time is spent;
        # every URL the app accepts fits (see web.request_line).
        "limit_request_line": request_line_limit(max_url_bytes),
        # gunicorn 25+ opens a control socket under $HOME by default; a service has no use for it.
        "control_socket_disable": True,
        "post_worker_init": spell_ahead,
    }


def spell_ahead(worker: Any) -> None:
    """gunicorn hook: each worker starts building its spelling vocabulary on a thread as it starts
    (a server otherwise built it on its first query with few results, which went without "did you
    mean"; ~1 s of CPU at 27k documents, ~6 s at 300k). A missing or broken index is left to the
    requests to report."""
    archive = worker.wsgi.extensions["archive"]
    with contextlib.suppress(Exception):
        archive.prepare(wait=False)


def settle() -> None:
    """Take what is alive now (modules, templates, Kiwi's wrappers, the archive's columns) out of
    the cyclic garbage collector's sight, once the app is built and before workers fork.

    A full collection walks every tracked object: ~77,000 once the app has served a search, which
    cost a request that triggered one 40-180 ms (measured on the benchmark archive), the tail of
    the search page's time. Frozen objects are still freed by reference counting; and since a
    collection no longer writes to their headers, forked workers keep sharing those pages (the
    ``gc.freeze`` recipe of the Python documentation)."""
    gc.collect()
    gc.freeze()


def run(config: Mapping[str, Any], host: str, port: int, workers: int, timeout: int) -> None:
    """Build the app with ``config`` and serve it until gunicorn is stopped."""
    app = create_app(dict(config))
    settle()
    options = gunicorn_options(host, port, workers, timeout, int(app.config["API_MAX_URL_BYTES"]))
    # gunicorn clamps limit_request_line to its MAX_REQUEST_LINE (8190) unless it is 0, which
    # means unlimited; a valid search URL can be ~58 KB, so the cap is raised to our finite limit.
    limit = options["limit_request_line"]
    gunicorn.http.message.MAX_REQUEST_LINE = max(gunicorn.http.message.MAX_REQUEST_LINE, limit)
    NewsarchiveServer(app, options).run()
