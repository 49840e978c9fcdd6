"""``sources.toml``: the sources ``newsarchive update`` crawls.

Each ``[[source]]`` table needs ``name``, ``url`` (the start URL) and ``kind``; limits are optional.
Unknown keys and bad values are rejected with the source's position and the reason.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

KINDS = ("tistory", "wordpress", "generic", "feed", "sitemap")
_KEYS = {"name", "url", "kind", "max_pages", "requests_per_second", "allowed_hosts", "timezone"}


class ConfigError(ValueError):
    """A bad sources file; the message names the file, the source and the problem."""


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str
    max_pages: int = 10_000
    requests_per_second: float = 2.0
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)
    timezone: str = "Asia/Seoul"

    @property
    def hosts(self) -> tuple[str, ...]:
        """Hosts the crawler may fetch from: the start URL's host plus ``allowed_hosts``."""
        host = urlsplit(self.url).hostname or ""
        return (host, *self.allowed_hosts)


def default_config_path() -> Path:
    return Path(os.environ.get("NEWSARCHIVE_CONFIG") or "sources.toml")


def load_sources(path: Path) -> list[Source]:
    """Parse and validate a sources file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such sources file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    unknown_top = set(data) - {"source"}
    if unknown_top:
        raise ConfigError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown_top))}")
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{path}: expected at least one [[source]] table")
    sources = []
    names: set[str] = set()
    for number, table in enumerate(tables, start=1):
        where = f"{path}: [[source]] #{number}"
        unknown = set(table) - _KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("name", "url", "kind"):
            if not isinstance(table.get(key), str) or not table[key].strip():
                raise ConfigError(f"{where}: '{key}' is required and must be a string")
        parts = urlsplit(table["url"])
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"{where}: 'url' must be an http(s) URL, got {table['url']!r}")
        if table["kind"] not in KINDS:
            raise ConfigError(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
        if table["name"] in names:
            raise ConfigError(f"{where}: duplicate source name {table['name']!r}")
        names.add(table["name"])
        max_pages = table.get("max_pages", 10_000)
        if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
            raise ConfigError(f"{where}: 'max_pages' must be a positive integer")
        rps = table.get("requests_per_second", 2.0)
        if not isinstance(rps, int | float) or isinstance(rps, bool) or not 0 < rps <= 100:
            raise ConfigError(f"{where}: 'requests_per_second' must be a number in (0, 100]")
        hosts = table.get("allowed_hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
            raise ConfigError(f"{where}: 'allowed_hosts' must be a list of host names")
        sources.append(
            Source(
                name=table["name"],
                url=table["url"],
                kind=table["kind"],
                max_pages=max_pages,
                requests_per_second=float(rps),
                allowed_hosts=tuple(hosts),
                timezone=str(table.get("timezone", "Asia/Seoul")),
            )
        )
    return sources
