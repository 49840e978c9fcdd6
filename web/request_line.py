"""How long a valid request line can be, computed from the API's own parameter limits.

gunicorn must refuse huge request lines itself (reading a 15 MB line took 21 s of a worker with
no limit), yet every URL the API accepts must get through, or a long but valid search would meet
gunicorn's plain-text 400 instead of an answer. The bound is derived from the OpenAPI document,
so a raised parameter limit raises it too.
"""

from __future__ import annotations

from typing import Any

from search.models import FACETS

# Worst case per character: a 4-byte UTF-8 character, each byte percent-encoded (%F0%9F%98%80).
ENCODED_CHAR_BYTES = 12
# "GET " + target + " HTTP/1.1": what a request line adds around the URL.
REQUEST_LINE_OVERHEAD = len("OPTIONS ") + len(" HTTP/1.1")
_DATE_LENGTH = len("2026-01-31")
# The operations whose query strings are longest; the UI and feeds take the same parameters.
_SEARCH_OPERATIONS = ("search", "export")


def _longest_value(name: str, schema: dict[str, Any]) -> int:
    if name == "facets":
        return len(",".join(f"{facet}:1000" for facet in FACETS))
    if "enum" in schema:
        return max(len(str(value)) for value in schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return len(str(schema["maximum"]))
    if kind == "boolean":
        return len("false")
    if "anyOf" in schema:
        return _DATE_LENGTH
    if kind == "string" and "maxLength" in schema:
        return schema["maxLength"] * ENCODED_CHAR_BYTES
    raise ValueError(f"parameter {name!r} has no length bound; the request-line limit cannot be computed")


def _longest_query(parameters: dict[str, dict[str, Any]]) -> int:
    total = 0
    for param in parameters.values():
        name, schema = param["name"], param["schema"]
        if schema.get("type") == "array":
            each = len(name) + 2 + _longest_value(name, schema["items"])
            total += each * schema["maxItems"]
        else:
            total += len(name) + 2 + _longest_value(name, schema)
    return total


def longest_search_url(operations: dict[str, dict[str, dict[str, Any]]], prefix: str = "/api/v1/") -> int:
    """Bytes of the longest URL a search or export accepts (every parameter at its longest)."""
    return max(len(prefix) + len(op) + 1 + _longest_query(operations[op]) for op in _SEARCH_OPERATIONS)


def request_line_limit(max_url_bytes: int) -> int:
    """gunicorn's ``limit_request_line`` for URLs up to ``max_url_bytes`` (the app's 414 limit)."""
    return max_url_bytes + REQUEST_LINE_OVERHEAD
