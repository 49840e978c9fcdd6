"""The JSON API's behaviour; every response here is also checked against the OpenAPI document."""

from __future__ import annotations

import csv
import gzip
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.index_writer import IndexSink
from search.runs import append_run
from search.storage import ensure_index
from tests.api_support import Contract, contract_client_class
from tests.conftest import make_article
from web import create_app

PLAIN = {"Accept-Encoding": "identity"}


def make_app(index_root: Path, **config: Any) -> Flask:
    app = create_app({"INDEX_DIR": str(index_root), "TESTING": True, **config})
    app.test_client_class = contract_client_class(Contract(app.extensions["api"].document))
    return app


@pytest.fixture
def client(index_root: Path) -> FlaskClient:
    return make_app(index_root).test_client()


def test_search_keeps_the_skeleton_shape_and_pages_with_every_parameter(client: FlaskClient) -> None:
    resp = client.get("/api/v1/search?q=coffee&facets=tags:2,year&highlight=false&per_page=1")
    body = resp.get_json()
    assert resp.status_code == 200 and body["total"] == 2 and len(body["hits"]) == 1
    assert set(body["facets"]) == {"tags", "year"} and len(body["facets"]["tags"]) <= 2
    assert body["hits"][0]["snippet_html"] == ""  # highlight=false
    assert body["links"]["prev"] is None
    second = client.get(body["links"]["next"]).get_json()
    assert second["page"] == 2 and second["links"]["next"] is None
    assert "facets=tags%3A2%2Cyear" in body["links"]["next"] and "highlight=false" in body["links"]["next"]
    assert second["hits"][0]["id"] != body["hits"][0]["id"]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("per_page=101", "per_page"),
        ("per_page=abc", "per_page"),
        ("page=0", "page"),
        ("page=1.5", "page"),
        ("page=1&page=2", "page"),
        ("sort=best", "sort"),
        ("from=2024-13-01", "from"),
        ("to=2024-02-30", "to"),
        ("facets=views", "facets"),
        ("highlight=yes", "highlight"),
        ("q=a%00b", "q"),
        ("&".join(f"tag=t{n}" for n in range(21)), "tag"),
        ("perpage=5", "perpage"),
    ],
)
def test_bad_parameters_are_400_problems_naming_them(client: FlaskClient, query: str, param: str) -> None:
    resp = client.get(f"/api/v1/search?{query}")
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["param"] == param and param in body["detail"] and body["status"] == 400


