"""A loopback site whose pages a test sets one by one, for the data-integrity tests.

It answers ``/robots.txt`` (everything allowed, the sitemap named), ``/sitemap.xml`` (every page
set so far, no ``lastmod``, so each run requests them) and each page with the status and HTML the
test gave it; a test turns a page hostile, or gone, between runs.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


def article_html(title: str, body: str, *, canonical: str | None = None, head: str = "") -> str:
    """A plain article page; ``canonical`` also goes into ``og:url``, as hijacking pages do."""
    links = ""
    if canonical:
        links = f'<link rel="canonical" href="{canonical}"><meta property="og:url" content="{canonical}">'
    paragraphs = "".join(f"<p>{body} 문단 {i}.</p>" for i in range(1, 4))
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{title}</title>{links}'
        f'<meta property="article:published_time" content="2025-03-01T10:00:00+09:00">{head}'
        f"</head><body><article><h1>{title}</h1><div class=\"entry-content\">{paragraphs}</div></article></body></html>"
    )


class PageSite(ThreadingHTTPServer):
    """The server: ``site.base_url``, ``site.set(path, html, status)``, ``site.url(path)``."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self._pages: dict[str, tuple[int, bytes]] = {}
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base_url + path

    def set(self, path: str, html: str, status: int = 200) -> None:
        with self._lock:
            self._pages[path] = (status, html.encode("utf-8"))

    def page(self, path: str) -> tuple[int, bytes] | None:
        with self._lock:
            return self._pages.get(path)

    def sitemap(self) -> bytes:
        with self._lock:
            urls = "".join(f"<url><loc>{self.base_url}{path}</loc></url>" for path in self._pages)
        xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        return xml.encode()

    def start(self) -> PageSite:
        threading.Thread(target=self.serve_forever, name="page-site", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PageSite  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the tests assert on what the crawler reports, not on this log."""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        path = urlsplit(self.path).path
        if path == "/robots.txt":
            robots = f"User-agent: *\nAllow: /\n\nSitemap: {self.server.base_url}/sitemap.xml\n"
            return self._send(200, robots.encode(), "text/plain; charset=utf-8")
        if path == "/sitemap.xml":
            return self._send(200, self.server.sitemap(), "application/xml")
        page = self.server.page(path)
        if page is None:
            return self._send(404, b"not found", "text/plain")
        status, body = page
        return self._send(status, body if status == 200 else b"gone", "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
