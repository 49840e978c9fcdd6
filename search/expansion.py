"""Bounded expansion of prefix and wildcard terms, before any posting is read.

Whoosh expands ``국*`` into every indexed word starting with 국 (about 4,800 per field on the
5,906 petitions) and ORs them, so one short prefix cost seconds and a query of 64 of them minutes.
Like Elasticsearch (``max_expansions``, ``indices.query.bool.max_clause_count``), a query here
searches at most :data:`MAX_EXPANSIONS` words per pattern and field, the most common ones, and at
most :data:`MAX_CLAUSES` words in all; a pattern needs a literal start (:func:`min_prefix`), and a
leading wildcard is dropped rather than scanning the whole dictionary. Every cut is reported in
words a reader understands, like the parser's other repairs.

The result is an ordinary OR of terms (:class:`Expansion`), which :mod:`search.scoring` ranks with
numpy, so a pattern no longer sends the whole query to Whoosh's slower collector.
"""

from __future__ import annotations

import fnmatch
import heapq
import re
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from search.analysis import has_hangul
from search.deadline import Deadline
from search.lexicon import prefix_run
from search.postings import ArrayCache, segment_key

MAX_EXPANSIONS = 50  # words one pattern may stand for in one field (Elasticsearch's default)
MAX_CLAUSES = 256  # words a whole query may search, expansions included (each costs ~0.3 ms of postings)
MAX_SCAN = 3_000  # dictionary entries read for one pattern in one field (~15 µs each from Whoosh's files)
MAX_SCAN_TOTAL = 8_000  # ... and for the whole query (~120 ms on an idle core)
_CHECK_EVERY = 512  # entries between looks at the request's deadline
_WILDCARDS = re.compile(r"[*?]")


def min_prefix(literal: str) -> int:
    """Characters a pattern must start with: one Hangul syllable carries as much as two letters."""
    return 1 if has_hangul(literal[:1]) else 2


class Expansion(wq.Or):
    """The words a prefix or wildcard stood for; ``prefix`` is its literal start, for highlighting."""

    def __init__(self, terms: list[wq.Query], prefix: str, boost: float = 1.0) -> None:
        super().__init__(terms, boost=boost)
        self.prefix = prefix


@dataclass
class _Budget:
    clauses: int = MAX_CLAUSES
    scan: int = MAX_SCAN_TOTAL
    patterns: int = 0  # patterns (per field) still to expand
    deadline: Deadline | None = None
    cache: ArrayCache | None = None
    notes: list[str] = field(default_factory=list)

    def expired(self) -> bool:
        return self.deadline is not None and self.deadline.expired()

    def scan_left(self) -> int:
        """Dictionary entries the next pattern may read: its fair share of what the query has left
        (so 64 patterns each get some), none once the request's time is spent."""
        if self.expired():
            return 0
        return min(MAX_SCAN, self.scan // max(1, self.patterns))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def bound_query(
    query: wq.Query, reader: object, deadline: Deadline | None = None, cache: ArrayCache | None = None
) -> tuple[wq.Query, list[str]]:
    """``query`` with every prefix/wildcard replaced by at most a bounded OR of real index words,
    and notes saying what was cut or ignored. Once the query's scanning allowance or ``deadline``
    is spent, further patterns are not searched (and say so). ``cache`` keeps each segment's
    dictionary run for a literal start (segments never change), so a pattern asked again, or by
    the five queries of a timeline and the search after it, reads no dictionary entry."""
    budget = _Budget(deadline=deadline, cache=cache)
    leaves = list(query.leaves()) if not query.is_leaf() else [query]
    budget.clauses -= sum(1 for node in leaves if not isinstance(node, wq.PatternQuery))
    budget.patterns = sum(1 for node in leaves if isinstance(node, wq.PatternQuery))
    return _rewrite(query, reader, budget), budget.notes


def _rewrite(node: wq.Query, reader: object, budget: _Budget) -> wq.Query:
    if isinstance(node, wq.PatternQuery):  # Prefix, Wildcard, Regex
        return _expand(node, reader, budget)
    if isinstance(node, wq.ExpandingTerm):  # fuzzy terms and variations expand without a bound
        budget.note(f"{node.text}~ (searched as written)")
        return wq.Term(node.fieldname, node.text, boost=node.boost)
    if node.is_leaf():
        return node
    return node.apply(lambda child: _rewrite(child, reader, budget))


def _pattern_text(node: wq.PatternQuery) -> str:
    text = node.text if isinstance(node.text, str) else node.text.decode("utf-8")
    return text + "*" if isinstance(node, wq.Prefix) else text


