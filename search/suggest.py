""""Did you mean": the query respelled word by word from the index's own vocabulary.

Only words the parser actually searched for are considered (not fields, operators, phrases,
wildcards or excluded words), at most :data:`MAX_WORDS` of them, and no further word once
:data:`TIME_BUDGET` seconds have gone, so a long pasted query costs no more than a short one. Each
unknown or rare word is looked up in a :class:`~search.spelling.DeletionIndex` of the archive's
title and body terms (distance first, frequency second; Hangul on jamo).

Latin index terms are Porter stems (``coffee`` is stored as ``coffe``, ``election`` as ``elect``),
so a Latin word is first respelled at the surface (strings one edit away whose stems the archive
holds), and only then through its stem, ranked by the stem's distance, then the typed word's
distance to the candidate (keeps ``come`` from beating ``coffe`` for ``cofee``), then frequency,
and shown as the spelling writers used (read from a document that contains it). Korean terms are
shown as indexed.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache

from rapidfuzz.distance import OSA
from whoosh.searching import Searcher

from search.analysis import has_hangul, latin_terms, make_tokenizer, normalize_latin
from search.lexicon import TermFile
from search.spelling import Candidate, DeletionIndex, fold

SUGGEST_BELOW = 3  # a query with fewer results than this may get a suggestion
MAX_WORDS = 8  # query words looked at, at most
MAX_SCANNED_WORDS = 64  # words looked at, as the parser searches at most 64 (a 2,000-character query has 400)
TIME_BUDGET = 0.05  # seconds; words left when it runs out stay as typed
FIELDS = ("title", "body")
_BETTER = 10  # a word the index knows is replaced only by one this many times more frequent
_KNOWN = 3  # ... and not at all when it is in this many documents
INLINE_BELOW = 5000  # documents: a smaller archive's vocabulary is built inline, in well under a second
_MIN_DF_FROM = 1000  # archives this large leave out words seen in one document (mostly typos, names)
_SURFACE_CHARS = 20_000
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_SPELLABLE = re.compile(r"[a-z]{2,}|[\uac00-\ud7a3]{2,}")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_VERIFIED_STEMS = 3  # stems whose one-edit spellings are checked against documents, at most
_VERIFIED_DOCS = 4  # documents read to find a spelling, at most


def vocabulary(files: list[TermFile], min_df: int) -> DeletionIndex:
    """The spellable title and body terms in at least ``min_df`` documents (summed over segments)."""
    totals: Counter[str] = Counter()
    for file in files:
        totals.update({term: df for term, df in file.frequencies().items() if _SPELLABLE.fullmatch(term)})
    return DeletionIndex((term, df) for term, df in totals.items() if df >= min_df)


class Suggester:
    """Holds the vocabulary of the index, rebuilt when its segments change.

    Reading the terms of a 27k-document archive and filing them takes seconds, so past
    :data:`INLINE_BELOW` documents the build runs on a thread of its own: until the first one is
    done a search gets no suggestion, and after a commit the previous vocabulary keeps answering
    (a few new articles hardly change how words are spelt).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: DeletionIndex | None = None
        self._key: tuple[str, ...] | None = None
        self._idle = threading.Event()  # cleared while a build runs
        self._idle.set()

    @property
    def pending(self) -> bool:
        """True until a first vocabulary exists: suggestions are skipped meanwhile, so an answer
        that might have had one must not be kept (see ``Archive._cached_search``)."""
        return self._index is None

    def index(self, searcher: Searcher, wait: bool = False) -> DeletionIndex | None:
        """The deletion index for this searcher's segments, or the previous one (None before the
        first) while a large archive's is built; ``wait`` builds it, or waits for the build
        already running, before returning."""
        leaves = [(reader, reader.segment()) for reader, _ in searcher.reader().leaf_readers()]
        key = tuple(segment.segment_id() if segment is not None else "" for _, segment in leaves)
        with self._lock:
            running = not self._idle.is_set()
            if self._key == key or (running and not wait):
                return self._index
            if not running:
                self._idle.clear()
        if running:
            self._idle.wait()
            return self._index
        try:
            # Read here, under the engine's lock: Whoosh readers are not safe across threads.
            files = [TermFile(reader, FIELDS) for reader, _ in leaves]
        except BaseException:
            self._idle.set()
            raise
        min_df = 2 if searcher.doc_count() >= _MIN_DF_FROM else 1
        if wait or searcher.doc_count() < INLINE_BELOW:
            self._build(key, files, min_df)
        else:
            threading.Thread(target=self._build, args=(key, files, min_df), daemon=True).start()
        return self._index

    def frequencies(self, searcher: Searcher) -> Callable[[str], int] | None:
        """Document frequencies of the vocabulary's words from memory, or None while none is built."""
        index = self.index(searcher)
        return None if index is None else index.frequency_of

    def _build(self, key: tuple[str, ...], files: list[TermFile], min_df: int) -> None:
        try:
            index = vocabulary(files, min_df)
            with self._lock:
                self._index, self._key = index, key
        finally:
            self._idle.set()

    def suggest(self, searcher: Searcher, analyzer: str, text: str, searched: set[str]) -> str | None:
        """``text`` with each misspelt word replaced, or None when nothing would change.

        ``searched`` holds the terms the parsed query looks for in title or body; a word whose
        analysis is not among them (a field value, an excluded word) is left alone.
        """
        index = self.index(searcher)
        if index is None:
            return None
        tokenizer = make_tokenizer(analyzer)
        out = text.split()
        changed = considered = 0
        started = time.perf_counter()
        for position, word in enumerate(out):
            if position >= MAX_SCANNED_WORDS or considered >= MAX_WORDS or time.perf_counter() - started > TIME_BUDGET:
                break
            core = word.strip("()")
            if not _plain(core):
                continue
            terms = [t.text for t in tokenizer(core, mode="query")]
            if not terms or not set(terms) <= searched:
                continue
            considered += 1
            better = _respell(searcher, index, core, terms)
            if better is not None:
                out[position] = better
                changed += 1
        return " ".join(out) if changed else None


