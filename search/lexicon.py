"""Every term of a segment with its document frequency, read in one pass over the term file
(and the run of terms that start with a prefix, read the same way).

Whoosh's ``iter_field`` decodes each entry through several generator layers and object
constructions: 45 µs a term on the shared machine, over 200 s for the 245k terms of 5,000 archive
documents. A segment's term file (whoosh3 codec) is a run of ``(key length, value length, key,
value)`` records, the key a field number and the term's bytes, the value a ``W3TermInfo`` whose
third field is the document frequency; reading the run as one buffer and unpacking it in place is
a few µs a term. ``whoosh3`` is pinned exactly (see README); ``tests/test_spelling.py`` checks
the result against ``iter_field``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from whoosh.codec.whoosh3 import W3TermInfo, W3TermsReader

_LENGTHS = struct.Struct("!ii")
_FIELD = struct.Struct("!H")


class TermFile:
    """A segment's term records, read into memory: parsing them needs no reader (so it can run on
    another thread while Whoosh's reader, which is not thread-safe, serves searches)."""

    def __init__(self, reader: object, fields: Iterable[str]) -> None:
        wanted = set(fields)
        self.parsed: dict[str, int] | None = None
        terms = getattr(reader, "_terms", None)
        if not isinstance(terms, W3TermsReader):
            self.parsed = _generic(reader, wanted)
            return
        self.numbers = {num for name, num in terms._fieldmap.items() if name in wanted}  # noqa: SLF001
        table = terms._tindex  # noqa: SLF001 - the codec's ordered hash file, see module docstring
        self.buffer = bytes(table.dbfile.get(table.startofdata, table.endofdata - table.startofdata))

    def frequencies(self) -> dict[str, int]:
        """``{term: document frequency}``, the larger of the fields' where a term is in several."""
        if self.parsed is not None:
            return self.parsed
        out: dict[str, int] = {}
        buffer, numbers = self.buffer, self.numbers
        unpack_lengths, unpack_field = _LENGTHS.unpack_from, _FIELD.unpack_from
        unpack_info = W3TermInfo._struct.unpack_from  # noqa: SLF001
        pos, end = 0, len(buffer)
        while pos < end:
            keylen, datalen = unpack_lengths(buffer, pos)
            keypos = pos + _LENGTHS.size
            if unpack_field(buffer, keypos)[0] in numbers:
                term = buffer[keypos + _FIELD.size : keypos + keylen].decode("utf-8")
                df = unpack_info(buffer, keypos + keylen)[2]
                if df > out.get(term, 0):
                    out[term] = df
            pos = keypos + keylen + datalen
        return out


def _generic(reader: object, fields: set[str]) -> dict[str, int]:
    """Any other reader (an empty index's, another codec's): through Whoosh's own API."""
    out: dict[str, int] = {}
    for field in fields:
        if field not in reader.schema:  # type: ignore[attr-defined]
            continue
        for raw, info in reader.iter_field(field):  # type: ignore[attr-defined]
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            out[term] = max(out.get(term, 0), info.doc_frequency())
    return out


_CHUNK = 64 * 1024


def prefix_run(reader: object, fieldname: str, literal: str, limit: int) -> tuple[list[str], list[int]] | None:
    """The first ``limit`` terms of ``fieldname`` starting with ``literal`` and their document
    frequencies, in dictionary order, read from the term file in 64 KB chunks; None for a reader
    this does not know (the caller then uses Whoosh's ``iter_prefix``, ~15 µs a term).

    The codec's ordered hash file finds the first such key by binary search; the records after
    it are parsed in place like :meth:`TermFile.frequencies` (``tests/test_hardening_queries.py``
    checks the result against ``iter_prefix``)."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return None
    texts: list[str] = []
    counts: list[int] = []
    number = terms._fieldmap.get(fieldname)  # noqa: SLF001
    table = terms._tindex  # noqa: SLF001
    key = _FIELD.pack(number) + literal.encode("utf-8") if number is not None else b""
    pos = table.closest_key_pos(key) if key else None
    unpack_lengths, unpack_info = _LENGTHS.unpack_from, W3TermInfo._struct.unpack_from  # noqa: SLF001
    head = _LENGTHS.size
    while pos is not None and pos < table.endofdata and len(texts) < limit:
        buffer = bytes(table.dbfile.get(pos, min(_CHUNK, table.endofdata - pos)))
        at = 0
        while len(texts) < limit and at + head <= len(buffer):
            keylen, datalen = unpack_lengths(buffer, at)
            end = at + head + keylen + datalen
            if end > len(buffer):
                if at == 0:  # one record longer than a chunk: read it whole
                    buffer = bytes(table.dbfile.get(pos, head + keylen + datalen))
                    continue
                break
            found = buffer[at + head : at + head + keylen]
            if not found.startswith(key):
                return texts, counts
            texts.append(found[_FIELD.size :].decode("utf-8"))
            counts.append(unpack_info(buffer, at + head + keylen)[2])
            at = end
        pos += at
    return texts, counts
