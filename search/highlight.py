"""Snippets and highlighted titles: matched words in ``<mark>``, everything else escaped.

Offsets come from re-analysing the stored text with the index's own analyzer, so a mark always
covers whole words of the original (``<mark>트럼프</mark>의``, never ``<mark>트럼</mark>프``).
Only the hits being rendered are analysed; under the Kiwi analyzer, Korean words are found by
spelling first and analysed only where that fails (see :mod:`search.surface`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from html import escape

from search.analysis import MORPHOLOGICAL, has_hangul, make_tokenizer
from search.surface import snap_to_words, surface_spans

SNIPPET_CHARS = 200
MAX_FRAGMENTS = 2
_SCAN_LIMIT = 60_000  # characters of a long body searched for matches
_WINDOW = 120  # characters analysed on either side of a candidate match
MAX_SPANS = 500  # matches kept per text: a snippet shows a few, marking thousands costs time
MAX_CANDIDATES = 64  # fragment starts tried per snippet
_ELLIPSES = re.compile(r"(?:…|\.{3})(?:\s+(?:…|\.{3}))+")  # "… …", "... …": one is enough
_ANALYSE_LIMIT = 1_200  # characters of candidate windows analysed per text (Kiwi: ~60 ms)


def _spans(text: str, analyzer: str, terms: set[str], prefixes: set[str]) -> list[tuple[int, int]]:
    if not terms and not prefixes:
        return []
    tokenizer = make_tokenizer(analyzer)
    if analyzer in MORPHOLOGICAL:  # no Token objects: text without Hangul goes through latin_terms only

        def analyse(part: str) -> list[tuple[str, int, int]]:
            return [(tok.text, tok.startchar, tok.endchar) for tok in tokenizer(part, chars=True, mode="index")]

        return _merge(surface_spans(text, terms, prefixes, analyse))
    spans = []
    for base, end in _windows(text, terms | prefixes):
        for tok in tokenizer(text[base:end], chars=True, mode="index"):
            word = tok.text
            start, stop = base + tok.startchar, base + tok.endchar
            if word in terms or any(word.startswith(p) for p in prefixes):
                spans.append((start, stop))
            elif prefixes:
                surface = text[start:stop].lower()
                if any(surface.startswith(p) for p in prefixes):
                    spans.append((start, stop))
    return _merge(spans)


def _windows(text: str, words: set[str]) -> list[tuple[int, int]]:
    """The parts of ``text`` worth analysing: around places where a searched word may occur.

    Kiwi reads about 20,000 characters a second, so re-analysing ten whole bodies per search
    would cost more than the search. A loose pattern per word (its spelling minus the last
    character, which inflection may change: 만나 -> 만났; spaces allowed between characters, so
    북미정상회담 finds 북미 정상 회담) finds candidate places; only windows around them are analysed,
    cut at spaces so no word is split.
    """
    if len(text) <= _WINDOW * 2 or not has_hangul(text):
        return [(0, len(text))]
    keys = {w[:-1] if len(w) > 1 else w for w in words if w}
    pattern = "|".join(r"\s*".join(re.escape(ch) for ch in key) for key in sorted(keys, key=len, reverse=True))
    spans: list[tuple[int, int]] = []
    for match in re.finditer(pattern, text, re.IGNORECASE) if pattern else ():
        start, end = snap_to_words(text, match.start() - _WINDOW, match.end() + _WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
        if sum(e - s for s, e in spans) > _ANALYSE_LIMIT:
            break
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping spans (compound terms overlap their parts)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


_HTML_SPECIAL = re.compile("[&<>\"']")  # what html.escape replaces


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """Escape ``text[start:end]`` and wrap the spans inside it in ``<mark>``; ``spans`` sorted and
    not overlapping, as :func:`_merge` leaves them, so the first one past ``end`` ends the walk (a
    body's spans run on far beyond a snippet's fragment). A fragment without a character to
    escape, most of them, is not escaped piece by piece."""
    end = len(text) if end is None else end
    clean = escape if _HTML_SPECIAL.search(text, start, end) else str
    out = []
    pos = start
    for s, e in spans:
        if s >= end:
            break
        if e <= start:
            continue
        s, e = max(s, start), min(e, end)
        out.append(clean(text[pos:s]))
        out.append(f"<mark>{clean(text[s:e])}</mark>")
        pos = e
    out.append(clean(text[pos:end]))
    return "".join(out)


def highlight_title(title: str, analyzer: str, terms: set[str], prefixes: set[str]) -> str:
    return mark(title, _spans(title, analyzer, terms, prefixes))


def _window(text: str, center_start: int, size: int) -> tuple[int, int]:
    """A window of about ``size`` characters around a match, widened to word boundaries."""
    start = max(0, center_start - size // 3)
    end = min(len(text), start + size)
    start = max(0, end - size)
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start + 20)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end - 20, end + 20)
        end = space if space != -1 else end
    return start, end


def snippet(body: str, analyzer: str, terms: set[str], prefixes: set[str]) -> str:
    """The best one or two fragments of the body around matches, or its opening lines.

    Linear in the text: at most :data:`MAX_SPANS` matches are kept and :data:`MAX_CANDIDATES` of
    them tried as fragment starts, each window's matches found by bisection (a body repeating the
    searched word 10,000 times once cost 5 s a search when every match was compared with every other).
    """
    text = " ".join(body[:_SCAN_LIMIT].split())
    spans = _spans(text, analyzer, terms, prefixes)[:MAX_SPANS]
    if not spans:
        start, end = _window(text, 0, SNIPPET_CHARS)
        return _ELLIPSES.sub("…", escape(text[:end]) + (" …" if end < len(text) else ""))
    starts = [s for s, _e in spans]
    words = [text[a:b].lower() for a, b in spans]
    everything = len(set(words))
    candidates = _candidates(starts, words)
    # Greedy: the window with the most distinct matched words, then a second one elsewhere.
    fragments: list[tuple[int, int]] = []
    for _ in range(MAX_FRAGMENTS):
        best: tuple[int, int, int] | None = None
        for s in candidates:
            win = _window(text, s, SNIPPET_CHARS // (1 if not fragments else 2))
            if any(not (win[1] <= f[0] or win[0] >= f[1]) for f in fragments):
                continue
            first, last = bisect_left(starts, win[0]), bisect_left(starts, win[1])
            inside = {words[i] for i in range(first, last) if spans[i][1] <= win[1]}
            if best is None or len(inside) > best[0]:
                best = (len(inside), *win)
                if best[0] == everything:  # no later window can hold more: the first best is kept
                    break
        if best is None:
            break
        fragments.append((best[1], best[2]))
        if best[0] == everything:
            break
    fragments.sort()
    parts = []
    for start, end in fragments:
        prefix = "… " if start > 0 and not parts else ""  # one "…" between two fragments, not "… …"
        suffix = " …" if end < len(text) else ""
        parts.append(prefix + mark(text, spans, start, end) + suffix)
    return _ELLIPSES.sub("…", " ".join(parts))


def _candidates(starts: list[int], words: list[str]) -> list[int]:
    """Fragment starts worth trying: the first place of each distinct word, then the earliest others."""
    firsts: dict[str, int] = {}
    for start, word in zip(starts, words, strict=True):
        firsts.setdefault(word, start)
    chosen = sorted(firsts.values())[:MAX_CANDIDATES]
    seen = set(chosen)
    for start in starts:
        if len(chosen) >= MAX_CANDIDATES:
            break
        if start not in seen:
            seen.add(start)
            chosen.append(start)
    return chosen
