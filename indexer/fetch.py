"""HTTP fetching for the crawler: one client, a descriptive User-Agent, timeouts, a size cap,
and a per-host delay so a source is never hammered."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from indexer.version import VERSION

USER_AGENT = f"newsarchive/{VERSION} (+https://github.com/newsarchive; archive crawler)"
MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class FetchError(Exception):
    """A fetch that failed; the message has the URL and the reason."""


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    encoding: str | None


class Fetcher:
    """Fetches URLs politely: at most ``rate`` requests per second per host."""

    def __init__(self, rate: float = 2.0, max_bytes: int = MAX_BYTES) -> None:
        self.delay = 1.0 / rate if rate > 0 else 0.0
        self.max_bytes = max_bytes
        self.requests = 0
        self._last: dict[str, float] = {}
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=TIMEOUT,
            follow_redirects=True,
            max_redirects=5,
        )

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url``; raises :class:`FetchError` for network errors and oversize bodies."""
        self._wait(url)
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                chunks = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: body larger than {self.max_bytes} bytes")
                    chunks.append(chunk)
                return Response(
                    url=str(resp.url),
                    status=resp.status_code,
                    headers={k.lower(): v for k, v in resp.headers.items()},
                    content=b"".join(chunks),
                    encoding=resp.charset_encoding,
                )
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: too many redirects") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        self._client.close()
