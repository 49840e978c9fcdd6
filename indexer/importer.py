"""``newsarchive import`` of JSON Lines files (the import format of ``../shared/README.md``).

A bad line is reported with its file and line number and skipped; the rest are indexed. Text is
cleaned on the way in (a lone surrogate used to stop the whole import), so a line that only held
invalid characters is indexed with U+FFFD in their place and reported as cleaned.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.index_writer import IndexSink
from indexer.ownership import IMPORT_OWNER
from search.article import Article, RecordError
from search.textclean import clean_article, cleaning_note


def read_jsonl(path: Path, report: Callable[[str], None]) -> Iterator[tuple[int, Article]]:
    """Yield (line number, article) for each good line of a JSON Lines file, calling ``report``
    for each bad one."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield number, Article.from_json(json.loads(raw.decode("utf-8")))
            except UnicodeDecodeError:
                report(f"{path}:{number}: not UTF-8; line skipped")
            except json.JSONDecodeError as exc:
                report(f"{path}:{number}: invalid JSON ({exc.msg}); line skipped")
            except RecordError as exc:
                report(f"{path}:{number}: {exc}; line skipped")


def import_jsonl(
    path: Path, sink: IndexSink, report: Callable[[str], None], progress: Callable[[], None] = lambda: None
) -> Counter[str]:
    """Index the records of one JSON Lines file as owned by ``import``; counts ``skipped`` and
    ``cleaned`` lines, each also reported as ``file:line: reason``; ``progress`` is called per record."""
    counts: Counter[str] = Counter()

    def skipped(message: str) -> None:
        counts["skipped"] += 1
        report(message)

    for number, article in read_jsonl(path, skipped):
        progress()
        article, cleaned = clean_article(article)
        try:
            sink.add(article, IMPORT_OWNER)
        except RecordError as exc:
            skipped(f"{path}:{number}: {exc}; line skipped")
            continue
        if cleaned:
            counts["cleaned"] += 1
            report(f"{path}:{number}: {cleaning_note(cleaned)}; indexed")
    return counts
