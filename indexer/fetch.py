"""HTTP fetching for the crawler: polite to the host, safe for the machine it runs on.

Politeness: a descriptive User-Agent, a per-host delay (``requests_per_second`` or robots.txt's
``Crawl-delay``, whichever is slower) that also holds back other threads, at most
``connections_per_host`` requests in flight per host, ``Retry-After`` on 429/503 honoured, and
5xx answers, timeouts and broken connections retried with exponential backoff.

Safety: a total deadline per request (a server dripping one byte a second cannot hold a run
hostage), a body-size cap checked against ``Content-Length`` and while streaming, and redirects
followed by hand so every hop is checked against the source's hosts and refused when it leads
into loopback or private ranges from a public start URL (SSRF).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from indexer.urls import is_private_host
from indexer.version import VERSION

# The default names the software only: an operator adds a contact (a URL or an address) with
# ``user_agent`` in sources.toml, so a site owner can reach whoever runs the crawler.
USER_AGENT = f"newsarchive/{VERSION} (archive crawler)"
MAX_BYTES = 10 * 1024 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
# Headers that describe the transfer, not the body we keep (httpx hands us decoded bytes).
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


class FetchError(Exception):
    """A fetch that failed; ``str()`` is ``"<url>: <reason>"``."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _Transient(Exception):
    """A failure worth retrying (timeout, dropped connection, truncated body)."""


@dataclass(frozen=True)
class FetchPolicy:
    """How one source may be fetched. ``allowed_hosts`` empty means any host."""

    requests_per_second: float = 2.0
    timeout: float = 30.0
    max_bytes: int = MAX_BYTES
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 120.0
    max_redirects: int = 5
    connections_per_host: int = 2
    allowed_hosts: tuple[str, ...] = ()
    allow_private: bool = True
    user_agent: str = USER_AGENT


@dataclass
class Response:
    """A final (non-redirect) answer. ``url`` is where it came from after redirects."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    requested_url: str = ""
    reason: str = ""
    http_version: str = "HTTP/1.1"
    raw_headers: list[tuple[str, str]] = field(default_factory=list)
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def encoding(self) -> str | None:
        """The charset the ``Content-Type`` header declares, if any."""
        return charset_of(self.headers.get("content-type"))


def charset_of(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


Permit = Callable[[str], "str | None"]


class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`; safe to share between threads."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.requests = 0
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent},
            follow_redirects=False,
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=16),
        )

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """Never request ``host`` (``netloc``) more often than every ``seconds`` (robots.txt)."""
        with self._lock:
            self._crawl_delay[host] = max(0.0, seconds)

    def _delay(self, host: str) -> float:
        rate = self.policy.requests_per_second
        return max(1.0 / rate if rate > 0 else 0.0, self._crawl_delay.get(host, 0.0))

    def _hold(self, host: str, seconds: float) -> None:
        """Push ``host``'s next request at least ``seconds`` into the future (Retry-After, backoff)."""
        with self._lock:
            self._next_slot[host] = max(self._next_slot.get(host, 0.0), time.monotonic() + seconds)

    def _take_slot(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_slot.get(host, 0.0))
            self._next_slot[host] = start + self._delay(host)
        if start > now:
            time.sleep(start - now)

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.policy.connections_per_host)
            return self._slots[host]

    def refusal(self, url: str) -> str | None:
        """Why the policy forbids requesting ``url`` at all, or None."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return "malformed URL"
        if parts.scheme not in ("http", "https") or not host:
            return "not an http(s) URL"
        if self.policy.allowed_hosts and host not in self.policy.allowed_hosts:
            return f"host {host} is not among the source's allowed hosts"
        if not self.policy.allow_private and is_private_host(host):
            return f"host {host} is in a loopback/private address range"
        return None

    def get(self, url: str, headers: dict[str, str] | None = None, permit: Permit | None = None) -> Response:
        """GET ``url`` following redirects; retries transient failures and honours Retry-After.

        ``permit`` is asked about every hop (the crawler passes its robots.txt check). Raises
        :class:`FetchError` with the URL and reason when no usable answer could be had; HTTP error
        statuses that survive the retries are returned, not raised.
        """
        policy = self.policy
        attempt = 0
        while True:
            try:
                resp = self._follow(url, headers or {}, permit)
            except _Transient as exc:
                if attempt >= policy.retries:
                    raise FetchError(url, f"{exc} (gave up after {attempt + 1} attempts)") from None
                self._hold(urlsplit(url).netloc, policy.backoff * 2**attempt)
                attempt += 1
                continue
            if attempt >= policy.retries or not (resp.status in (429, 503) or resp.status >= 500):
                return resp
            wait = retry_after_seconds(resp.headers.get("retry-after"))
            if wait is None:
                wait = policy.backoff * 2**attempt
            elif wait > policy.max_retry_after:
                return resp
            self._hold(urlsplit(resp.url).netloc, wait)
            attempt += 1

    def _follow(self, url: str, headers: dict[str, str], permit: Permit | None) -> Response:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            reason = self.refusal(current) or (permit(current) if permit else None)
            if reason:
                where = current if current == url else f"redirect to {current}"
                raise FetchError(url, f"{where} refused: {reason}")
            try:
                resp = self._once(current, headers)
            except FetchError as exc:
                if current == url:
                    raise
                raise FetchError(url, f"after redirect to {current}: {exc.reason}") from None
            location = resp.headers.get("location")
            if resp.status not in _REDIRECTS or not location:
                resp.requested_url = url
                return resp
            try:
                current = urljoin(current, location.strip())
            except ValueError:
                raise FetchError(url, f"malformed redirect Location {location!r}") from None
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects (last: {current})")

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        """One request, no redirects, within the policy's total deadline and size cap."""
        host = urlsplit(url).netloc
        with self._semaphore(host):
            self._take_slot(host)
            with self._lock:
                self.requests += 1
            deadline = time.monotonic() + self.policy.timeout
            try:
                return self._read(url, headers, deadline)
            except httpx.TimeoutException:
                raise _Transient(f"timed out after {self.policy.timeout:g} s") from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise _Transient(f"{type(exc).__name__}: {exc}") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(url, f"{type(exc).__name__}: {exc}") from None

    def _read(self, url: str, headers: dict[str, str], deadline: float) -> Response:
        limit = self.policy.max_bytes
        timeout = httpx.Timeout(self.policy.timeout, connect=min(10.0, self.policy.timeout))
        fetched_at = datetime.now(UTC)
        with self._client.stream("GET", url, headers=headers, timeout=timeout) as resp:
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(url, f"body of {int(declared)} bytes exceeds the {limit}-byte limit")
            chunks: list[bytes] = []
            size = 0
            if resp.status_code not in _REDIRECTS:
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(url, f"body exceeds the {limit}-byte limit")
                    if time.monotonic() > deadline:
                        raise _Transient(f"timed out after {self.policy.timeout:g} s (body still arriving)")
                    chunks.append(chunk)
            content = b"".join(chunks)
            raw = [(k, v) for k, v in resp.headers.multi_items() if k.lower() not in _TRANSFER_HEADERS]
            raw.append(("Content-Length", str(len(content))))
            return Response(
                url=str(resp.url),
                status=resp.status_code,
                headers={k.lower(): v for k, v in resp.headers.items()},
                content=content,
                reason=resp.reason_phrase,
                http_version=resp.http_version,
                raw_headers=raw,
                request_headers=list(resp.request.headers.multi_items()),
                fetched_at=fetched_at,
            )

    def close(self) -> None:
        self._client.close()
