"""robots.txt, one parse per host per run (protego, which follows RFC 9309 and Google's rules).

RFC 9309 §2.3.1: a robots.txt that answers 4xx means "no rules"; one that cannot be fetched
(5xx, network error) means "assume everything is disallowed" until it can be read, so a site
whose robots.txt is down is not crawled blind. RFC 9309 §2.5: only the first 500 KiB
(:data:`indexer.limits.MAX_ROBOTS_BYTES`) are parsed; the crawler does not even download more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from protego import Protego

from indexer.limits import MAX_ROBOTS_BYTES

AGENT_TOKEN = "newsarchive"


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one host: a parsed file, "allow all", or "disallow all" with the reason."""

    parser: Protego | None
    unreachable: str | None = None

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None when it may."""
        if self.unreachable:
            return f"robots.txt unreachable ({self.unreachable}); host treated as disallowed"
        if self.parser is not None and not self.parser.can_fetch(url, AGENT_TOKEN):
            return "disallowed by robots.txt"
        return None

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(AGENT_TOKEN)
        rate = self.parser.request_rate(AGENT_TOKEN)
        if rate is not None and rate.requests:
            delay = max(delay or 0.0, rate.seconds / rate.requests)
        return float(delay) if delay is not None else None

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


def robots_text(body: bytes) -> str:
    """The part of a robots.txt body that is parsed: its first 500 KiB, cut at the last whole line."""
    if len(body) > MAX_ROBOTS_BYTES:
        body = body[:MAX_ROBOTS_BYTES]
        body = body[: body.rfind(b"\n") + 1]
    return body.decode("utf-8", errors="replace")


# fetch(url) -> (status, body), or a string saying why robots.txt could not be fetched.
RobotsFetch = Callable[[str], "tuple[int, bytes] | str"]


class RobotsCache:
    """Rules per ``scheme://host:port``, fetched on first use through ``fetch``.

    ``fetch`` returns ``(status, body)`` or a string naming why the file could not be fetched;
    ``on_rules`` hears every host's rules once (the crawler uses it to apply ``Crawl-delay``).
    """

    def __init__(self, fetch: RobotsFetch, on_rules: Callable[[str, RobotsRules], None] | None = None) -> None:
        self._fetch = fetch
        self._on_rules = on_rules
        self._rules: dict[str, RobotsRules] = {}

    def rules(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._rules:
            answer = self._fetch(urljoin(key + "/", "/robots.txt"))
            if isinstance(answer, str):
                rules = RobotsRules(None, unreachable=answer)
            elif 200 <= answer[0] < 300:
                rules = RobotsRules(Protego.parse(robots_text(answer[1])))
            elif 400 <= answer[0] < 500:
                rules = RobotsRules(None)
            else:
                rules = RobotsRules(None, unreachable=f"HTTP {answer[0]}")
            self._rules[key] = rules
            if self._on_rules:
                self._on_rules(parts.netloc, rules)
        return self._rules[key]

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids ``url``, or None."""
        return self.rules(url).refusal(url)
