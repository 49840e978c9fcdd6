"""URLs of the app's own pages built without walking the URL map on every call.

``url_for`` matches the endpoint against the URL map each time; every page links the search form,
the tag list, the language switch and (results) the feed and the articles, and the search page's
render time is budgeted against the search itself (bench/ui_render.py). A rule built with the
same path values under the same script root gives the same path, so that is kept; a query is
appended encoded exactly as Werkzeug encodes it.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus

from flask import current_app, request, url_for

_CACHE = "newsarchive_page_urls"
_QUERY_SAFE = "!$'()*,/:;?@"  # what Werkzeug's URL building leaves unquoted in a query


def page_url(endpoint: str, **values: str) -> str:
    """``url_for(endpoint, **values)`` for path values from a small fixed set (never user input)."""
    cache: dict[tuple[object, ...], str] = current_app.extensions.setdefault(_CACHE, {})
    key = (endpoint, request.script_root, *values.items())
    found = cache.get(key)
    if found is None:
        found = cache[key] = url_for(endpoint, **values)
    return found


def with_query(path: str, **params: str | None) -> str:
    """``path`` with the non-empty ``params`` as its query, as ``url_for`` would write them."""
    query = "&".join([_quote(k) + "=" + _quote(v) for k, v in params.items() if v is not None])
    return path + "?" + query if query else path


@lru_cache(maxsize=1024)
def _quote(value: str) -> str:
    """``urlencode``'s quoting with Werkzeug's safe characters; kept, as both language links of
    a page quote the same path."""
    return quote_plus(value, safe=_QUERY_SAFE)
