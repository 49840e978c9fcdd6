"""Related articles and other copies of an article, from its key terms kept at index time.

An article's key terms come from its body's term vector (term frequencies stored per document when
it was indexed), weighted by ``(1 + log tf) * idf``; no text is analysed at read time, which for a
Korean petition alone cost ~30 ms of Kiwi. The best :data:`KEY_TERMS` are summed, each weighted,
over the posting arrays :class:`search.scoring.FastScorer` caches (BM25F, as an OR of boosted terms
would score), instead of Whoosh's ``more_like`` walk (60-180 ms).

Words found in more than :data:`COMMON_SHARE` of a large archive's documents are never key terms:
reading a term costs in proportion to its documents, and such a word (``said``, ``mln``, ``dlr`` in
Reuters, with idf ~2 against 6-10 for the words that carry the topic) cost half the related
articles' time at 27k documents while leaving same-topic precision unchanged (see README).

Syndicated news repeats the same text at several URLs: such an article would top its own related
list. Candidates whose body resembles the article's (Jaccard similarity of word 4-shingles at least
:data:`COPY_RESEMBLANCE`) are returned as copies instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from search.scoring import FastScorer, top_scored

KEY_TERMS = 12  # 15 listed no more same-topic articles and read a quarter more postings
COMMON_SHARE = 0.1  # of the documents: a word in more is too common to be a key term ...
COMMON_FROM = 1000  # ... in an archive this large; in a smaller one a share says little
COPY_RESEMBLANCE = 0.7
SHINGLE = 4
_FIELD = "body"
_FALLBACK_CHARS = 4000  # an index without term vectors: key terms from the start of the text


@dataclass(frozen=True, slots=True)
class Found:
    """Document numbers: related ones with their scores, best first, and copies of the article."""

    related: list[tuple[int, float]]
    copies: list[int]


def key_terms(
    searcher: Searcher, docnum: int, count: int = KEY_TERMS, frequencies: Callable[[str], int] | None = None
) -> list[tuple[str, float]]:
    """The document's ``count`` most telling body terms with weights, best first. Terms found in
    no other document are left out: they cannot lead anywhere; so are common words (see
    :data:`COMMON_SHARE`), whose long posting lists cost most and tell least.

    ``frequencies`` gives a term's document frequency from memory (the spelling vocabulary, which
    holds every word in two documents or more); without it each term costs a dictionary lookup
    per segment on disk, a third of a lookup's time on a 27k archive.
    """
    reader = searcher.reader()
    documents = searcher.doc_count_all()
    common = COMMON_SHARE * documents if documents >= COMMON_FROM else math.inf
    frequency = frequencies or (lambda term: reader.doc_frequency(_FIELD, term))
    if not reader.has_vector(docnum, _FIELD):  # no body (a title alone), or an index older than the vectors
        stored = searcher.stored_fields(docnum)
        text = f"{stored.get('title') or ''}\n{stored.get(_FIELD) or ''}"[:_FALLBACK_CHARS]
        picked = [(_text(term), weight) for term, weight in searcher.key_terms_from_text(_FIELD, text, count)]
        return [(term, weight) for term, weight in picked if frequency(term) <= common]
    scored = []
    for raw, tf in reader.vector_as("weight", docnum, _FIELD):
        term = _text(raw)
        df = frequency(term)
        if 1 < df <= common:
            # Whoosh's idf (log(N / (df + 1)) + 1), so weights match its scoring's.
            scored.append((term, (1 + math.log(tf)) * (math.log(documents / (df + 1)) + 1)))
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:count]


def find_related(
    searcher: Searcher,
    scorer: FastScorer,
    docnum: int,
    hidden: np.ndarray,
    limit: int,
    frequencies: Callable[[str], int] | None = None,
) -> Found:
    """Up to ``limit`` related documents and the copies among the closest candidates; documents
    where ``hidden`` is true (gone ones) and the article itself are never returned."""
    terms = key_terms(searcher, docnum, frequencies=frequencies)
    if not terms:
        return Found([], [])
    scores = scorer.weighted_sum(searcher, _FIELD, terms, len(hidden))
    allowed = (scores > 0) & ~hidden
    allowed[docnum] = False
    own = shingles(searcher.stored_fields(docnum).get(_FIELD) or "")
    related: list[tuple[int, float]] = []
    copies: list[int] = []
    for candidate, score in top_scored(scores, allowed, limit * 2 + 10):
        if len(related) >= limit:
            break
        other = shingles(searcher.stored_fields(candidate).get(_FIELD) or "")
        if resemblance(own, other) >= COPY_RESEMBLANCE:
            copies.append(candidate)
        else:
            related.append((candidate, score))
    return Found(related, copies)


def shingles(text: str) -> set[int]:
    """Hashes of the text's runs of :data:`SHINGLE` words (case-folded); the whole text when shorter."""
    words = text.casefold().split()
    if len(words) < SHINGLE:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def resemblance(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
