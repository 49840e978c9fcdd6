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

from search.analysis import has_hangul, latin_terms

FALLBACK_WINDOWS = 3
_FALLBACK_WIDTH = 40  # characters each side of a candidate, widened to whole words
_FALLBACK_CHARS = 300  # characters analysed per text at most (Kiwi: ~116k a second, so ~3 ms)
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")

Analyse = Callable[[str], Iterable[tuple[str, int, int]]]  # text -> (term, start, end)


def surface_spans(text: str, terms: set[str], prefixes: set[str], analyse: Analyse) -> list[tuple[int, int]]:
    """Character spans of ``text`` holding a searched term or a word starting with a prefix."""
    spans: list[tuple[int, int]] = []
    latin = {t for t in terms if not has_hangul(t)}
    latin_prefixes = {p for p in prefixes if not has_hangul(p)}
    if latin or latin_prefixes:
        spans.extend(_latin_spans(text, latin, latin_prefixes))
    unresolved = {p for p in prefixes if has_hangul(p)}
    for term in sorted(t for t in terms if has_hangul(t)):
        found = [(m.start(), m.end()) for m in re.finditer(_spelling(term), text)]
        if found:
            spans.extend(found)
        else:
            unresolved.add(term)
    if unresolved:
        spans.extend(_analysed_spans(text, terms, prefixes, unresolved, analyse))
    return spans


def _spelling(word: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in word)


def _latin_spans(text: str, terms: set[str], prefixes: set[str]) -> Iterable[tuple[int, int]]:
    """Latin words of ``text`` (Hangul blanked out, offsets kept) whose index term is searched.

    Only words starting like a term are normalised: a Porter stem keeps all but at most its last
    letter of the word's spelling (``price`` <- ``prices``, ``happi`` <- ``happy``), so a word
    starting with ``stem[:-1]`` is a candidate and any other word cannot match.
    """
    blanked = _HANGUL_RUN.sub(lambda m: " " * len(m.group(0)), text)
    keys = {t[:-1] or t for t in terms} | prefixes
    if any(key[:1].isdigit() for key in keys):  # numbers lose separators (1,400): scan every word
        words = latin_terms(blanked)
    else:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(keys, key=len, reverse=True))) + ")", re.I)
        starts = (m.start() for m in pattern.finditer(blanked))
        words = (found for start in starts for found in latin_terms(_word_at(blanked, start), start))
    for term, start, end in words:
        surface = text[start:end].lower()
        if term in terms or any(term.startswith(p) or surface.startswith(p) for p in prefixes):
            yield start, end


def _word_at(text: str, start: int) -> str:
    """The run of non-space characters starting at ``start``."""
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


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
