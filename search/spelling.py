"""Words near a misspelling, from a vocabulary with frequencies: a SymSpell-style deletion index.

Each vocabulary word is filed under its first :data:`PREFIX` characters and every string one
deletion away from them; a misspelling looks up its own prefix with up to two deletions. Any
single edit (deletion, insertion, substitution, transposition) and most pairs of edits meet that
way, each in a few dictionary probes instead of a walk over the term list; every candidate found is
then measured exactly (optimal string alignment distance, rapidfuzz) and ranked distance first,
frequency second.

Hangul is compared on decomposed jamo (Unicode NFD), so one jamo slip is one edit: 겅제 is
``ᄀ ᅥ ᆼ ᄌ ᅦ`` and 경제 ``ᄀ ᅧ ᆼ ᄌ ᅦ``, distance 1, where syllables would count a whole syllable.

symspellpy implements the same idea but builds its table in Python with recursive sets: 72 s for the
127k words of the shared archive. Here the keys are hashed into two numpy arrays (about 1 s and
12 MB for the same words), and a hash collision only adds a candidate the exact distance rejects.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA

PREFIX = 7  # characters (jamo for Hangul) that candidates are looked up by, as in SymSpell


def fold(word: str) -> str:
    """The form words are compared in: Hangul syllables decomposed into jamo, the rest unchanged."""
    return unicodedata.normalize("NFD", word)


def max_distance(folded: str) -> int:
    """Edits allowed for a word of this folded length: short words have too many neighbours at 2."""
    return 1 if len(folded) <= 4 else 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A vocabulary word near the one looked up."""

    word: str
    distance: int
    frequency: int


def _deletes(key: str) -> Iterator[str]:
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]


class DeletionIndex:
    """Vocabulary words by their prefix deletions; immutable once built, so safe to share."""

    def __init__(self, words: Iterable[tuple[str, int]]) -> None:
        """``words``: (word, frequency) pairs; a word given twice keeps its larger frequency."""
        best: dict[str, int] = {}
        for word, frequency in words:
            if frequency > best.get(word, 0):
                best[word] = frequency
        self.words = list(best)
        self.folded = [fold(word) for word in self.words]
        self.frequency = np.fromiter(best.values(), dtype=np.int64, count=len(best))
        self._numbers = {word: number for number, word in enumerate(self.words)}
        hashes: list[int] = []
        owners: list[int] = []
        for number, folded in enumerate(self.folded):
            prefix = folded[:PREFIX]
            keys = {hash(prefix), *map(hash, _deletes(prefix))}
            hashes.extend(keys)
            owners.extend([number] * len(keys))
        keys_array = np.array(hashes, dtype=np.int64)
        order = np.argsort(keys_array, kind="stable")
        self._keys = keys_array[order]
        self._owners = np.array(owners, dtype=np.int32)[order]

    def __len__(self) -> int:
        return len(self.words)

    def frequency_of(self, word: str) -> int:
        """The word's frequency, 0 when it is not in the vocabulary."""
        number = self._numbers.get(word)
        return 0 if number is None else int(self.frequency[number])

    def lookup(self, word: str, distance: int | None = None) -> list[Candidate]:
        """Vocabulary words within ``distance`` edits of ``word`` (default :func:`max_distance`),
        nearest first, then most frequent, then alphabetical."""
        folded = fold(word)
        limit = max_distance(folded) if distance is None else distance
        prefix = folded[:PREFIX]
        probes = {prefix, *_deletes(prefix)}
        if limit > 1:
            probes.update(second for first in list(probes) for second in _deletes(first))
        wanted = np.array([hash(probe) for probe in probes], dtype=np.int64)
        starts = np.searchsorted(self._keys, wanted, side="left")
        ends = np.searchsorted(self._keys, wanted, side="right")
        owners = {int(owner) for start, end in zip(starts, ends, strict=True) for owner in self._owners[start:end]}
        found = []
        for owner in owners:
            apart = OSA.distance(folded, self.folded[owner], score_cutoff=limit)
            if apart <= limit:
                found.append(Candidate(self.words[owner], apart, int(self.frequency[owner])))
        found.sort(key=lambda c: (c.distance, -c.frequency, c.word))
        return found
