"""HTTP fetching for the crawler: polite to the host, safe for the machine it runs on.

Politeness: a descriptive User-Agent, a per-host delay (``requests_per_second`` or robots.txt's
``Crawl-delay``, whichever is slower) that also holds back other threads, at most
``connections_per_host`` requests in flight per host, ``Retry-After`` on 429/503 honoured, and
5xx answers, timeouts and broken connections retried with exponential backoff.

Safety against a hostile site:

- **One wall-clock deadline per fetch** (``timeout``) covers connecting, the status line and
  headers, the body, every redirect and every retry with its backoff. It is enforced inside the
  socket reads (:class:`_GuardedBackend` clamps each read and write to the time left), so a server
  that drips its headers one byte a second is cut off at the deadline, not at httpx's per-read
  timeout. An optional run deadline (``update --deadline``) caps every fetch too.
- **Byte caps**: the body is capped before and after decoding (:mod:`indexer.limits`), stacked
  ``Content-Encoding`` is refused, and decoding streams, so a gzip bomb costs at most the cap.
- **SSRF**: each hop's host is resolved once (:attr:`Fetcher.resolver`), every address is
  checked, and the connection goes to a checked address only (the Host header and TLS SNI stay
  the name): a name that answers a public address to the check and 127.0.0.1 to the connection
  (DNS rebinding) cannot reach loopback. Loopback, private, link-local and other non-global
  addresses are refused unless the source sets ``allow_private_network = true``. Redirects are
  followed by hand and each hop must stay on the source's origins (scheme, host and port).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from indexer.limits import ACCEPT_ENCODING, MAX_PAGE_BYTES, BadEncoding, TooLarge, decoder_for
from indexer.urls import is_public_address
from indexer.version import VERSION

# The default names the software only: an operator adds a contact (a URL or an address) with
# ``user_agent`` in sources.toml, so a site owner can reach whoever runs the crawler.
USER_AGENT = f"newsarchive/{VERSION} (archive crawler)"
MAX_BYTES = MAX_PAGE_BYTES
_REDIRECTS = (301, 302, 303, 307, 308)
# Headers that describe the transfer, not the body we keep (we keep decoded bytes).
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]
# resolver(host, port) -> the host's addresses (IPv4/IPv6 literals); raises OSError when it has none.
Resolver = Callable[[str, int], "list[str]"]


class FetchError(Exception):
    """A fetch that failed; ``str()`` is ``"<url>: <reason>"``."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _Transient(Exception):
    """A failure worth retrying (timeout, dropped connection, truncated body)."""


class _OutOfTime(Exception):
    """The fetch's deadline leaves no time for the next step."""


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``getaddrinfo`` gives for ``host`` (in its order, without repeats)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def origin_of(url: str) -> Origin:
    """``(scheme, host, port)`` of an http(s) URL, the port defaulted by scheme."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme, 0)


class _Context(threading.local):
    """What the network backend needs to know about the request this thread is making."""

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.pins: dict[tuple[str, int], list[str]] = {}


_context = _Context()


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` clamped to what the current fetch's deadline leaves; ``error`` when none is left."""
    deadline = _context.deadline
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the fetch's deadline passed")
    return left if timeout is None else min(timeout, left)


