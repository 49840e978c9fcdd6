"""Posting lists and field lengths as numpy arrays, read once per segment and kept in a bounded LRU.

Whoosh scores a query by stepping its matchers one posting at a time in Python (~1 µs per posting
per matcher level), which made ranking 600 matches cost 150-200 ms. Segments are immutable, so a
term's postings in one segment (document numbers and weights, the weights already multiplied by
the field's ``field_boost``) can be decoded once, block by block, and reused by every search that
names the term; :mod:`search.scoring` then computes BM25F over whole arrays.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

DEFAULT_MAX_POSTINGS = 4_000_000  # about 32 MB of int32 ids + float32 weights

Postings = tuple[np.ndarray, np.ndarray]  # (segment-local doc numbers int32, weights float32)
_EMPTY: Postings = (np.zeros(0, np.int32), np.zeros(0, np.float32))


def segment_key(reader: object) -> str | None:
    """The id of a leaf reader's segment: stable for the segment's life, new after a merge.
    None for the segment-less reader of an empty index."""
    segment = reader.segment()  # type: ignore[attr-defined]
    return None if segment is None else segment.segment_id()


def read_postings(reader: object, fieldname: str, text: str) -> Postings:
    """A term's live postings in one segment reader (deleted documents excluded)."""
    try:
        matcher = reader.postings(fieldname, text)  # type: ignore[attr-defined]
    except (TermNotFound, ValueError):
        return _EMPTY
    if isinstance(matcher, W3LeafMatcher):
        return _blocks(matcher)
    if isinstance(matcher, FilterMatcher) and isinstance(matcher.child, W3LeafMatcher):
        # The segment has deletions: decode the whole list, then drop the deleted documents.
        matcher.child.reset()
        ids, weights = _blocks(matcher.child)
        deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int32)  # type: ignore[attr-defined]
        keep = ~np.isin(ids, deleted)
        return ids[keep], weights[keep]
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():  # inlined single postings, or wrapped to skip deleted documents
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


def _blocks(matcher: W3LeafMatcher) -> Postings:
    """Decode a leaf matcher block by block (each block's ids and weights) instead of per posting.

    Uses the whoosh3 codec's block attributes; ``whoosh3`` is pinned exactly (see README), and
    ``tests/test_postings.py`` checks the result against ``all_ids()``/``weight()``. A block's
    delta-coded ids are gathered across blocks and summed with numpy, not in Python.
    """
    deltas: list[int] = []
    weights: list[float] = []
    lengths: list[int] = []
    while matcher.is_active():
        count = matcher._blocklength  # noqa: SLF001 - block-level access, see docstring
        data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)  # noqa: SLF001
        head = block_head(data, bool(matcher._compression), count)  # noqa: SLF001
        if head is None:
            matcher._read_data()  # noqa: SLF001
            matcher._read_weights()  # noqa: SLF001
            head = (matcher._data[0], matcher._weights)  # noqa: SLF001
        block_ids, block_weights = head
        deltas.extend(block_ids)
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        lengths.append(count)
        matcher._next_block()  # noqa: SLF001
    if not lengths:
        return _EMPTY
    sums = np.cumsum(np.array(deltas, dtype=np.int64))
    ends = np.cumsum(lengths)
    starts = np.repeat(np.concatenate(([0], sums[ends[:-1] - 1])), lengths)  # each block restarts from 0
    return (sums - starts).astype(np.int32), np.array(weights, dtype=np.float32)


# A block is the pickle of (ids, weights, values); a positional field's values are one bytes object
# per posting, which protocol 2 spells as a call to ``_codecs.encode``: 128 calls made unpickling a
# block cost ~125 µs, four fifths of reading a term's postings. Ids and weights come first, so the
# pickle is cut where the values' tuple starts (its MARK, then this global) and closed as a pair.
_VALUES_START = b"(c_codecs\nencode\n"
_HEAD_BYTES = 2048  # decompressed bytes that hold a 128-posting block's ids and weights
_PAIR_AND_STOP = b"\x86."