def _respell(searcher: Searcher, index: DeletionIndex, word: str, terms: list[str]) -> str | None:
    """The word as it should be written, or None to leave it.

    Kiwi reads many Korean typos as a shorter word plus an ending (사형재도 as 사형재, 처소년 as 처소),
    so a Hangul word is first looked up as written (one jamo away at most), then as analysed. A Latin
    word is first respelled at the surface: every string one edit from it whose stem the archive
    holds (``elction`` → ``election``, whose stem ``elect`` is two edits from ``elction``); only
    when none is, its stem is looked up and shown in a writer's spelling.
    """
    single = terms[0] if len(terms) == 1 else None
    if has_hangul(word):
        if _HANGUL_WORD.fullmatch(word) and word != single:
            found = _correction(searcher, index, word, word, distance=1)
            if found is not None:
                return found
        return _correction(searcher, index, single, single) if single else None
    if single is None:
        return None
    typed = word.lower()
    seen = _known(searcher, single)  # looked up in every segment's term file: once for both tries
    nearby = _one_edit_words(searcher, index, typed, single, seen)
    if nearby is not None:
        return nearby
    found = _correction(searcher, index, single, typed, seen=seen)
    return None if found is None else surface_form(searcher, found, typed)


def _known(searcher: Searcher, term: str) -> int:
    return max(searcher.doc_frequency(field, term) for field in FIELDS if field in searcher.schema)


