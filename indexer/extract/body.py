"""Main text: turning a post container into paragraphs, and finding the container on pages
with no platform rule (trafilatura, with our own cleanup).
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from .cleanup import NON_TEXT_TAGS, clean_paragraphs

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "blockquote", "figure", "figcaption", "hr", "form", "details", "summary",
    "address", "center", "fieldset", "legend", "html", "body", "caption",
})
_BLANKS = re.compile(r"[\r\n\t\f]+")
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


def element_paragraphs(root: Tag) -> list[str]:
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

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS):
                # Source line breaks are ordinary blanks in HTML; only <br> and blocks break.
                buffer.append(_BLANKS.sub(" ", str(node)))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if leaving:
            if name in BLOCK_TAGS or name == "pre":
                flush()
            else:
                buffer.append(" ")
            continue
        if name in NON_TEXT_TAGS:
            continue
        if name == "br":
            buffer.append("\n")
            continue
        if name == "pre":
            flush()
            paragraphs.append(node.get_text())
            continue
        if name in BLOCK_TAGS:
            flush()
        else:
            # Inline boundaries count as blanks (as in get_text(" ")): editors wrap words in
            # <span>/<b> without spaces, and the search tokenizer needs them apart.
            buffer.append(" ")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return paragraphs


def element_text(root: Tag) -> str:
    """Clean body text of a container: paragraphs separated by a blank line."""
    return clean_paragraphs(element_paragraphs(root))
