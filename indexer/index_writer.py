"""Writing articles into the live index generation, in committed batches.

Whoosh allows one writer per index; our own run lock (:mod:`indexer.lock`) keeps a second
``update`` from even trying. Each batch is de-duplicated by id (``update_document`` twice for one
id in one writer leaves duplicates) and committed with ``compound=False`` (opening a searcher on
non-compound segments is about 20x faster). A record whose content hash is unchanged is skipped,
so re-imports and re-crawls of unchanged pages write nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from whoosh.index import FileIndex

from search.article import Article
from search.schema import article_to_fields
from search.storage import open_generation

DEFAULT_BATCH = 1000


class IndexSink:
    """Accepts articles, counts what happened to each, and commits every ``batch_size`` changes."""

    def __init__(self, gen_dir: Path, batch_size: int = DEFAULT_BATCH) -> None:
        self.gen_dir = gen_dir
        self.batch_size = batch_size
        self.index: FileIndex = open_generation(gen_dir)
        self.counts: Counter[str] = Counter()
        self.commits = 0
        self._pending: dict[str, dict[str, object]] = {}
        self._known: dict[str, str] = {}
        self._load_hashes()

    def _load_hashes(self) -> None:
        with self.index.searcher() as searcher:
            for stored in searcher.all_stored_fields():
                self._known[stored["id"]] = stored.get("content_hash") or ""

    def contains(self, article_id: str) -> bool:
        return article_id in self._known or article_id in self._pending

    def add(self, article: Article) -> str:
        """Queue an article; returns ``new``, ``updated`` or ``unchanged``."""
        fields = article_to_fields(article)
        doc_id = str(fields["id"])
        previous = self._pending.get(doc_id, {}).get("content_hash") or self._known.get(doc_id)
        if previous == fields["content_hash"]:
            outcome = "unchanged"
        else:
            outcome = "updated" if previous is not None else "new"
            self._pending[doc_id] = fields
            if len(self._pending) >= self.batch_size:
                self.commit()
        self.counts[outcome] += 1
        return outcome

    def add_all(self, articles: Iterable[Article]) -> None:
        for article in articles:
            self.add(article)

    def commit(self) -> None:
        """Write and commit the pending batch (a no-op when nothing changed)."""
        if not self._pending:
            return
        writer = self.index.writer(limitmb=256, compound=False)
        try:
            for doc_id, fields in self._pending.items():
                if doc_id in self._known:
                    writer.update_document(**fields)
                else:
                    writer.add_document(**fields)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.commits += 1
        for doc_id, fields in self._pending.items():
            self._known[doc_id] = str(fields["content_hash"])
        self._pending.clear()

    def close(self) -> None:
        self.commit()
