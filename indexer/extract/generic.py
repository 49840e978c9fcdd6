"""Fallbacks for pages no platform rule knows: trafilatura for the main text, htmldate for
the date. Both are well-tested on thousands of sites, which beats any rule we could write
for an unknown layout; we add what they leave out (the lead paragraph the page's description
names) and drop what they keep: embedded social posts, the headline repeated as the first line,
"read also" link lines.

trafilatura's precision pass runs, then its default pass (fast mode) when the article's region
has prose the precision pass left out, and ``passes.choose_pass`` picks one per page from the
lines only the default pass keeps (``extraction-gold`` favours precision, ``web-eval`` the default).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from copy import copy
from datetime import datetime, tzinfo

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.settings import Extractor

from .cleanup import clean_text
from .dates import parse_date
from .dom import compiled, iter_document, parse
from .passes import choose_pass, default_pass_may_add
from .sequence import pass_text, prepared_trees

# Embedded posts from other sites, rendered as quotes of their text: not the article's words.
# ``//@class[...]/..`` reads only the class attributes, a third faster than ``//*[contains(@class, ...)]``.
EMBED_XPATH = (
    "//blockquote[contains(@class,'twitter-tweet') or contains(@class,'instagram-media')"
    " or contains(@class,'tiktok-embed') or contains(@class,'reddit-card')]"
    " | //@class[contains(., 'fb-post')]/.."
)
# Elements trafilatura's extraction deletes anyway: dropped once before both passes, so neither
# pass walks or copies them in its dozens of XPath sweeps and tree copies. Kept: JSON-LD
# (trafilatura's baseline reads its articleBody), scripts carrying HTML (``script_html_body``
# reads them) and navigation, aside or footer elements that wrap the article itself (a headline,
# an article, long paragraphs: some templates put the whole page in an ``<aside>``). The head's
# ``meta`` and ``link`` elements (a tenth of a page's elements) go too: every stage has read
# them by then, and ``standfirst`` is given the descriptions first. See ``never_text``.
NEVER_TEXT_TAGS = ("style", "svg", "link", "meta", "nav", "aside", "footer", "script")
_WRAPS_ARTICLE = compiled("boolean(.//h1 or .//article or .//main or .//p[string-length() > 200])")
# "Read also: <linked headline>" lines in many languages.
READ_ALSO = re.compile(
    r"^\s*(?:read (?:also|more)|also read|see also|related|more:|lesen sie auch|mehr zum thema|"
    r"auch interessant|les også|se også|läs också|lue myös|à lire aussi|lire aussi|lea también|"
    r"leia também|leggi anche|czytaj (?:też|także)|čtěte také|читайте также)\b\s*:?",
    re.IGNORECASE,
)
# A PHP warning printed into the page: "Warning: Undefined variable $x in /www/... on line 12".
SERVER_MESSAGE = re.compile(
    r"^\s*(?:Warning|Notice|Deprecated|Fatal error|Parse error|Strict Standards)\s*:.*\bon line\s+\d+", re.I)
# A long JSON string literal in an inline script (client-rendered pages ship the article's HTML
# in their hydration payload, e.g. Next.js ``self.__next_f.push([1, "..."])``).
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.){200,})"')
_KEY = re.compile(r"\W+")
# The page's own summary: most CMSs fill it with the standfirst (lead paragraph) shown under the headline.
# Not a ``meta`` in the body: microdata of a teaser or a figure, not the page's.
DESCRIPTION_XPATH = ("//meta[not(ancestor::body)]"
                     "[@name='description' or @property='og:description' or @name='twitter:description']/@content")
LEAD_TEXT_XPATH = ("//body//text()[contains(normalize-space(.), $probe)]"
                   "[not(parent::script or parent::style or parent::noscript or parent::template)]")
LEAD_MIN_CHARS = 40  # a shorter description is a slogan or a label, not a lead paragraph
LEAD_MAX_CHARS = 1200  # an element with more text than this is a container, not the lead
LEAD_KEY_CHARS = 80  # descriptions are often cut (with "…") at 150-160 characters: compare their start


def generic_body(tree: HtmlElement, url: str | None, title: str | None) -> str | None:
    """Main text by trafilatura (the precision or the default pass, see ``passes``), cleaned
    into paragraphs.

    Both passes start from one copy of the (embed-free) tree, prepared once for both
    (``sequence.prepared_trees``); ``tree`` itself is left as it is for the lead paragraph.
    The default pass runs in trafilatura's fast mode (no readability/justext comparison): it only
    offers lines to add, and on ``web-eval`` and ``extraction-gold`` its fast mode chose as well
    (body F1 0.9316 → 0.9322 and 0.9576 → 0.9578 with the same precision pass) for two thirds
    of its time.
    """
    summaries = descriptions(tree)  # before never_text drops the meta elements
    for embed in compiled(EMBED_XPATH)(tree):
        embed.drop_tree()
    for node in never_text(tree):
        node.drop_tree()
    precise_tree, full_tree, forum = prepared_trees(tree)
    precise = _without_server_messages(pass_text(precise_tree, _options(url, favor_precision=True, fast=False), forum))
    body = tree.find("body")
    full = (_without_server_messages(pass_text(full_tree, _options(url, favor_precision=False, fast=True), forum))
            if default_pass_may_add(tree if body is None else body, precise) else precise)
    text = choose_pass(precise, full)
    lines = [line for line in text.split("\n") if not READ_ALSO.match(line)]
    if lines and title and _key(lines[0]) == _key(title):
        lines = lines[1:]
    lead = standfirst(tree, "\n".join(lines), summaries)
    if lead and not (title and _key(lead) == _key(title)):
        lines.insert(0, lead)
    return clean_text("\n".join(lines)) or None


def never_text(tree: HtmlElement) -> list[HtmlElement]:
    """The elements of ``tree``'s document that are never article text (``NEVER_TEXT_TAGS``:
    styles, inline SVG, ``link`` and ``meta``, navigation, asides and footers that do
    not wrap the article, scripts that are neither JSON-LD nor carry HTML), in document order.

    One walk that lets lxml pick the tags in C, then a test of each pick: a third of the time
    of the equivalent XPath union, whose every ``//tag`` is a walk of the whole document. Every
    test is made before any element is dropped, as the XPath did.
    """
    found: list[HtmlElement] = []
    for element in list(iter_document(tree, *NEVER_TEXT_TAGS)):
        tag = element.tag
        if tag in ("nav", "aside", "footer"):
            if _WRAPS_ARTICLE(element):
                continue
        elif tag == "script":
            code = element.xpath("string()") if len(element) else element.text or ""
            if "ld+json" in (element.get("type") or "") or "<p" in code or "\\u003cp" in code:
                continue
        found.append(element)
    return found


def descriptions(tree: HtmlElement) -> list[str]:
    """The page's own summaries (meta, Open Graph and Twitter descriptions), for ``standfirst``."""
    return compiled(DESCRIPTION_XPATH)(tree)


