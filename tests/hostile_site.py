"""A hostile site on 127.0.0.1, for the crawler's hardening tests (issue 16, items 3, 4, 5, 11).

Every page attacks the crawler in one way:

- ``/sitemap-bomb.xml.gz``: a gzip bomb served as ``application/x-gzip`` *without*
  ``Content-Encoding`` (the crawler itself gunzips sitemaps): 1 MB on the wire, 1 GiB inflated.
- ``/entry/gzip-bomb``: the same bomb as ``Content-Encoding: gzip``.
- ``/entry/stacked``: ``Content-Encoding: gzip, gzip``, a few KB inflating to 1 GiB.
- ``/entry/rot13``, ``/entry/zlib``: charset labels naming codecs that are not text encodings.
- ``/robots.txt``: 10 MB; a rule past the first 500 KiB would forbid ``/entry/ok``.
- ``/entry/drip-N``: the status line, then one header byte every ``drip_interval`` seconds, for
  up to two minutes (header drip).
- ``/entry/elsewhere``: a redirect to another port of the same host (``redirect_port``).

Each request is logged as (path, Host header).
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GiB = 1024**3
ROBOTS_BYTES = 10 * 1000 * 1000
DRIP_PAGES = 8


@cache
def gzip_bomb(inflated: int = GiB) -> bytes:
    """A multi-member gzip file (as ``gzip`` writes with ``cat a.gz b.gz``) of ``inflated`` zero
    bytes: one 64 MiB member compressed once and repeated, so building it costs a fraction of a second."""
    member_size = 64 * 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1024 * 1024)
    member = b"".join(compressor.compress(chunk) for _ in range(member_size // len(chunk))) + compressor.flush()
    return member * (inflated // member_size)


@cache
def stacked_bomb() -> bytes:
    """The bomb gzipped once more: ``Content-Encoding: gzip, gzip``."""
    return gzip.compress(gzip_bomb(), 9, mtime=0)


def page(name: str, charset_meta: str = "utf-8") -> bytes:
    paragraphs = "".join(f"<p>{name} hardening page, paragraph {i}: plain words for the index.</p>" for i in range(4))
    return (f'<!doctype html><html><head><meta charset="{charset_meta}"><title>hostile {name}</title></head>'
            f"<body><article><h1>hostile {name}</h1>{paragraphs}</article></body></html>").encode()


class HostileSite(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, drip_interval: float = 0.5, redirect_port: int = 9) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.drip_interval = drip_interval
        self.redirect_port = redirect_port
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def start(self) -> HostileSite:
        threading.Thread(target=self.serve_forever, name="hostile-site", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def paths(self) -> list[str]:
        with self._lock:
            return [path for path, _ in self.requests]

    def sitemap_index(self) -> bytes:
        items = "".join(f"<sitemap><loc>{self.base_url}/{name}</loc></sitemap>"
                        for name in ("sitemap-bomb.xml.gz", "sitemap-pages.xml"))
        return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{items}</sitemapindex>").encode()

    def pages_sitemap(self, names: list[str]) -> bytes:
        urls = "".join(f"<url><loc>{self.base_url}/entry/{name}</loc></url>" for name in names)
        return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>").encode()


BOMB_PAGES = ["gzip-bomb", "stacked", "rot13", "zlib", "ok", "early-private"]


class _Handler(BaseHTTPRequestHandler):
    server: HostileSite  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the tests read ``server.requests``."""

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the crawler hung up on us, as it should
            self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        site = self.server
        with site._lock:
            site.requests.append((self.path, self.headers.get("Host", "")))
        path = self.path.split("?")[0]
        try:
            if path == "/robots.txt":
                return self._robots()
            if path == "/sitemap.xml":
                return self._send(200, site.sitemap_index(), "application/xml")
            if path == "/sitemap-bomb.xml.gz":
                return self._send(200, gzip_bomb(), "application/x-gzip")
            if path == "/sitemap-pages.xml":
                return self._send(200, site.pages_sitemap(BOMB_PAGES), "application/xml")
            if path == "/sitemap-drip.xml":
                names = [f"drip-{i}" for i in range(DRIP_PAGES)]
                return self._send(200, site.pages_sitemap(names), "application/xml")
            if path == "/entry/gzip-bomb":
                return self._send(200, gzip_bomb(), "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
            if path == "/entry/stacked":
                return self._send(200, stacked_bomb(), "text/html; charset=utf-8", {"Content-Encoding": "gzip, gzip"})
            if path == "/entry/rot13":
                return self._send(200, page("rot13", "zlib_codec"), "text/html; charset=rot13")
            if path == "/entry/zlib":
                return self._send(200, page("zlib", "rot13"), "text/html; charset=zlib_codec")
            if path.startswith("/entry/drip"):
                return self._drip()
            if path == "/entry/elsewhere":
                location = f"http://127.0.0.1:{site.redirect_port}/internal"
                return self._send(302, b"", "text/plain", {"Location": location})
            if path.startswith("/entry/"):
                return self._send(200, page(path.removeprefix("/entry/")), "text/html; charset=utf-8")
            return self._send(404, b"not here", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return None

    def _robots(self) -> None:
        head = b"User-agent: *\nDisallow: /entry/early-private\n"
        tail = b"User-agent: *\nDisallow: /entry/ok\n"
        filler = b"# " + b"x" * 97 + b"\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(ROBOTS_BYTES))
        self.end_headers()
        self.wfile.write(head)
        sent = len(head)
        while sent < ROBOTS_BYTES - len(tail):
            block = filler * min(1000, (ROBOTS_BYTES - len(tail) - sent) // len(filler) or 1)
            block = block[: ROBOTS_BYTES - len(tail) - sent]
            self.wfile.write(block)
            sent += len(block)
        self.wfile.write(tail)

    def _drip(self) -> None:
        """A status line, then a header that never ends: one byte per interval, for two minutes."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        self.wfile.flush()
        until = time.monotonic() + 120
        while time.monotonic() < until:
            time.sleep(self.server.drip_interval)
            self.wfile.write(b"a")
            self.wfile.flush()
        self.close_connection = True

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
