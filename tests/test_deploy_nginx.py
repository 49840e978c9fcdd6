"""deploy/nginx.conf for real: nginx (Debian's) in front of ``newsarchive serve --proxy-fix 1``.

The example is taken as written, with only what a test must change rewritten (the listen port, the
upstream's port, the server name): ``nginx -t`` accepts it, the longest valid search URL passes
through it to the app, a longer one is refused by nginx itself, and the app sees the client's
address and scheme from the headers nginx sets (not the ones the client sent)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_support import free_port, shared_sample_index, start_server
from tests.conftest import ROOT
from tests.test_schemathesis import shared_dir
from tests.test_serve import _longest_valid_search_url, _stop

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is not installed")


def _site_config(upstream_port: int, listen_port: int) -> str:
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    site, upstreams = re.subn(r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream_port};", site)
    site, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{listen_port};", site)
    assert upstreams == 1 and listens == 1, "deploy/nginx.conf changed shape: update this test"
    return site


def _main_config(prefix: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf gives a site, confined to ``prefix``."""
    return f"""
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``newsarchive serve --proxy-fix 1`` behind nginx with the example site; nginx's base URL."""
    tmp = tmp_path_factory.mktemp("nginx")
    index = shared_sample_index(shared_dir(tmp_path_factory))
    app, app_base = start_server(index, tmp / "serve.log", options=("--workers", "1", "--proxy-fix", "1"))
    listen = free_port()
    site = tmp / "site.conf"
    site.write_text(_site_config(int(app_base.rsplit(":", 1)[1]), listen), encoding="utf-8")
    conf = tmp / "nginx.conf"
    conf.write_text(_main_config(tmp, site), encoding="utf-8")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True, text=True,
                             timeout=30)
    assert checked.returncode == 0, checked.stderr
    proxy = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 20
        while _get(f"{base}/healthz")[0] != 200:
            assert time.monotonic() < deadline, (tmp / "error.log").read_text()
            time.sleep(0.2)
        yield base
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        _stop(app)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except OSError:
        return 0, b""


def test_the_longest_valid_search_url_passes_through_nginx(proxied: str) -> None:
    status, body = _get(_longest_valid_search_url(proxied))
    assert status == 200, body[:300]


def test_nginx_refuses_a_request_line_beyond_its_buffers_without_the_app(proxied: str) -> None:
    status, body = _get(f"{proxied}/search?q=" + "a" * 70_000)
    assert status == 414 and b"nginx" in body


def test_the_app_sees_the_scheme_and_host_nginx_forwards_not_the_clients_own(proxied: str) -> None:
    status, body = _get(f"{proxied}/feed.atom?q=oil",
                        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"})
    assert status == 200
    assert b"evil.example" not in body and b"https://" not in body.split(b"<entry>")[0]
    assert b"http://127.0.0.1" in body
