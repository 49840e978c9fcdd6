"""Recording revisions in the page catalogue as ``update`` extracts, and recounting them in ``rebuild``.

The tables and the reading side are in :mod:`search.revisions`. Writes go through the catalogue's
own connection, so they commit with the captures they describe, after the index commit (see
:func:`indexer.crawl.crawl_source`): a run that dies before committing loses neither.

Ownership: a revision is kept only once the index writer accepted the article from that source
(``update``), or when the source owns the article in the new generation (``rebuild``), so a
source can no more revise another's article than overwrite it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from search.article import Article, article_id
from search.revisions import (
    SCHEMA,
    TRACKED_FIELDS,
    RevisionStamp,
    decode_record,
    encode_record,
    fields_hash,
    tracked,
)


def _digests(article: Article) -> tuple[str, ...]:
    """A short hash per tracked field, to say which fields changed without keeping the text."""
    return tuple(hashlib.sha1(repr(v).encode("utf-8")).hexdigest()[:12] for v in tracked(article).values())


def _changed(before: tuple[str, ...] | None, after: tuple[str, ...]) -> str:
    if before is None:
        return ""
    return ",".join(name for name, old, new in zip(TRACKED_FIELDS, before, after, strict=True) if old != new)


@dataclass(frozen=True, slots=True)
class Observed:
    """What one extracted capture means for its article's history: ``row`` is the revision to keep
    (None: the article is unchanged), ``stamp`` the history the index records either way."""

    article_id: str
    stamp: RevisionStamp
    row: tuple[object, ...] | None


class RevisionLog:
    """``update``'s view of the revision tables on the catalogue connection ``db``."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.executescript(SCHEMA)

    def observe(self, article: Article, capture_id: int, captured_at: datetime) -> Observed:
        """Compare ``article`` (cleaned, as the index will hold it) with its last revision.

        One indexed lookup by primary key; the previous record is only decoded when the hash differs.
        """
        doc_id = article.id
        digest = fields_hash(article)
        last = self.db.execute(
            "SELECT number, fields_hash, captured_at, record FROM revisions WHERE article_id = ?"
            " ORDER BY number DESC LIMIT 1", (doc_id,),
        ).fetchone()
        if last is not None and last[1] == digest:
            return Observed(doc_id, RevisionStamp(last[0], datetime.fromisoformat(last[2])), None)
        number = 1 if last is None else last[0] + 1
        changed = "" if last is None else _changed(_digests(decode_record(last[3])), _digests(article))
        row = (doc_id, number, capture_id, captured_at.isoformat(), digest, changed, encode_record(article))
        return Observed(doc_id, RevisionStamp(number, captured_at), row)

    def keep(self, observed: Observed, owner: str) -> None:
        """Record an observed revision once the index accepted the article from ``owner``; an
        article that answers again is no longer removed."""
        if observed.row is not None:
            doc_id, number, capture_id, captured_at, digest, changed, record = observed.row
            self.db.execute(
                "INSERT OR REPLACE INTO revisions (article_id, number, owner, capture_id, captured_at, fields_hash,"
                " changed, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, number, owner, capture_id, captured_at, digest, changed, record),
            )
        self.db.execute("DELETE FROM removals WHERE article_id = ?", (observed.article_id,))

    def removed(self, url: str, when: datetime, status: int) -> None:
        """Note that the article of ``url`` answered 404/410; the first such date is kept."""
        self.db.execute("INSERT OR IGNORE INTO removals (article_id, url, removed_at, status) VALUES (?, ?, ?, ?)",
                        (article_id(url), url, when.isoformat(), status))


class Recount:
    """``rebuild``'s recount: every good capture of every article, in capture order, makes the
    revision chains again; :meth:`finish` replaces the tables with them.

    Chains are kept per (article, owner) until the end, when the article's owner in the new
    generation is known; only the last version's short field digests stay in memory per chain.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.executescript(SCHEMA)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS staged_revisions AS SELECT * FROM revisions WHERE 0")
        self._chains: dict[tuple[str, str], tuple[int, str, tuple[str, ...], RevisionStamp]] = {}
        self._first: dict[tuple[str, str], int] = {}
        self._url_article: dict[str, str] = {}
        self._removals: dict[str, tuple[str, str, str, int]] = {}  # article id -> (owner, url, when, status)

    def see(self, article: Article, owner: str, url: str, capture_id: int, captured_at: datetime) -> RevisionStamp:
        """One good capture's article (admitted and cleaned); returns its chain's stamp so far."""
        key = (article.id, owner)
        self._url_article[url] = article.id
        self._removals.pop(article.id, None)
        digest = fields_hash(article)
        chain = self._chains.get(key)
        if chain is not None and chain[1] == digest:
            return chain[3]
        number = 1 if chain is None else chain[0] + 1
        digests = _digests(article)
        stamp = RevisionStamp(number, captured_at)
        self._first.setdefault(key, capture_id)
        self.db.execute(
            "INSERT INTO staged_revisions (article_id, number, owner, capture_id, captured_at, fields_hash, changed,"
            " record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, number, owner, capture_id, captured_at.isoformat(), digest,
             _changed(chain[2] if chain else None, digests), encode_record(article)),
        )
        self._chains[key] = (number, digest, digests, stamp)
        return stamp

    def gone(self, owner: str, url: str, when: datetime, status: int) -> None:
        """A 404/410 capture of ``url``: its article was removed then, unless already noted."""
        doc_id = self._url_article.get(url, article_id(url))
        if doc_id not in self._removals:
            self._removals[doc_id] = (owner, url, when.isoformat(), status)

    def finish(self, owner_of: Callable[[str], str | None]) -> int:
        """Replace the revision and removal tables with the recount; returns the revisions kept.

        An article's chain is its owner's in the new generation (``owner_of``), or, for an article
        no longer indexed (removed at the source), the chain of the source that saw it first.
        """
        chosen: dict[str, str] = {}
        for (doc_id, owner), _first in sorted(self._first.items(), key=lambda item: item[1]):
            indexed = owner_of(doc_id)
            if indexed is None:
                chosen.setdefault(doc_id, owner)
            elif indexed == owner:
                chosen[doc_id] = owner
        self.db.execute("DELETE FROM revisions")
        self.db.execute("DELETE FROM removals")
        self.db.execute("CREATE TEMP TABLE chosen_owner (article_id TEXT PRIMARY KEY, owner TEXT NOT NULL)")
        self.db.executemany("INSERT INTO chosen_owner VALUES (?, ?)", chosen.items())
        kept = self.db.execute(
            "INSERT INTO revisions (article_id, number, owner, capture_id, captured_at, fields_hash, changed, record)"
            " SELECT s.article_id, s.number, s.owner, s.capture_id, s.captured_at, s.fields_hash, s.changed, s.record"
            " FROM staged_revisions s JOIN chosen_owner c ON c.article_id = s.article_id AND c.owner = s.owner"
        ).rowcount
        self.db.executemany(
            "INSERT INTO removals (article_id, url, removed_at, status) VALUES (?, ?, ?, ?)",
            [(doc_id, url, when, status) for doc_id, (owner, url, when, status) in self._removals.items()
             if chosen.get(doc_id) == owner],
        )
        self.db.execute("DROP TABLE staged_revisions")
        self.db.execute("DROP TABLE chosen_owner")
        return kept
