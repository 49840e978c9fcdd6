"""Text cleaning at the index boundary: what cannot be stored, analysed or served becomes U+FFFD.

A lone surrogate (``"\\ud800"`` in a JSON string, a JSON-LD headline) cannot be encoded as UTF-8,
so hashing, analysing or storing it raises; an XML-invalid control character makes every Atom
feed holding it ill-formed. One such character used to stop a whole import or rebuild, so every
record is cleaned before it enters the index. Tab, newline and carriage return are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from search.article import Article

REPLACEMENT = "\ufffd"
# Characters XML 1.0 forbids (C0 controls but \t \n \r, surrogates, U+FFFE/U+FFFF).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_FIELDS = ("url", "title", "body", "author", "category", "lang", "site")


def clean_text(value: str) -> str:
    """``value`` with every invalid character replaced by U+FFFD (the same object when clean)."""
    return _INVALID.sub(REPLACEMENT, value) if _INVALID.search(value) else value


def clean_article(article: Article) -> tuple[Article, tuple[str, ...]]:
    """The article with clean text in every field, and the names of the fields that changed."""
    changes: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if value is not None and (clean := clean_text(value)) is not value:
            changes[name] = clean
    tags = tuple(clean_text(tag) for tag in article.tags)
    if any(new is not old for new, old in zip(tags, article.tags, strict=True)):
        changes["tags"] = tags
    if not changes:
        return article, ()
    return replace(article, **changes), tuple(changes)


def cleaning_note(fields: tuple[str, ...]) -> str:
    """The report line's reason for a cleaned record."""
    return f"invalid characters in {', '.join(fields)} replaced by U+FFFD"
