"""Facet counts over the whole result set, from in-memory columns.

Each facet counts the documents that match the query and every active filter except the facet's
own, so a reader can widen a choice; the values the request selected are always listed.
"""

from __future__ import annotations

import numpy as np

from search.columns import MULTI, SINGLE, Columns, ColumnStore
from search.filters import combine
from search.models import Facet, FacetValue, SearchRequest

# Which filter a facet ignores when counting.
_OWN_FILTER = {"tags": "tags", "category": "category", "author": "author", "site": "site",
               "lang": "lang", "year": "date", "month": "date"}


def _selected(request: SearchRequest, name: str) -> set[str]:
    if name == "tags":
        return {t.casefold() for t in request.tags}
    value = getattr(request, name, None) if name in SINGLE + ("category",) else None
    return {value.strip("/").casefold()} if value else set()


def _counts(columns: Columns, name: str, mask: np.ndarray) -> np.ndarray:
    if name in MULTI:
        multi = columns.multi[name]
        ids = multi.ids[mask[multi.docs]] if len(multi.ids) else multi.ids
        return np.bincount(ids, minlength=0) if len(ids) else np.zeros(0, dtype=np.int64)
    col = columns.single[name] if name in SINGLE else columns.month
    values = col[mask & (col >= 0)]
    if name == "year":
        values = values // 12
    return np.bincount(values) if len(values) else np.zeros(0, dtype=np.int64)


def compute_facets(
    request: SearchRequest,
    matched: np.ndarray,
    masks: dict[str, np.ndarray],
    columns: Columns,
    store: ColumnStore,
) -> dict[str, Facet]:
    """Facets named in ``request.facets``; ``matched`` is the query's own mask (no filters)."""
    out: dict[str, Facet] = {}
    for name, size in request.facets:
        others = combine(masks, columns.size, skip=(_OWN_FILTER[name],))
        mask = matched if others is None else matched & others
        counts = _counts(columns, name, mask)
        nonzero = np.flatnonzero(counts)
        if name in ("year", "month"):
            values = [(_period_label(name, int(i)), int(counts[i])) for i in nonzero]
            out[name] = Facet(name, tuple(FacetValue(v, c) for v, c in values[-size:]),
                              other=sum(c for _, c in values[:-size]) if len(values) > size else 0)
            continue
        display = store.vocab[name].display
        chosen = _selected(request, name)
        order = nonzero[np.lexsort((nonzero, -counts[nonzero]))]
        top = [int(i) for i in order[:size]]
        picked = {display[i].casefold() for i in top}
        for key in chosen - picked:
            vid = store.vocab[name].get(key)
            if vid is not None:
                top.append(vid)
        values = tuple(
            FacetValue(display[i], int(counts[i]) if i < len(counts) else 0, display[i].casefold() in chosen)
            for i in top
        )
        rest = int(counts[order[size:]].sum()) if len(order) > size else 0
        out[name] = Facet(name, values, other=rest)
    return out


def _period_label(name: str, index: int) -> str:
    if name == "year":
        return f"{index:04d}"
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
