"""A fixture blog on 127.0.0.1 that misbehaves on purpose, for the crawler's tests.

It serves the bundled sample blog (:mod:`sample.serve`) plus a handful of ``/entry/<name>``
pages listed in a second sitemap (no ``lastmod``, so every run really requests them). In calm
mode those pages are ordinary posts; with ``hostile = True`` each misbehaves in its own way, so
a test can index everything first and then check that the misbehaviour loses nothing.
Every request is logged (path and headers) for assertions about what the crawler asked.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from sample.serve import SiteHandler

SAMPLE_SITE = Path(__file__).resolve().parents[1] / "sample" / "site"
HUGE_BYTES = 20 * 1024 * 1024
# Pages that misbehave in hostile mode (all listed in /sitemap-extra.xml).
HOSTILE = ("busy", "flaky", "slow", "loop", "away", "huge", "huge-stream", "cut", "removed")
# Pages that are odd in every mode.
ODD = ("euckr", "euckr-undeclared", "truncated", "script-title")
EUCKR_TEXT = "한글 인코딩 시험 페이지입니다. 서울의 가을 하늘은 맑고 높다. 오래된 게시판은 아직도 완성형 한글을 쓴다."


def post_html(name: str, base: str) -> str:
    """An ordinary post page for ``/entry/<name>``."""
    paragraphs = "".join(
        f"<p>{name} 글의 {i}번째 문단입니다. 크롤러 시험을 위해 만든 본문이며 "
        f"검색어 fixture{name.replace('-', '')} 를 담고 있다.</p>"
        for i in range(1, 4)
    )
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>시험 글 {name}</title>'
        f'<meta property="og:title" content="시험 글 {name}">'
        f'<link rel="canonical" href="{base}/entry/{name}">'
        f'<meta property="article:published_time" content="2025-03-01T10:00:00+09:00">'
        f'</head><body><article><h1>시험 글 {name}</h1><div class="entry-content">{paragraphs}</div>'
        f"</article></body></html>"
    )


class FixtureBlog(ThreadingHTTPServer):
    """The server; ``blog.base_url``, ``blog.hostile``, ``blog.requests`` (path, headers)."""

    daemon_threads = True

    def __init__(self, posts: int = 5, slow_seconds: float = 3.0, root: Path = SAMPLE_SITE) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
        # The first ``posts`` sample posts as (path, lastmod): a small blog keeps the tests fast.
        self.posts = re.findall(r"<loc>\{\{BASE_URL\}\}(/[^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)[:posts]
        self.root = root
        self.verbose = False
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.hostile = False
        self.slow_seconds = slow_seconds
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()

    def log_request_of(self, path: str, headers: dict[str, str]) -> int:
        """Log a request; returns how many times this path was hit in the current mode."""
        with self._lock:
            self.requests.append((path, headers))
            self.hits[path] += 1
            return self.hits[path]

    def set_hostile(self, hostile: bool) -> None:
        with self._lock:
            self.hostile = hostile
            self.hits.clear()
            self.requests.clear()

    def start(self) -> FixtureBlog:
        threading.Thread(target=self.serve_forever, name="fixture-blog", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def robots(self) -> str:
        return f"User-agent: *\nDisallow: /entry/private\nAllow: /\n\nSitemap: {self.base_url}/sitemap.xml\n"

    def sitemap_index(self) -> str:
        items = "".join(
            f"<sitemap><loc>{self.base_url}/{name}</loc></sitemap>"
            for name in ("sitemap-posts.xml.gz", "sitemap-extra.xml")
        )
        return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'

    def posts_sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.base_url}{path}</loc><lastmod>{mod}</lastmod></url>" for path, mod in self.posts
        )
        text = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        return gzip.compress(text.encode("utf-8"), mtime=0)

    def rss(self) -> str:
        """The feed lists the same posts under tracking-parameter and mobile spellings."""
        items = "".join(
            f"<item><title>{path}</title><link>{self.base_url}{path}?utm_source=rss</link></item>"
            f"<item><title>{path}</title><link>{self.base_url}/m{path}</link></item>"
            for path, _ in self.posts
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>fixture</title>{items}</channel></rss>'

    def extra_sitemap(self) -> str:
        paths = [f"/entry/{name}" for name in (*HOSTILE, *ODD, "private-notes")]
        urls = "".join(f"<url><loc>{self.base_url}{path}</loc></url>" for path in paths)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


class _Handler(SiteHandler):
    server: FixtureBlog  # type: ignore[assignment]

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        path = urlsplit(self.path).path
        hit = self.server.log_request_of(self.path, {k.lower(): v for k, v in self.headers.items()})
        blog = self.server
        try:
            if path == "/robots.txt":
                return self._send(200, blog.robots().encode(), "text/plain; charset=utf-8")
            if path == "/sitemap.xml":
                return self._send(200, blog.sitemap_index().encode(), "application/xml")
            if path == "/sitemap-posts.xml.gz":
                return self._send(200, blog.posts_sitemap(), "application/x-gzip")
            if path == "/rss":
                return self._send(200, blog.rss().encode("utf-8"), "application/rss+xml; charset=utf-8")
            if path == "/sitemap-extra.xml":
                return self._send(200, blog.extra_sitemap().encode(), "application/xml")
            if path.startswith("/entry/"):
                name = path.removeprefix("/entry/")
                if name in ODD:
                    return self._odd(name)
                if blog.hostile and name == "loop-back":
                    return self._send(302, b"", "text/plain", {"Location": "/entry/loop"})
                if name in HOSTILE:
                    return self._hostile(name, hit) if blog.hostile else self._post(name)
            return super().do_GET()
        except (BrokenPipeError, ConnectionResetError):
            return None

    def _post(self, name: str) -> None:
        self._send(200, post_html(name, self.server.base_url).encode("utf-8"), "text/html; charset=utf-8")

    def _hostile(self, name: str, hit: int) -> None:
        base = self.server.base_url
        if name == "busy" and hit == 1:
            return self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
        if name == "flaky" and hit == 1:
            return self._send(500, b"oops", "text/plain")
        if name == "slow":
            time.sleep(self.server.slow_seconds)
            return self._post(name)
        if name == "loop":
            return self._send(302, b"", "text/plain", {"Location": f"{base}/entry/loop-back"})
        if name == "away":
            return self._send(302, b"", "text/plain", {"Location": "http://elsewhere.example/stolen"})
        if name == "huge":
            return self._stream(HUGE_BYTES, declare=True)
        if name == "huge-stream":
            return self._stream(HUGE_BYTES, declare=False)
        if name == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(post_html(name, base).encode()[:800])
            self.close_connection = True
            return None
        if name == "removed":
            return self._send(404, b"gone", "text/plain")
        return self._post(name)

    def _odd(self, name: str) -> None:
        base = self.server.base_url
        if name.startswith("euckr"):
            declared = name == "euckr"
            head = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' if declared else ""
            page = (f"<html><head>{head}<title>완성형 한글 페이지</title>"
                    f'<link rel="canonical" href="{base}/entry/{name}"></head>'
                    "<body><article><h1>완성형 한글 페이지</h1>"
                    + f"<p>{EUCKR_TEXT}</p>" * 4 + "</article></body></html>")
            ctype = "text/html; charset=EUC-KR" if declared else "text/html"
            return self._send(200, page.encode("euc-kr"), ctype)
        if name == "truncated":
            page = post_html(name, base)
            return self._send(200, page[: page.index("2번째")].encode("utf-8"), "text/html; charset=utf-8")
        page = post_html(name, base).replace("<title>시험 글 script-title</title>",
                                             "<title><script>alert(1)</script> 제목</title>")
        page = page.replace('content="시험 글 script-title"', 'content="&lt;script&gt;alert(1)&lt;/script&gt; 제목"')
        page = page.replace("<h1>시험 글 script-title</h1>", "<h1>&lt;script&gt;alert(1)&lt;/script&gt; 제목</h1>")
        return self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")

    def _stream(self, size: int, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declare:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        for _ in range(size // len(chunk)):
            self.wfile.write(chunk)
        self.close_connection = True

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        """Send an answer; every 200 carries an ETag and honours If-None-Match."""
        headers = dict(headers or {})
        if status == 200:
            headers.setdefault("ETag", '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
            if self.headers.get("If-None-Match") == headers["ETag"]:
                status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Date", formatdate(usegmt=True))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


def write_config(path: Path, base_url: str, name: str = "fixture", **options: object) -> Path:
    """A sources.toml for one tistory source at ``base_url`` with fast test limits."""
    settings = {"requests_per_second": 100, "timeout": 1.0, "retries": 1, "max_page_bytes": 2_000_000,
                "allow_private_network": True, **options}
    lines = ["[[source]]", f'name = "{name}"', f'url = "{base_url}/"', 'kind = "tistory"']
    for key, value in settings.items():
        text = ("true" if value else "false") if isinstance(value, bool) else repr(value).replace("'", '"')
        lines.append(f"{key} = {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
