"""``sources.toml``: the sources ``newsarchive update`` crawls.

Each ``[[source]]`` table needs ``name``, ``url`` (the start URL) and ``kind``; limits are optional.
A top-level ``user_agent`` (with the operator's contact) applies to every source that does not
set its own.
Unknown keys and bad values are rejected with the file, the line and the reason, because a cron
job that silently ignores a misspelt ``max_pages`` crawls far more than anyone intended.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from indexer.fetch import USER_AGENT
from indexer.limits import MAX_PAGE_BYTES

KINDS = ("tistory", "wordpress", "generic", "feed", "sitemap")
DEFAULT_MAX_PAGE_BYTES = MAX_PAGE_BYTES
_DEFAULT_PORTS = {"http": 80, "https": 443}


class ConfigError(ValueError):
    """A bad sources file; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str
    max_pages: int = 10_000
    requests_per_second: float = 2.0
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)
    timezone: str = "Asia/Seoul"
    timeout: float = 30.0
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    retries: int = 2
    allow_private_network: bool = False
    user_agent: str = USER_AGENT

    @property
    def hosts(self) -> tuple[str, ...]:
        """Hosts the crawler may fetch from: the start URL's host plus ``allowed_hosts`` (names only;
        :attr:`origins` adds schemes and ports)."""
        host = urlsplit(self.url).hostname or ""
        return (host, *(urlsplit("//" + entry).hostname or entry for entry in self.allowed_hosts))

    @property
    def origins(self) -> tuple[tuple[str, str, int], ...]:
        """``(scheme, host, port)`` the crawler may request: the start URL's origin (plus its https
        upgrade when it is plain http on port 80), and per ``allowed_hosts`` entry ``host`` its
        default http and https origins, ``host:port`` that port under the start URL's scheme."""
        parts = urlsplit(self.url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        port = parts.port or _DEFAULT_PORTS[scheme]
        found = [(scheme, host, port)]
        if (scheme, port) == ("http", 80):
            found.append(("https", host, 443))
        for entry in self.allowed_hosts:
            other = urlsplit("//" + entry)
            name = (other.hostname or entry).lower()
            if other.port:
                found.append((scheme, name, other.port))
            else:
                found.extend([("http", name, 80), ("https", name, 443)])
        return tuple(dict.fromkeys(found))

    def allows(self, url: str) -> bool:
        """True when ``url``'s scheme, host and port are among :attr:`origins`."""
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            origin = (scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme, 0))
        except ValueError:
            return False
        return origin in self.origins

    @property
    def page_kind(self) -> str:
        """The extractor's kind for this source's pages (``feed``/``sitemap`` only discover)."""
        return self.kind if self.kind in ("tistory", "wordpress") else "generic"


def _number(low: float, high: float, integer: bool = False) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        types = int if integer else int | float
        if isinstance(value, bool) or not isinstance(value, types) or not low <= value <= high:
            what = "an integer" if integer else "a number"
            return f"must be {what} between {low:g} and {high:g}, got {value!r}"
        return None

    return check


def _hosts(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(h, str) and h and "/" not in h for h in value):
        return f"must be a list of host names (host or host:port), got {value!r}"
    try:
        for entry in value:
            urlsplit("//" + entry).port  # noqa: B018 - raises on a bad port
    except ValueError:
        return f"must be a list of host names (host or host:port), got {value!r}"
    return None


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, got {value!r}"
def _agent(value: Any) -> str | None:
    """A User-Agent: printable ASCII (it is an HTTP header), one line, not absurdly long."""
    if not isinstance(value, str) or not 0 < len(value) <= 300 or not all(" " <= c <= "~" for c in value):
        return f"must be a non-empty line of printable ASCII (at most 300 characters), got {value!r}"
    return None


def _zone(value: Any) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return f"must be an IANA time zone such as 'Asia/Seoul', got {value!r}"
    return None