def standfirst(tree: HtmlElement, text: str, summaries: Iterable[str]) -> str | None:
    """The lead paragraph under the headline when the extracted ``text`` lacks it.

    trafilatura often drops the standfirst (it sits in its own teaser-styled element above the
    article body). The page names it itself: the meta/Open Graph description (``summaries``, see
    ``descriptions``) is, on most sites, the same words. The lead is the smallest visible element
    whose text starts like the description; only its visible text is used (the description may
    be cut or reworded).
    On ``web-eval`` 27 of the 94 passages missed were such leads.
    """
    trimmed = {_blanks(d).rstrip(".…").rstrip() for d in summaries}
    keys = {d[:LEAD_KEY_CHARS] for d in trimmed if len(d) >= LEAD_MIN_CHARS}
    flat = _blanks(text)
    if not keys or any(key in flat for key in keys):
        return None
    best: str | None = None
    for key in keys:
        probe = key[:24]  # short enough to sit in one text node when the lead has inline markup
        for node in compiled(LEAD_TEXT_XPATH)(tree, probe=probe):
            element = node.getparent()
            for _ in range(4):  # the text node's element or a few wrappers up
                if element is None or element.tag in ("body", "html"):
                    break
                found = _blanks(element.text_content())
                if len(found) > LEAD_MAX_CHARS:
                    break
                if found.startswith(key) and (best is None or len(found) < len(best)):
                    best = found
                element = element.getparent()
    return best


def script_html_body(tree: HtmlElement, url: str | None, title: str | None) -> str | None:
    """Main text of a client-rendered page whose DOM has no article: the HTML paragraphs held in
    its inline scripts' JSON string literals, read by :func:`generic_body`.

    Only for pages where the DOM gave nothing (``extraction-gold``: one page had an empty body).
    """
    parts: list[str] = []
    for script in tree.xpath("//script[not(@src)]/text()"):
        if "\\u003cp" not in script and "<p" not in script:
            continue
        for match in _JSON_STRING.finditer(script):
            try:
                text = json.loads(f'"{match.group(1)}"')
            except ValueError:
                continue
            if "<p" in text and text not in parts:
                parts.append(text)
    if not parts:
        return None
    return generic_body(parse("<html><body><article>" + "\n".join(parts) + "</article></body></html>"), url, title)


def generic_date(tree: HtmlElement, url: str | None, tz: tzinfo) -> datetime | None:
    """Publication date by htmldate (original date, not the last update)."""
    try:
        found = find_date(tree, url=url, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z",
                          extensive_search=True)
    except (ValueError, TypeError):
        return None
    return parse_date(found, tz) if found else None


def _options(url: str | None, *, favor_precision: bool, fast: bool) -> Extractor:
    """trafilatura's settings for one pass over the page at ``url``: a copy of the pass's
    settings made once, as ``extract`` would build them from its keyword arguments (which reads
    its configuration file's values anew on every call: 70 µs a pass)."""
    options = copy(_PASS_OPTIONS[favor_precision, fast])
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8") if url else None
    return options


_PASS_OPTIONS = {
    (precision, fast): Extractor(
        output_format="txt", fast=fast, precision=precision, comments=False, tables=True, images=False,
        formatting=False, links=False, dedup=False, with_metadata=False,
    )
    for precision in (False, True) for fast in (False, True)
}


def _without_server_messages(text: str) -> str:
    """``text`` without the PHP warnings a broken plugin prints into the page: they are never
    the article, and they would make a short correct pass look like the shorter one."""
    if "on line" not in text:
        return text
    return "\n".join(line for line in text.split("\n") if not SERVER_MESSAGE.match(line))


def _blanks(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())