def _one_edit_words(searcher: Searcher, index: DeletionIndex, typed: str, stem: str, seen: int) -> str | None:
    """A word one edit from ``typed`` that writers used, whose stem (not ``typed``'s own) is in the
    most documents, at least :data:`_BETTER` times as many as ``typed``'s stem (in ``seen`` documents).

    A string whose stem is common need not be a word (``comee`` stems to ``come``), so the best
    stems' candidates are checked against the spellings of a few documents holding the stem.
    """
    threshold = max(1, seen * _BETTER)
    by_stem: dict[str, list[str]] = {}
    for candidate, term in _edit_terms(typed):
        if term != stem and index.frequency_of(term) >= threshold:
            by_stem.setdefault(term, []).append(candidate)
    for term in sorted(by_stem, key=lambda t: (-index.frequency_of(t), t))[:_VERIFIED_STEMS]:
        spellings: Counter[str] = Counter()
        for found in _document_spellings(searcher, term, _VERIFIED_DOCS):
            spellings.update(found)
            written = [candidate for candidate in by_stem[term] if candidate in spellings]
            if written:
                return min(written, key=lambda candidate: (-spellings[candidate], candidate))
    return None


@lru_cache(maxsize=256)
def _edit_terms(typed: str) -> tuple[tuple[str, str], ...]:
    """(candidate, its index term) for every edit of ``typed`` of two letters or more that is not a
    stop word: ~560 strings for a 10-letter word, each stemmed; kept per typed word, as a query
    without results tends to be asked again (the next page, a facet, a reload)."""
    pairs = ((candidate, normalize_latin(candidate)) for candidate in _edits(typed) if len(candidate) >= 2)
    return tuple((candidate, term) for candidate, term in pairs if term is not None)


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion of a letter from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(left + right[1:] for left, right in splits if right),
        *(left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1),
        *(left + letter + right[1:] for left, right in splits if right for letter in _LETTERS),
        *(left + letter + right for left, right in splits for letter in _LETTERS),
    }


def _plain(word: str) -> bool:
    """A bare word: no field, operator, quote, wildcard or exclusion, and short enough to be one."""
    return (
        0 < len(word) <= 40
        and word not in _OPERATORS
        and not word.startswith(("-", "+"))
        and not any(ch in word for ch in ':"*?')
    )


def _correction(
    searcher: Searcher, index: DeletionIndex, term: str, typed: str, distance: int | None = None,
    seen: int | None = None,
) -> str | None:
    """The best replacement for ``term`` (``typed`` as written, lower-cased), or None; ``seen`` is
    the term's document count when the caller has it."""
    seen = _known(searcher, term) if seen is None else seen
    if seen >= _KNOWN:
        return None
    candidates = [
        c for c in index.lookup(term, distance) if c.word != term and c.frequency >= max(1, seen * _BETTER)
    ]
    if seen:
        candidates = [c for c in candidates if c.distance == 1]
    if not candidates:
        return None
    if has_hangul(term):
        return candidates[0].word
    folded = fold(typed)

    def rank(candidate: Candidate) -> tuple[int, int, int]:
        return candidate.distance, OSA.distance(folded, candidate.word), -candidate.frequency

    return min(candidates, key=rank).word


def surface_form(searcher: Searcher, term: str, typed: str = "") -> str:
    """The written word (lower-cased) that analyses to the Latin ``term`` in the first document
    holding it: the spelling nearest ``typed``, then the commonest. ``term`` when none is found."""
    spellings = _spellings(searcher, term)
    if not spellings:
        return term
    return min(spellings, key=lambda s: (OSA.distance(typed, s) if typed else 0, -spellings[s], s))


def _spellings(searcher: Searcher, term: str) -> Counter[str]:
    """How often each written word (lower-cased) analysing to ``term`` occurs in the first
    document that holds the term."""
    return next(_document_spellings(searcher, term, 1), Counter())


def _document_spellings(searcher: Searcher, term: str, limit: int) -> Iterator[Counter[str]]:
    """For each of the first ``limit`` documents holding the Latin ``term`` (in the title, else the
    body), how often each written word (lower-cased) analysing to it occurs there."""
    reader = searcher.reader()
    for field in FIELDS:
        if not reader.doc_frequency(field, term):
            continue
        matcher = reader.postings(field, term)
        for _ in range(limit):
            if not matcher.is_active():
                return
            text = (searcher.stored_fields(matcher.id()).get(field) or "")[:_SURFACE_CHARS]
            yield Counter(text[start:end].lower() for found, start, end in latin_terms(text) if found == term)
            matcher.next()
        return
