"""Language of an article: ``ko``, ``en`` or ``other``.

The index only needs to choose between the Korean and the English analyzer, so a script ratio
(Hangul syllables among letters) plus an English stop-word check is enough and costs
microseconds; a statistical detector would add a dependency for no gain here.
"""

from __future__ import annotations

import re

# Runs, not single characters: counting the characters of each run is twice as fast.
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_LETTER = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[a-z']+")
_EN_STOPWORDS = frozenset(
    "the of and to a in is that for it on was with as be by at this are from have an not or "
    "but his her they has had were which you we he she their will been would said".split()
)


def detect_lang(text: str, hint: str | None = None) -> str | None:
    """Classify ``text`` (title + body); ``hint`` is the page's ``<html lang>`` for short texts."""
    sample = text[:20000]
    letters = _count(_LETTER, sample)
    if letters < 20:
        return _from_hint(hint)
    # Korean technical posts are full of Latin code and terms; a syllable also carries more
    # than a Latin letter, so 15% Hangul letters already means a Korean text.
    if _count(_HANGUL, sample) / letters >= 0.15:
        return "ko"
    words = _WORD.findall(sample.lower())
    if words and sum(w in _EN_STOPWORDS for w in words) / len(words) >= 0.08:
        return "en"
    return "other"


def _count(runs: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` in the class that ``runs`` matches runs of."""
    return sum(map(len, runs.findall(text)))


def _from_hint(hint: str | None) -> str | None:
    if not hint:
        return None
    primary = hint.split("-")[0].split("_")[0].lower()
    return primary if primary in ("ko", "en") else "other"
