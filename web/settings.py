"""The web app's settings: from the environment (``NEWSARCHIVE_<NAME>``), ``serve`` options or
``create_app({...})``, each checked at start-up with a one-line error.

Flask's ``from_prefixed_env`` reads every ``NEWSARCHIVE_*`` variable, parsing values as JSON
(``NEWSARCHIVE_EXPORT_LIMIT=500`` is the integer 500, ``NEWSARCHIVE_RATE_LIMIT=120/minute`` stays
text), so an operator configures a deployment without writing Python. Checking here, before
gunicorn forks, turns a typo into one line instead of a traceback in every worker.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from limits import parse_many

from search.settings import SettingError

PREFIX = "NEWSARCHIVE"
MAX_PROXIES = 10


def env_name(key: str) -> str:
    """The environment variable of a config key (``RATE_LIMIT`` → ``NEWSARCHIVE_RATE_LIMIT``)."""
    return f"{PREFIX}_{key}"


def _integer(minimum: int, maximum: int | None = None) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (
            maximum is not None and value > maximum
        ):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
            return f"must be an integer {bound}, got {value!r}"
        return None

    return check


def _rate(value: Any) -> str | None:
    if value in (None, "", 0, False):
        return None
    try:
        parse_many(str(value))
    except ValueError:
        return f"must be a rate such as '120/minute' or '10/second;300/hour', got {value!r}"
    return None


def _public_url(value: Any) -> str | None:
    """The site's address as readers reach it (feeds' absolute links): ``https://news.example.org``."""
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return f"must be an http(s) URL such as 'https://news.example.org', got {value!r}"
    return None


def _folder(value: Any) -> str | None:
    """An existing folder (operator templates and static files, :mod:`web.overrides`)."""
    if isinstance(value, str) and value and Path(value).expanduser().is_dir():
        return None
    return f"must be an existing folder, got {value!r}"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value else f"must be a non-empty string, got {value!r}"


# Every setting an operator may give, with its check. Defaults live with the code that uses them
# (web.api.DEFAULTS and create_app); PROXY_FIX is applied by create_app.
CHECKS: dict[str, Callable[[Any], str | None]] = {
    "EXPORT_LIMIT": _integer(1, 1_000_000),
    "API_CACHE_MAX_AGE": _integer(0),
    "API_MAX_URL_BYTES": _integer(1024),
    "API_MAX_BODY_BYTES": _integer(0),
    "RATE_LIMIT": _rate,
    "RATE_LIMIT_STORAGE_URI": _text,
    "PROXY_FIX": _integer(0, MAX_PROXIES),
    "PUBLIC_URL": _public_url,
    "PRELOAD": _integer(0, 1),  # NEWSARCHIVE_PRELOAD, read by create_app
    "TEMPLATES": _folder,  # the operator's templates, before the built-in ones (web.overrides)
    "STATIC": _folder,  # the operator's static files, before the built-in ones
}


def parse_assignment(text: str) -> tuple[str, Any]:
    """``EXPORT_LIMIT=500`` → ``("EXPORT_LIMIT", 500)``: values as JSON when they parse, like the
    environment's; only the settings in :data:`CHECKS` (a typo must not pass silently)."""
    name, sep, value = text.partition("=")
    key = name.strip().upper().removeprefix(f"{PREFIX}_")
    if not sep or key not in CHECKS:
        raise SettingError(f"expected NAME=VALUE with NAME one of {', '.join(CHECKS)}, got {text!r}")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


def load(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Environment first, then ``overrides`` (``serve`` options, tests) on top."""
    app.config.from_prefixed_env(PREFIX)
    if overrides:
        app.config.update(overrides)


def check(config: Mapping[str, Any]) -> None:
    """Raise :class:`SettingError` naming the first bad setting by its environment variable."""
    for key, rule in CHECKS.items():
        if key in config and (reason := rule(config[key])):
            raise SettingError(f"{env_name(key)} {reason}")


def check_url_limit(config: Mapping[str, Any], longest_url: int) -> None:
    """The app's URL limit must admit every valid search URL (see :mod:`web.request_line`)."""
    if config["API_MAX_URL_BYTES"] < longest_url:
        raise SettingError(
            f"{env_name('API_MAX_URL_BYTES')} must be at least {longest_url} (the longest valid search URL), "
            f"got {config['API_MAX_URL_BYTES']}"
        )
