"""The previous "did you mean" (until issue 19), kept as the baseline of `bench.suggestions`.

It ran Whoosh's corrector (a Levenshtein automaton over the term list, per whitespace word of the
raw query) and preferred frequency over closeness.

Index terms are analysed forms (``coffee`` is stored as ``coffe``), so a correction found among
them is turned back into the surface word writers actually used before it is shown: the most
common spelling of that term in a few documents that contain it. Korean nouns (and the joined
spellings of compounds) are indexed as written, so they are shown as they are.
"""

from __future__ import annotations

from collections import Counter

from whoosh import query as wq
from whoosh.searching import Searcher

from search.analysis import has_hangul, latin_terms, make_tokenizer

SUGGEST_BELOW = 3  # a query with fewer results than this may get a suggestion
_BETTER = 10  # a replacement must be in this many times more documents than the word typed
_SURFACE_DOCS = 3
_SURFACE_CHARS = 20_000
_OPERATORS = {"AND", "OR", "NOT"}


def suggest(searcher: Searcher, analyzer: str, text: str) -> str | None:
    """The query with each rare or unknown plain word replaced by a far more common neighbour
    (edit distance 1, or 2 for longer Latin words); None when nothing would change."""
    tokenizer = make_tokenizer(analyzer)
    corrector = searcher.corrector("body")
    changed = False
    out = []
    for word in text.split():
        core = word.strip("\"()*-+")
        if ":" in word or word in _OPERATORS or not core or core != word.strip("\"()"):
            out.append(word)
            continue
        terms = [t.text for t in tokenizer(core, mode="query")]
        if len(terms) != 1:
            out.append(word)
            continue
        term = terms[0]
        seen = searcher.doc_frequency("body", term)
        hangul = has_hangul(term)
        maxdist = 1 if hangul or len(term) <= 4 else 2
        best = None
        for candidate in corrector.suggest(term, limit=5, maxdist=maxdist, prefix=1):
            freq = searcher.doc_frequency("body", candidate)
            if freq >= max(1, seen * _BETTER) and (best is None or freq > best[1]):
                best = (candidate, freq)
        if best is None:
            out.append(word)
            continue
        out.append(best[0] if hangul else surface_form(searcher, best[0]))
        changed = True
    return " ".join(out) if changed else None


def surface_form(searcher: Searcher, term: str) -> str:
    """The commonest written word (lower-cased) that analyses to the Latin ``term``."""
    spellings: Counter[str] = Counter()
    for hit in searcher.search(wq.Term("body", term), limit=_SURFACE_DOCS, scored=False):
        body = (hit.get("body") or "")[:_SURFACE_CHARS]
        for found, start, end in latin_terms(body):
            if found == term:
                spellings[body[start:end].lower()] += 1
    return spellings.most_common(1)[0][0] if spellings else term

