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


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; loopback, private, link-local, CGNAT,
    documentation, multicast, unspecified and IPv4-mapped forms of those are not."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def is_private_host(host: str) -> bool:
    """True when ``host`` is, or resolves to, an address that is not public (:func:`is_public_address`).

    Informational only: the fetcher does not ask this, since a second lookup may answer
    differently (DNS rebinding); it resolves once, checks those addresses and connects to them.
    Unresolvable names are not private.
    """
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except (OSError, UnicodeError):
            return False
        addresses = [str(info[4][0]) for info in infos]
    return any(not is_public_address(address) for address in addresses)
