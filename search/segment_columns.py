"""Per-segment column files: every short stored field of every document, kept beside its segment.

Opening an archive needs each document's facet values, date and hidden flag (the search columns of
:mod:`search.columns`), and starting a writer needs each document's id, content hash and owner.
Read from Whoosh's stored fields, that is one unpickled and decompressed record per document,
bodies included: 1-2 s at 27k documents, before the first answer. So each segment gets a file
``<segment id>.columns`` (an uncompressed ``.npz``, no pickles) holding, for every stored field
that is not analysed text (see :func:`column_names`: generic over the schema, so a stored field
added later is kept too), one int32 code per document number and the JSON list of distinct values.

Whoosh segments never change once written, so a column file never goes stale: a deleted document
keeps its row and is masked by the segment's deletion set, and a merge writes a new segment, whose
file the writer builds at commit from what it added and the rows of the segments it merged
(:func:`commit_with_columns`). Whoosh's own clean-up deletes a merged-away segment's column file
with its other files (the name matches its segment file pattern).

An index written before these files existed (or by another writer) gets them the first time it is
opened: built once from the stored fields, and written when the folder is writable (else kept in
memory for the life of the process).
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.fields import TEXT, Schema
from whoosh.reading import IndexReader, SegmentReader
from whoosh.writing import MERGE_SMALL, OPTIMIZE, SegmentWriter

FORMAT = 1
EXTENSION = ".columns"


def column_names(schema: Schema) -> tuple[str, ...]:
    """The stored fields kept in column files: all but analysed text (titles, bodies), which are
    what makes stored records large and are only needed for the documents a page shows."""
    return tuple(sorted(name for name, field in schema.items() if field.stored and not isinstance(field, TEXT)))


class Column:
    """One field of one segment: ``codes[doc]`` indexes ``values`` (-1: no value)."""

    def __init__(self, codes: np.ndarray, values: list[Any]) -> None:
        self.codes = codes
        self.values = values

    @classmethod
    def encode(cls, items: Iterable[Any]) -> Column:
        """Dictionary-encode per-document values, distinct values in order of first appearance."""
        index: dict[Any, int] = {}
        values: list[Any] = []
        codes: list[int] = []
        for value in items:
            if value is None:
                codes.append(-1)
                continue
            key = _key(value)
            code = index.get(key)
            if code is None:
                code = index[key] = len(values)
                values.append(value)
            codes.append(code)
        return cls(np.array(codes, dtype=np.int32), values)

    def decoded(self) -> list[Any]:
        """Every document's value (None where it has none)."""
        table = [*self.values, None]  # code -1 picks the trailing None
        return [table[code] for code in self.codes.tolist()]

    def lookup(self, convert: Callable[[Any], Any], dtype: type, missing: Any) -> np.ndarray:
        """Every document's ``convert(value)`` as an array, converting each distinct value once."""
        table = np.array([*(convert(value) for value in self.values), missing], dtype=dtype)
        return table[self.codes]


def _key(value: Any) -> Any:
    # (type, value): True, 1 and 1.0 stay distinct values; lists (JSON arrays) by their JSON text.
    if isinstance(value, list | tuple | dict):
        return (list, json.dumps(value, sort_keys=True, ensure_ascii=False))
    return (type(value), value)


class SegmentColumns:
    """The column file of one segment, its columns decoded on first use."""

    def __init__(self, size: int, columns: dict[str, Column] | None = None, raw: Any = None) -> None:
        self.size = size
        self._columns = dict(columns or {})
        self._raw = raw  # an open NpzFile, for columns not decoded yet

    def __contains__(self, name: str) -> bool:
        return name in self._columns or (self._raw is not None and f"c.{name}" in self._raw.files)

    def column(self, name: str) -> Column:
        """The named column; a field the file does not hold (added to the schema later) has no values."""
        found = self._columns.get(name)
        if found is None:
            if name in self:
                values = json.loads(bytes(self._raw[f"v.{name}"]).decode("utf-8"))
                found = Column(np.asarray(self._raw[f"c.{name}"], dtype=np.int32), values)
            else:
                found = Column(np.full(self.size, -1, dtype=np.int32), [])
            self._columns[name] = found
        return found

    @classmethod
    def from_rows(cls, names: Sequence[str], rows: Sequence[dict[str, Any]]) -> SegmentColumns:
        """Columns of documents given as field dicts (the fields handed to the writer)."""
        return cls(len(rows), {name: Column.encode(row.get(name) for row in rows) for name in names})

    @classmethod
    def from_values(cls, size: int, values: dict[str, list[Any]]) -> SegmentColumns:
        """Columns from each field's list of per-document values."""
        return cls(size, {name: Column.encode(items) for name, items in values.items()})

    @classmethod
    def from_stored(cls, reader: SegmentReader, names: Sequence[str]) -> SegmentColumns:
        """The fallback: every document's stored fields read once (deleted ones too: rows are
        document numbers)."""
        rows = [reader.stored_fields(doc) for doc in range(reader.doc_count_all())]
        return cls.from_rows(names, rows)

    def take(self, name: str, docs: Sequence[int]) -> list[Any]:
        """The given documents' values of one field, for re-encoding into a merged segment."""
        column = self.column(name)
        table = [*column.values, None]
        return [table[code] for code in column.codes[np.asarray(docs, dtype=np.int64)].tolist()]

    def to_bytes(self, names: Sequence[str]) -> bytes:
        arrays: dict[str, np.ndarray] = {
            "meta": np.frombuffer(json.dumps({"format": FORMAT, "size": self.size}).encode(), dtype=np.uint8)
        }
        for name in names:
            column = self.column(name)
            arrays[f"c.{name}"] = column.codes
            text = json.dumps(column.values, ensure_ascii=False, separators=(",", ":"))
            arrays[f"v.{name}"] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        out = io.BytesIO()
        np.savez(out, **arrays)
        return out.getvalue()


