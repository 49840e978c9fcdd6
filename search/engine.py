"""The search engine: one long-lived :class:`Archive` per process answers :class:`SearchRequest`s.

Opening a Whoosh searcher costs tens of milliseconds and megabytes at archive scale, so the archive
keeps one open, checks cheaply (at most every ``refresh_interval`` seconds) whether the live
generation or its latest commit changed, and refreshes only then. Per-request work is the query
itself, numpy masks for filters and facets (see :mod:`search.columns`), and highlighting of the
rendered hits only.
"""

from __future__ import annotations

import contextlib
import pickle
import struct
import threading
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.index import FileIndex
from whoosh.reading import ReaderClosed
from whoosh.searching import Searcher

from search.article import Article
from search.cache import ResultCache, default_size
from search.columns import Columns, ColumnStore
from search.deadline import Deadline, default_budget
from search.expansion import bound_query, min_prefix
from search.facets import compute_facets, value_counts
from search.filters import combine, filter_masks
from search.highlight import highlight_title, snippet
from search.models import ArchiveStats, Facet, Hit, MonthCounts, RelatedArticles, SearchRequest, SearchResult
from search.query import SEARCH_FIELDS, ParsedQuery, parse_query, query_terms
from search.related import find_related
from search.revisions import History, read_history
from search.schema import split_stored, stored_to_article
from search.scoring import FastScorer, top_arrays
from search.settings import env_zone
from search.storage import IndexCorrupt, IndexMissing, analyzer_of, current_generation, directory_size, open_live
from search.suggest import SUGGEST_BELOW, Suggester

# What reading a damaged index raises (a truncated table of contents, term file or stored column,
# a broken metadata file): answered as IndexCorrupt, a 503, instead of an arbitrary 500.
_CORRUPTION = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, ValueError, KeyError, IndexError)
RECENCY_WEIGHT = 0.15  # at most +15 % for an article published today
RECENCY_HALF_LIFE_DAYS = 365.0
RERANK_POOL = 200


@dataclass(slots=True)
class _Matched:
    """What a request matches before ranking: the query's own mask (``matched``, no filters), the
    filter masks per facet, and ``selected``, the documents the search answers."""

    empty: bool  # the query text is empty: every document matches
    query: wq.Query
    ignored: list[str]
    matched: np.ndarray
    scores: np.ndarray | None
    masks: dict[str, np.ndarray]
    selected: np.ndarray


def display_zone() -> ZoneInfo:
    """The archive's display time zone: ``NEWSARCHIVE_TZ`` or Asia/Seoul."""
    return env_zone("NEWSARCHIVE_TZ", "Asia/Seoul")


def _generation_label(generation: str, commit: int | None) -> str:
    """``gen-000001.3``: the live generation and its commit (no commit yet: the generation alone)."""
    return generation if commit is None else f"{generation}.{commit}"


