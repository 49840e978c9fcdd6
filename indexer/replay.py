"""An archived page made safe to show: the page as it was, with nothing in it that runs or loads
anything live.

The archive keeps pages exactly as the sites sent them, scripts and trackers included. Replaying
one must neither run its code nor fetch from its hosts (that would tell them who reads what, and
show today's stylesheet or image as if it were the captured one). So a page goes through two
steps, and the second is the guarantee:

1. **Rewrite** (lxml): every URL is made absolute against the capture URL (or the page's own
   ``<base href>`` when it stays on the page's origin). Links go to our archived copy of the
   target when we hold one, else to the original URL, and open at the top level. Images and
   stylesheets are kept only when the archive holds them (``ReplayLinks`` says where we serve
   them), otherwise dropped. Stylesheets
   (``<link rel=stylesheet>`` and ``<style>``) and ``style=`` attributes go through tinycss2:
   ``@import``, ``@font-face`` and unknown at-rules are dropped, and a declaration whose
   ``url()`` is not in the archive (or that loads through ``image-set()``, ``expression()``,
   ``behavior``...) is dropped.
2. **Sanitise** (nh3, the Ammonia HTML sanitiser, an allowlist): only listed tags and attributes
   survive; scripts, styles, SVG, MathML, frames, objects, embeds, templates, form controls and
   ``noscript`` go with their content; event handlers, ``<base>``, ``<meta>`` and every URL with
   another scheme than http(s)/mailto (or an archived image's ``/`` path or a raster ``data:``
   image) are removed. :func:`_final_url_check` re-checks each URL the rewrite left.

The page is bounded (:data:`MAX_PAGE_BYTES`, :data:`MAX_CSS_BYTES`, :data:`MAX_STYLESHEETS`):
both parsers are linear, so bounding the input bounds the time (README "Archived copy").
The HTTP layer adds ``Content-Security-Policy: sandbox`` as a third wall (web/archived.py).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import lxml.html
import nh3
import tinycss2
from lxml import etree
from tinycss2 import ast

from indexer.extract.decode import decode_html

MAX_PAGE_BYTES = 3 * 1024 * 1024  # the rest of a longer page is not shown
MAX_CSS_BYTES = 256 * 1024  # all the CSS of one page together (inline and archived sheets)
# The rewrite (Python: tinycss2 and a lookup per URL) stops here; the rest of the page keeps its
# text but loses its styles and images. nh3 (Rust) and lxml (C) take milliseconds on a page at the cap.
MAX_REWRITE_SECONDS = 1.0
MAX_STYLESHEETS = 32
MAX_SRCSET_CANDIDATES = 16

_LINK_SCHEMES = ("http", "https")
_DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpeg|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.IGNORECASE)
# Loaders that take a URL in a string (not a url() token), and legacy script hooks: dropped.
_BLOCKED_FUNCTIONS = frozenset({"image-set", "-webkit-image-set", "src", "image", "element", "-moz-element",
                                "expression", "paint", "cross-fade", "-webkit-cross-fade"})
_BLOCKED_PROPERTIES = frozenset({"behavior", "-moz-binding", "-ms-behavior"})
_NESTED_AT_RULES = frozenset({"media", "supports", "layer", "container"})
_KEYFRAMES = frozenset({"keyframes", "-webkit-keyframes"})
_SCREEN_MEDIA = frozenset({"", "all", "screen"})

_TAGS = (nh3.ALLOWED_TAGS | {"main", "section", "picture", "source", "address", "big", "font", "label", "legend",
                             "fieldset", "tfoot", "figure", "figcaption", "time", "small", "center"})
# Removed with their content (nh3 keeps the text of other unlisted tags).
_CLEAN_CONTENT = {"script", "style", "title", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
                  "noframes", "object", "embed", "applet", "textarea", "select", "noembed", "xmp", "head", "canvas",
                  "audio", "video", "button"}
_ATTRIBUTES: dict[str, set[str]] = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"class", "id", "title", "lang", "dir", "style", "role", "aria-label", "aria-hidden"}
_ATTRIBUTES["a"] = {"href", "hreflang", "name"}
_ATTRIBUTES["area"] = {"href", "alt", "shape", "coords"}
_ATTRIBUTES["img"] = {"alt", "src", "srcset", "sizes", "width", "height", "align"}
_ATTRIBUTES["source"] = {"srcset", "sizes", "media", "type"}
_ATTRIBUTES["time"] = {"datetime"}
_ATTRIBUTES["font"] = {"color", "size", "face"}
_URL_ATTRIBUTES = {"href", "src", "srcset", "cite"}


class ReplayLinks(Protocol):
    """Where the archive serves what a page refers to; each answers None when it holds nothing."""

    def page(self, url: str) -> str | None:
        """Our archived copy of the page at the absolute ``url`` (a link target)."""

    def image(self, url: str) -> str | None:
        """Our copy of the image at the absolute ``url``: an app path starting with ``/``."""

    def stylesheet(self, url: str) -> tuple[str, str] | None:
        """The archived stylesheet at ``url``: its final URL (base of its ``url()``s) and its text."""


@dataclass(frozen=True, slots=True)
class SafeDocument:
    """A whole HTML document to serve under the sandbox policy, and the page's title (text)."""

    html: str
    title: str
    complete: bool  # False when the page was cut at a bound (size or rewrite time)


