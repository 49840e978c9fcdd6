"""Serve the sample blog on loopback: ``python -m sample.serve [--host H] [--port P] [--root DIR]``.

It behaves like a well-mannered blog host so the crawler's politeness code has something real to
talk to: Tistory-style URLs (``/<id>``, ``/entry/<slug>``, ``/rss``), ``{{BASE_URL}}`` filled in
with this server's address, ``ETag``/``Last-Modified`` with 304 answers, and 404 for anything else.
"""

from __future__ import annotations

import argparse
import hashlib
import threading
from collections.abc import Sequence
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from sample.build import DEFAULT_DEST
from sample.tistory import BASE_URL, site_file

_FIXED = {"/rss": "rss.xml", "/sitemap.xml": "sitemap.xml", "/robots.txt": "robots.txt"}
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_RSS_TYPE = "application/rss+xml; charset=utf-8"


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under ``root`` that answers ``url_path``, or ``None`` (traversal is refused)."""
    name = _FIXED.get(url_path) or site_file(url_path)
    if "\x00" in name or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file():
        return None
    return target


class SiteHandler(BaseHTTPRequestHandler):
    """GET/HEAD for the static site; the server object carries ``root``, ``base_url``, ``verbose``."""

    server: _SiteServer

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        url_path = urlsplit(self.path).path or "/"
        target = resolve(self.server.root, url_path)
        if target is None:
            body = b"404 Not Found\n"
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            return
        text = target.read_text(encoding="utf-8").replace(BASE_URL, self.server.base_url)
        body = text.encode("utf-8")
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        mtime = int(target.stat().st_mtime)
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(mtime, usegmt=True),
            "Cache-Control": "max-age=0, must-revalidate",
        }
        if self._not_modified(etag, mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        ctype = _RSS_TYPE if url_path == "/rss" else _TYPES[target.suffix]
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since is only consulted without it."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return mtime <= parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base signature)
        if self.server.verbose:
            super().log_message(format, *args)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: Path, verbose: bool = False) -> None:
        super().__init__(address, SiteHandler)
        self.root = root
        self.verbose = verbose
        host, port = self.server_address[:2]
        self.base_url = f"http://{host}:{port}"


def serve_in_thread(
    root: Path = DEFAULT_DEST, host: str = "127.0.0.1", port: int = 0
) -> tuple[ThreadingHTTPServer, str]:
    """Start the site in a daemon thread and return ``(server, base_url)``; port 0 picks a free one.

    Stop it with ``server.shutdown(); server.server_close()``.
    """
    server = _SiteServer((host, port), Path(root))
    threading.Thread(target=server.serve_forever, name="sample-site", daemon=True).start()
    return server, server.base_url


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point: serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--root", type=Path, default=DEFAULT_DEST)
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    server = _SiteServer((args.host, args.port), args.root, verbose=args.verbose)
    print(f"serving {args.root} at {server.base_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
