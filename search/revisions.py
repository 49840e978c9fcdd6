"""Revisions of articles: every version of an article the crawler saw, kept in the page catalogue.

A search index says what a page says now; the archive also knows what it said before. Each capture
whose extracted article differs from the article's last revision (title, body, author, published,
category, tags; compared by a hash of the normalised fields, so a whitespace or markup change is
not an edit) is a revision, numbered from 1 (the first version seen) with its capture time. They
live in ``archive/catalogue.sqlite3`` beside the captures (tables below), not only in the index,
so ``rebuild`` recomputes and keeps them; ``removals`` says when a post started answering 404/410.

The indexer writes these tables (:mod:`indexer.revisions`); this module defines them and reads
them for the web app and the CLI, read-only, with no Whoosh or Flask in sight.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from search.article import Article

ARCHIVE_DIR = "archive"
CATALOGUE = "catalogue.sqlite3"
MAX_REVISIONS = 1000  # listed per article: an article edited more often shows its latest ones
TRACKED_FIELDS = ("title", "body", "author", "published", "category", "tags")

SCHEMA = """
CREATE TABLE IF NOT EXISTS revisions (
    article_id TEXT NOT NULL,
    number INTEGER NOT NULL,      -- 1: the first version seen
    owner TEXT NOT NULL,          -- the source whose capture made it (only the owner revises)
    capture_id INTEGER NOT NULL,
    captured_at TEXT NOT NULL,    -- ISO 8601 with offset
    fields_hash TEXT NOT NULL,    -- sha1 of the normalised tracked fields
    changed TEXT NOT NULL,        -- comma-separated tracked fields that differ from revision number-1
    record BLOB NOT NULL,         -- zlib-compressed JSON of the article (import format)
    PRIMARY KEY (article_id, number)
);
CREATE TABLE IF NOT EXISTS removals (
    article_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    removed_at TEXT NOT NULL,     -- the first 404/410 after the last good answer
    status INTEGER NOT NULL
);
"""


def catalogue_path(root: Path) -> Path:
    """The page catalogue of the index root ``root``."""
    return Path(root) / ARCHIVE_DIR / CATALOGUE


def _norm(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def tracked(article: Article) -> dict[str, object]:
    """The fields a revision compares, normalised (NFC, whitespace runs as one space)."""
    return {
        "title": _norm(article.title),
        "body": _norm(article.body),
        "author": _norm(article.author),
        "published": article.published.isoformat() if article.published else "",
        "category": _norm(article.category),
        "tags": [_norm(t) for t in article.tags],
    }


def fields_hash(article: Article) -> str:
    """Equal for two extractions that differ only in what no reader would call an edit."""
    text = json.dumps(tracked(article), ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def changed_fields(before: Article, after: Article) -> tuple[str, ...]:
    """The tracked fields that differ between two versions, in :data:`TRACKED_FIELDS` order."""
    old, new = tracked(before), tracked(after)
    return tuple(name for name in TRACKED_FIELDS if old[name] != new[name])


def encode_record(article: Article) -> bytes:
    return zlib.compress(article.to_json_line().encode("utf-8"), 6)


def decode_record(blob: bytes) -> Article:
    return Article.from_json(json.loads(zlib.decompress(blob).decode("utf-8")))


@dataclass(frozen=True, slots=True)
class RevisionStamp:
    """What the index records of an article's history: how many versions (1: never edited) and
    when the last one was captured."""

    count: int
    changed: datetime


@dataclass(frozen=True, slots=True)
class Revision:
    """One version of an article: ``number`` from 1, when it was captured, what changed from the one
    before (empty for the first) and the article as extracted then."""

    number: int
    captured_at: datetime
    capture_id: int
    changed: tuple[str, ...]
    article: Article


@dataclass(frozen=True, slots=True)
class History:
    """An article's revisions, oldest first, and when it was removed at the source (404/410)."""

    revisions: tuple[Revision, ...] = ()
    removed_at: datetime | None = None
    removed_status: int | None = None

    @property
    def updates(self) -> int:
        """How many times the article changed after its first version."""
        return max(0, len(self.revisions) - 1)

    def get(self, number: int) -> Revision | None:
        for revision in self.revisions:
            if revision.number == number:
                return revision
        return None


def read_history(root: Path, article_id: str) -> History:
    """The history of ``article_id`` from the catalogue under ``root``; empty when there is no
    catalogue (an index of JSON Lines imports) or it predates revisions."""
    path = catalogue_path(root)
    if not path.is_file():
        return History()
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT number, captured_at, capture_id, changed, record FROM revisions WHERE article_id = ?"
            " ORDER BY number DESC LIMIT ?", (article_id, MAX_REVISIONS),
        ).fetchall()
        removal = db.execute("SELECT removed_at, status FROM removals WHERE article_id = ?", (article_id,)).fetchone()
    except sqlite3.OperationalError:  # a catalogue written before revisions were kept
        return History()
    finally:
        db.close()
    revisions = tuple(
        Revision(number, datetime.fromisoformat(captured_at), capture_id,
                 tuple(f for f in changed.split(",") if f), decode_record(record))
        for number, captured_at, capture_id, changed, record in reversed(rows)
    )
    if removal is None:
        return History(revisions)
    return History(revisions, datetime.fromisoformat(removal[0]), int(removal[1]))