class Archive:
    """A read-only view of the live index generation, safe to share between threads."""

    def __init__(
        self,
        root: Path,
        refresh_interval: float = 0.2,
        result_cache: int | None = None,
        budget: float | None = None,
    ) -> None:
        self.root = Path(root)
        self.budget = default_budget() if budget is None else budget
        self.refresh_interval = refresh_interval
        self.tz = display_zone()
        self._lock = threading.Lock()
        self._use = threading.RLock()
        self._generation: str | None = None
        self._index: FileIndex | None = None
        self._searcher: Searcher | None = None
        self._store = ColumnStore(self.tz)
        self._scorer = FastScorer()  # posting arrays per segment, kept across refreshes
        self._results = ResultCache(default_size() if result_cache is None else result_cache)
        self._suggester = Suggester()  # the spelling vocabulary, kept across refreshes
        self._checked = 0.0
        self.analyzer = "kiwi"

    # -- opening and refreshing ------------------------------------------------------------
    def _open(self) -> None:
        generation, index = open_live(self.root)
        old = self._searcher
        self._index, self._generation = index, generation
        self.analyzer = analyzer_of(self.root / generation)
        self._searcher = index.searcher()
        self._store = ColumnStore(self.tz)
        if old is not None:
            old.close()

    def searcher(self) -> Searcher:
        """The shared searcher, refreshed when the live generation or its commit changed."""
        now = time.monotonic()
        if self._searcher is not None and now - self._checked < self.refresh_interval:
            return self._searcher
        with self._lock:
            self._checked = now
            if self._searcher is None or current_generation(self.root) != self._generation:
                self._open()
            elif not self._searcher.up_to_date():
                # Not Searcher.refresh(): whoosh3 3.54's reader reuse keeps the segments a merge
                # replaced, so a refreshed searcher counted their documents twice (45 documents
                # answered as 85 after a few merging commits). Opening costs ~1 ms without compound files.
                old, self._searcher = self._searcher, self._index.searcher()  # type: ignore[union-attr]
                old.close()
            assert self._searcher is not None
            return self._searcher

    def _retrying(self, func):  # noqa: ANN001, ANN202 - internal helper around reader races
        """Run ``func(searcher)``; reopen once if a refresh raced a commit (``ReaderClosed``).

        Whoosh readers share file handles and caches and are not safe across threads (a threaded
        server saw zlib and unpickling errors), so calls are serialised per process. gunicorn's
        sync workers are single-threaded, so this costs them nothing.
        """
        with self._use:
            try:
                try:
                    return func(self.searcher())
                except ReaderClosed:
                    with self._lock:
                        self._open()
                    return func(self.searcher())
            except IndexMissing:
                raise
            except _CORRUPTION as exc:
                self._forget()  # the next request opens the index afresh (it may have been repaired)
                raise IndexCorrupt(f"the index cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from exc

    def _forget(self) -> None:
        with self._lock:
            old, self._searcher, self._generation = self._searcher, None, None
            if old is not None:
                with contextlib.suppress(Exception):  # closing a broken reader may fail again; it is dropped
                    old.close()

    @property
    def generation(self) -> str:
        return self._retrying(lambda _searcher: self._generation or "")

    # -- reading -------------------------------------------------------------------------------
    def stats(self) -> ArchiveStats:
        def run(searcher: Searcher) -> ArchiveStats:
            gen_dir = self.root / (self._generation or "")
            return ArchiveStats(
                documents=searcher.doc_count(),
                generation=_generation_label(self._generation or "", searcher.reader().generation()),
                last_modified=datetime.fromtimestamp(self._index.last_modified(), self.tz)  # type: ignore[union-attr]
                if searcher.doc_count_all()
                else None,
                size_bytes=directory_size(gen_dir),
                analyzer=self.analyzer,
            )

        return self._retrying(run)

    def check(self) -> ArchiveStats:
        """The archive's stats after reading what every search reads (the table of contents, the
        stored fields of its first and last documents, the columns searches filter on), past every
        cache: for health checks, so an index whose files are damaged is reported, not only a
        missing one. Raises :class:`IndexUnavailable` (missing or corrupt)."""

        def run(searcher: Searcher) -> None:
            reader = searcher.reader()
            last = reader.doc_count_all() - 1
            for doc in {next(iter(reader.all_doc_ids()), None), last}:
                if doc is not None and doc >= 0 and not reader.is_deleted(doc):
                    searcher.stored_fields(doc)
            self._store.for_readers(reader.leaf_readers())

        self._retrying(run)
        return self.stats()

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or None."""

        def run(searcher: Searcher) -> Article | None:
            stored = searcher.document(id=article_id)
            return stored_to_article(stored) if stored else None

        return self._retrying(run)

    def history(self, article_id: str) -> History:
        """The article's revisions and its removal at the source, from the page catalogue (not the
        index: they outlive a pruned document and are what ``rebuild`` keeps)."""
        return read_history(self.root, article_id)

    def version_tag(self) -> str:
        """Changes whenever what searches see changes: for ETags and caches."""
        return self._retrying(lambda s: f"{self._generation}.{s.reader().generation()}.{s.doc_count_all()}")

    # -- searching -----------------------------------------------------------------------------
    def search(self, request: SearchRequest, budget: float | None = None) -> SearchResult:
        """Answer a request; never raises for any request the params layer accepts.

        ``budget`` (seconds, default the archive's) bounds the work: past it the result comes back
        with what was done and ``partial`` set (see :mod:`search.deadline`).
        """
        deadline = Deadline(self.budget if budget is None else budget)
        return self._retrying(lambda s: self._cached_search(s, request, deadline))

    def _cached_search(self, searcher: Searcher, request: SearchRequest, deadline: Deadline) -> SearchResult:
        """Answer from the result cache when this index state already answered this request.
        Partial results are not kept: the next try may have the time to finish; nor is an answer
        that may want "did you mean" while the spelling vocabulary is still being built: the next
        try may have it."""
        started = time.perf_counter()
        key = (self._generation, searcher.reader().generation(), searcher.doc_count_all(), request)
        found = self._results.get(key)
        if found is not None:
            return replace(found, took_ms=round((time.perf_counter() - started) * 1000, 2), cached=True)
        result = self._search(searcher, request, deadline)
        awaiting_spelling = result.total < SUGGEST_BELOW and self._suggester.pending
        if not result.partial and not awaiting_spelling:
            self._results.put(key, result)
        return result

    def _match(
        self, searcher: Searcher, request: SearchRequest, parsed: ParsedQuery, columns: Columns, deadline: Deadline,
        scored: bool = True,
    ) -> _Matched:
        """The query's match set (gone documents left out) and the request's filter masks: the
        first step of a search, shared with :meth:`month_counts` so a timeline counts exactly the
        documents a search finds. Parsing (Kiwi's first use loads its model) and the columns
        (built once per segment) come before, outside the request's budget."""
        ignored = list(parsed.ignored)
        query = parsed.query
        matched = np.zeros(columns.size, dtype=bool)
        scores: np.ndarray | None = None
        if parsed.empty:
            matched = _live(searcher, columns.size)
        elif not isinstance(query, type(wq.NullQuery)):
            query, notes = bound_query(query, searcher.reader(), deadline, self._scorer.cache)
            ignored.extend(notes)
            fast = self._scorer.evaluate(searcher, query, columns.size, deadline, scored)
            if fast is not None:
                matched, scores = fast.mask, fast.scores
            else:
                _collect_ids(query.matcher(searcher, searcher.boolean_context()), matched, deadline)
        matched &= ~columns.gone
        masks = filter_masks(request, columns, self._store)
        final = combine(masks, columns.size)
        selected = matched if final is None else matched & final
        return _Matched(parsed.empty, query, ignored, matched, scores, masks, selected)

    def _search(self, searcher: Searcher, request: SearchRequest, deadline: Deadline) -> SearchResult:
        started = time.perf_counter()
        parsed = parse_query(request.q, self.analyzer)
        columns = self._store.for_readers(searcher.reader().leaf_readers())
        self._scorer.prepare(searcher, SEARCH_FIELDS)
        deadline.start()
        found = self._match(searcher, request, parsed, columns, deadline)
        query, ignored, matched, selected = found.query, found.ignored, found.matched, found.selected
        masks, scores, empty = found.masks, found.scores, found.empty
        total = int(selected.sum())
        offset = (request.page - 1) * request.per_page
        ranked = self._rank(searcher, request, query, empty, selected, columns, offset, scores, deadline)
        terms, prefixes = query_terms(query) if not empty else (set(), set())
        hits = tuple(
            self._hit(searcher, doc, score, request, terms, prefixes, plain=deadline.expired()) for doc, score in ranked
        )
        facets = {}
        if request.facets and not deadline.expired():
            facets = compute_facets(request, matched, masks, columns, self._store)
        suggestion = None
        if total < SUGGEST_BELOW and not empty and not deadline.expired():
            suggestion = self._suggester.suggest(searcher, self.analyzer, request.q, terms)
        if deadline.expired():
            ignored.append("time limit reached: results may be incomplete")
        return SearchResult(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            suggestion=suggestion,
            ignored=tuple(ignored),
            generation=self._generation or "",
            partial=deadline.tripped,
        )

    def month_counts(self, requests: Sequence[SearchRequest], budget: float | None = None) -> list[MonthCounts]:
        """Each request's results per calendar month of the display zone (every filter applied, the
        date range included), counted exactly as :meth:`search` selects them: for timelines
        (:mod:`search.timeline`). One searcher answers all requests, so the counts are of one
        index state; ``budget`` (seconds, default the archive's) covers them all, and requests
        met after it ran out match nothing and are marked partial."""
        deadline = Deadline(self.budget if budget is None else budget)

        def run(searcher: Searcher) -> list[MonthCounts]:
            parsed = [parse_query(request.q, self.analyzer) for request in requests]
            columns = self._store.for_readers(searcher.reader().leaf_readers())
            self._scorer.prepare(searcher, SEARCH_FIELDS)
            deadline.start()
            out = []
            for request, query in zip(requests, parsed, strict=True):
                if deadline.expired():
                    out.append(MonthCounts({}, 0, 0, ("time limit reached: not counted",), partial=True))
                    continue
                found = self._match(searcher, request, query, columns, deadline, scored=False)
                months = value_counts(columns, "month", found.selected)
                nonzero = np.flatnonzero(months)
                total = int(found.selected.sum())
                dated = dict(zip(nonzero.tolist(), months[nonzero].tolist(), strict=True))
                out.append(MonthCounts(dated, total - sum(dated.values()), total, tuple(found.ignored),
                                       partial=deadline.tripped))
            return out

        return self._retrying(run)

    def _rank(
        self,
        searcher: Searcher,
        request: SearchRequest,
        query: wq.Query,
        empty: bool,
        selected: np.ndarray,
        columns: Columns,
        offset: int,
        scores: np.ndarray | None,
        deadline: Deadline,
    ) -> list[tuple[int, float]]:
        """One page of (docnum, score); ``scores`` (every document's BM25F, from
        :mod:`search.scoring`) replaces Whoosh's collector when given."""
        end = offset + request.per_page
        if not selected.any():
            # Also Whoosh's collector takes an empty ``filter`` set for no filter at all.
            return []
        if request.sort != "relevance" or empty:
            docs = np.flatnonzero(selected)
            ts = columns.ts[docs]
            if request.sort == "changed":
                order = np.lexsort((docs, -columns.changed[docs]))
                return [(int(docs[i]), 0.0) for i in order[offset:end]]
            if request.sort == "oldest":
                order = np.lexsort((docs, np.where(ts < 0, np.iinfo(np.int64).max, ts)))
            else:
                order = np.lexsort((docs, -ts))
            return [(int(docs[i]), 0.0) for i in order[offset:end]]
        pool = max(RERANK_POOL, end) if request.recency else end
        if scores is not None:
            docs, values = top_arrays(scores, selected, pool)
        else:
            scored = _collect_top(searcher, query, pool, selected, deadline)
            docs = np.array([doc for doc, _ in scored], dtype=np.int64)
            values = np.array([score for _, score in scored], dtype=np.float64)
        if request.recency and len(docs):
            # Vectorised over the 200-document pool, kept as arrays: only the page becomes Python objects.
            stamps = columns.ts[docs]
            age = np.where(stamps >= 0, np.maximum(0.0, (time.time() - stamps) / 86400), np.inf)
            values = values * (1 + RECENCY_WEIGHT * (0.5 ** (age / RECENCY_HALF_LIFE_DAYS)))
            order = np.lexsort((docs, -values))
            docs, values = docs[order], values[order]
        return list(zip(docs[offset:end].tolist(), values[offset:end].tolist(), strict=True))

    def _hit(
        self,
        searcher: Searcher,
        doc: int,
        score: float,
        request: SearchRequest,
        terms: set[str],
        prefixes: set[str],
        plain: bool = False,
    ) -> Hit:
        """One result row; ``plain`` (the budget is spent) writes the opening lines unmarked."""
        stored = searcher.stored_fields(doc)
        title = stored.get("title") or ""
        body = stored.get("body") or ""
        if request.highlight and plain:
            title_html, snippet_html = escape(title), snippet(body, self.analyzer, set(), set())
        elif request.highlight:
            title_html = highlight_title(title, self.analyzer, terms, prefixes)
            snippet_html = snippet(body, self.analyzer, terms, prefixes)
        else:
            title_html = snippet_html = ""
        iso = stored.get("published_iso")
        return Hit(
            id=stored["id"],
            url=stored["url"],
            title=title,
            title_html=title_html,
            snippet_html=snippet_html,
            published=datetime.fromisoformat(iso) if iso else None,
            author=stored.get("author") or None,
            category=stored.get("category_path") or None,
            tags=tuple(split_stored(stored.get("tags"))),
            site=stored.get("site") or None,
            lang=stored.get("lang") or None,
            score=round(score, 4),
            revisions=int(stored.get("revisions") or 0),
            changed=_moment(stored.get("changed"), self.tz),
        )

    def related(self, article_id: str, limit: int = 5) -> RelatedArticles:
        """Articles most like this one (see :mod:`search.related`), and copies of it at other URLs."""

        def run(searcher: Searcher) -> RelatedArticles:
            docnum = searcher.document_number(id=article_id)
            if docnum is None:
                return RelatedArticles(())
            columns = self._store.for_readers(searcher.reader().leaf_readers())
            frequencies = self._suggester.frequencies(searcher)
            found = find_related(searcher, self._scorer, docnum, columns.gone, limit, frequencies)
            plain = SearchRequest(highlight=False)
            return RelatedArticles(
                hits=tuple(self._hit(searcher, doc, score, plain, set(), set()) for doc, score in found.related),
                copies=tuple(self._hit(searcher, doc, 0.0, plain, set(), set()) for doc in found.copies),
            )

        return self._retrying(run)

    def prepare(self, wait: bool = True) -> None:
        """Build now what the first requests would otherwise build: the spelling vocabulary (seconds
        at archive scale; until it exists suggestions are skipped and related articles look up
        document frequencies on disk). ``wait=False`` starts the build on a thread of its own and
        returns: a server worker calls it as it starts, so its first typo already gets an answer."""
        self._retrying(lambda searcher: self._suggester.index(searcher, wait=wait))

    def facet_values(
        self, name: str, prefix: str = "", limit: int = 50, request: SearchRequest | None = None
    ) -> Facet:
        """Values of one facet with counts (over ``request``'s results, or the whole archive),
        filtered to those starting with ``prefix`` (case-insensitive): for tag pages and
        autocomplete."""
        base = request or SearchRequest()
        result = self.search(replace(base, facets=((name, 1_000_000),), per_page=1, highlight=False))
        facet = result.facets[name]
        key = prefix.casefold()
        values = tuple(v for v in facet.values if v.value.casefold().startswith(key))
        return Facet(name, values[:limit], other=sum(v.count for v in values[limit:]))

    def complete(self, prefix: str, limit: int = 8) -> list[tuple[str, str]]:
        """Completions for a partial query: matching tags first, then titles containing a word that
        starts with the last word typed. Returns ``(text, kind)`` pairs, kind ``tag`` or ``title``."""
        prefix = " ".join(prefix.split())
        if not prefix:
            return []
        out: list[tuple[str, str]] = []
        for value in self.facet_values("tags", prefix, limit).values:
            out.append((value.value, "tag"))
        last = prefix.split()[-1].lower()

        def titles(searcher: Searcher) -> list[str]:
            if len(last) < min_prefix(last):
                return []
            query, _notes = bound_query(wq.Prefix("title", last), searcher.reader(), cache=self._scorer.cache)
            hits = searcher.search(query, limit=limit)
            return [hit["title"] for hit in hits]

        seen = {text.casefold() for text, _ in out}
        for title in self._retrying(titles):
            if title.casefold() not in seen and len(out) < limit:
                seen.add(title.casefold())
                out.append((title, "title"))
        return out[:limit]

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None


def _live(searcher: Searcher, size: int) -> np.ndarray:
    """Every document not deleted, from each segment's set of deletions: Whoosh's
    ``all_doc_ids()`` asks each of the 27k documents in Python (~10 ms a call on an idle machine,
    the bulk of an empty search and of a timeline's count of all articles)."""
    mask = np.ones(size, dtype=bool)
    for reader, offset in searcher.reader().leaf_readers():
        if reader.segment() is not None and reader.has_deletions():
            deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int64)
            mask[offset + deleted] = False
    return mask


def _moment(stamp: int | None, tz: ZoneInfo) -> datetime | None:
    return datetime.fromtimestamp(stamp, tz) if stamp is not None and stamp >= 0 else None


def _collect_ids(matcher: object, matched: np.ndarray, deadline: Deadline) -> None:
    """Mark the documents ``matcher`` matches, stopping when the budget is spent."""
    ids: list[int] = []
    for count, doc in enumerate(matcher.all_ids(), 1):  # type: ignore[attr-defined]
        ids.append(doc)
        if count % 4096 == 0 and deadline.expired():
            break
    matched[np.array(ids, dtype=np.int64)] = True


def _collect_top(
    searcher: Searcher, query: wq.Query, pool: int, selected: np.ndarray, deadline: Deadline
) -> list[tuple[int, float]]:
    """Whoosh's collector for queries the numpy scorer does not take, within the time left."""
    allowed = None if selected.all() else set(np.flatnonzero(selected).tolist())
    collector = TimeLimitCollector(
        searcher.collector(limit=pool, filter=allowed), timelimit=max(deadline.remaining(), 0.01), use_alarm=False
    )
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        deadline.tripped = True
    return [(hit.docnum, float(hit.score or 0.0)) for hit in collector.results()]
