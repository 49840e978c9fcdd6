"""Access to the per-process :class:`search.Archive` from request handlers."""

from __future__ import annotations

from flask import current_app

from search import Archive


def archive() -> Archive:
    return current_app.extensions["archive"]
