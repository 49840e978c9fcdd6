"""Byte caps on everything a hostile site or file can inflate: the one place bytes are decompressed.

A gzip stream inflates about a thousandfold (a 1 MB sitemap becomes 1 GB, two stacked
``Content-Encoding: gzip`` layers a million-fold), so no code path calls ``gzip.decompress``,
``zlib.decompress`` or an unbounded ``read()`` on data that came from outside: HTTP bodies
(:mod:`indexer.fetch`), gzipped sitemaps served without ``Content-Encoding``
(:mod:`indexer.discover`), records of imported WARC files whose payload is gzip-encoded
(:mod:`indexer.warcimport`) and ``newsarchive extract FILE.gz`` all stream through
:class:`Decoder` or :func:`read_capped`, which stop with :class:`TooLarge` as soon as the output
passes the cap. Memory stays at the cap plus one chunk, whatever the ratio.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

# A page, sitemap, feed or WARC record after decoding (sources.toml ``max_page_bytes``).
MAX_PAGE_BYTES = 10 * 1024 * 1024
# RFC 9309 §2.5: crawlers must parse at least the first 500 KiB of robots.txt and may ignore the rest.
MAX_ROBOTS_BYTES = 500 * 1024
# Content codings we ask for (``Accept-Encoding``) and can decode; one layer at most.
ENCODINGS = ("gzip", "deflate")
ACCEPT_ENCODING = ", ".join(ENCODINGS)
_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class TooLarge(ValueError):
    """Data that decodes (or reads) to more than its byte cap; the message names what and the cap."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"{what} exceeds the {limit}-byte limit")
        self.limit = limit


class BadEncoding(ValueError):
    """A ``Content-Encoding`` that is refused (stacked, unknown) or a body that does not decode."""


class Decoder:
    """Streaming decoder of one content coding (``identity``, ``gzip``, ``deflate``) with a cap.

    ``feed`` each chunk as it arrives and ``finish`` at the end; the decoded output never exceeds
    ``limit`` bytes: past it :class:`TooLarge` is raised, or with ``truncate=True`` the output
    stops at exactly ``limit`` bytes and :attr:`full` turns true (robots.txt: the rest is ignored).
    """

    def __init__(self, coding: str, limit: int, *, truncate: bool = False, what: str = "decoded body") -> None:
        coding = coding.strip().lower()
        if coding == "x-gzip":
            coding = "gzip"
        if coding not in ("identity", *ENCODINGS):
            raise BadEncoding(f"unsupported Content-Encoding {coding!r}")
        self.coding = coding
        self.limit = limit
        self.truncate = truncate
        self.what = what
        self.size = 0
        self.full = False
        self._done = False  # the compressed stream ended; trailing bytes are ignored
        self._obj = self._new() if coding != "identity" else None
        self._raw_fallback = coding == "deflate"  # "deflate" is zlib-wrapped, but some servers send it raw

    def _new(self, wbits: int | None = None) -> zlib._Decompress:
        if wbits is None:
            wbits = 16 + zlib.MAX_WBITS if self.coding == "gzip" else zlib.MAX_WBITS
        return zlib.decompressobj(wbits)

    def _emit(self, data: bytes, out: list[bytes]) -> None:
        if not data:
            return
        room = self.limit - self.size
        if len(data) > room:
            if not self.truncate:
                raise TooLarge(self.what, self.limit)
            data = data[:room]
            self.full = True
        self.size += len(data)
        out.append(data)

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes of one more chunk of input."""
        out: list[bytes] = []
        if self.full or self._done or not data:
            return b""
        if self._obj is None:
            self._emit(data, out)
            return b"".join(out)
        while data and not self.full:
            try:
                # max_length > 0 always: at most one byte past the cap is ever produced.
                chunk = self._obj.decompress(data, self.limit - self.size + 1)
            except zlib.error as exc:
                if self._raw_fallback and self.size == 0:
                    self._raw_fallback = False
                    self._obj = self._new(-zlib.MAX_WBITS)
                    continue
                raise BadEncoding(f"corrupt {self.coding} data ({exc})") from None
            self._raw_fallback = False
            self._emit(chunk, out)
            if self._obj.eof:
                rest = self._obj.unused_data
                if self.coding == "gzip" and rest.startswith(_GZIP_MAGIC):
                    self._obj = self._new()  # the next member of a multi-member gzip file
                    data = rest
                    continue
                self._done = True
                break
            data = self._obj.unconsumed_tail
        return b"".join(out)

    def finish(self) -> bytes:
        """What the decompressor still holds (a truncated stream gives what arrived)."""
        if self._obj is None or self.full or self._done:
            return b""
        out: list[bytes] = []
        self._emit(self._obj.flush(), out)
        return b"".join(out)


def decoder_for(content_encoding: str | None, limit: int, *, truncate: bool = False) -> Decoder:
    """The decoder of an HTTP ``Content-Encoding`` header; stacked codings are refused.

    ``gzip, gzip`` multiplies the inflation ratio with every layer and no server needs it, so
    more than one coding (``identity`` aside) raises :class:`BadEncoding`.
    """
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise BadEncoding(f"stacked Content-Encoding {content_encoding!r} refused (one coding at most)")
    return Decoder(codings[0] if codings else "identity", limit, truncate=truncate)


def gunzip(data: bytes, limit: int, what: str = "decompressed gzip data") -> bytes:
    """``data`` decompressed when it is gzip (magic bytes), else as it is; never more than ``limit``."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    decoder = Decoder("gzip", limit, what=what)
    out = [decoder.feed(data[i : i + _CHUNK]) for i in range(0, len(data), _CHUNK)]
    out.append(decoder.finish())
    return b"".join(out)


def read_capped(stream: BinaryIO, limit: int, what: str = "record body") -> bytes:
    """Read a stream to its end, raising :class:`TooLarge` once more than ``limit`` bytes came."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise TooLarge(what, limit)
        chunks.append(chunk)