# Optional keys, each with its check (None when the value is fine).
_OPTIONAL: dict[str, Callable[[Any], str | None]] = {
    "max_pages": _number(1, 10_000_000, integer=True),
    "requests_per_second": _number(0.001, 100),
    "allowed_hosts": _hosts,
    "timezone": _zone,
    "timeout": _number(0.1, 600),
    "max_page_bytes": _number(1024, 1024**3, integer=True),
    "retries": _number(0, 10, integer=True),
    "allow_private_network": _flag,
    "user_agent": _agent,
}
_REQUIRED = ("name", "url", "kind")


def default_config_path() -> Path:
    return Path(os.environ.get("NEWSARCHIVE_CONFIG") or "sources.toml")


class _Lines:
    """Line numbers of ``[[source]]`` headers and their keys, which tomllib does not report."""

    def __init__(self, text: str) -> None:
        self.tables: list[tuple[int, dict[str, int]]] = []
        in_source = False
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                in_source = bool(re.match(r"^\[\[\s*source\s*\]\]", stripped))
                if in_source:
                    self.tables.append((number, {}))
            elif in_source and (match := re.match(r'^"?([A-Za-z0-9_\-]+)"?\s*=', stripped)):
                self.tables[-1][1].setdefault(match.group(1), number)

    def of(self, table: int, key: str | None = None) -> int:
        if table >= len(self.tables):
            return 0
        header, keys = self.tables[table]
        return keys.get(key, header) if key else header


def load_sources(path: Path) -> list[Source]:
    """Parse and validate a sources file; :class:`ConfigError` says where and why it is bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such sources file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    unknown_top = set(data) - {"source", "user_agent"}
    if unknown_top:
        raise ConfigError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown_top))}")
    default_agent = data.get("user_agent", USER_AGENT)
    if reason := _agent(default_agent):
        raise ConfigError(f"{path}: 'user_agent' {reason}")
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{path}: expected at least one [[source]] table")
    lines = _Lines(text)
    sources = []
    names: set[str] = set()
    for index, table in enumerate(tables):

        def fail(reason: str, key: str | None = None, index: int = index) -> ConfigError:
            return ConfigError(f"{path}:{lines.of(index, key)}: [[source]] #{index + 1}: {reason}")

        for key in sorted(set(table) - set(_REQUIRED) - set(_OPTIONAL)):
            raise fail(f"unknown key '{key}'", key)
        for key in _REQUIRED:
            if not isinstance(table.get(key), str) or not table[key].strip():
                raise fail(f"'{key}' is required and must be a string", key)
        parts = urlsplit(table["url"])
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail(f"'url' must be an http(s) URL, got {table['url']!r}", "url")
        if table["kind"] not in KINDS:
            raise fail(f"'kind' must be one of {', '.join(KINDS)}, got {table['kind']!r}", "kind")
        if table["name"].split(":", 1)[0] == "import":
            raise fail("the source name 'import' is reserved for imported records", "name")
        if table["name"] in names:
            raise fail(f"duplicate source name {table['name']!r}", "name")
        names.add(table["name"])
        for key, check in _OPTIONAL.items():
            if key in table and (reason := check(table[key])):
                raise fail(f"'{key}' {reason}", key)
        sources.append(
            Source(
                name=table["name"],
                url=table["url"],
                kind=table["kind"],
                max_pages=table.get("max_pages", 10_000),
                requests_per_second=float(table.get("requests_per_second", 2.0)),
                allowed_hosts=tuple(h.lower() for h in table.get("allowed_hosts", [])),
                timezone=str(table.get("timezone", "Asia/Seoul")),
                timeout=float(table.get("timeout", 30.0)),
                max_page_bytes=table.get("max_page_bytes", DEFAULT_MAX_PAGE_BYTES),
                retries=table.get("retries", 2),
                allow_private_network=table.get("allow_private_network", False),
                user_agent=table.get("user_agent", default_agent),
            )
        )
    return sources
