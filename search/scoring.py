"""BM25F ranking over whole posting arrays: the query's match set and every match's score at once.

Whoosh's collector walks a tree of matchers posting by posting in Python; for the query shapes
the parser produces from ordinary searches (terms ORed across title and body, ANDed across words,
``NOT``/``-word``, quoted phrases) the same numbers come out of a few numpy operations over the
cached posting arrays of :mod:`search.postings`:

* a term scores ``idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * fl / avgfl))`` exactly as
  :class:`whoosh.scoring.BM25F` does (same idf, average length, quantised field length, and the
  weight ``tf`` already carrying the field's ``field_boost``); unscorable fields score their weight;
* ``Or`` adds its matching children's scores, ``And`` adds all of them, ``AndNot`` keeps its left
  side's, ``AndMaybe`` adds the optional side where it matches: Whoosh's union, intersection and
  exclusion matchers;
* a phrase's match set needs positions, so it comes from Whoosh's own matcher, once per segment
  (cached like postings), and scores the sum of its words' term scores, as Whoosh's span matcher does.

Prefixes and wildcards arrive as a bounded OR of terms (:class:`search.expansion.Expansion`).
Anything else (unexpanded patterns, fuzzy terms, ranges, boosts other than the parser's) returns
None and the engine falls back to Whoosh's collector, so results never depend on which path ran.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from search.deadline import Deadline
from search.expansion import Expansion
from search.postings import ArrayCache, field_lengths, read_postings, segment_key


class Unsupported(Exception):
    """A query node the vectorised path does not score like Whoosh; the caller falls back."""


@dataclass
class Scored:
    """A query's match set and scores over the searcher's document numbers (0 where unmatched)."""

    mask: np.ndarray  # bool
    scores: np.ndarray | None  # float64; None when only the match set was asked for


class FastScorer:
    """Evaluates supported queries with numpy; holds the posting cache shared by all searches."""

    def __init__(self, cache: ArrayCache | None = None) -> None:
        self.cache = cache or ArrayCache()

    def prepare(self, searcher: Searcher, fields: tuple[str, ...]) -> None:
        """Read every segment's field lengths now (a Python call per document: ~0.1 s per field at
        27k documents), so the first searches after a start or a commit do not pay it inside
        their time budget."""
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            seg = segment_key(reader)
            for fieldname in fields:
                if seg is not None and fieldname in searcher.schema and searcher.schema[fieldname].scorable:
                    self.cache.get(("lengths", seg, fieldname), lambda r=reader, f=fieldname: field_lengths(r, f))

    def weighted_sum(self, searcher: Searcher, fieldname: str, terms: list[tuple[str, float]], size: int) -> np.ndarray:
        """Every document's sum of ``weight * BM25F`` over the weighted terms of one field: what an
        OR of boosted terms scores, without a full-size array per term (related articles: 15 terms)."""
        scores = np.zeros(size, dtype=np.float64)
        evaluation = _Evaluation(searcher, self.cache, size, None, True)
        for text, weight in terms:
            for ids, values in evaluation.term_parts(fieldname, text):
                scores[ids] += weight * values
        return scores

    def evaluate(
        self, searcher: Searcher, query: wq.Query, size: int, deadline: Deadline | None = None, scored: bool = True
    ) -> Scored | None:
        """The query's matches and BM25F scores, or None when Whoosh must answer it. Terms met
        after ``deadline`` expired count as matching nothing (the caller reports a partial result).
        ``scored=False`` computes the match set alone (scores None): counting (timelines) needs no
        ranking, and skipping idf lookups and score arrays makes a 50-word expansion cheap."""
        if not isinstance(searcher.weighting, BM25F):
            return None
        try:
            return _Evaluation(searcher, self.cache, size, deadline, scored).node(query)
        except Unsupported:
            return None


class _Evaluation:
    def __init__(self, searcher: Searcher, cache: ArrayCache, size: int, deadline: Deadline | None,
                 scored: bool) -> None:
        self.searcher = searcher
        self.cache = cache
        self.size = size
        self.deadline = deadline
        self.scored = scored
        self.leaves = searcher.leaf_searchers()
        # What a term's scores depend on beyond its postings: the segments (document frequency,
        # average field length) and the document counts (idf; a deletion changes the live count).
        self.state = (tuple(segment_key(sub.reader()) for sub, _ in self.leaves),
                      searcher.doc_count_all(), searcher.doc_count())

    def _nothing(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float64) if self.scored else None)

    def node(self, query: wq.Query) -> Scored:
        kind = type(query)
        if kind is wq.Term:
            out = self.term(query.fieldname, query.text)
        elif kind is wq.Phrase:
            out = self.phrase(query)
        elif kind is Expansion and not query.subqueries:  # a pattern no index word matched
            out = self._nothing()
        elif kind in (wq.Or, wq.And, Expansion):
            if kind is not wq.And and (query.minmatch or query.scale):
                raise Unsupported(query)
            if kind is not wq.And and self.scored and _plain_terms(query.subqueries):
                return self._boosted(query, self.term_union(query.subqueries))
            parts = [self.node(child) for child in query.subqueries]
            if not parts:
                raise Unsupported(query)
            mask = parts[0].mask.copy()
            for part in parts[1:]:
                mask = mask & part.mask if kind is wq.And else mask | part.mask
            scores = None
            if self.scored:
                scores = _added([part.scores for part in parts])  # type: ignore[misc]
                if kind is wq.And:
                    scores[~mask] = 0.0
            out = Scored(mask, scores)
        elif kind is wq.AndNot:
            left, right = self.node(query.a), self.node(query.b)
            mask = left.mask & ~right.mask
            out = Scored(mask, np.where(mask, left.scores, 0.0) if self.scored else None)
        elif kind is wq.AndMaybe:
            left, right = self.node(query.a), self.node(query.b)
            out = Scored(left.mask, np.where(left.mask, left.scores + right.scores, 0.0) if self.scored else None)
        else:
            raise Unsupported(query)
        return self._boosted(query, out)

    @staticmethod
    def _boosted(query: wq.Query, out: Scored) -> Scored:
        boost = getattr(query, "boost", 1.0)
        if boost != 1.0 and out.scores is not None:
            out.scores *= boost
        return out

    def term_union(self, terms: list[wq.Term]) -> Scored:
        """An OR of unboosted terms (a word in title or body, a pattern's words), scored by adding
        each term's scores into one pair of arrays: the same sums, in the same order, as adding the
        terms' own full-size arrays (adding 0.0 changes no score), without allocating, filling
        and summing two full-size arrays per term."""
        out = self._nothing()
        for term in terms:
            if self.deadline is not None and self.deadline.expired():
                continue
            ids, values = self.term_scores(term.fieldname, term.text)
            out.mask[ids] = True
            out.scores[ids] += values  # type: ignore[index] - ids are unique within a term
        return out

    def term(self, fieldname: str, text: str) -> Scored:
        out = self._nothing()
        if self.deadline is not None and self.deadline.expired():
            return out
        if not self.scored:
            for ids in self.term_ids(fieldname, text):
                out.mask[ids] = True
            return out
        ids, values = self.term_scores(fieldname, text)
        out.mask[ids] = True
        out.scores[ids] = values  # type: ignore[index]
        return out

    def term_scores(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's matches (searcher-wide docnums) and BM25F scores over all segments, kept in
        the posting cache for this index state: the arithmetic over a common word's postings in
        every segment was most of a search's scoring time, and the same words come back."""
        key = ("bm25", self.state, fieldname, text)
        return self.cache.get(key, lambda: _joined(list(self.term_parts(fieldname, text))))  # type: ignore[return-value]

    def term_ids(self, fieldname: str, text: str) -> Iterator[np.ndarray]:
        """A term's matches segment by segment (searcher-wide docnums), without scoring them."""
        for _reader, _seg, offset, ids, _weights in self._postings(fieldname, text):
            yield ids + offset

    def _postings(self, fieldname: str, text: str) -> Iterator[tuple[object, str, int, np.ndarray, np.ndarray]]:
        """(reader, segment, docnum offset, ids, weights) of each segment holding the term."""
        if fieldname not in self.searcher.schema:
            return
        for sub, offset in self.leaves:
            reader = sub.reader()
            seg = segment_key(reader)
            if seg is None:
                continue
            ids, weights = self.cache.get(  # type: ignore[misc]
                ("postings", seg, fieldname, text), lambda r=reader: read_postings(r, fieldname, text)
            )
            if len(ids):
                yield reader, seg, offset, ids, weights

    def term_parts(self, fieldname: str, text: str) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """A term's matches and BM25F scores segment by segment: (searcher-wide docnums, scores)."""
        searcher = self.searcher
        if fieldname not in searcher.schema:
            return
        scorable = searcher.schema[fieldname].scorable
        weighting: BM25F = searcher.weighting  # type: ignore[assignment]
        k1, b = weighting.K1, weighting._field_B.get(fieldname, weighting.B)  # noqa: SLF001
        parts = list(self._postings(fieldname, text))
        if scorable and parts:  # only terms with postings (an empty index has no idf)
            idf = self._idf(fieldname, text, parts)
            avgfl = searcher.avg_field_length(fieldname) or 1
        for reader, seg, offset, ids, weights in parts:
            tf = weights.astype(np.float64)
            if scorable:
                lengths = self.cache.get(("lengths", seg, fieldname), lambda r=reader: field_lengths(r, fieldname))
                fl = lengths[ids]  # type: ignore[index]
                value = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
            else:
                value = tf
            yield ids + offset, value

    def _idf(self, fieldname: str, text: str, parts: list[tuple[object, str, int, np.ndarray, np.ndarray]]) -> float:
        """Whoosh's idf, ``log(N / (df + 1)) + 1`` (:meth:`whoosh.scoring.WeightingModel.idf`), with
        the document frequency counted from the postings just read: ``searcher.idf`` looks the term
        up again in every segment's term file, a tenth of a related-articles request's time. Whoosh
        counts deleted postings too, so a segment with deletions gives its term file's count (fixed
        for the segment's life, so cached like postings)."""
        df = sum(len(ids) for reader, _seg, _offset, ids, _weights in parts
                 if not reader.has_deletions())  # type: ignore[attr-defined]
        for sub, _offset in self.leaves:
            reader = sub.reader()
            seg = segment_key(reader)
            if seg is not None and reader.has_deletions():
                df += int(self.cache.get(  # type: ignore[call-overload]
                    ("df", seg, fieldname, text), lambda r=reader: r.doc_frequency(fieldname, text)))
        return math.log(self.searcher.doc_count_all() / (df + 1)) + 1

    def phrase(self, query: wq.Phrase) -> Scored:
        words = [str(w) for w in query.words]
        if len(words) == 1:
            return self.term(query.fieldname, words[0])
        mask = np.zeros(self.size, dtype=bool)
        key = repr(query)
        for sub, offset in self.leaves:
            seg = segment_key(sub.reader())
            if seg is None:
                continue

            def matches(sub: Searcher = sub) -> np.ndarray:
                matcher = query.matcher(sub, sub.boolean_context())
                return np.fromiter(matcher.all_ids(), dtype=np.int32)

            ids = self.cache.get(("phrase", seg, key), matches)
            mask[ids + offset] = True  # type: ignore[operator]
        if not self.scored:
            return Scored(mask, None)
        docs = np.flatnonzero(mask)
        scores = np.zeros(self.size, dtype=np.float64)
        scores[docs] = _added([self._scores_at(query.fieldname, w, docs) for w in words])
        return Scored(mask, scores)

    def _scores_at(self, fieldname: str, text: str, docs: np.ndarray) -> np.ndarray:
        """A term's scores at the documents ``docs`` (0 where it does not occur, or once the
        deadline passed): what its full-size score array holds there, looked up in its sorted
        matches rather than spread over an array of every document."""
        if self.deadline is not None and self.deadline.expired():
            return np.zeros(len(docs), dtype=np.float64)
        ids, values = self.term_scores(fieldname, text)
        if not len(ids):
            return np.zeros(len(docs), dtype=np.float64)
        at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        return np.where(ids[at] == docs, values[at], 0.0)


def _plain_terms(queries: list[wq.Query]) -> bool:
    """True for a non-empty list of terms without boosts of their own."""
    return bool(queries) and all(type(q) is wq.Term and q.boost == 1.0 for q in queries)


def _added(arrays: list[np.ndarray]) -> np.ndarray:
    """The element-wise sum of ``arrays`` in order, into a new array: the same numbers as
    ``np.sum(arrays, axis=0)`` (which also adds row after row) without first copying them all
    into one two-dimensional array."""
    out = arrays[0].copy()
    for array in arrays[1:]:
        out += array
    return out


def _joined(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Per-segment (ids, scores) as one pair of arrays."""
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    if len(parts) == 1:
        return parts[0]
    return np.concatenate([ids for ids, _ in parts]), np.concatenate([values for _, values in parts])


def top_scored(scores: np.ndarray, selected: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The ``count`` best selected documents as (docnum, score), score descending then docnum
    ascending (Whoosh's order), without sorting every match."""
    docs, values = top_arrays(scores, selected, count)
    return list(zip(docs.tolist(), values.tolist(), strict=True))


def top_arrays(scores: np.ndarray, selected: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`top_scored` as two arrays (docnums, scores), for callers that go on computing with them."""
    docs = np.flatnonzero(selected)
    if not len(docs) or count <= 0:
        return docs[:0], scores[:0]
    values = scores[docs]
    if len(docs) > count:
        cut = np.partition(values, len(values) - count)[len(values) - count]
        keep = values >= cut
        docs, values = docs[keep], values[keep]
    order = np.lexsort((docs, -values))[:count]
    return docs[order], values[order]