def test_to_before_from_is_an_empty_range(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?from=2025-01-01&to=2024-12-31").get_json()
    assert body["total"] == 0
    assert client.get("/api/v1/search?from=2024-01-01&to=2025-12-31").get_json()["total"] > 0


def test_to_before_from_is_an_empty_result_on_the_search_page_and_feed_too(index_root: Path) -> None:
    client = create_app({"INDEX_DIR": str(index_root), "TESTING": True}).test_client()
    assert 'class="hit"' in client.get("/search?q=python").get_data(as_text=True)
    page = client.get("/search?q=python&from=2025-01-01&to=2024-12-31")
    assert page.status_code == 200 and 'class="hit"' not in page.get_data(as_text=True)
    feed = client.get("/feed.atom?q=python&from=2025-01-01&to=2024-12-31")
    assert feed.status_code == 200 and "<entry>" not in feed.get_data(as_text=True)


def test_articles_related_and_missing_ones(client: FlaskClient) -> None:
    hit = client.get("/api/v1/search?q=whoosh").get_json()["hits"][0]
    article = client.get(f"/api/v1/articles/{hit['id']}").get_json()
    assert article["title"] == "Search engines in Python" and "Whoosh" in article["body"]
    related = client.get(f"/api/v1/articles/{hit['id']}/related?limit=2").get_json()
    assert related["id"] == hit["id"] and len(related["hits"]) <= 2
    assert hit["id"] not in {h["id"] for h in related["hits"]}
    assert related["copies"] == []  # no other article holds this text
    for path in ("/api/v1/articles/0123456789abcdef", "/api/v1/articles/0123456789abcdef/related"):
        resp = client.get(path)
        assert resp.status_code == 404 and resp.mimetype == "application/problem+json"


def test_tags_and_facets_by_prefix(client: FlaskClient) -> None:
    tags = client.get("/api/v1/tags?q=CO").get_json()
    assert tags["values"] == [{"value": "coffee", "count": 2, "selected": False}]
    years = client.get("/api/v1/facets/year?limit=1").get_json()
    assert years["name"] == "year" and len(years["values"]) == 1 and years["other"] > 0
    assert client.get("/api/v1/facets/views").status_code == 404


def test_suggest_completes_from_tags_then_titles(client: FlaskClient) -> None:
    body = client.get("/api/v1/suggest?q=co").get_json()
    assert body["suggestions"][0] == {"text": "coffee", "kind": "tag"}
    assert {"kind": "title", "text": "Coffee prices rise"} in body["suggestions"]
    assert client.get("/api/v1/suggest").get_json()["suggestions"] == []


def test_export_streams_every_hit_up_to_the_limit(client: FlaskClient) -> None:
    resp = client.get("/api/v1/export?tag=python", headers=PLAIN)
    rows = [json.loads(line) for line in resp.get_data(as_text=True).splitlines()]
    assert resp.mimetype == "application/x-ndjson" and resp.headers["X-Total-Count"] == str(len(rows))
    assert len(rows) >= 2 and rows[0]["published"].endswith("+09:00")
    capped = client.get("/api/v1/export?tag=python&format=csv&limit=1", headers=PLAIN)
    table = list(csv.DictReader(io.StringIO(capped.get_data(as_text=True))))
    assert capped.mimetype == "text/csv" and len(table) == 1 and table[0]["id"] == rows[0]["id"]
    assert table[0]["tags"] == "|".join(rows[0]["tags"])


def test_export_cap_is_configurable(index_root: Path) -> None:
    client = make_app(index_root, EXPORT_LIMIT=2).test_client()
    assert len(client.get("/api/v1/export", headers=PLAIN).get_data(as_text=True).splitlines()) == 2
    assert client.get("/api/v1/export?limit=3").get_json()["param"] == "limit"


def test_status_reports_the_index_and_the_last_update(index_root: Path) -> None:
    append_run(
        index_root,
        {
            "started": "2026-01-01T00:00:00+09:00",
            "finished": "2026-01-01T00:01:00+09:00",
            "totals": {"new": 6, "unchanged": 0},
            "errors": ["x: timeout"],
            "exit_code": 0,
        },
    )
    body = make_app(index_root).test_client().get("/api/v1/status").get_json()
    assert body["documents"] == 6 and body["generation"] and body["api_version"] == "1"
    assert body["last_modified"][-6] in "+-" and body["version"]
    assert body["last_update"] == {
        "state": "finished",
        "started": "2026-01-01T00:00:00+09:00",
        "finished": "2026-01-01T00:01:00+09:00",
        "counts": {"new": 6, "unchanged": 0},
        "errors": 1,
    }


def test_etag_last_modified_and_304_follow_the_index(client: FlaskClient, index_root: Path) -> None:
    first = client.get("/api/v1/search?q=coffee")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    assert client.get("/api/v1/search?q=coffee", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/tags", headers={"If-Modified-Since": modified}).status_code == 304
    status = client.get("/api/v1/status")
    assert status.headers["Cache-Control"] == "no-cache"
    assert client.get("/api/v1/status", headers={"If-None-Match": status.headers["ETag"]}).status_code == 304
    sink = IndexSink(ensure_index(index_root))
    sink.add(make_article(99, title="Coffee news"))
    sink.close()
    time.sleep(0.3)  # the archive looks for new commits at most every 0.2 s
    again = client.get("/api/v1/search?q=coffee", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag and again.get_json()["total"] == 3


def test_cors_is_open_for_get_and_preflight(client: FlaskClient) -> None:
    assert client.get("/api/v1/tags").headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/search?page=0").headers["Access-Control-Allow-Origin"] == "*"
    pre = client.options(
        "/api/v1/search", headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"}
    )
    assert pre.status_code == 200 and "GET" in pre.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in pre.headers["Access-Control-Allow-Headers"]


def test_large_answers_are_gzipped(client: FlaskClient) -> None:
    resp = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert resp.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in resp.headers["Vary"]
    assert json.loads(gzip.decompress(resp.get_data()))["openapi"] == "3.1.0"
    small = client.get("/api/v1/suggest?q=zzz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers
    stream = client.get("/api/v1/export", headers={"Accept-Encoding": "gzip"})
    assert len(gzip.decompress(stream.get_data()).splitlines()) == 6


def test_protocol_errors_are_problems(client: FlaskClient) -> None:
    post = client.post("/api/v1/search")
    assert post.status_code == 405 and "GET" in post.headers["Allow"] and post.mimetype == "application/problem+json"
    assert client.get("/api/v1/search", headers={"Accept": "text/html"}).status_code == 406
    assert client.get("/api/v1/export?format=csv", headers={"Accept": "application/json"}).status_code == 406
    huge = client.get("/api/v1/search", data=b"x" * 70_000)
    assert huge.status_code == 413 and huge.mimetype == "application/problem+json"
    long = client.get("/api/v1/search?q=" + "a" * 70_000)
    assert long.status_code == 414 and long.mimetype == "application/problem+json"
    assert client.get("/api/v1/nowhere").mimetype == "application/problem+json"


def test_rate_limit_answers_429_with_retry_after(index_root: Path) -> None:
    client = make_app(index_root, RATE_LIMIT="2/minute").test_client()
    codes = [client.get("/api/v1/tags").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    resp = client.get("/api/v1/tags")
    assert resp.mimetype == "application/problem+json" and int(resp.headers["Retry-After"]) > 0
    assert client.get("/healthz").status_code == 200  # only searches and the API are counted


def test_api_searches_ui_searches_and_feeds_share_one_rate_budget(index_root: Path) -> None:
    client = make_app(index_root, RATE_LIMIT="3/minute").test_client()
    assert client.get("/api/v1/search?q=python").status_code == 200
    assert client.get("/search?q=python").status_code == 200
    assert client.get("/feed.atom?q=python").status_code == 200
    for path in ("/api/v1/search", "/search?q=x", "/", "/feed.atom", "/api/v1/export"):
        refused = client.get(path)
        assert refused.status_code == 429, path
        assert int(refused.headers["Retry-After"]) > 0
    for path in ("/healthz", "/tags", "/static/style.css"):
        assert client.get(path).status_code == 200, path
    assert client.options("/api/v1/search").status_code in (200, 204)  # CORS preflights are free


def test_missing_index_is_503_problem(tmp_path: Path) -> None:
    resp = make_app(tmp_path / "none").test_client().get("/api/v1/search")
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"


def test_unexpected_errors_are_500_problems_without_traceback(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = client.application.extensions["archive"]
    client.get("/api/v1/tags")  # open the index first

    def broken(*args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(archive, "search", broken)
    resp = client.get("/api/v1/search", headers=PLAIN)
    assert resp.status_code == 500 and resp.mimetype == "application/problem+json"
    assert "secret" not in resp.get_data(as_text=True) and "Traceback" not in resp.get_data(as_text=True)


def test_docs_page_is_served_with_local_assets_only(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "http://" not in html and "https://" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "init.js"):
        assert f"docs/{asset}" in html and client.get(f"/api/docs/{asset}").status_code == 200
    assert "v1/openapi.json" in client.get("/api/docs/init.js").get_data(as_text=True)
    assert client.get("/api/docs/../api.py").status_code == 404
