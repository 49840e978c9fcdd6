"""Strict checking of query parameters against the OpenAPI document, before any search runs.

The search layer (:mod:`search.params`) is lenient on purpose (the UI trims blanks, accepts
``yes``/``on``, drops empty values). An API for other tools should instead accept exactly what its
document says and refuse the rest, naming the parameter: a client's typo (``per-page=50``) or a
repeated ``page`` is reported, not silently ignored. Checking against the document's own schemas
keeps the contract and the server from drifting apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from werkzeug.datastructures import MultiDict

from search import ParamError

_INTEGER = re.compile(r"-?[0-9]{1,12}")
_BOOLEANS = {"true": True, "false": False}


class ParamChecker:
    """Validates a request's query string for one operation (built once per app)."""

    def __init__(self, operations: Mapping[str, Mapping[str, dict[str, Any]]]) -> None:
        checker = FormatChecker()
        self._ops = {
            op_id: {
                name: (param, Draft202012Validator(param["schema"], format_checker=checker))
                for name, param in params.items()
            }
            for op_id, params in operations.items()
        }

    def check(self, op_id: str, args: MultiDict[str, str]) -> dict[str, Any]:
        """The typed values of the parameters present; raises :class:`ParamError` for the first bad one."""
        known = self._ops[op_id]
        values: dict[str, Any] = {}
        for name in args:
            if name not in known:
                allowed = ", ".join(known) or "none"
                raise ParamError(name[:40], f"unknown parameter; this endpoint takes: {allowed}")
            param, validator = known[name]
            raw = args.getlist(name)
            schema = param["schema"]
            if schema.get("type") == "array":
                value: Any = [_coerce(name, item, schema["items"]) for item in raw]
            elif len(raw) > 1:
                raise ParamError(name, "given more than once")
            else:
                value = _coerce(name, raw[0], schema)
            error = next(iter(sorted(validator.iter_errors(value), key=lambda e: e.path)), None)
            if error is not None:
                raise ParamError(name, _explain(error, value, param.get("description", "")))
            values[name] = value
        return values


def _coerce(name: str, raw: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if kind == "integer":
        if not _INTEGER.fullmatch(raw):
            raise ParamError(name, f"expected an integer, got {raw[:40]!r}")
        return int(raw)
    if kind == "boolean":
        if raw not in _BOOLEANS:
            raise ParamError(name, f"expected true or false, got {raw[:40]!r}")
        return _BOOLEANS[raw]
    return raw


def _explain(error: ValidationError, value: Any, description: str) -> str:
    """A short reason in the client's terms (jsonschema's messages quote the whole value)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    match error.validator:
        case "minimum":
            return f"must be at least {schema['minimum']}"
        case "maximum":
            return f"must be at most {schema['maximum']}"
        case "maxLength":
            return f"longer than {schema['maxLength']} characters"
        case "maxItems":
            return f"given more than {schema['maxItems']} times"
        case "enum":
            return f"expected one of {', '.join(map(str, schema['enum']))}"
        case "pattern" if "\\u0000" in schema["pattern"]:
            return "contains a NUL character"
        case "pattern" | "anyOf" | "format":
            return f"malformed value {str(error.instance)[:40]!r}; {description}"
    return f"invalid value {str(value)[:40]!r}"
