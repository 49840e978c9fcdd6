"""``GET /api/v1/timeline``: the same counts as the search API for each period, as JSON or CSV,
with bounded parameters; every answer is also held to the OpenAPI document."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.timeline import MAX_QUERIES, MAX_TIMELINE_QUERY_LENGTH
from tests.test_api import make_app

PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def client(index_root: Path) -> FlaskClient:
    return make_app(index_root).test_client()


def test_each_period_count_is_the_search_api_total_for_that_period(client: FlaskClient) -> None:
    resp = client.get("/api/v1/timeline?q=coffee&q=python&q=%ED%8A%B8%EB%9F%BC%ED%94%84&interval=month")
    body = resp.get_json()
    assert resp.status_code == 200 and body["interval"] == "month"
    assert [s["query"] for s in body["series"]] == ["coffee", "python", "트럼프"]
    assert body["periods"][0]["label"] == "2024-12" and body["periods"][-1]["label"] == "2026-03"
    for series in [*body["series"], body["all"]]:
        for period, count in zip(body["periods"], series["counts"], strict=True):
            found = client.get("/api/v1/search", query_string={
                "q": series["query"], "from": period["from"], "to": period["to"], "facets": ""}).get_json()
            assert found["total"] == count, (series["query"], period)
        whole = client.get("/api/v1/search", query_string={"q": series["query"], "facets": ""}).get_json()["total"]
        assert series["total"] == whole == sum(series["counts"]) + series["outside"] + series["undated"]
    coffee = body["series"][0]
    # 2024-12-31 23:30 in Seoul is December there: the month of the display zone.
    assert coffee["counts"][body["periods"].index({"label": "2024-12", "from": "2024-12-01", "to": "2024-12-31"})] == 1
    for count, whole, share in zip(coffee["counts"], body["all"]["counts"], coffee["shares"], strict=True):
        assert share == (round(count / whole, 6) if whole else None)


def test_filters_apply_as_in_a_search(client: FlaskClient) -> None:
    body = client.get("/api/v1/timeline?q=coffee&site=travel.example&from=2026-03-01&to=2026-03-01").get_json()
    assert body["periods"] == [{"label": "2026-03", "from": "2026-03-01", "to": "2026-03-01"}]
    assert body["series"][0]["counts"] == [1] and body["all"]["counts"] == [1]


def test_csv_has_a_row_per_query_and_period_by_format_or_accept(client: FlaskClient) -> None:
    body = client.get("/api/v1/timeline?q=coffee&q=python").get_json()
    by_format = client.get("/api/v1/timeline?q=coffee&q=python&format=csv", headers=PLAIN)
    by_accept = client.get("/api/v1/timeline?q=coffee&q=python", headers={**PLAIN, "Accept": "text/csv"})
    assert by_format.mimetype == by_accept.mimetype == "text/csv"
    assert by_format.get_data() == by_accept.get_data()
    assert "Accept" in by_accept.headers["Vary"]
    rows = list(csv.DictReader(io.StringIO(by_format.get_data(as_text=True))))
    assert len(rows) == 2 * len(body["periods"])
    for row in rows:
        series = next(s for s in body["series"] if s["query"] == row["query"])
        i = [p["label"] for p in body["periods"]].index(row["period"])
        assert int(row["count"]) == series["counts"][i] and int(row["all"]) == body["all"]["counts"][i]
        assert (float(row["share"]) if row["share"] else None) == series["shares"][i]
    assert body["links"]["csv"].endswith("q=coffee&q=python&format=csv")


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(client: FlaskClient) -> None:
    text = client.get("/api/v1/timeline?q=%3DHYPERLINK(1)%20coffee&format=csv", headers=PLAIN).get_data(as_text=True)
    assert "'=HYPERLINK(1) coffee" in text


def test_without_queries_it_charts_all_articles(client: FlaskClient) -> None:
    body = client.get("/api/v1/timeline").get_json()
    assert body["series"] == [] and body["all"]["total"] == 6
    assert body["interval"] == "month" and len(body["periods"]) == 22  # 2024-06 to 2026-03
    years = client.get("/api/v1/timeline?interval=year").get_json()
    assert [p["label"] for p in years["periods"]] == ["2024", "2025", "2026"] and years["all"]["counts"] == [2, 3, 1]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("&".join(f"q=w{i}" for i in range(MAX_QUERIES + 1)), "q"),
        ("q=" + "x" * (MAX_TIMELINE_QUERY_LENGTH + 1), "q"),
        ("q=x&interval=week", "interval"),
        ("q=x&format=xml", "format"),
        ("q=x&sort=newest", "sort"),
        ("q=x&page=2", "page"),
        ("q=x&from=2024-13-01", "from"),
    ],
)
def test_bad_parameters_are_named(client: FlaskClient, query: str, param: str) -> None:
    resp = client.get(f"/api/v1/timeline?{query}")
    assert resp.status_code == 400 and resp.get_json()["param"] == param


def test_media_types_it_cannot_answer_are_refused(client: FlaskClient) -> None:
    assert client.get("/api/v1/timeline?q=x", headers={"Accept": "text/html"}).status_code == 406
    assert client.get("/api/v1/timeline?q=x&format=csv", headers={"Accept": "application/json"}).status_code == 406
