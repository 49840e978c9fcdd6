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

from whoosh import query as wq

from search.analysis import has_hangul
from search.deadline import Deadline

MAX_EXPANSIONS = 50  # words one pattern may stand for in one field (Elasticsearch's default)
MAX_CLAUSES = 256  # words a whole query may search, expansions included (each costs ~0.3 ms of postings)
MAX_SCAN = 4_000  # dictionary entries read for one pattern in one field (~15 µs each from Whoosh's files)
MAX_SCAN_TOTAL = 12_000  # ... and for the whole query
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
    deadline: Deadline | None = None
    notes: list[str] = field(default_factory=list)

    def scan_left(self) -> int:
        """Dictionary entries the next pattern may read: none once the request's time is spent."""
        if self.deadline is not None and self.deadline.expired():
            return 0
        return min(MAX_SCAN, self.scan)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def bound_query(query: wq.Query, reader: object, deadline: Deadline | None = None) -> tuple[wq.Query, list[str]]:
    """``query`` with every prefix/wildcard replaced by at most a bounded OR of real index words,
    and notes saying what was cut or ignored. Once the query's scanning allowance or ``deadline``
    is spent, further patterns take their first words in dictionary order instead of the commonest."""
    budget = _Budget(deadline=deadline)
    budget.clauses -= sum(1 for node in query.leaves() if not isinstance(node, wq.PatternQuery))
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
    """The most common index words of ``fieldname`` matching ``pattern`` (doc frequency, then
    alphabetical), within the per-pattern and whole-query budgets."""
    limit = min(MAX_EXPANSIONS, max(budget.clauses, 0))
    matcher = None if pattern == literal + "*" else re.compile(fnmatch.translate(pattern)).match
    allowance = budget.scan_left()
    if not allowance:
        return _first_terms(reader, fieldname, literal, matcher, limit, written, budget)
    best: list[tuple[int, str]] = []
    matched = scanned = 0
    try:
        entries = reader.iter_prefix(fieldname, literal)  # type: ignore[attr-defined]
        for raw, info in entries:
            scanned += 1
            if scanned > allowance or (scanned % _CHECK_EVERY == 0 and budget.deadline and budget.deadline.expired()):
                budget.note(f"{written!r} matches too many words: searched the commonest of the first {scanned - 1:,}")
                break
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if matcher is not None and not matcher(text):
                continue
            matched += 1
            item = (info.doc_frequency(), text)
            if len(best) < limit:
                heapq.heappush(best, item)
            elif limit and item > best[0]:
                heapq.heapreplace(best, item)
    except (KeyError, ValueError):  # a field without a term dictionary (empty index)
        return []
    if matched > limit:
        if limit < MAX_EXPANSIONS:
            budget.note(f"{written!r}: the query reached its limit of {MAX_CLAUSES} searched words")
        else:
            budget.note(f"{written!r} matches more than {limit} words: searched the {limit} most common")
    budget.clauses -= len(best)
    budget.scan -= scanned
    return [text for _, text in sorted(best, key=lambda item: (-item[0], item[1]))]


def _first_terms(
    reader: object, fieldname: str, literal: str, matcher: object, limit: int, written: str, budget: _Budget
) -> list[str]:
    """The first matching words in dictionary order: no term statistics read, for when the
    query has used its scanning allowance or time."""
    out: list[str] = []
    try:
        for scanned, raw in enumerate(reader.expand_prefix(fieldname, literal), 1):  # type: ignore[attr-defined]
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if len(out) >= limit or scanned > MAX_SCAN:
                break
            if matcher is None or matcher(text):  # type: ignore[operator]
                out.append(text)
    except (KeyError, ValueError):
        return []
    budget.note(f"{written!r}: the query used its allowance for patterns (searched the first words in order)")
    budget.clauses -= len(out)
    return out
