"""In-memory columns of the filterable and facetable fields, one set per index segment.

Whoosh's ``groupedby`` reads stored fields for every hit on every search; here each segment's
values are read once into numpy arrays keyed by document number and reused by every search until
the segment is merged away. Segments are immutable, so a cached column never goes stale; deleted
documents simply never come out of a matcher.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from search.schema import category_prefixes, split_stored

SINGLE = ("author", "site", "lang")
MULTI = ("tags", "category")


class Vocab:
    """Value <-> small integer, keyed case-insensitively; the first spelling seen is displayed."""

    def __init__(self) -> None:
        self.display: list[str] = []
        self.ids: dict[str, int] = {}

    def add(self, value: str) -> int:
        key = value.casefold()
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.display)
            self.display.append(value)
        return found

    def get(self, value: str) -> int | None:
        return self.ids.get(value.casefold())


@dataclass
class Multi:
    """A multi-valued column in coordinate form: entry i says doc ``docs[i]`` has value ``ids[i]``."""

    docs: np.ndarray
    ids: np.ndarray


@dataclass
class Columns:
    """Columns for a whole searcher (segments concatenated in document-number order)."""

    size: int
    ts: np.ndarray  # int64 seconds since the epoch, -1 when undated
    month: np.ndarray  # int32 year*12 + month-1 in the display zone, -1 when undated
    single: dict[str, np.ndarray]  # int32 value id, -1 when empty
    multi: dict[str, Multi]
    gone: np.ndarray  # bool
    edited: np.ndarray  # bool: more than one revision
    changed: np.ndarray  # int64 seconds since the epoch of the last revision, -1 when unknown


class ColumnStore:
    """Builds and caches per-segment columns; shared vocabularies make ids comparable."""

    def __init__(self, display_tz: ZoneInfo) -> None:
        self.tz = display_tz
        self.vocab: dict[str, Vocab] = {name: Vocab() for name in SINGLE + MULTI}
        self._segments: dict[str, Columns] = {}
        self._combined: tuple[tuple[str, ...], Columns] | None = None
        self._lock = threading.Lock()

    def for_readers(self, leaves: Iterable[tuple[object, int]]) -> Columns:
        """Columns for the leaf readers of a searcher (``searcher.reader().leaf_readers()``)."""
        # An empty index has one EmptyReader leaf with no segment: it contributes no columns.
        leaves = [(reader, offset) for reader, offset in leaves if reader.segment() is not None]  # type: ignore[attr-defined]
        key = tuple(reader.segment().segment_id() for reader, _ in leaves)  # type: ignore[attr-defined]
        with self._lock:
            if self._combined and self._combined[0] == key:
                return self._combined[1]
            parts = []
            for (reader, _offset), seg_id in zip(leaves, key, strict=True):
                cols = self._segments.get(seg_id)
                if cols is None:
                    cols = self._segments[seg_id] = self._build(reader)
                parts.append(cols)
            for stale in set(self._segments) - set(key):
                del self._segments[stale]
            combined = _concat(parts)
            self._combined = (key, combined)
            return combined

    def _build(self, reader: object) -> Columns:
        size = reader.doc_count_all()  # type: ignore[attr-defined]
        ts = np.full(size, -1, dtype=np.int64)
        month = np.full(size, -1, dtype=np.int32)
        gone = np.zeros(size, dtype=bool)
        edited = np.zeros(size, dtype=bool)
        changed = np.full(size, -1, dtype=np.int64)
        single = {name: np.full(size, -1, dtype=np.int32) for name in SINGLE}
        multi_docs: dict[str, list[int]] = {name: [] for name in MULTI}
        multi_ids: dict[str, list[int]] = {name: [] for name in MULTI}
        for doc in range(size):
            stored = reader.stored_fields(doc)  # type: ignore[attr-defined]
            stamp = stored.get("ts", -1)
            if stamp is not None and stamp >= 0:
                ts[doc] = stamp
                local = datetime.fromtimestamp(stamp, self.tz)
                month[doc] = local.year * 12 + local.month - 1
            gone[doc] = bool(stored.get("gone"))
            edited[doc] = stored.get("edited") == "true"
            changed[doc] = stored.get("changed", -1)
            for name in SINGLE:
                value = stored.get(name)
                if value:
                    single[name][doc] = self.vocab[name].add(value)
            values = {
                "tags": split_stored(stored.get("tags")),
                "category": category_prefixes(stored.get("category_path")),
            }
            for name in MULTI:
                for value in values[name]:
                    multi_docs[name].append(doc)
                    multi_ids[name].append(self.vocab[name].add(value))
        multi = {
            name: Multi(np.array(multi_docs[name], dtype=np.int32), np.array(multi_ids[name], dtype=np.int32))
            for name in MULTI
        }
        return Columns(size, ts, month, single, multi, gone, edited, changed)


def _concat(parts: list[Columns]) -> Columns:
    if len(parts) == 1:
        return parts[0]
    offsets = np.cumsum([0] + [p.size for p in parts[:-1]])
    return Columns(
        size=sum(p.size for p in parts),
        ts=np.concatenate([p.ts for p in parts]) if parts else np.zeros(0, np.int64),
        month=np.concatenate([p.month for p in parts]) if parts else np.zeros(0, np.int32),
        single={
            name: np.concatenate([p.single[name] for p in parts]) if parts else np.zeros(0, np.int32)
            for name in SINGLE
        },
        multi={
            name: Multi(
                np.concatenate([p.multi[name].docs + off for p, off in zip(parts, offsets, strict=True)])
                if parts
                else np.zeros(0, np.int32),
                np.concatenate([p.multi[name].ids for p in parts]) if parts else np.zeros(0, np.int32),
            )
            for name in MULTI
        },
        gone=np.concatenate([p.gone for p in parts]) if parts else np.zeros(0, bool),
        edited=np.concatenate([p.edited for p in parts]) if parts else np.zeros(0, bool),
        changed=np.concatenate([p.changed for p in parts]) if parts else np.zeros(0, np.int64),
    )