def safe_document(content: bytes, page_url: str, links: ReplayLinks, *, charset: str | None = None) -> SafeDocument:
    """The archived ``content`` (fetched from ``page_url``) as a document safe to serve.

    ``charset`` is what the archived ``Content-Type`` declared (the page's ``<meta>`` and
    detection come after it, as for extraction).
    """
    deadline = time.monotonic() + MAX_REWRITE_SECONDS
    truncated = len(content) > MAX_PAGE_BYTES
    text = decode_html(content[:MAX_PAGE_BYTES], charset).replace("\x00", "\ufffd")
    try:
        root = lxml.html.document_fromstring(text) if text.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        return SafeDocument(_assemble("", "", "", "", ""), "", not truncated)
    base = page_url
    for element in root.iter("base"):  # honoured on the page's own origin only
        href = _absolute(page_url, element.get("href") or "")
        if href and _origin(href) == _origin(page_url):
            base = href
        break
    title = " ".join((root.findtext(".//title") or "").split())
    css = _page_css(root, base, links, deadline)
    body = root.find("body")
    if body is None:
        return SafeDocument(_assemble(root.get("lang") or "", title, css, "", ""), title, not truncated)
    body_class = body.get("class") or ""
    truncated |= not _rewrite(body, base, links, deadline)
    cleaned = nh3.clean(
        etree.tostring(body, encoding="unicode", method="html"),
        tags=_TAGS,
        clean_content_tags=_CLEAN_CONTENT,
        attributes=_ATTRIBUTES,
        tag_attribute_values={"a": {"target": {"_top"}}, "area": {"target": {"_top"}}},
        attribute_filter=_final_url_check,
        url_schemes={"http", "https", "mailto", "data"},
        url_relative="pass_through",
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return SafeDocument(_assemble(root.get("lang") or "", title, css, body_class, cleaned), title, not truncated)


def _assemble(lang: str, title: str, css: str, body_class: str, body: str) -> str:
    """The replayed document: values escaped here, the CSS from :func:`safe_css`, ``body`` from nh3."""
    style = f"<style>{css}</style>\n" if css else ""
    return (f'<!doctype html>\n<html lang="{html.escape(lang[:35])}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="referrer" content="no-referrer">\n<title>{html.escape(title)}</title>\n{style}</head>\n'
            f'<body class="{html.escape(body_class[:500])}">\n{body}\n</body>\n</html>\n')


# -- links and images -----------------------------------------------------------------------


def _absolute(base: str, value: str) -> str | None:
    """``value`` resolved against ``base`` when it is an http(s) URL; None for any other scheme
    (``javascript:``, ``data:``, ``vbscript:``... with or without tabs and entities in them)."""
    try:
        url = urljoin(base, value.strip())
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _LINK_SCHEMES else None


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _rewrite(body: etree._Element, base: str, links: ReplayLinks, deadline: float) -> bool:
    """Point every link, image and style of the page at the original or at our archive (see
    module doc); past ``deadline`` they are only removed. False when the deadline cut it short."""
    late = False
    for count, el in enumerate(body.iter()):
        if not isinstance(el.tag, str):
            continue
        if count % 64 == 0 and not late:
            late = time.monotonic() > deadline
        tag = el.tag.lower()
        for name in [n for n in el.attrib if n.lower() in _URL_ATTRIBUTES or n.lower() == "style"]:
            value = el.attrib.pop(name)
            new = None if late else _rewritten(tag, name.lower(), value, base, links)
            if new is not None:
                el.set(name.lower(), new)
        if tag in ("a", "area") and "href" in el.attrib and not el.get("href", "").startswith("#"):
            el.set("target", "_top")
        if tag == "img" and "src" not in el.attrib:
            lazy = el.get("data-src") or el.get("data-lazy-src") or el.get("data-original")
            image = _absolute(base, lazy) if lazy else None
            src = links.image(image) if image and not late else None
            if src:
                el.set("src", src)
    return not late


def _rewritten(tag: str, name: str, value: str, base: str, links: ReplayLinks) -> str | None:
    if name == "style":
        return safe_declarations(value, base, links) or None
    if name == "href":
        if value.strip().startswith("#") and tag in ("a", "area"):
            return value.strip()
        if value.strip().lower().startswith("mailto:") and tag in ("a", "area"):
            return value.strip()
        url = _absolute(base, value)
        return (links.page(url) or url) if url else None
    if name == "srcset":
        return _srcset(value, base, links)
    if name == "src" and tag == "img":
        if _DATA_IMAGE.match(value.strip()):
            return value.strip()
        url = _absolute(base, value)
        return links.image(url) if url else None
    if name == "cite":
        return _absolute(base, value)
    return None


def _srcset(value: str, base: str, links: ReplayLinks) -> str | None:
    """The ``srcset`` candidates we hold, pointing at our copies; None when we hold none."""
    kept = []
    for candidate in value.split(",")[:MAX_SRCSET_CANDIDATES]:
        parts = candidate.split()
        if not parts:
            continue
        url = _absolute(base, parts[0])
        ours = links.image(url) if url else None
        if ours and all(re.fullmatch(r"[0-9.]+[wx]", d) for d in parts[1:2]):
            kept.append(" ".join([ours, *parts[1:2]]))
    return ", ".join(kept) or None


def _final_url_check(tag: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each URL the rewrite left: links to http(s)/mailto, fragments and our
    own paths; images only from our own paths or raster ``data:`` images."""
    if attribute not in _URL_ATTRIBUTES:
        return value
    own = value.startswith("/") and not value.startswith("//") and "\\" not in value
    if attribute == "srcset":
        urls = [c.split()[0] for c in value.split(",") if c.split()]
        return value if all(u.startswith("/") and not u.startswith("//") for u in urls) else None
    if attribute == "src":
        return value if own or _DATA_IMAGE.match(value) else None
    if value.startswith("#") or own:
        return value
    scheme = urlsplit(value).scheme.lower() if ":" in value else ""
    if scheme in _LINK_SCHEMES or (scheme == "mailto" and attribute == "href"):
        return value
    return None


# -- CSS ------------------------------------------------------------------------------------


def _page_css(root: etree._Element, base: str, links: ReplayLinks, deadline: float) -> str:
    """The page's stylesheets in document order, archived ones inlined, each made safe, within
    :data:`MAX_CSS_BYTES`, :data:`MAX_STYLESHEETS` and half the rewrite's time."""
    out: list[str] = []
    size = sheets = 0
    css_deadline = deadline - MAX_REWRITE_SECONDS / 2
    for el in root.iter("style", "link"):
        if sheets >= MAX_STYLESHEETS or size >= MAX_CSS_BYTES or time.monotonic() > css_deadline:
            break
        if (el.get("media") or "").strip().lower() not in _SCREEN_MEDIA:
            continue  # print stylesheets and the like: shown on screen they would break the page
        if el.tag == "style":
            text, sheet_base = el.text or "", base
        else:
            rels = (el.get("rel") or "").lower().split()
            url = _absolute(base, el.get("href") or "") if "stylesheet" in rels and "alternate" not in rels else None
            found = links.stylesheet(url) if url else None
            if found is None:
                continue
            sheet_base, text = found
        sheets += 1
        css = safe_css(text[: MAX_CSS_BYTES - size], sheet_base, links)
        size += len(css)
        out.append(css)
    # "</" could close the <style> element early: as "<\/" it means the same in CSS strings.
    return "\n".join(out).replace("</", "<\\/")


def safe_css(text: str, base: str, links: ReplayLinks) -> str:
    """A stylesheet with only what loads nothing live (see the module doc)."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return "\n".join(filter(None, (_rule(rule, base, links) for rule in rules)))


def _rule(rule: object, base: str, links: ReplayLinks) -> str:
    if isinstance(rule, ast.QualifiedRule):
        if _has_blocked(rule.prelude):
            return ""
        return f"{tinycss2.serialize(rule.prelude).strip()}{{{safe_declarations(rule.content, base, links)}}}"
    if isinstance(rule, ast.AtRule) and rule.content is not None:
        name = rule.lower_at_keyword
        if name in _NESTED_AT_RULES and not _has_blocked(rule.prelude):
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = "\n".join(filter(None, (_rule(r, base, links) for r in inner)))
            return f"@{name} {tinycss2.serialize(rule.prelude).strip()}{{{body}}}"
        if name in _KEYFRAMES and not _has_blocked(rule.prelude):
            frames = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = "".join(_rule(r, base, links) for r in frames)
            return f"@{name} {tinycss2.serialize(rule.prelude).strip()}{{{body}}}"
    return ""  # @import, @font-face, @namespace, @charset, unknown at-rules and parse errors


def safe_declarations(declarations: str | list[object], base: str, links: ReplayLinks) -> str:
    """A declaration list (a ``style=`` value or a rule's content) keeping only declarations
    whose every ``url()`` is archived (then pointing at our copy) and that load nothing else."""
    parsed = tinycss2.parse_declaration_list(declarations, skip_comments=True, skip_whitespace=True)
    out = []
    for decl in parsed:
        if not isinstance(decl, ast.Declaration) or decl.lower_name in _BLOCKED_PROPERTIES:
            continue
        value = _value(decl.value, base, links)
        if value is None:
            continue
        important = " !important" if decl.important else ""
        out.append(f"{decl.name}:{tinycss2.serialize(value).strip()}{important}")
    return ";".join(out)


def _value(tokens: Iterable[object], base: str, links: ReplayLinks) -> list[object] | None:
    """The tokens with each url() pointing at our copy; None when one is not archived or a
    token loads something another way."""
    out: list[object] = []
    for token in tokens:
        if isinstance(token, ast.URLToken) or (isinstance(token, ast.FunctionBlock) and token.lower_name == "url"):
            target = token.value if isinstance(token, ast.URLToken) else _url_argument(token)
            url = _absolute(base, target) if target else None
            ours = links.image(url) if url else None
            if not ours:
                return None
            out.append(ast.URLToken(token.source_line, token.source_column, ours, _url_repr(ours)))
        elif isinstance(token, ast.FunctionBlock):
            if token.lower_name in _BLOCKED_FUNCTIONS:
                return None
            arguments = _value(token.arguments, base, links)
            if arguments is None:
                return None
            out.append(ast.FunctionBlock(token.source_line, token.source_column, token.name, arguments))
        elif isinstance(token, (ast.SquareBracketsBlock, ast.ParenthesesBlock, ast.CurlyBracketsBlock)):
            content = _value(token.content, base, links)
            if content is None:
                return None
            out.append(type(token)(token.source_line, token.source_column, content))
        elif isinstance(token, ast.AtKeywordToken):
            return None
        else:
            out.append(token)
    return out


def _url_argument(function: ast.FunctionBlock) -> str | None:
    """The URL of ``url("...")``: one string argument, else nothing we trust."""
    args = [t for t in function.arguments if not isinstance(t, (ast.WhitespaceToken, ast.Comment))]
    return args[0].value if len(args) == 1 and isinstance(args[0], ast.StringToken) else None


def _url_repr(url: str) -> str:
    """``url("...")`` for one of our own paths (escaped anyway: it goes into CSS text)."""
    escaped = "".join(c if c.isalnum() or c in "/-_.?=&%:" else f"\\{ord(c):x} " for c in url)
    return f'url("{escaped}")'


def _has_blocked(tokens: Iterable[object]) -> bool:
    """A selector or at-rule prelude that holds a url() or a loader function (never legitimate)."""
    for token in tokens:
        if isinstance(token, ast.URLToken):
            return True
        if isinstance(token, ast.FunctionBlock) and (token.lower_name == "url" or _has_blocked(token.arguments)):
            return True
        if isinstance(token, (ast.SquareBracketsBlock, ast.ParenthesesBlock, ast.CurlyBracketsBlock)) and \
                _has_blocked(token.content):
            return True
    return False