def column_file(reader: SegmentReader) -> Path | None:
    """Where a segment reader's column file lives; None for readers not on a folder."""
    folder = getattr(reader.storage(), "folder", None)
    segment = reader.segment()
    if folder is None or segment is None:
        return None
    return Path(folder) / f"{segment.segment_id()}{EXTENSION}"


def read_file(path: Path, size: int) -> SegmentColumns | None:
    """The column file at ``path`` if it is there, readable and for ``size`` documents."""
    try:
        raw = np.load(io.BytesIO(path.read_bytes()), allow_pickle=False)  # no file handle kept
        meta = json.loads(bytes(raw["meta"]).decode("utf-8"))
    except (OSError, ValueError, KeyError, EOFError):
        return None
    if meta.get("format") != FORMAT or meta.get("size") != size:
        return None
    return SegmentColumns(size, raw=raw)


def write_file(path: Path, columns: SegmentColumns, names: Sequence[str]) -> bool:
    """Write atomically (a dot-named temp file, which Whoosh's clean-up ignores, then a rename).
    False when the folder cannot be written (a read-only index): the caller keeps the columns."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(columns.to_bytes(names))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    return True


def load(reader: SegmentReader, names: Sequence[str], write: bool = True) -> SegmentColumns:
    """A segment's columns: from its file, or built from stored fields once and written beside it
    (unless ``write`` is False).

    A file missing a column ``names`` asks for (a field added to the schema since it was written)
    answers it as empty: documents written before the field existed have no value for it.
    """
    path = column_file(reader)
    size = reader.doc_count_all()
    found = read_file(path, size) if path is not None else None
    if found is not None:
        return found
    built = SegmentColumns.from_stored(reader, names)
    if path is not None and write:
        write_file(path, built, names)
    return built


def live_column_rows(reader: IndexReader, names: Sequence[str]) -> Iterator[dict[str, Any]]:
    """The given columns of every live (undeleted) document ``reader`` sees, as field dicts."""
    for leaf, _offset in reader.leaf_readers():
        if leaf.segment() is None:  # an empty index's reader
            continue
        columns = load(leaf, column_names(leaf.schema))
        decoded = [columns.column(name).decoded() for name in names]
        for doc in leaf.all_doc_ids():
            yield {name: values[doc] for name, values in zip(names, decoded, strict=True)}


class _MergeRecorder:
    """Stands in for the writer inside a merge policy: before letting the writer copy a segment,
    takes the rows of the documents Whoosh copies from it (its live ones, in order)."""

    def __init__(self, writer: SegmentWriter, values: dict[str, list[Any]]) -> None:
        self._writer = writer
        self.values = values  # field -> per-document values of the new segment, extended here
        self.count = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)

    def add_reader(self, reader: SegmentReader) -> None:
        # Read now: the commit deletes the merged segment's files, its column file with them.
        columns = load(reader, list(self.values), write=False)
        docs = list(reader.all_doc_ids())
        for name, items in self.values.items():
            items.extend(columns.take(name, docs))
        self.count += len(docs)
        self._writer.add_reader(reader)


def commit_with_columns(writer: SegmentWriter, added: Sequence[dict[str, Any]], optimize: bool = False) -> None:
    """Commit ``writer`` (whose documents, in the order added, are ``added``) and write the column
    file of the segment the commit creates.

    Whoosh fills a new segment with the documents added, then the live documents of each segment
    its merge policy merges, in the order it merges them; the policy is wrapped to record that
    order, so the new file's rows follow the segment's document numbers exactly. When the counts
    disagree (a Whoosh change) no file is written and the next reader builds it from stored fields.
    """
    names = column_names(writer.schema)
    base = OPTIMIZE if optimize else MERGE_SMALL
    recorder = _MergeRecorder(writer, {name: [fields.get(name) for fields in added] for name in names})
    writer.commit(mergetype=lambda _writer, segments: base(recorder, segments))
    size = len(added) + recorder.count
    segment = writer.newsegment
    folder = getattr(writer.storage, "folder", None)
    if not size or folder is None or segment.doc_count_all() != size:
        return
    path = Path(folder) / f"{segment.segment_id()}{EXTENSION}"
    write_file(path, SegmentColumns.from_values(size, recorder.values), names)
