"""Request filters as boolean masks over document numbers, one mask per facet it belongs to.

Keeping one mask per filter lets facet counting leave out a single-choice facet's own filter, so
its counts say what switching to another value gives (as Elasticsearch's ``post_filter`` does);
see :mod:`search.facets`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from search.columns import Columns, ColumnStore
from search.models import SearchRequest


def _has_value(columns: Columns, store: ColumnStore, name: str, value: str) -> np.ndarray:
    mask = np.zeros(columns.size, dtype=bool)
    vid = store.vocab[name].get(value)
    if vid is None:
        return mask
    multi = columns.multi[name]
    mask[multi.docs[multi.ids == vid]] = True
    return mask


def day_bounds(day_from: date | None, day_to: date | None, tz: ZoneInfo) -> tuple[int | None, int | None]:
    """Epoch seconds [start, end) covering the inclusive days in the display zone."""
    low = int(datetime.combine(day_from, time.min, tz).timestamp()) if day_from else None
    high = None
    if day_to and day_to < date.max:
        high = int(datetime.combine(day_to + timedelta(days=1), time.min, tz).timestamp())
    return low, high


def filter_masks(request: SearchRequest, columns: Columns, store: ColumnStore) -> dict[str, np.ndarray]:
    """Masks keyed by the facet each filter belongs to (dates belong to year and month)."""
    masks: dict[str, np.ndarray] = {}
    if request.tags:
        mask = np.ones(columns.size, dtype=bool)
        for tag in request.tags:
            mask &= _has_value(columns, store, "tags", tag)
        masks["tags"] = mask
    if request.category:
        masks["category"] = _has_value(columns, store, "category", request.category.strip("/"))
    for name in ("author", "site", "lang"):
        value = getattr(request, name)
        if value:
            vid = store.vocab[name].get(value)
            masks[name] = columns.single[name] == (-2 if vid is None else vid)
    if request.date_from or request.date_to:
        low, high = day_bounds(request.date_from, request.date_to, store.tz)
        mask = columns.ts >= 0
        if low is not None:
            mask &= columns.ts >= low
        if high is not None:
            mask &= columns.ts < high
        masks["date"] = mask
    if request.edited is not None:
        masks["edited"] = columns.edited == request.edited
    return masks


def combine(masks: dict[str, np.ndarray], size: int, skip: tuple[str, ...] = ()) -> np.ndarray | None:
    """AND of every mask not in ``skip``; None when nothing filters."""
    out: np.ndarray | None = None
    for name, mask in masks.items():
        if name in skip:
            continue
        out = mask.copy() if out is None else out & mask
    return out
