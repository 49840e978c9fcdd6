"""Settings read from the environment by the search library, checked in one place.

An operator who mistypes ``NEWSARCHIVE_TZ`` should get one line naming the variable and what it
accepts, not a traceback from deep inside the first search; :func:`check_environment` lets the
command line and the web app fail at start-up instead.
"""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class SettingError(ValueError):
    """A setting with a bad value; ``str()`` is one line naming the setting and what it takes."""


def env_text(name: str) -> str:
    """The variable's value without surrounding blanks ('' when unset)."""
    return os.environ.get(name, "").strip()


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """An integer setting of at least ``minimum``; ``default`` when unset or empty."""
    value = env_text(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise SettingError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return number


def env_choice(name: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (case-insensitive), or '' when unset."""
    value = env_text(name).lower()
    if value and value not in choices:
        raise SettingError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_zone(name: str, default: str) -> ZoneInfo:
    """An IANA time zone such as ``Asia/Seoul``."""
    value = env_text(name) or default
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(f"{name} must be an IANA time zone such as 'Asia/Seoul', got {value!r}") from None


def check_environment() -> None:
    """Read every environment setting of the search library once; :class:`SettingError` if one is bad."""
    from search.analysis import ANALYZERS
    from search.cache import default_size
    from search.deadline import default_budget
    from search.engine import display_zone

    display_zone()
    default_budget()
    default_size()
    # The variable only: the default behind it (is kiwipiepy installed?) imports kiwipiepy, 0.1 s
    # at every start, and is resolved where an index is created.
    env_choice("NEWSARCHIVE_ANALYZER", ANALYZERS)
