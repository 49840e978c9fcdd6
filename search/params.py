"""Turning untrusted request parameters into a :class:`SearchRequest`, with errors that name them.

Shared by the web UI, the JSON API and the CLI, so every entry point validates the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from search.models import (
    DEFAULT_FACET_SIZE,
    FACETS,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
    SORTS,
    SearchRequest,
)
from search.timeline import INTERVALS, MAX_QUERIES, MAX_TIMELINE_QUERY_LENGTH, TimelineRequest

MAX_PAGE = 10_000
MAX_FILTER_LENGTH = 200
MAX_TAGS = 10  # tags combine with AND: more than a few match nothing, thousands cost seconds


class ParamError(ValueError):
    """A bad parameter: ``param`` names it, the message says what was expected."""

    def __init__(self, param: str, detail: str) -> None:
        super().__init__(f"parameter {param!r}: {detail}")
        self.param = param
        self.detail = detail


def parse_date(param: str, value: str) -> date:
    """``YYYY-MM-DD``, ``YYYY-MM`` (first day) or ``YYYY`` (January 1st)."""
    text = value.strip()
    try:
        if len(text) == 4:
            return date(int(text), 1, 1)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text)
    except ValueError:
        raise ParamError(param, f"expected a date as YYYY-MM-DD, got {value[:40]!r}") from None


def _int(param: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise ParamError(param, f"expected an integer, got {value[:40]!r}") from None
    if not low <= number <= high:
        raise ParamError(param, f"must be between {low} and {high}")
    return number


def _bool(param: str, value: str) -> bool:
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ParamError(param, "expected true or false")


def _facets(value: str) -> tuple[tuple[str, int], ...]:
    """``tags:20,year,category:5`` -> ((tags, 20), (year, 10), (category, 5)); empty -> none."""
    out: list[tuple[str, int]] = []
    for item in (v.strip() for v in value.split(",")):
        if not item:
            continue
        name, _, size = item.partition(":")
        if name not in FACETS:
            raise ParamError("facets", f"unknown facet {name[:40]!r}; known: {', '.join(FACETS)}")
        out.append((name, _int("facets", size, 1, 1000) if size else DEFAULT_FACET_SIZE))
    return tuple(out)


def _text(param: str, value: str, limit: int) -> str | None:
    if "\x00" in value:
        raise ParamError(param, "contains a NUL character")
    if len(value) > limit:
        raise ParamError(param, f"longer than {limit} characters")
    return value.strip() or None


def request_from_params(
    get: Callable[[str], str | None], get_list: Callable[[str], Sequence[str]]
) -> SearchRequest:
    """Build a request from a parameter source (``request.args.get``/``getlist`` in Flask).

    Raises :class:`ParamError` for the first bad parameter.
    """
    kwargs: dict[str, object] = {}
    q = get("q")
    if q is not None:
        kwargs["q"] = _text("q", q, MAX_QUERY_LENGTH) or ""
    kwargs["tags"] = _distinct("tag", "tags", get_list("tag"), MAX_TAGS, MAX_FILTER_LENGTH, str.casefold)
    for name in ("category", "author", "site", "lang"):
        value = get(name)
        if value is not None:
            kwargs[name] = _text(name, value, MAX_FILTER_LENGTH)
    for param, key in (("from", "date_from"), ("to", "date_to")):
        value = get(param)
        if value:
            kwargs[key] = parse_date(param, value)
    edited = get("edited")
    if edited:
        kwargs["edited"] = _bool("edited", edited)
    # ``to`` before ``from`` is an empty range, not an error: the same answer (no hits) from the
    # API, the search page and the CLI, and still a well-formed filter.
    sort = get("sort")
    if sort:
        if sort not in SORTS:
            raise ParamError("sort", f"expected one of {', '.join(SORTS)}")
        kwargs["sort"] = sort
    page = get("page")
    if page:
        kwargs["page"] = _int("page", page, 1, MAX_PAGE)
    per_page = get("per_page")
    if per_page:
        kwargs["per_page"] = _int("per_page", per_page, 1, MAX_PER_PAGE)
    for param in ("highlight", "recency"):
        value = get(param)
        if value:
            kwargs[param] = _bool(param, value)
    facets = get("facets")
    if facets is not None:
        kwargs["facets"] = _facets(facets)
    return SearchRequest(**kwargs)  # type: ignore[arg-type]


def _distinct(name: str, noun: str, given: Sequence[str], most: int, length: int,
              key: Callable[[str], str]) -> tuple[str, ...]:
    """A repeated parameter's values: at most ``most`` given, each checked like any text
    parameter, blanks dropped and repeats (equal under ``key``) kept once, in order."""
    if len(given) > most:
        raise ParamError(name, f"at most {most} {noun}, got {len(given)}")
    kept: dict[str, str] = {}
    for value in given:
        clean = _text(name, value, length)
        if clean:
            kept.setdefault(key(clean), clean)
    return tuple(kept.values())


def timeline_request_from_params(
    get: Callable[[str], str | None], get_list: Callable[[str], Sequence[str]]
) -> TimelineRequest:
    """A timeline: ``q`` repeated for each query (blank ones and repeats dropped), ``interval``
    (``year``, ``month``, or empty to choose from the span) and the search filters, read as
    :func:`request_from_params` reads them. Raises :class:`ParamError` for the first bad one."""
    queries = _distinct("q", "queries", get_list("q"), MAX_QUERIES, MAX_TIMELINE_QUERY_LENGTH, str)
    interval = (get("interval") or "").strip()
    if interval and interval not in INTERVALS:
        raise ParamError("interval", f"expected one of {', '.join(INTERVALS)}")
    filters = request_from_params(lambda name: None if name == "q" else get(name), get_list)
    return TimelineRequest(queries, replace(filters, facets=(), per_page=1, highlight=False),
                           interval or None)  # type: ignore[arg-type]


def request_from_mapping(params: Mapping[str, object]) -> SearchRequest:
    """Convenience for plain dicts (CLI, tests): lists are taken as repeated parameters."""

    def get(name: str) -> str | None:
        value = params.get(name)
        if isinstance(value, list | tuple):
            return str(value[0]) if value else None
        return None if value is None else str(value)

    def get_list(name: str) -> list[str]:
        value = params.get(name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    return request_from_params(get, get_list)