def block_head(data: bytes, compressed: bool, count: int) -> tuple[tuple[int, ...], object] | None:
    """A stored posting block's delta-coded ids and its weights as the codec minified them (None,
    one float or a tuple), without unpickling the values; None when the block is not laid out so
    (no per-posting values, or fewer than four postings, whose tuples have no MARK)."""
    if count < 4:
        return None
    if compressed:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, _HEAD_BYTES)
        cut = raw.find(_VALUES_START)
        if cut < 0 and inflater.unconsumed_tail:
            raw += inflater.decompress(inflater.unconsumed_tail)
            cut = raw.find(_VALUES_START)
    else:
        raw = data
        cut = raw.find(_VALUES_START)
    if cut < 0:
        return None
    try:
        ids, weights = pickle.loads(raw[:cut] + _PAIR_AND_STOP)
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError, IndexError):
        return None
    if not isinstance(ids, tuple) or len(ids) != count:
        return None
    if weights is None or isinstance(weights, float) or (isinstance(weights, tuple) and len(weights) == count):
        return ids, weights
    return None


def field_lengths(reader: object, fieldname: str) -> np.ndarray:
    """Every document's length in ``fieldname`` as Whoosh's scorer sees it (byte-quantised, 1 when
    absent), float64 so BM25 arithmetic matches Whoosh's Python floats.

    Read as one block from the segment's length column (one byte per document) rather than a
    Python call per document (0.1 s per field at 27k documents, at every start)."""
    size = reader.doc_count_all()  # type: ignore[attr-defined]
    lengths = np.ones(size, dtype=np.float64)
    storage, segment = reader.storage(), reader.segment()  # type: ignore[attr-defined]
    name = W3Codec.column_filename(segment, f"_{fieldname}_len") if segment is not None else None
    if name is None or not storage.file_exists(name):
        return lengths
    with storage.open_file(name) as file:
        data = np.frombuffer(file.read(), dtype=np.uint8)[:size]
    lengths[: len(data)] = _BYTE_LENGTHS[data]
    return lengths


# byte -> length as Whoosh decodes it; byte 0 (and an absent byte) read as 1, as the scorer's ``or 1``.
_BYTE_LENGTHS = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)
_BYTE_LENGTHS[0] = 1.0


def live_docs(reader: object) -> np.ndarray | None:
    """Mask of a segment's undeleted documents, or None when nothing is deleted."""
    if not reader.has_deletions():  # type: ignore[attr-defined]
        return None
    mask = np.zeros(reader.doc_count_all(), dtype=bool)  # type: ignore[attr-defined]
    mask[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True  # type: ignore[attr-defined]
    return mask


class ArrayCache:
    """A thread-safe LRU of numpy values, bounded by their total number of elements."""

    def __init__(self, max_items: int = DEFAULT_MAX_POSTINGS) -> None:
        self.max_items = max_items
        self._data: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, build: Callable[[], object]) -> object:
        """The cached value for ``key``, built (outside the lock) and stored on a miss."""
        found = self.peek(key)
        if found is not None:
            return found
        value = build()
        self.put(key, value)
        return value

    def peek(self, key: Hashable) -> object | None:
        """The cached value for ``key`` (counted as a hit), or None (counted as a miss)."""
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
                self.hits += 1
                return found[0]
            self.misses += 1
        return None

    def put(self, key: Hashable, value: object) -> None:
        """Keep ``value``, dropping the least recently used values beyond the bound."""
        size = _elements(value)
        with self._lock:
            if key not in self._data and size <= self.max_items:
                self._data[key] = (value, size)
                self._size += size
                while self._size > self.max_items:
                    _, (_, dropped) = self._data.popitem(last=False)
                    self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._size = 0

    def discard(self, kind: str) -> None:
        """Drop the values whose key is a tuple starting with ``kind`` (``bench.speed`` empties the
        per-term scores this way to time a query the process has never seen)."""
        with self._lock:
            for key in [k for k in self._data if isinstance(k, tuple) and k and k[0] == kind]:
                self._size -= self._data.pop(key)[1]


def _elements(value: object) -> int:
    if isinstance(value, np.ndarray):
        return int(value.size) or 1
    if isinstance(value, tuple):
        return sum(_elements(v) for v in value) or 1
    return 1
