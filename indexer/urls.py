"""URL shapes the crawler cares about: canonical forms and Tistory's entry and listing URLs.

Discovery sees one post under many spellings (``/m/123`` for mobile, ``?utm_source=…`` from a
feed, percent-encoded or raw Hangul slugs); folding them to one canonical URL before fetching
means each post costs one request and lands under one id.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref_src|"
    r"cmpid|ocid|sr_share|spm)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Tistory posts: /123, /entry/slug, and the mobile copies /m/123, /m/entry/slug.
_TISTORY_ENTRY = re.compile(r"^/(?:m/)?(?:\d+|entry/[^/]+)/?$")
_TISTORY_ARCHIVE = re.compile(r"^/(?:m/)?archive/\d{6}$")


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters dropped,
    the path percent-encoded one way (so raw and encoded Hangul slugs meet), Tistory's
    ``/m/`` mobile prefix removed."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    path = quote(unquote(parts.path or "/"), safe="/-._~!$&'()*+,;=:@")
    if _TISTORY_ENTRY.match(path) and path.startswith("/m/"):
        path = path[2:]
    if len(path) > 1:
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def is_tistory_entry(url: str) -> bool:
    """True for a Tistory post URL (``/123``, ``/entry/slug``, ``/m/…``)."""
    return bool(_TISTORY_ENTRY.match(urlsplit(url).path))


def is_tistory_archive(url: str) -> bool:
    """True for a Tistory month listing (``/archive/YYYYMM``)."""
    return bool(_TISTORY_ARCHIVE.match(urlsplit(url).path))


def site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def is_private_host(host: str) -> bool:
    """True when ``host`` is, or resolves to, a loopback, private, link-local or reserved address.

    A redirect into such a range from a public source is how a crawler gets turned against the
    machine it runs on (SSRF), so the fetcher refuses it. Unresolvable names are not private:
    the request itself will fail with a clearer reason.
    """
    try:
        addresses = {ipaddress.ip_address(host.strip("[]"))}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except (OSError, UnicodeError):
            return False
        addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return any(
        a.is_loopback or a.is_private or a.is_link_local or a.is_reserved or a.is_unspecified
        or a.is_multicast
        for a in addresses
    )
