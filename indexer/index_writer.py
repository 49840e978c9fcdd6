"""Writing articles into the live index generation, in committed batches.

Whoosh allows one writer per index; our own run lock (:mod:`indexer.lock`) keeps a second
``update`` from even trying. Each batch is de-duplicated by id (``update_document`` twice for one
id in one writer leaves duplicates) and committed with ``compound=False`` (opening a searcher on
non-compound segments is about 20x faster). A record whose content hash is unchanged is skipped,
so re-imports and re-crawls of unchanged pages write nothing.

Every record is checked on the way in: text cleaned (:mod:`search.textclean`), an http(s) URL,
and the document's owner (:mod:`indexer.ownership`): a source may update, hide or delete only
what it owns. A record that still fails to be written is skipped and reported, and the rest of
its batch is written; a commit that fails on the disk (full, over quota) leaves no files behind,
so the index keeps opening at its last commit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from pathlib import Path

from whoosh.index import TOC, FileIndex, LockError, clean_files
from whoosh.writing import IndexWriter

from indexer.ownership import IMPORT_OWNER
from search.analysis import analysed_ahead
from search.article import Article, RecordError, article_id, web_url_error
from search.revisions import RevisionStamp
from search.schema import article_to_fields, stored_owner, stored_stamp, stored_to_article
from search.storage import INDEX_NAME, analyzer_of, open_generation
from search.textclean import clean_article

DEFAULT_BATCH = 1000
_TEMP_TOC = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\.")

Pending = tuple[str, dict[str, object] | None]  # (id, fields); None: delete (prune)


class NotOwned(RecordError):
    """The document belongs to another source; the message names the owner."""


class IndexSink:
    """Accepts articles, counts what happened to each, and commits every ``batch_size`` changes.

    ``on_commit`` runs after each index commit: ``update`` commits the page catalogue there, so a
    run killed mid-way keeps the crawl state of every page already indexed and the next run skips
    them instead of fetching and extracting them all again. ``report`` hears of every record the
    index refused at commit time (by URL). ``owners`` (id -> owner) are claims to respect besides
    the documents' own: ``rebuild`` passes the live generation's so the new one keeps them.
    """

    def __init__(
        self,
        gen_dir: Path,
        batch_size: int = DEFAULT_BATCH,
        on_commit: Callable[[], None] | None = None,
        report: Callable[[str], None] | None = None,
        owners: Mapping[str, str | None] | None = None,
    ) -> None:
        self.gen_dir = gen_dir
        self.batch_size = batch_size
        self.on_commit = on_commit
        self.report = report
        self.index: FileIndex = open_generation(gen_dir)
        self.analyzer = analyzer_of(gen_dir)
        self.counts: Counter[str] = Counter()
        self.commits = 0
        self._pending: dict[str, dict[str, object] | None] = {}
        self._known: dict[str, str] = {}
        self._owners: dict[str, str | None] = dict(owners or {})
        self._gone: set[str] = set()
        self._load_hashes()

    def _load_hashes(self) -> None:
        with self.index.searcher() as searcher:
            for stored in searcher.all_stored_fields():
                self._known[stored["id"]] = stored.get("content_hash") or ""
                self._owners[stored["id"]] = stored_owner(stored)
                if stored.get("gone"):
                    self._gone.add(stored["id"])

    def contains(self, article_id: str) -> bool:
        return article_id in self._known or article_id in self._pending

    def owner(self, doc_id: str) -> str | None:
        """The source owning the document ``doc_id`` (None: not indexed, or no owner recorded)."""
        return self._owners.get(doc_id)

    def _check_owner(self, doc_id: str, url: str, owner: str | None, action: str) -> None:
        current = self._owners.get(doc_id)
        if current is not None and current != owner:
            self.counts["refused"] += 1
            raise NotOwned(f"{url} belongs to source {current!r}; not {action} by {owner or 'an unowned record'!r}")

    def add(self, article: Article, owner: str | None = IMPORT_OWNER, stamp: RevisionStamp | None = None) -> str:
        """Queue an article owned by ``owner`` with its history ``stamp``; returns ``new``,
        ``updated`` or ``unchanged``.

        Raises :class:`NotOwned` when another source owns the document, :class:`RecordError` when
        the record cannot be indexed (its URL is not http(s)); its text is cleaned here in any case.
        """
        article, _ = clean_article(article)
        if reason := web_url_error(article.url):
            raise RecordError(f"url {reason}")
        doc_id = article.id
        self._check_owner(doc_id, article.url, owner, "overwritten")
        try:
            fields = article_to_fields(article, owner, stamp)
        except (UnicodeError, ValueError, OverflowError) as exc:
            raise RecordError(f"cannot be indexed ({exc})") from None
        pending = self._pending.get(doc_id)
        previous = pending.get("content_hash") if pending else self._known.get(doc_id)
        if previous == fields["content_hash"] and doc_id not in self._gone and self._owners.get(doc_id) == owner:
            outcome = "unchanged"
        else:
            outcome = "updated" if previous is not None else "new"
            self._gone.discard(doc_id)  # a post that answers again is back in search
            self._owners[doc_id] = owner
            self._queue(doc_id, fields)
        self.counts[outcome] += 1
        return outcome

    def mark_gone(self, url: str, owner: str | None, prune: bool = False) -> bool:
        """Hide the article of ``url`` from search (its page answered 404/410), or delete it with
        ``prune``. Returns False when no such article is indexed or it is already gone; raises
        :class:`NotOwned` when the article belongs to a source other than ``owner``."""
        doc_id = article_id(url)
        if doc_id not in self._known or (doc_id in self._gone and not prune):
            return False
        self._check_owner(doc_id, url, owner, "deleted" if prune else "hidden")
        if prune:
            self._queue(doc_id, None)
            self.counts["pruned"] += 1
            return True
        with self.index.searcher() as searcher:
            stored = searcher.document(id=doc_id)
        if stored is None:
            return False
        fields = article_to_fields(stored_to_article(stored), stored_owner(stored), stored_stamp(stored))
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
        """Write and commit the pending batch (a no-op when nothing changed).

        A batch that fails for a reason other than the disk is split and written in halves until
        the documents that cannot be written are alone; they are skipped and reported.
        """
        if not self._pending:
            return
        batch = list(self._pending.items())
        self._pending.clear()
        self._write_split(batch)
        if self.on_commit is not None:
            self.on_commit()

    def _write_split(self, batch: list[Pending]) -> None:
        try:
            self._write(batch)
        except (OSError, LockError):  # the disk or the index, not a record: smaller batches fail alike
            raise
        except Exception as exc:  # noqa: BLE001 - narrowed down to the record at fault below
            if len(batch) == 1:
                self._skip(batch[0], exc)
                return
            half = len(batch) // 2
            self._write_split(batch[:half])
            self._write_split(batch[half:])

    def _skip(self, item: Pending, exc: Exception) -> None:
        doc_id, fields = item
        url = fields["url"] if fields else doc_id
        self.counts["skipped"] += 1
        if fields is not None:
            self.counts["new" if doc_id not in self._known else "updated"] -= 1
        if doc_id not in self._known:  # its claim goes with it
            self._owners.pop(doc_id, None)
        if self.report is not None:
            self.report(f"{url}: cannot be indexed ({type(exc).__name__}: {exc}); skipped")

    def _write(self, batch: list[Pending]) -> None:
        writer = self.index.writer(limitmb=256, compound=False)
        try:
            for i in self._analysed_ahead(batch):
                doc_id, fields = batch[i]
                if fields is None:
                    writer.delete_by_term("id", doc_id)
                elif doc_id in self._known:
                    writer.update_document(**fields)
                else:
                    writer.add_document(**fields)
        except BaseException:
            _abandon(writer, self.index)
            raise
        try:
            writer.commit()
        except BaseException:
            _remove_uncommitted(self.index)
            raise
        self.commits += 1
        for doc_id, fields in batch:
            if fields is None:
                self._known.pop(doc_id, None)
                self._owners.pop(doc_id, None)
                self._gone.discard(doc_id)
            else:
                self._known[doc_id] = str(fields["content_hash"])

    def _analysed_ahead(self, pending: list[Pending]) -> Iterable[int]:
        """Positions in ``pending``, each once its Korean text is analysed (see
        :func:`search.analysis.analysed_ahead`: Kiwi's threads run ahead of this writer)."""
        if self.analyzer != "kiwi":
            return range(len(pending))
        return analysed_ahead([(str(f["title"]), str(f["body"])) if f else () for _, f in pending])

    def close(self) -> None:
        self.commit()


def _abandon(writer: IndexWriter, index: FileIndex) -> None:
    """Cancel a writer that failed and delete what it wrote. Cancelling can fail in turn (closing
    a segment on a full disk); the first error is the one to report, so that one is dropped."""
    with suppress(Exception):
        writer.cancel()
    _remove_uncommitted(index)


def _remove_uncommitted(index: FileIndex) -> None:
    """Delete the files a cancelled or failed commit left: segments the last table of contents
    does not list, and half-written tables of contents. Best effort: the error that got us here
    is the one to report."""
    storage = index.storage
    with suppress(OSError):
        toc = TOC.read(storage, INDEX_NAME, schema=index.schema)
        clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
        for name in list(storage):
            if _TEMP_TOC.match(name):
                storage.delete_file(name)
