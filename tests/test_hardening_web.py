"""Hostile clients and a damaged index against the web app: parameter limits shared by every entry
point, well-formed feeds, defused CSV, host-independent caching, safe redirects and cookies, and
503 problem documents (no traceback, no path) for an index that is missing or corrupt."""

from __future__ import annotations

import csv
import io
import shutil
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from indexer.index_writer import IndexSink
from search.params import MAX_TAGS
from search.storage import ensure_index
from tests.conftest import CORPUS, make_article
from web import create_app

HOSTILE = [
    make_article(
        101, title="=HYPERLINK(\"http://attacker.example\",\"click\")", body="formula oil", tags=("+cmd", "@sum")
    ),
    make_article(102, title="-2+3 oil", body="minus oil"),
    make_article(103, title="bell \x07 and \x1b escape oil", body="control \x0b characters oil"),
]


@pytest.fixture
def hostile_index(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root), batch_size=10)
    sink.add_all(CORPUS + HOSTILE)
    sink.close()
    return root


def _client(root: Path, **config: object) -> FlaskClient:
    settings = {"INDEX_DIR": str(root), "TESTING": True, "PRELOAD_ANALYZER": False, **config}
    return create_app(settings).test_client()


@pytest.mark.parametrize("path", ["/search", "/feed.atom", "/api/v1/search", "/api/v1/export"])
def test_thousands_of_tag_parameters_are_refused_quickly_everywhere(hostile_index: Path, path: str) -> None:
    client = _client(hostile_index)
    assert client.get(f"{path}?q=oil").status_code == 200  # the first request opens the index
    for count in (MAX_TAGS + 1, 500, 20_000):  # beyond the tag limit, then beyond the URL limit too
        query = urllib.parse.urlencode([("tag", f"t{n}") for n in range(count)])
        started = time.perf_counter()
        resp = client.get(f"{path}?{query}")
        assert time.perf_counter() - started < 1.0
        assert resp.status_code == (414 if len(query) > 65_000 else 400), count
        if resp.status_code == 400:
            assert "tag" in resp.get_data(as_text=True)


def test_the_tag_limit_still_admits_the_documented_number(hostile_index: Path) -> None:
    client = _client(hostile_index)
    query = urllib.parse.urlencode([("tag", f"t{n}") for n in range(MAX_TAGS)])
    assert client.get(f"/search?{query}").status_code == 200
    assert client.get(f"/api/v1/search?{query}").status_code == 200


def test_the_feed_is_well_formed_xml_whatever_the_records_hold(hostile_index: Path) -> None:
    resp = _client(hostile_index).get("/feed.atom?q=oil")
    assert resp.status_code == 200
    root = ET.fromstring(resp.data)  # raises on control characters
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(title.startswith("bell") for title in titles)


def test_csv_export_defuses_formula_cells(hostile_index: Path) -> None:
    resp = _client(hostile_index).get("/api/v1/export?q=oil&format=csv")
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    titles = {row["title"] for row in rows}
    assert "'=HYPERLINK(\"http://attacker.example\",\"click\")" in titles
    assert "'-2+3 oil" in titles
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_feed_links_from_the_host_header_are_never_publicly_cached(hostile_index: Path) -> None:
    resp = _client(hostile_index).get("/feed.atom?q=oil", headers={"Host": "evil.example"})
    assert "public" not in resp.headers["Cache-Control"]
    assert "Host" in resp.headers.get("Vary", "")


def test_feed_links_use_the_public_url_when_configured(hostile_index: Path) -> None:
    client = _client(hostile_index, PUBLIC_URL="https://news.example.org/")
    body = client.get("/feed.atom?q=oil", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body
    assert "https://news.example.org/articles/" in body
    assert "https://news.example.org/feed.atom?q=oil" in body


@pytest.mark.parametrize("target", ["/search%0d%0aSet-Cookie:%20x=1", "/%0aLocation:%20http://evil.example", "/a%7f"])
def test_language_switch_ignores_a_next_with_control_characters(hostile_index: Path, target: str) -> None:
    resp = _client(hostile_index).get(f"/lang/en?next={target}")
    assert resp.status_code == 303
    assert resp.headers["Location"] == "/"
    assert "x=1" not in resp.headers.get("Set-Cookie", "")


def test_language_cookie_is_secure_under_https(hostile_index: Path) -> None:
    client = _client(hostile_index)
    secure = client.get("/lang/ko?next=/", base_url="https://news.example.org").headers["Set-Cookie"]
    plain = client.get("/lang/ko?next=/").headers["Set-Cookie"]
    assert "Secure" in secure and "HttpOnly" in secure
    assert "Secure" not in plain


def test_pages_vary_on_the_language_signals(hostile_index: Path) -> None:
    client = _client(hostile_index)
    for path in ("/", "/search?q=oil", "/tags"):
        vary = client.get(path).headers.get("Vary", "")
        assert "Accept-Language" in vary and "Cookie" in vary, path


def _corrupt(root: Path, pattern: str) -> None:
    gen = next(root.glob("gen-*"))
    for path in gen.glob(pattern):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] + b"\x00garbage" * 16)


@pytest.mark.parametrize("pattern", ["_MAIN_*.toc", "*.trm", "*_stored.col", "newsarchive.json"])
def test_a_corrupt_index_answers_503_everywhere_without_internals(hostile_index: Path, pattern: str) -> None:
    _corrupt(hostile_index, pattern)
    client = _client(hostile_index)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.mimetype == "application/problem+json"
    for path in ("/search?q=oil", "/", "/api/v1/search?q=oil", "/feed.atom?q=oil"):
        resp = client.get(path)
        body = resp.get_data(as_text=True)
        assert resp.status_code == 503, (path, resp.status_code)
        assert str(hostile_index) not in body and "Traceback" not in body
        assert "Content-Security-Policy" in resp.headers


def test_a_missing_index_does_not_reveal_its_path(tmp_path: Path) -> None:
    root = tmp_path / "secret-folder" / "index"
    client = _client(root)
    for path in ("/healthz", "/search?q=oil", "/api/v1/status"):
        resp = client.get(path)
        assert resp.status_code == 503
        assert "secret-folder" not in resp.get_data(as_text=True)


def test_the_index_is_reopened_once_it_is_repaired(hostile_index: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    shutil.copytree(hostile_index, backup)
    client = _client(hostile_index)
    assert client.get("/healthz").status_code == 200
    _corrupt(hostile_index, "*_stored.col")
    app = client.application
    app.extensions["archive"].close()  # a new process would see the damage at once
    assert client.get("/healthz").status_code == 503
    shutil.rmtree(hostile_index)
    shutil.copytree(backup, hostile_index)
    assert client.get("/healthz").status_code == 200
