"""Where searched words occur in Korean text, found by spelling instead of by re-analysis.

Kiwi reads about 30,000 characters a second on the benchmark machine, flat (35 µs a character,
no per-call overhead), so analysing even 300 characters around each of ten hits cost 100 ms a
search, more than everything else together. Most query terms are nouns, and a Korean noun is
written in the text exactly as indexed (``트럼프`` in ``트럼프의``; particles follow it), so its
occurrences are found by its spelling, spaces allowed between syllables so a joined compound
(``북미정상회담``) also finds ``북미 정상 회담``. Latin words go through the same regex and
stemmer as indexing, which costs microseconds.

Only a term whose spelling never occurs literally (a verb or adjective stem: ``만나`` is written
``만났``) is analysed with Kiwi, in at most :data:`FALLBACK_WINDOWS` short windows around places
where its first syllables occur. The price: a noun inside a longer word Kiwi keeps whole (``학교``
inside ``대학교``) is marked too, where the search itself did not count it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from search.analysis import has_hangul, latin_terms

FALLBACK_WINDOWS = 3
_FALLBACK_WIDTH = 40  # characters each side of a candidate, widened to whole words
_FALLBACK_CHARS = 300  # characters analysed per text at most (Kiwi: ~116k a second, so ~3 ms)
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")

Analyse = Callable[[str], Iterable[tuple[str, int, int]]]  # text -> (term, start, end)


def surface_spans(text: str, terms: set[str], prefixes: set[str], analyse: Analyse) -> list[tuple[int, int]]:
    """Character spans of ``text`` holding a searched term or a word starting with a prefix."""
    plan = _plan(frozenset(terms), frozenset(prefixes))
    spans: list[tuple[int, int]] = []
    if plan.latin or plan.latin_prefixes:
        spans.extend(_latin_spans(text, plan))
    unresolved = set(plan.hangul_prefixes)
    for term, spelling in plan.hangul:
        found = [(m.start(), m.end()) for m in spelling.finditer(text)]
        if found:
            spans.extend(found)
        else:
            unresolved.add(term)
    if unresolved:
        spans.extend(_analysed_spans(text, terms, prefixes, unresolved, analyse))
    return spans


@dataclass(frozen=True)
class _Plan:
    """What marking needs of a query's terms, worked out once per query rather than for the title
    and the body of every hit: the terms split by script, the Latin word-start keys and their
    patterns (compiled on first use), and each Hangul term's spelling pattern (in sorted order)."""

    latin: frozenset[str]
    latin_prefixes: frozenset[str]
    keys: frozenset[str]
    hangul: tuple[tuple[str, re.Pattern[str]], ...]
    hangul_prefixes: frozenset[str]

    @cached_property
    def starts_pattern(self) -> re.Pattern[str]:
        """Where a word starting with one of ``keys`` begins (case-insensitively)."""
        return re.compile(r"\b(?:" + _alternation(self.keys) + ")", re.I)

    @cached_property
    def plain_pattern(self) -> re.Pattern[str]:
        """The lower-cased ``keys`` without boundary or case folding, for ASCII text (see :func:`_word_starts`)."""
        return re.compile(_alternation(frozenset(key.lower() for key in self.keys)))


@lru_cache(maxsize=256)
def _plan(terms: frozenset[str], prefixes: frozenset[str]) -> _Plan:
    latin = frozenset(t for t in terms if not has_hangul(t))
    latin_prefixes = frozenset(p for p in prefixes if not has_hangul(p))
    return _Plan(
        latin=latin,
        latin_prefixes=latin_prefixes,
        keys=frozenset({t[:-1] or t for t in latin} | latin_prefixes),
        hangul=tuple((t, re.compile(_spelling(t))) for t in sorted(t for t in terms if has_hangul(t))),
        hangul_prefixes=frozenset(p for p in prefixes if has_hangul(p)),
    )


def _spelling(word: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in word)


