"""Facet counts over the whole result set, from in-memory columns.

Every count says what choosing its value gives. Tags combine with AND, so adding one narrows the
results: a tag's count is taken over the current results, every filter applied (selected tags
included). The single-choice facets (category, author, site, lang and the date periods) replace
their own filter when a value is chosen, so they count with every filter but their own and the
reader can switch. The values the request selected are always listed, first.
"""

from __future__ import annotations

import numpy as np

from search.columns import MULTI, SINGLE, Columns, ColumnStore, Vocab
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
    return doc_value_counts(columns, name, np.flatnonzero(mask))


def doc_value_counts(columns: Columns, name: str, docs: np.ndarray) -> np.ndarray:
    """:func:`value_counts` over the document numbers ``docs``: work in proportion to the matches,
    not to the archive (a mask over every document and every tag entry, per facet, was a fifth of
    a search's time)."""
    if name in MULTI:
        ids = columns.multi[name].values_of(docs)
        return np.bincount(ids) if len(ids) else np.zeros(0, dtype=np.int64)
    col = columns.single[name] if name in SINGLE else columns.month
    values = col[docs]
    values = values[values >= 0]
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
    counted = _Counted(matched, masks, columns.size)
    for name, size in request.facets:
        docs = counted.docs(_OWN_FILTER[name])
        if name == "edited":
            out[name] = _edited(columns, docs, request.edited)
            continue
        if name in ("year", "month"):
            out[name] = _histogram(name, *_period_counts(columns, name, docs), size)
            continue
        counts = doc_value_counts(columns, name, docs)
        chosen = _selected(request, name)
        if name == "category":
            out[name] = _category_tree(store.vocab[name], counts, size, chosen)
            continue
        out[name] = _flat(name, counts, np.flatnonzero(counts), size, chosen, store)
    return out


class _Counted:
    """The documents each facet counts over, by the filter it leaves out: most facets share one
    set (no filter of their own is applied), so it is built once per search, not once per facet."""

    def __init__(self, matched: np.ndarray, masks: dict[str, np.ndarray], size: int) -> None:
        self.matched, self.masks, self.size = matched, masks, size
        self._docs: dict[str, np.ndarray] = {}

    def docs(self, own: str) -> np.ndarray:
        skip = own if own in self.masks else ""
        found = self._docs.get(skip)
        if found is None:
            others = combine(self.masks, self.size, skip=(skip,) if skip else ())
            found = self._docs[skip] = np.flatnonzero(self.matched if others is None else self.matched & others)
        return found


def _edited(columns: Columns, docs: np.ndarray, chosen: bool | None) -> Facet:
    """``true``: articles edited after publication (more than one revision), ``false``: the others."""
    edited = int(columns.edited[docs].sum())
    return Facet("edited", (FacetValue("true", edited, chosen is True),
                            FacetValue("false", len(docs) - edited, chosen is False)))


def _flat(
    name: str, counts: np.ndarray, nonzero: np.ndarray, size: int, chosen: set[str], store: ColumnStore
) -> Facet:
    """The selected values (in a stable order), then the ``size`` most frequent of the others;
    ``other`` counts what the left-out values hold."""
    vocab = store.vocab[name]
    order = nonzero[np.lexsort((nonzero, -counts[nonzero]))]
    first = [vid for key in sorted(chosen) if (vid := vocab.get(key)) is not None]
    # A value is chosen when its key is: the vocabulary is keyed by casefolded spelling.
    rest = order[~np.isin(order, first)] if first else order
    top = first + rest[:size].tolist()
    values = tuple(
        FacetValue(vocab.display[i], int(counts[i]) if i < len(counts) else 0, i in first) for i in top
    )
    other = int(counts[rest[size:]].sum()) if len(rest) > size else 0
    return Facet(name, values, other=other)


def _category_tree(vocab: Vocab, counts: np.ndarray, size: int, chosen: set[str]) -> Facet:
    """Category paths as a tree in display order: the ``size`` largest top-level categories, each
    followed by its ``size`` largest children (recursively). The selected path and its ancestors
    are always listed; ``other`` counts the documents under top-level categories left out.

    Counts come from the prefix column, so a parent's count is its documents' number, children
    included, and never double-counts a document.
    """
    display, known = vocab.display, vocab.ids  # ids: casefolded path -> value id
    nonzero = np.flatnonzero(counts)
    listed = dict(zip(nonzero.tolist(), counts[nonzero].tolist(), strict=True))
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
            if key in children:  # most listed paths are leaves: no call for them
                walk(key, path, depth + 1)
        return left_out

    other = walk(None, None, 0)
    return Facet("category", tuple(values), other=other)


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _period_counts(columns: Columns, name: str, docs: np.ndarray) -> tuple[np.ndarray, int]:
    """(counts, base): ``counts[i]`` documents of ``docs`` fall in period ``base + i`` (``name`` is
    ``year`` or ``month``), ``base`` the earliest period with any. Counted from the earliest rather
    than from period 0: a month index is ``year * 12``, so a count array from 0 held 24,000 zeros
    to allocate and scan, twice a search."""
    values = columns.month[docs]
    values = values[values >= 0]
    if name == "year":
        values = values // 12
    if not len(values):
        return np.zeros(0, dtype=np.int64), 0
    base = int(values.min())
    return np.bincount(values - base), base


def _histogram(name: str, counts: np.ndarray, base: int, size: int) -> Facet:
    """The latest ``size`` periods up to the newest with documents, oldest first, empty periods
    included (count 0) so a UI can draw bars on an even time axis; ``other`` counts older ones.
    ``counts`` from :func:`_period_counts`: its first and last entries are nonzero."""
    if not len(counts):
        return Facet(name, ())
    last = base + len(counts) - 1
    start = max(base, last - size + 1)
    shown = counts[start - base :].tolist()
    values = tuple(FacetValue(period_label(name, i), n) for i, n in zip(range(start, last + 1), shown, strict=True))
    return Facet(name, values, other=int(counts[: start - base].sum()))


def period_label(name: str, index: int) -> str:
    """``2024`` for a year, ``2024-03`` for a month index (``year * 12 + month - 1``)."""
    if name == "year":
        return f"{index:04d}"
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
