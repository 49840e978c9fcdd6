"""What changed between two revisions of an article, as a reader would say it.

Text is compared token by token, never character by character: a token is a run of letters and
digits (an English word; a Korean eojeol, the whitespace-delimited unit that carries its particles,
as in 회담에서), a punctuation mark, or a run of whitespace. ``difflib`` aligns the non-space
tokens; whitespace goes with the token it follows, so a re-wrapped paragraph is not an edit.
Title and metadata (author, published, category, tags) are listed apart as before/after pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from search.article import Article

MAX_TOKENS = 20_000  # per text: difflib is quadratic at worst; the rest is compared as one block
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]|_+")
_META = ("author", "published", "category", "tags")

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is in both versions (``equal``), only the newer (``insert``) or only the
    older (``delete``)."""

    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A metadata field's value before and after, as display text (tags comma-separated)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class ArticleDiff:
    title: tuple[Segment, ...]
    body: tuple[Segment, ...]
    fields: tuple[FieldChange, ...]

    @property
    def unchanged(self) -> bool:
        return not self.fields and all(s.op == "equal" for s in (*self.title, *self.body))


def tokens(text: str) -> list[str]:
    """Words (or eojeol), punctuation marks, each with the whitespace after it; leading whitespace
    is a token of its own."""
    out: list[str] = []
    end = 0
    for match in _TOKEN.finditer(text):
        if match.start() > end:  # whitespace before this token
            if out:
                out[-1] += text[end : match.start()]
            else:
                out.append(text[end : match.start()])
        out.append(match.group())
        end = match.end()
    if end < len(text):
        if out:
            out[-1] += text[end:]
        else:
            out.append(text[end:])
    return out


def diff_text(before: str, after: str) -> tuple[Segment, ...]:
    """Segments that turn ``before`` into ``after``; adjacent segments of one kind are merged."""
    old, new = tokens(before), tokens(after)
    tail_old, tail_new = "".join(old[MAX_TOKENS:]), "".join(new[MAX_TOKENS:])
    old, new = old[:MAX_TOKENS], new[:MAX_TOKENS]
    matcher = SequenceMatcher(None, [t.strip() for t in old], [t.strip() for t in new], autojunk=False)
    out: list[Segment] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Segment(op, out[-1].text + text)
        else:
            out.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(new[j1:j2]))
            continue
        add("delete", "".join(old[i1:i2]))
        add("insert", "".join(new[j1:j2]))
    if tail_old == tail_new:
        add("equal", tail_new)
    else:
        add("delete", tail_old)
        add("insert", tail_new)
    return tuple(out)


def _display(article: Article, name: str) -> str:
    if name == "published":
        return article.published.isoformat() if article.published else ""
    if name == "tags":
        return ", ".join(article.tags)
    return getattr(article, name) or ""


def diff_articles(before: Article, after: Article) -> ArticleDiff:
    """Title and body compared word by word (eojeol by eojeol), metadata listed apart."""
    fields = tuple(
        FieldChange(name, _display(before, name), _display(after, name))
        for name in _META
        if _display(before, name) != _display(after, name)
    )
    return ArticleDiff(diff_text(before.title, after.title), diff_text(before.body, after.body), fields)