def _expand(node: wq.PatternQuery, reader: object, budget: _Budget) -> wq.Query:
    written = _pattern_text(node)
    if isinstance(node, wq.Regex):
        budget.note(f"regular expression {written!r} (not supported)")
        return Expansion([], "", node.boost)
    pattern = written.lstrip("*?")
    if pattern != written:
        budget.note(f"leading wildcard in {written!r} (searched {pattern!r})" if pattern else f"{written!r} on its own")
    literal = _WILDCARDS.split(pattern, maxsplit=1)[0]
    if len(literal) < min_prefix(literal):
        if literal:
            need = min_prefix(literal)
            budget.note(f"{written!r} needs at least {need} letters before * or ? (searched {literal!r})")
            return wq.Term(node.fieldname, literal, boost=node.boost)
        return Expansion([], "", node.boost)
    terms = _top_terms(reader, node.fieldname, literal, pattern, written, budget)
    return Expansion([wq.Term(node.fieldname, t, boost=node.boost) for t in terms], literal, node.boost)


def _top_terms(reader: object, fieldname: str, literal: str, pattern: str, written: str, budget: _Budget) -> list[str]:
    """The most common index words of ``fieldname`` matching ``pattern`` (doc frequency summed over
    segments, then alphabetical), within the per-pattern and whole-query budgets.

    Segments are read one by one: Whoosh's multi-segment reader looks every term up in every
    segment to merge them, which made a cheap prefix scan cost 5 ms per pattern."""
    limit = min(MAX_EXPANSIONS, max(budget.clauses, 0))
    allowance = budget.scan_left()
    budget.patterns -= 1
    if not allowance or not limit:
        budget.note(f"{written!r}: the query used its allowance for patterns (not searched)")
        return []
    matcher = None if pattern == literal + "*" else re.compile(fnmatch.translate(pattern)).match
    frequencies: dict[str, int] = {}
    scanned = 0
    cut = False
    for leaf, _offset in reader.leaf_readers():  # type: ignore[attr-defined]
        run = _run(leaf, fieldname, literal, budget)
        if run is None:  # the deadline passed while reading the dictionary
            cut = True
        else:
            texts, counts = run
            room = allowance - scanned
            cut = len(texts) > room
            scanned += min(len(texts), room + 1)
            for text, count in zip(texts[:room], counts[:room].tolist(), strict=True):
                if matcher is None or matcher(text):
                    frequencies[text] = frequencies.get(text, 0) + count
        if cut:
            budget.note(f"{written!r} matches too many words: searched the commonest of the first {scanned - 1:,}")
            break
    best = heapq.nsmallest(limit, frequencies.items(), key=lambda item: (-item[1], item[0]))
    if len(frequencies) > limit:
        if limit < MAX_EXPANSIONS:
            budget.note(f"{written!r}: the query reached its limit of {MAX_CLAUSES} searched words")
        else:
            budget.note(f"{written!r} matches more than {limit} words: searched the {limit} most common")
    budget.clauses -= len(best)
    budget.scan -= scanned
    return [text for text, _ in best]


def _run(leaf: object, fieldname: str, literal: str, budget: _Budget) -> tuple[tuple[str, ...], np.ndarray] | None:
    """One segment's dictionary words starting with ``literal`` and their document frequencies, in
    dictionary order: at most ``MAX_SCAN + 1`` of them (one more than any pattern may read, so a
    cut is seen). Kept in ``budget.cache`` per segment; None when the deadline passed mid-read."""
    seg = segment_key(leaf)
    if budget.cache is None or seg is None:
        return _read_run(leaf, fieldname, literal, budget)
    key = ("prefix", seg, fieldname, literal)
    found = budget.cache.peek(key)
    if found is not None:
        return found  # type: ignore[return-value]
    run = _read_run(leaf, fieldname, literal, budget)
    if run is not None:
        budget.cache.put(key, run)
    return run


def _read_run(leaf: object, fieldname: str, literal: str, budget: _Budget) -> tuple[tuple[str, ...], np.ndarray] | None:
    fast = prefix_run(leaf, fieldname, literal, MAX_SCAN + 1)
    if fast is not None:
        return tuple(fast[0]), np.array(fast[1], dtype=np.int64)
    texts: list[str] = []
    counts: list[int] = []
    try:
        for raw, info in leaf.iter_prefix(fieldname, literal):  # type: ignore[attr-defined]
            if len(texts) > MAX_SCAN:
                break
            if len(texts) % _CHECK_EVERY == _CHECK_EVERY - 1 and budget.expired():
                return None
            texts.append(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
            counts.append(info.doc_frequency())
    except (KeyError, ValueError):  # a segment without this field's term dictionary
        pass
    return tuple(texts), np.array(counts, dtype=np.int64)
