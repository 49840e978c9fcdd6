"""Facet counts over the whole result set, from in-memory columns.

Every count says what choosing its value gives. Tags combine with AND, so adding one narrows the
results: a tag's count is taken over the current results, every filter applied (selected tags
included). The single-choice facets (category, author, site, lang and the date periods) replace
their own filter when a value is chosen, so they count with every filter but their own and the
reader can switch. The values the request selected are always listed, first.
"""

from __future__ import annotations

import numpy as np

from search.columns import MULTI, SINGLE, Columns, ColumnStore
from search.filters import combine
from search.models import Facet, FacetValue, SearchRequest

# Which filter a facet ignores when counting: none for tags, which narrow rather than replace.
_OWN_FILTER = {"tags": "", "category": "category", "author": "author", "site": "site",
               "lang": "lang", "year": "date", "month": "date", "edited": "edited"}


def _selected(request: SearchRequest, name: str) -> set[str]:
    if name == "tags":
        return {t.casefold() for t in request.tags}
    value = getattr(request, name, None) if name in SINGLE + ("category",) else None
    return {value.strip("/").casefold()} if value else set()


def value_counts(columns: Columns, name: str, mask: np.ndarray) -> np.ndarray:
    """How many documents of ``mask`` hold each value id of facet ``name`` (for ``month``, each
    month index ``year * 12 + month - 1``; for ``year``, each year), by ``np.bincount``."""
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
        own = _OWN_FILTER[name]
        others = combine(masks, columns.size, skip=(own,) if own else ())
        mask = matched if others is None else matched & others
        counts = value_counts(columns, name, mask)
        nonzero = np.flatnonzero(counts)
        if name == "edited":
            out[name] = _edited(columns, mask, request.edited)
            continue
        if name in ("year", "month"):
            out[name] = _histogram(name, counts, nonzero, size)
            continue
        chosen = _selected(request, name)
        if name == "category":
            out[name] = _category_tree(store.vocab[name].display, counts, size, chosen)
            continue
        out[name] = _flat(name, counts, nonzero, size, chosen, store)
    return out


def _edited(columns: Columns, mask: np.ndarray, chosen: bool | None) -> Facet:
    """``true``: articles edited after publication (more than one revision), ``false``: the others."""
    edited = int((mask & columns.edited).sum())
    return Facet("edited", (FacetValue("true", edited, chosen is True),
                            FacetValue("false", int(mask.sum()) - edited, chosen is False)))


def _flat(
    name: str, counts: np.ndarray, nonzero: np.ndarray, size: int, chosen: set[str], store: ColumnStore
) -> Facet:
    """The selected values (in a stable order), then the ``size`` most frequent of the others;
    ``other`` counts what the left-out values hold."""
    display = store.vocab[name].display
    order = nonzero[np.lexsort((nonzero, -counts[nonzero]))]
    first = [vid for key in sorted(chosen) if (vid := store.vocab[name].get(key)) is not None]
    rest = [int(i) for i in order if display[i].casefold() not in chosen]
    top = first + rest[:size]
    values = tuple(
        FacetValue(display[i], int(counts[i]) if i < len(counts) else 0, display[i].casefold() in chosen) for i in top
    )
    other = int(counts[rest[size:]].sum()) if len(rest) > size else 0
    return Facet(name, values, other=other)


def _category_tree(display: list[str], counts: np.ndarray, size: int, chosen: set[str]) -> Facet:
    """Category paths as a tree in display order: the ``size`` largest top-level categories, each
    followed by its ``size`` largest children (recursively). The selected path and its ancestors
    are always listed; ``other`` counts the documents under top-level categories left out.

    Counts come from the prefix column, so a parent's count is its documents' number, children
    included, and never double-counts a document.
    """
    listed = {vid: int(counts[vid]) for vid in np.flatnonzero(counts).tolist()}
    known = {path.casefold(): vid for vid, path in enumerate(display)}
    keep = {path.casefold() for sel in chosen for path in _ancestors(sel)}
    for key in keep:  # a selected path with no documents left still shows, with 0
        if key in known:
            listed.setdefault(known[key], 0)
    children: dict[str | None, list[tuple[int, str]]] = {}
    for vid, count in listed.items():
        path = display[vid]
        parent = path.rsplit("/", 1)[0].casefold() if "/" in path else None
        children.setdefault(parent, []).append((count, path))
    values: list[FacetValue] = []

    def walk(parent: str | None, parent_display: str | None, depth: int) -> int:
        ranked = sorted(children.get(parent, ()), key=lambda item: (-item[0], item[1]))
        left_out = 0
        for rank, (count, path) in enumerate(ranked):
            key = path.casefold()
            if rank >= size and key not in keep:
                left_out += count
                continue
            values.append(FacetValue(path, count, key in chosen, parent_display, depth))
            walk(key, path, depth + 1)
        return left_out

    other = walk(None, None, 0)
    return Facet("category", tuple(values), other=other)


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _histogram(name: str, counts: np.ndarray, nonzero: np.ndarray, size: int) -> Facet:
    """The latest ``size`` periods up to the newest with documents, oldest first, empty periods
    included (count 0) so a UI can draw bars on an even time axis; ``other`` counts older ones."""
    if not len(nonzero):
        return Facet(name, ())
    first, last = int(nonzero[0]), int(nonzero[-1])
    start = max(first, last - size + 1)
    values = tuple(FacetValue(period_label(name, i), int(counts[i])) for i in range(start, last + 1))
    return Facet(name, values, other=int(counts[first:start].sum()))


def period_label(name: str, index: int) -> str:
    """``2024`` for a year, ``2024-03`` for a month index (``year * 12 + month - 1``)."""
    if name == "year":
        return f"{index:04d}"
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
