"""Who owns an article, and which article URLs a source may claim.

A page's ``<link rel=canonical>`` (or ``og:url``) names the article's URL. Honoured blindly, a
hostile source's page that declared another source's post as its canonical overwrote that post,
and when it later answered 404 hid or deleted it. So a canonical is honoured only on one of the
source's own origins (scheme, host and port of the start URL and of ``allowed_hosts``); otherwise
the fetched URL is the article's URL. The index writer (:mod:`indexer.index_writer`) then lets a
source update, hide or delete only the documents it owns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import urlsplit

from indexer.config import Source
from search.article import Article

# The owner of records loaded with ``newsarchive import`` (JSON Lines and WARC files).
IMPORT_OWNER = "import"
_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, the port made explicit; None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def source_origins(source: Source) -> frozenset[Origin]:
    """The origins whose URLs ``source`` may claim: its start URL's, and each allowed host's on the
    start URL's scheme (``host:port`` entries with that port, bare hosts with the default port)."""
    start = origin(source.url)
    if start is None:
        return frozenset()
    scheme = start[0]
    allowed = {origin(f"{scheme}://{host}/") for host in source.allowed_hosts}
    return frozenset({start} | {o for o in allowed if o is not None})


def claimable(url: str, origins: Iterable[Origin]) -> bool:
    """True when ``url`` lies on one of ``origins``."""
    found = origin(url)
    return found is not None and found in set(origins)


def confine(article: Article, fetched_url: str, origins: Iterable[Origin]) -> tuple[Article, str | None]:
    """The article with its URL on ``origins``: a canonical elsewhere gives way to the fetched URL.

    Returns the article and, when the canonical was refused, the line that says so for the run
    log. A site name taken from the refused URL's host is replaced by the fetched URL's host.
    """
    allowed = set(origins)
    if claimable(article.url, allowed) or article.url == fetched_url:
        return article, None
    refused_host = urlsplit(article.url).hostname
    site = article.site
    if site is None or site == refused_host:
        site = urlsplit(fetched_url).hostname
    note = f"canonical {article.url} is not on the source's own hosts; indexed under the fetched URL"
    return replace(article, url=fetched_url, site=site), note


def owner_of_capture(capture_source: str) -> str:
    """The owner of articles made from a capture: its source, or ``import`` for imported WARCs
    (whose captures are catalogued as ``import:FILE``)."""
    return IMPORT_OWNER if capture_source.split(":", 1)[0] == IMPORT_OWNER else capture_source
