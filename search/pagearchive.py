"""The read side of the raw page archive (``ROOT/archive``): the catalogue's capture rows and one
archived answer read back from its WARC file.

The crawler writes the archive (:mod:`indexer.pagestore`, which imports these); readers that only
look (``rebuild``'s extraction processes, the archived copies and revisions the web app shows)
need nothing of the crawler, so this format lives in ``search/``, upstream of both, and ``web/``
never imports ``indexer/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

ARCHIVE_DIR = "archive"
CATALOGUE = "catalogue.sqlite3"


@dataclass(frozen=True)
class Capture:
    """One catalogue row: where an archived answer lives and what it was."""

    id: int
    url: str
    final_url: str
    canonical: str
    article_url: str | None
    fetched_at: str
    status: int
    etag: str | None
    last_modified: str | None
    content_hash: str
    content_type: str | None
    warc_file: str
    warc_offset: int
    warc_length: int
    role: str
    source: str
    kind: str
    timezone: str


@dataclass(frozen=True)
class StoredPage:
    """An archived answer read back: enough to extract it again."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


def read_capture(archive_dir: Path, capture: Capture) -> StoredPage:
    """The archived answer of ``capture`` from the WARC files in ``archive_dir``.

    Needs no catalogue connection, so rebuild's extraction processes can read pages themselves.
    """
    with open(archive_dir / capture.warc_file, "rb") as fh:
        fh.seek(capture.warc_offset)
        record = next(iter(ArchiveIterator(fh)))
        headers = {k.lower(): v for k, v in record.http_headers.headers}
        status = int(record.http_headers.get_statuscode() or 0)
        return StoredPage(capture.final_url, status, headers, record.content_stream().read())
