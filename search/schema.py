"""The index schema, shared by the indexer (which writes it) and the web app (which reads it).

The schema is always built from code and handed to Whoosh when an index is opened, never unpickled
from the index: the analyzer must come from this process (see :mod:`search.kiwi`).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from whoosh.analysis import Analyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Frequency

from search.analysis import make_tokenizer
from search.article import Article
from search.revisions import RevisionStamp

TITLE_BOOST = 2.5
# Tags and category paths are stored comma-joined; a comma inside a value becomes this.
_COMMA_STANDIN = "\uff0c"


def build_schema(analyzer: str) -> Schema:
    """The schema for an index analysed with ``analyzer`` (``kiwi`` or ``bigram``)."""
    text: Analyzer = make_tokenizer(analyzer)
    # A query word that analyses to several terms must find all of them (Whoosh's default is OR).
    # Bigrams of one word must also be adjacent, or 트럼프 (트럼 + 럼프) would match any text that
    # has both bigrams anywhere; Kiwi's several terms for one word are separate morphemes.
    multitoken = "phrase" if analyzer == "bigram" else "and"
    return Schema(
        id=ID(stored=True, unique=True),
        url=ID(stored=True),
        title=TEXT(analyzer=text, stored=True, field_boost=TITLE_BOOST, multitoken_query=multitoken),
        # Term frequencies per document (a term vector) give an article's key terms for related
        # articles without analysing its text again at read time (Kiwi: ~30 ms a petition).
        body=TEXT(analyzer=text, stored=True, multitoken_query=multitoken, vector=Frequency()),
        # Multi-valued, case-insensitive, comma-separated; the stored value keeps display spelling.
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        # Every prefix of the category path, so a parent matches its children.
        category=KEYWORD(commas=True, lowercase=True),
        category_path=STORED(),
        author=ID(stored=True),
        site=ID(stored=True),
        lang=ID(stored=True),
        published=DATETIME(sortable=True),
        published_iso=STORED(),
        # Seconds since the epoch (UTC), or -1 when unknown: the date column for filters/facets.
        ts=NUMERIC(bits=64, signed=True, stored=True),
        gone=ID(stored=True),
        # Hash of the normalised record: an unchanged re-import or re-crawl writes nothing.
        content_hash=STORED(),
        # The owning source (a sources.toml name, or "import"): only it may update, hide or delete
        # the document. Absent from documents written before ownership was recorded.
        source=STORED(),
        # The article's history in the page catalogue (:mod:`search.revisions`): how many versions
        # were seen (0: no history, e.g. imported records), whether it was edited after it was
        # first seen (``true``/``false``, so ``edited:true`` is a query term) and when the last
        # version was captured (seconds since the epoch, -1 unknown; the "last change" sort).
        revisions=NUMERIC(stored=True),
        edited=KEYWORD(stored=True, lowercase=True),
        changed=NUMERIC(bits=64, signed=True, stored=True),
    )


def category_prefixes(path: str | None) -> list[str]:
    """``a/b/c`` -> ``["a", "a/b", "a/b/c"]``."""
    if not path:
        return []
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _join(values: list[str] | tuple[str, ...]) -> str:
    return ",".join(v.replace(",", _COMMA_STANDIN) for v in values)


def split_stored(value: str | None) -> list[str]:
    """Undo :func:`_join` on a stored comma-joined field."""
    if not value:
        return []
    return [v.replace(_COMMA_STANDIN, ",") for v in value.split(",") if v]


def article_to_fields(
    article: Article, owner: str | None = None, stamp: RevisionStamp | None = None
) -> dict[str, Any]:
    """The Whoosh document for an article owned by source ``owner`` (None: not recorded) with the
    history ``stamp`` (None: no revisions kept, e.g. an imported record)."""
    published = article.published
    fields: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "tags": _join(article.tags),
        "category": _join(category_prefixes(article.category)),
        "category_path": article.category,
        "author": article.author or "",
        "site": article.site or "",
        "lang": article.lang or "",
        "published_iso": published.isoformat() if published else None,
        "ts": int(published.timestamp()) if published else -1,
        "gone": "",
        "content_hash": content_hash(article),
        "source": owner,
        "revisions": stamp.count if stamp else 0,
        "edited": "true" if stamp and stamp.count > 1 else "false",
        "changed": int(stamp.changed.timestamp()) if stamp else -1,
    }
    if published:
        fields["published"] = published.astimezone(UTC).replace(tzinfo=None)
    return fields


def content_hash(article: Article) -> str:
    """SHA-1 of the record's JSON form: equal records, equal hashes."""
    return hashlib.sha1(article.to_json_line().encode("utf-8")).hexdigest()


def stored_owner(stored: dict[str, Any]) -> str | None:
    """The source owning a stored document; None for documents indexed before owners were kept."""
    return stored.get("source") or None


def stored_stamp(stored: dict[str, Any]) -> RevisionStamp | None:
    """The history a stored document records, kept when the document is rewritten (hidden)."""
    count, changed = stored.get("revisions") or 0, stored.get("changed")
    if not count or changed is None or changed < 0:
        return None
    return RevisionStamp(int(count), datetime.fromtimestamp(changed, UTC))


def stored_to_article(stored: dict[str, Any]) -> Article:
    """Rebuild the article from a document's stored fields."""
    iso = stored.get("published_iso")
    return Article(
        url=stored["url"],
        title=stored.get("title") or "",
        body=stored.get("body") or "",
        author=stored.get("author") or None,
        published=datetime.fromisoformat(iso) if iso else None,
        category=stored.get("category_path") or None,
        tags=tuple(split_stored(stored.get("tags"))),
        lang=stored.get("lang") or None,
        site=stored.get("site") or None,
    )
