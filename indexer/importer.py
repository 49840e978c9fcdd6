"""Reading article records from JSON Lines files (the import format of ``../shared/README.md``).

A bad line is reported with its file and line number and skipped; the rest are read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from search.article import Article, RecordError


def read_jsonl(path: Path, report: Callable[[str], None]) -> Iterator[Article]:
    """Yield the articles of one JSON Lines file, calling ``report`` for each bad line."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
                yield Article.from_json(data)
            except UnicodeDecodeError:
                report(f"{path}:{number}: not UTF-8; line skipped")
            except json.JSONDecodeError as exc:
                report(f"{path}:{number}: invalid JSON ({exc.msg}); line skipped")
            except RecordError as exc:
                report(f"{path}:{number}: {exc}; line skipped")
