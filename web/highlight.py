"""Marking the words of the search that led to an article in its full text.

The search core highlights titles and snippets of hits; an article page shows the whole text, so
the page marks the query's plain words itself. Matching is by case-insensitive substring, which
is what a reader expects for Korean (``트럼프`` marks ``트럼프의``) and English prefixes alike.
Field filters, operators and negated words are not marked. Everything is escaped first.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

OPERATORS = {"AND", "OR", "NOT"}
MIN_WORD = 2


def query_words(q: str) -> list[str]:
    """The positive plain words of a query: ``tag:x``, ``-y``, ``NOT z`` and operators dropped."""
    words: list[str] = []
    negate_next = False
    for raw in re.findall(r'-?"[^"]*"|\S+', q):
        if raw in OPERATORS:
            negate_next = raw == "NOT"
            continue
        if negate_next or raw.startswith("-") or ":" in raw:
            negate_next = False
            continue
        for word in re.split(r"[\s\"()*+]+", raw):
            if len(word) >= MIN_WORD and word.casefold() not in (w.casefold() for w in words):
                words.append(word)
    return words


def mark(text: str, words: list[str]) -> Markup:
    """``text`` escaped, with every occurrence of ``words`` wrapped in ``<mark>``."""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    out = Markup()
    pos = 0
    for match in pattern.finditer(text):
        out += escape(text[pos : match.start()]) + Markup("<mark>") + escape(match.group()) + Markup("</mark>")
        pos = match.end()
    return out + escape(text[pos:])
