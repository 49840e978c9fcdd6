from pathlib import Path

import pytest
from flask.testing import FlaskClient

from web import create_app


@pytest.fixture
def client(index_root: Path) -> FlaskClient:
    app = create_app({"INDEX_DIR": str(index_root), "TESTING": True})
    return app.test_client()


def test_search_page_shows_highlighted_hits_and_tag_facets(client: FlaskClient) -> None:
    resp = client.get("/search?q=트럼프")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<mark>트럼프</mark>" in html
    assert "2 results" in html
    assert "tag=%EC%A0%95%EC%B9%98" in html  # the 정치 tag facet links to a filtered search


def test_search_page_escapes_hostile_titles(client: FlaskClient) -> None:
    html = client.get("/search?q=hostile").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_search_page_reports_bad_parameters(client: FlaskClient) -> None:
    resp = client.get("/search?page=0")
    assert resp.status_code == 400
    assert "page" in resp.get_data(as_text=True)


def test_api_search_answers_the_documented_shape(client: FlaskClient) -> None:
    resp = client.get("/api/v1/search?q=coffee&tag=coffee&from=2024-01-01&to=2026-12-31&sort=newest&per_page=1")
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) >= {"query", "total", "page", "per_page", "took_ms", "hits", "facets"}
    assert body["total"] == 2 and len(body["hits"]) == 1
    hit = body["hits"][0]
    assert set(hit) >= {
        "id",
        "url",
        "title",
        "snippet_html",
        "published",
        "author",
        "category",
        "tags",
        "site",
        "lang",
        "score",
    }
    assert hit["published"].endswith("+09:00")
    assert {f["value"] for f in body["facets"]["tags"]} >= {"coffee"}
    assert body["links"]["next"] and body["links"]["prev"] is None


def test_api_bad_parameter_is_a_problem_document(client: FlaskClient) -> None:
    resp = client.get("/api/v1/search?per_page=abc")
    assert resp.status_code == 400
    assert resp.mimetype == "application/problem+json"
    assert resp.get_json()["param"] == "per_page"


def test_api_unknown_article_is_404_problem(client: FlaskClient) -> None:
    resp = client.get("/api/v1/articles/nope")
    assert resp.status_code == 404
    assert resp.mimetype == "application/problem+json"


def test_article_page_and_api_article(client: FlaskClient) -> None:
    hit = client.get("/api/v1/search?q=whoosh").get_json()["hits"][0]
    assert client.get(f"/api/v1/articles/{hit['id']}").get_json()["title"] == "Search engines in Python"
    page = client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    assert "Search engines in Python" in page


def test_healthz_answers_when_index_opens(client: FlaskClient, tmp_path: Path) -> None:
    assert client.get("/healthz").status_code == 200
    missing = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    resp = missing.get("/healthz")
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"