class _GuardedStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout, httpcore.ConnectTimeout))
        return _GuardedStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to addresses the fetcher resolved and checked for this request.

    httpcore asks for ``(host name, port)``; the address comes from the calling thread's pins,
    never from a second DNS lookup, so the name cannot resolve differently for the connection
    than it did for the check. TLS still gets the name (SNI, certificate check), and the Host
    header is untouched. A connection that was not pinned is refused outright.
    """

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = _context.pins.get((host.lower(), port))
        if not addresses:
            raise httpcore.ConnectError(f"{host}:{port} was not resolved and checked before connecting")
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(address, port, _time_left(timeout, httpcore.ConnectTimeout),
                                                 local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _GuardedStream(stream)
        raise failure or httpcore.ConnectError(f"cannot connect to {host}:{port}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the crawler")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _Transport(httpx.HTTPTransport):
    """httpx's transport over :class:`_GuardedBackend`, ignoring proxy variables of the environment
    (a proxy would connect to addresses we never checked)."""

    def __init__(self) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=None,
            max_keepalive_connections=16,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(),
        )


@dataclass(frozen=True)
class FetchPolicy:
    """How one source may be fetched. ``allowed_origins`` empty means any origin.

    ``timeout`` is the whole fetch's wall-clock deadline: connect, headers, body, redirects,
    retries and their waits. ``allow_private`` admits loopback, private and link-local addresses.
    """

    requests_per_second: float = 2.0
    timeout: float = 30.0
    max_bytes: int = MAX_BYTES
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 120.0
    max_redirects: int = 5
    connections_per_host: int = 2
    allowed_origins: tuple[Origin, ...] = ()
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass
class Response:
    """A final (non-redirect) answer. ``url`` is where it came from after redirects.

    ``truncated`` is true when the body was cut at a cap on purpose (robots.txt past 500 KiB).
    """

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
    truncated: bool = False

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


class _Clock:
    """One fetch's deadline: it starts with the first request (after the politeness wait for the
    host's first slot), and never runs past the run's deadline."""

    def __init__(self, timeout: float, run_deadline: float | None) -> None:
        self.timeout = timeout
        self.run_deadline = run_deadline
        self.deadline: float | None = None

    def start(self) -> float:
        if self.deadline is None:
            self.deadline = time.monotonic() + self.timeout
            if self.run_deadline is not None:
                self.deadline = min(self.deadline, self.run_deadline)
        return self.deadline

    def left(self) -> float:
        if self.deadline is not None:
            return self.deadline - time.monotonic()
        if self.run_deadline is None:
            return self.timeout
        return min(self.timeout, self.run_deadline - time.monotonic())


class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`; safe to share between threads.

    ``resolver`` maps a host to its addresses (tests inject one to play DNS rebinding);
    ``run_deadline`` (a ``time.monotonic()`` value) ends every fetch by the end of the run.
    """

    def __init__(self, policy: FetchPolicy | None = None, resolver: Resolver | None = None,
                 run_deadline: float | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.resolver = resolver or system_resolver
        self.run_deadline = run_deadline
        self.requests = 0
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            transport=_Transport(),
            trust_env=False,
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

    def _take_slot(self, host: str, clock: _Clock) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_slot.get(host, 0.0))
            # The first hop's politeness wait is not part of the fetch's deadline, but no wait
            # (a robots.txt Crawl-delay included) may outlast the run's.
            limit = clock.deadline if clock.deadline is not None else clock.run_deadline
            if limit is not None and start >= limit:
                raise _OutOfTime
            self._next_slot[host] = start + self._delay(host)
        if start > now:
            time.sleep(start - now)

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.policy.connections_per_host)
            return self._slots[host]

    def run_over(self) -> bool:
        """True once the run's deadline has passed."""
        return self.run_deadline is not None and time.monotonic() >= self.run_deadline

    def refusal(self, url: str) -> str | None:
        """Why the policy forbids requesting ``url`` at all, or None (addresses are checked later,
        when the host is resolved for the connection)."""
        try:
            scheme, host, port = origin_of(url)
        except ValueError:
            return "malformed URL"
        if scheme not in ("http", "https") or not host:
            return "not an http(s) URL"
        allowed = self.policy.allowed_origins
        if allowed and (scheme, host, port) not in allowed:
            if not any(h == host for _, h, _ in allowed):
                return f"host {host} is not among the source's allowed hosts"
            return f"{scheme}://{host}:{port} is not among the source's origins (scheme, host and port must match)"
        return None

    def _pin(self, url: str, deadline: float) -> tuple[str, int, list[str]]:
        """Resolve the URL's host once and keep the addresses the policy admits.

        Raises :class:`FetchError` when every address is refused, :class:`_Transient` when the
        name does not resolve (DNS trouble is often brief).
        """
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"malformed URL ({exc})") from None
        host = target.raw_host.decode("ascii").lower()
        port = target.port or DEFAULT_PORTS[target.scheme]
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                addresses = self._resolve(host, port, deadline)
            except (OSError, UnicodeError) as exc:
                raise _Transient(f"cannot resolve {host}: {exc}") from None
        if not addresses:
            raise _Transient(f"cannot resolve {host}: no addresses")
        if self.policy.allow_private:
            return host, port, addresses
        public = [address for address in addresses if is_public_address(address)]
        if not public:
            raise FetchError(url, f"host {host} resolves to {', '.join(addresses)}, a loopback/private/link-local "
                             "address (set allow_private_network = true in the source's table to crawl it)")
        return host, port, public

    def _resolve(self, host: str, port: int, deadline: float) -> list[str]:
        """``resolver(host, port)`` within the deadline: it runs on a daemon thread because
        ``getaddrinfo`` takes no timeout (a lookup still hanging is abandoned, never waited for)."""
        box: dict[str, Any] = {}

        def lookup() -> None:
            try:
                box["addresses"] = self.resolver(host, port)
            except BaseException as exc:  # noqa: BLE001 - handed to the fetching thread
                box["error"] = exc

        thread = threading.Thread(target=lookup, name="newsarchive-dns", daemon=True)
        thread.start()
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            raise _Transient(f"timed out after {self.policy.timeout:g} s (resolving {host})")
        if "error" in box:
            raise box["error"]
        return list(box["addresses"])

    def get(self, url: str, headers: dict[str, str] | None = None, permit: Permit | None = None,
            max_bytes: int | None = None, truncate: bool = False) -> Response:
        """GET ``url`` following redirects; retries transient failures and honours Retry-After.

        ``permit`` is asked about every hop (the crawler passes its robots.txt check). Everything
        happens within one deadline of ``policy.timeout`` seconds. ``max_bytes`` overrides the
        policy's body cap; with ``truncate`` a longer body is cut there instead of refused.
        Raises :class:`FetchError` with the URL and reason when no usable answer could be had;
        HTTP error statuses that survive the retries are returned, not raised.
        """
        policy = self.policy
        clock = _Clock(policy.timeout, self.run_deadline)
        limit = policy.max_bytes if max_bytes is None else max_bytes
        if self.run_over():
            raise FetchError(url, "not fetched: the run's deadline has passed")
        attempt = 0
        while True:
            try:
                resp = self._follow(url, headers or {}, permit, clock, limit, truncate)
            except _Transient as exc:
                tries = f"{attempt + 1} attempt{'s' if attempt else ''}"
                if attempt >= policy.retries:
                    raise FetchError(url, f"{exc} (gave up after {tries})") from None
                wait = policy.backoff * 2**attempt
                if wait >= clock.left():
                    raise FetchError(url, f"{exc} (gave up after {tries}: the {policy.timeout:g} s deadline "
                                          "leaves no time to retry)") from None
                self._hold(urlsplit(url).netloc, wait)
                attempt += 1
                continue
            except _OutOfTime:
                raise FetchError(url, f"timed out after {policy.timeout:g} s (deadline reached)") from None
            if attempt >= policy.retries or not (resp.status in (429, 503) or resp.status >= 500):
                return resp
            wait = retry_after_seconds(resp.headers.get("retry-after"))
            if wait is None:
                wait = policy.backoff * 2**attempt
            elif wait > policy.max_retry_after:
                return resp
            if wait >= clock.left():
                return resp
            self._hold(urlsplit(resp.url).netloc, wait)
            attempt += 1

    def _follow(self, url: str, headers: dict[str, str], permit: Permit | None, clock: _Clock, limit: int,
                truncate: bool) -> Response:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            reason = self.refusal(current) or (permit(current) if permit else None)
            if reason:
                where = current if current == url else f"redirect to {current}"
                raise FetchError(url, f"{where} refused: {reason}")
            try:
                resp = self._once(current, headers, clock, limit, truncate)
            except FetchError as exc:
                if current == url:
                    raise FetchError(url, exc.reason) from None
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

    def _once(self, url: str, headers: dict[str, str], clock: _Clock, limit: int, truncate: bool) -> Response:
        """One request, no redirects, within the fetch's deadline and size cap."""
        netloc = urlsplit(url).netloc
        with self._semaphore(netloc):
            self._take_slot(netloc, clock)
            deadline = clock.start()
            host, port, addresses = self._pin(url, deadline)
            with self._lock:
                self.requests += 1
            saved = (_context.deadline, _context.pins)
            _context.deadline, _context.pins = deadline, {(host, port): addresses}
            try:
                return self._read(url, headers, deadline, limit, truncate)
            except httpx.TimeoutException:
                raise _Transient(f"timed out after {self.policy.timeout:g} s") from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise _Transient(f"{type(exc).__name__}: {exc}") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(url, f"{type(exc).__name__}: {exc}") from None
            finally:
                _context.deadline, _context.pins = saved

    def _read(self, url: str, headers: dict[str, str], deadline: float, limit: int, truncate: bool) -> Response:
        left = max(0.001, deadline - time.monotonic())
        timeout = httpx.Timeout(left, connect=min(10.0, left))
        fetched_at = datetime.now(UTC)
        with self._client.stream("GET", url, headers=headers, timeout=timeout) as resp:
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit and not truncate:
                raise FetchError(url, f"body of {int(declared)} bytes exceeds the {limit}-byte limit")
            chunks: list[bytes] = []
            cut = False
            if resp.status_code not in _REDIRECTS:
                try:
                    decoder = decoder_for(resp.headers.get("content-encoding"), limit, truncate=truncate)
                except BadEncoding as exc:
                    raise FetchError(url, str(exc)) from None
                size = 0
                try:
                    for chunk in resp.iter_raw():
                        size += len(chunk)
                        if size > limit and not truncate:
                            raise FetchError(url, f"body exceeds the {limit}-byte limit")
                        if time.monotonic() > deadline:
                            raise _Transient(f"timed out after {self.policy.timeout:g} s (body still arriving)")
                        chunks.append(decoder.feed(chunk))
                        if decoder.full or size > limit:
                            cut = True
                            break
                    chunks.append(decoder.finish())
                except TooLarge as exc:
                    raise FetchError(url, f"{exc} ({decoder.coding}-encoded)") from None
                except BadEncoding as exc:
                    raise FetchError(url, str(exc)) from None
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
                truncated=cut,
            )

    def close(self) -> None:
        self._client.close()
