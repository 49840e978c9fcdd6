"""The one parsed document every stage shares: an lxml tree (the tree trafilatura and htmldate
read too), with the small CSS subset our rules use translated to XPath, and text helpers that
behave like BeautifulSoup's ``get_text(" ")`` (script/style/template text and comments skipped).

Parsing once with lxml instead of once for BeautifulSoup and again for trafilatura halved the
time per page on ``extraction-gold``.

The tree's element classes are looked up in C (``_PARSER``), not by lxml.html's Python
``HtmlElementClassLookup``, which runs once for every element proxy any stage, trafilatura or
htmldate creates (millions per set, on the tree and on the copies trafilatura makes of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlElementClassLookup,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
    fromstring,
)
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, is_dubious_html, repair_faulty_html

# Elements whose text is never page text (as BeautifulSoup's get_text skips them).
_HIDDEN_TEXT = frozenset({"script", "style", "template", "noscript"})
_TOKEN = re.compile(r"\.[\w-]+|#[\w-]+|\[[^\]]*\]|[a-zA-Z][\w-]*|\*")
# The characters trafilatura's ``INVALID_XML_CHARS`` removes before parsing.
_INVALID_XML = tuple(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)))


def _parser() -> HTMLParser:
    """trafilatura's HTML parser settings, with the same element classes as lxml.html
    (``HtmlElement``, and ``FormElement``, ``InputElement``… by tag) chosen by a C-level
    lookup."""
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    lookup.get_namespace(None).update(HtmlElementClassLookup._default_element_classes)
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True)
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _parser()


def parse(html: str) -> HtmlElement:
    """The page as an lxml tree, parsed the way trafilatura parses it (comments dropped).

    trafilatura rejects a short fragment as "not HTML"; such input is still parsed here so
    small pages keep their metadata.
    """
    tree = _load_html(html)
    if tree is None or tree.tag != "html":
        try:
            tree = document_fromstring(html, parser=_PARSER)
        except ValueError:  # a str with an XML encoding declaration
            tree = document_fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
        except etree.ParserError:  # nothing to parse
            tree = document_fromstring("<html><body></body></html>", parser=_PARSER)
    return tree


def _load_html(html: str) -> HtmlElement | None:
    """``trafilatura.utils.load_html`` for a decoded page (the same repairs, fallbacks and
    rejection of non-HTML), with ``_PARSER``."""
    beginning = html[:50].lower()
    text = repair_html(html, beginning)
    tree: HtmlElement | None = None
    as_bytes = False
    try:
        tree = fromstring(text, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, as_bytes = _from_bytes(text), True
    except etree.LxmlError:
        tree = None
    if (tree is None or len(tree) < 1) and not as_bytes:
        tree = _from_bytes(text)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def repair_html(html: str, beginning: str) -> str:
    """``trafilatura.utils.repair_faulty_html``: the same string, faster on the usual page.

    trafilatura sweeps the whole page with a regex for characters XML forbids (3 ms a page on
    ``extraction-gold``); one substring scan per character finds none in a third of that time,
    and then only its doctype and ``<html/>`` repairs apply.
    """
    if any(char in html for char in _INVALID_XML):
        return repair_faulty_html(html, beginning)
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html


def _from_bytes(text: str) -> HtmlElement | None:
    try:
        return fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (ValueError, etree.LxmlError):
        return None


@lru_cache(maxsize=256)
def css_to_xpath(selector: str) -> str:
    """XPath for a comma-free CSS selector of descendant-combined compounds.

    Supported: ``tag``, ``*``, ``.class``, ``#id``, ``[attr]``, ``[attr=v]``, ``[attr~=v]``,
    ``[attr^=v]``, ``[attr$=v]``, ``[attr*=v]``: what the platform rules need.
    """
    steps: list[str] = []
    for compound in selector.split():
        tag, preds = "*", []
        for token in _TOKEN.findall(compound):
            if token[0] == ".":
                preds.append(_has_token("class", token[1:]))
            elif token[0] == "#":
                preds.append(f"@id={_lit(token[1:])}")
            elif token[0] == "[":
                preds.append(_attr_pred(token[1:-1]))
            else:
                tag = token.lower()
        steps.append(tag + "".join(f"[{p}]" for p in preds))
    return "descendant::" + "/descendant::".join(steps)


@lru_cache(maxsize=512)
def compiled(path: str) -> etree.XPath:
    """``path`` compiled once: lxml compiles a string given to ``.xpath()`` on every call, half
    the cost of a short path asked of many elements (17 µs instead of 35 µs here)."""
    return etree.XPath(path)


def select(root: HtmlElement, selector: str, limit: int | None = None) -> list[HtmlElement]:
    """Elements below (or at) ``root`` matching ``selector``, in document order."""
    found = compiled(css_to_xpath(selector))(root)
    return found[:limit] if limit else found


def select_one(root: HtmlElement, selector: str) -> HtmlElement | None:
    found = select(root, selector, 1)
    return found[0] if found else None


def iter_document(tree: HtmlElement, *tags: str) -> Iterator[HtmlElement]:
    """The elements named ``tags`` in ``tree``'s whole document, in document order, as an
    absolute ``//tag`` path finds them: a page with markup after ``</html>`` can parse into a
    second top-level ``<html>``, outside ``tree.iter()``."""
    root = tree.getroottree().getroot()
    for top in (root, *root.itersiblings()):
        yield from top.iter(*tags)


def text_of(node: HtmlElement, sep: str = " ") -> str:
    """All visible text strings below ``node`` joined with ``sep`` (like ``get_text(sep)``)."""
    return sep.join(_strings(node))


def _strings(node: HtmlElement) -> list[str]:
    out: list[str] = []
    stack: list[tuple[HtmlElement, bool]] = [(node, False)]
    while stack:
        element, leaving = stack.pop()
        if leaving:
            if element is not node and element.tail:
                out.append(element.tail)
            continue
        tag = element.tag
        if isinstance(tag, str) and tag.lower() not in _HIDDEN_TEXT:
            if element.text:
                out.append(element.text)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
        elif element is not node and element.tail:
            out.append(element.tail)
    return out


def _lit(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return "concat('" + "', \"'\", '".join(value.split("'")) + "')"


def _has_token(attr: str, value: str) -> str:
    return f"contains(concat(' ', normalize-space(@{attr}), ' '), {_lit(' ' + value + ' ')})"


def _attr_pred(body: str) -> str:
    match = re.fullmatch(r"\s*([\w:-]+)\s*(?:([~^$*|]?=)\s*([\"']?)(.*?)\3)?\s*", body)
    if not match:
        raise ValueError(f"unsupported attribute selector [{body}]")
    name, op, _, value = match.groups()
    attr = f"@{name}"
    if not op:
        return attr
    if op == "=":
        return f"{attr}={_lit(value)}"
    if op == "~=":
        return _has_token(name, value)
    if op == "^=":
        return f"starts-with({attr}, {_lit(value)})"
    if op == "$=":
        return f"substring({attr}, string-length({attr}) - {len(value) - 1})={_lit(value)}"
    if op == "*=":
        return f"contains({attr}, {_lit(value)})"
    return f"({attr}={_lit(value)} or starts-with({attr}, {_lit(value + '-')}))"  # |=