def _latin_spans(text: str, plan: _Plan) -> list[tuple[int, int]]:
    """Latin words of ``text`` (Hangul blanked out, offsets kept) whose index term is searched.

    Only words starting like a term are normalised: a Porter stem keeps all but at most its last
    letter of the word's spelling (``price`` <- ``prices``, ``happi`` <- ``happy``), so a word
    starting with ``stem[:-1]`` is a candidate and any other word cannot match (``plan.keys``:
    those starts, and the prefixes). A plain loop, not nested generators: this runs for every candidate
    word of every rendered hit.
    """
    # An ASCII text (str.isascii is a flag check) has no Hangul to blank: no pass over it.
    terms, prefixes = plan.latin, plan.latin_prefixes
    blanked = text if text.isascii() else _HANGUL_RUN.sub(lambda m: " " * len(m.group(0)), text)
    if any(key[:1].isdigit() for key in plan.keys):  # numbers lose separators (1,400): scan every word
        words = [((term, start, end),) for term, start, end in latin_terms(blanked)]
        bases = [0] * len(words)
    else:
        bases = _word_starts(blanked, plan)
        words = [_run_terms(_word_at(blanked, base)) for base in bases]
    spans = []
    for base, found in zip(bases, words, strict=True):
        for term, start, end in found:
            if term in terms or (prefixes and _prefixed(term, text[base + start : base + end].lower(), prefixes)):
                spans.append((base + start, base + end))
    return spans


def _prefixed(term: str, surface: str, prefixes: frozenset[str]) -> bool:
    return any(term.startswith(p) or surface.startswith(p) for p in prefixes)


_RUN_CACHED = 40  # characters: longer runs (URLs, text without spaces) are not kept


def _run_terms(run: str) -> tuple[tuple[str, int, int], ...]:
    """The index terms of a run of non-space characters, offsets into the run; a short run's
    are kept, as the same words recur in every hit of a search."""
    return _short_run_terms(run) if len(run) <= _RUN_CACHED else tuple(latin_terms(run))


@lru_cache(maxsize=8192)
def _short_run_terms(run: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(latin_terms(run))


def _word_starts(text: str, plan: _Plan) -> list[int]:
    """Where a word starting with one of ``plan.keys`` (case-insensitively) begins in ``text``.

    ASCII text and keys are searched lower-cased with a plain alternation, which the regex engine
    scans for by first character, three times as fast as ``\\b`` under ``re.I``; each place found
    is then checked for a word boundary, and the search resumes one character on when it has
    none, so it finds exactly the places the ``\\b`` pattern finds.
    """
    if not (text.isascii() and all(key.isascii() for key in plan.keys)):
        return [m.start() for m in plan.starts_pattern.finditer(text)]
    pattern = plan.plain_pattern
    low = text.lower()
    out = []
    found = pattern.search(low)
    while found is not None:
        if _BOUNDARY.match(low, found.start()):
            out.append(found.start())
            found = pattern.search(low, found.end())
        else:
            found = pattern.search(low, found.start() + 1)
    return out


_BOUNDARY = re.compile(r"\b")


def _alternation(keys: frozenset[str]) -> str:
    return "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))


_NON_SPACE = re.compile(r"\S*")  # \s is str.isspace for str patterns


def _word_at(text: str, start: int) -> str:
    """The run of non-space characters starting at ``start``."""
    return _NON_SPACE.match(text, start).group()  # type: ignore[union-attr] - \S* always matches


def _analysed_spans(
    text: str, terms: set[str], prefixes: set[str], words: set[str], analyse: Analyse
) -> Iterable[tuple[int, int]]:
    """Kiwi over a few short windows around the places ``words`` may be inflected."""
    keys = sorted({w[:-1] if len(w) > 1 else w for w in words}, key=len, reverse=True)
    pattern = "|".join(_spelling(k) for k in keys)
    windows: list[tuple[int, int]] = []
    for match in re.finditer(pattern, text):
        start, end = snap_to_words(text, match.start() - _FALLBACK_WIDTH, match.end() + _FALLBACK_WIDTH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        elif len(windows) == FALLBACK_WINDOWS:
            break
        else:
            windows.append((start, end))
        if sum(e - s for s, e in windows) > _FALLBACK_CHARS:  # a run of matches merged into one long window
            break
    for base, end in windows:
        for term, start, stop in analyse(text[base:end]):
            if term in terms or any(term.startswith(p) for p in prefixes):
                yield base + start, base + stop


SNAP_LIMIT = 40  # characters a window may widen by on each side: text without spaces stays bounded


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whitespace so the window holds whole words, by at most
    :data:`SNAP_LIMIT` characters a side (a 15,000-syllable run without spaces would otherwise make
    every match walk the whole text)."""
    start, end = max(0, start), min(len(text), end)
    floor, ceiling = max(0, start - SNAP_LIMIT), min(len(text), end + SNAP_LIMIT)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    while end < ceiling and not text[end].isspace():
        end += 1
    return start, end
