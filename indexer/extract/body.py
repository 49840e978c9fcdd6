"""Main text: turning a post container into paragraphs, and finding the container on pages
with no platform rule (trafilatura, with our own cleanup).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .cleanup import NON_TEXT_TAGS, clean_paragraphs
from .dom import text_of

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "blockquote", "figure", "figcaption", "hr", "form", "details", "summary",
    "address", "center", "fieldset", "legend", "html", "body", "caption",
})
_BLANKS = re.compile(r"[\r\n\t\f]+")


def element_paragraphs(root: HtmlElement) -> list[str]:
    """Text of ``root`` as paragraphs: a block element ends one, ``<br>`` breaks a line, an
    inline element boundary is a blank.

    Iterative (not recursive) so deeply nested pasted markup cannot hit the recursion limit.
    """
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer).strip()
        if text:
            paragraphs.append(text)
        buffer.clear()

    def add(text: str | None) -> None:
        if text:  # source line breaks are ordinary blanks in HTML; only <br> and blocks break
            buffer.append(_BLANKS.sub(" ", text))

    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tail = node.tail if node is not root else None
        name = node.tag.lower() if isinstance(node.tag, str) else None
        if leaving:
            if name in BLOCK_TAGS:
                flush()
            else:
                buffer.append(" ")
            add(tail)
            continue
        if name is None or name in NON_TEXT_TAGS:  # comments, processing instructions, scripts
            add(tail)
            continue
        if name == "br":
            buffer.append("\n")
            add(tail)
            continue
        if name == "pre":
            flush()
            paragraphs.append(text_of(node, ""))
            add(tail)
            continue
        if name in BLOCK_TAGS:
            flush()
        else:
            # Inline boundaries count as blanks (as in get_text(" ")): editors wrap words in
            # <span>/<b> without spaces, and the search tokenizer needs them apart.
            buffer.append(" ")
        add(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return paragraphs


def element_text(root: HtmlElement) -> str:
    """Clean body text of a container: paragraphs separated by a blank line."""
    return clean_paragraphs(element_paragraphs(root))
