"""The OpenAPI document itself: valid 3.1, in step with the routes, and consistent with the limits.

Responses are held to it elsewhere: every request in ``test_api.py`` goes through
:class:`tests.api_support.Contract`, and schemathesis checks a live server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openapi_spec_validator import OpenAPIV31SpecValidator

from tests.api_support import Contract
from web import create_app

UTF8_PERCENT_ENCODED = 12  # a 4-byte UTF-8 character written as %XX%XX%XX%XX


@pytest.fixture
def app(index_root: Path) -> Flask:
    return create_app({"INDEX_DIR": str(index_root), "TESTING": True})


def document(app: Flask) -> dict[str, Any]:
    return app.extensions["api"].document


def test_document_is_valid_openapi_3_1(app: Flask) -> None:
    OpenAPIV31SpecValidator(document(app)).validate()
    assert document(app)["openapi"].startswith("3.1")


def test_served_document_is_the_validated_one(app: Flask) -> None:
    assert app.test_client().get("/api/v1/openapi.json").get_json() == document(app)


def test_routes_and_documented_paths_match(app: Flask) -> None:
    prefix = document(app)["servers"][0]["url"]
    routed = {
        (re.sub(r"<[^>]+>", "{}", rule.rule.removeprefix(prefix)), rule.endpoint.removeprefix("api."))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    documented = {
        (re.sub(r"\{[^}]+\}", "{}", path), item["get"]["operationId"]) for path, item in document(app)["paths"].items()
    }
    assert routed == documented
    for item in document(app)["paths"].values():
        assert set(item) == {"get"}  # the API is read-only


def test_every_operation_documents_its_errors(app: Flask) -> None:
    for path, item in document(app)["paths"].items():
        codes = set(item["get"]["responses"])
        assert {"200", "304", "400", "406", "413", "414", "429", "500", "503"} <= codes, path
        assert ("404" in codes) == ("{" in path), path


def test_largest_valid_url_fits_under_the_url_limit(app: Flask) -> None:
    """Valid input must never meet a 414: the worst case of every operation stays under the limit."""
    doc = document(app)
    table = doc["components"]["parameters"]
    for path, item in doc["paths"].items():
        total = len(doc["servers"][0]["url"]) + len(path) + 200  # path parameters and separators
        for ref in item["get"]["parameters"]:
            param = table[ref["$ref"].rsplit("/", 1)[1]]
            if param["in"] != "query":
                continue
            schema = param["schema"]
            repeats = schema.get("maxItems", 1) if schema.get("type") == "array" else 1
            value = schema.get("items", schema).get("maxLength", 40) * UTF8_PERCENT_ENCODED
            total += repeats * (len(param["name"]) + 2 + value)
        assert total < app.config["API_MAX_URL_BYTES"], path


def test_contract_checker_catches_drift(app: Flask) -> None:
    """The response checker used by the API tests is not vacuous."""
    contract = Contract(document(app))
    contract.check("GET", "/api/v1/tags", 200, "application/json", b'{"name":"tags","prefix":"","values":[],"other":0}')
    for status, media, body in [
        (200, "application/json", b'{"name":"tags","prefix":"","values":[],"other":0,"new":1}'),
        (200, "text/html", b"<p>"),
        (418, "application/problem+json", b"{}"),
        (400, "application/json", b"{}"),
    ]:
        with pytest.raises(AssertionError):
            contract.check("GET", "/api/v1/tags", status, media, body)
