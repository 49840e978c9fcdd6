"""Writing articles into the live index generation, in committed batches.

Whoosh allows one writer per index; our own run lock (:mod:`indexer.lock`) keeps a second
``update`` from even trying. Each batch is de-duplicated by id (``update_document`` twice for one
id in one writer leaves duplicates) and committed with ``compound=False`` (opening a searcher on
non-compound segments is about 20x faster). A record whose content hash is unchanged is skipped,
so re-imports and re-crawls of unchanged pages write nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh.index import FileIndex

from search.analysis import analysed_ahead
from search.article import Article, article_id
from search.schema import article_to_fields, stored_to_article
from search.storage import analyzer_of, open_generation

DEFAULT_BATCH = 1000


class IndexSink:
    """Accepts articles, counts what happened to each, and commits every ``batch_size`` changes.

    ``on_commit`` runs after each index commit: ``update`` commits the page catalogue there, so a
    run killed mid-way keeps the crawl state of every page already indexed and the next run skips
    them instead of fetching and extracting them all again.
    """

    def __init__(
        self, gen_dir: Path, batch_size: int = DEFAULT_BATCH, on_commit: Callable[[], None] | None = None
    ) -> None:
        self.gen_dir = gen_dir
        self.batch_size = batch_size
        self.on_commit = on_commit
        self.index: FileIndex = open_generation(gen_dir)
        self.analyzer = analyzer_of(gen_dir)
        self.counts: Counter[str] = Counter()
        self.commits = 0
        self._pending: dict[str, dict[str, object] | None] = {}  # None: delete (prune)
        self._known: dict[str, str] = {}
        self._gone: set[str] = set()
        self._load_hashes()

    def _load_hashes(self) -> None:
        with self.index.searcher() as searcher:
            for stored in searcher.all_stored_fields():
                self._known[stored["id"]] = stored.get("content_hash") or ""
                if stored.get("gone"):
                    self._gone.add(stored["id"])

    def contains(self, article_id: str) -> bool:
        return article_id in self._known or article_id in self._pending

    def add(self, article: Article) -> str:
        """Queue an article; returns ``new``, ``updated`` or ``unchanged``."""
        fields = article_to_fields(article)
        doc_id = str(fields["id"])
        pending = self._pending.get(doc_id)
        previous = pending.get("content_hash") if pending else self._known.get(doc_id)
        if previous == fields["content_hash"] and doc_id not in self._gone:
            outcome = "unchanged"
        else:
            outcome = "updated" if previous is not None else "new"
            self._gone.discard(doc_id)  # a post that answers again is back in search
            self._queue(doc_id, fields)
        self.counts[outcome] += 1
        return outcome

    def mark_gone(self, url: str, prune: bool = False) -> bool:
        """Hide the article of ``url`` from search (its page answered 404/410), or delete it with
        ``prune``. Returns False when no such article is indexed or it is already gone."""
        doc_id = article_id(url)
        if doc_id not in self._known or (doc_id in self._gone and not prune):
            return False
        if prune:
            self._queue(doc_id, None)
            self.counts["pruned"] += 1
            return True
        with self.index.searcher() as searcher:
            stored = searcher.document(id=doc_id)
        if stored is None:
            return False
        fields = article_to_fields(stored_to_article(stored))
        fields["gone"] = "1"
        self._gone.add(doc_id)
        self._queue(doc_id, fields)
        self.counts["hidden"] += 1
        return True

    def _queue(self, doc_id: str, fields: dict[str, object] | None) -> None:
        self._pending[doc_id] = fields
        if len(self._pending) >= self.batch_size:
            self.commit()

    def add_all(self, articles: Iterable[Article]) -> None:
        for article in articles:
            self.add(article)

    def commit(self) -> None:
        """Write and commit the pending batch (a no-op when nothing changed)."""
        if not self._pending:
            return
        writer = self.index.writer(limitmb=256, compound=False)
        pending = list(self._pending.items())
        try:
            for i in self._analysed_ahead(pending):
                doc_id, fields = pending[i]
                if fields is None:
                    writer.delete_by_term("id", doc_id)
                elif doc_id in self._known:
                    writer.update_document(**fields)
                else:
                    writer.add_document(**fields)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.commits += 1
        for doc_id, fields in self._pending.items():
            if fields is None:
                self._known.pop(doc_id, None)
                self._gone.discard(doc_id)
            else:
                self._known[doc_id] = str(fields["content_hash"])
        self._pending.clear()
        if self.on_commit is not None:
            self.on_commit()

    def _analysed_ahead(self, pending: list[tuple[str, dict[str, object] | None]]) -> Iterable[int]:
        """Positions in ``pending``, each once its Korean text is analysed (see
        :func:`search.analysis.analysed_ahead`: Kiwi's threads run ahead of this writer)."""
        if self.analyzer != "kiwi":
            return range(len(pending))
        return analysed_ahead([(str(f["title"]), str(f["body"])) if f else () for _, f in pending])

    def close(self) -> None:
        self.commit()
