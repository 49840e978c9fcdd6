"""trafilatura 2.3.1 over the ``web-eval`` set, configured as that set's published baseline.

``../shared/pages/baseline_trafilatura.py`` runs ``bare_extraction`` with trafilatura's defaults
(comments included), which is how ``extraction-gold`` and ``date-gold`` are scored. The
``web-eval`` numbers in ``../shared/README.md`` come from trafilatura's own evaluation setup:
``extract(fast=False, include_comments=False, include_tables=True, include_formatting=False)``
for the body and ``extract_metadata`` for title, author and date. Running it the same way keeps
our column comparable with the published one.

Usage (the staged set folder of ``bench.extract_eval``: ``gold.jsonl`` and ``<id>.html.gz``)::

    python -m bench.web_eval_baseline SET_DIR > pred.jsonl
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura
from trafilatura.metadata import extract_metadata


def predict(html: bytes, url: str) -> dict[str, str | None]:
    """Body and metadata of one page, in the scorer's record shape."""
    body = trafilatura.extract(html, url=url, fast=False, include_comments=False, include_tables=True,
                               include_formatting=False)
    tree = trafilatura.load_html(html)
    meta = extract_metadata(tree, default_url=url) if tree is not None else None
    return {
        "body": body,
        "title": getattr(meta, "title", None),
        "author": getattr(meta, "author", None),
        "published": getattr(meta, "date", None),
    }


def main(argv: list[str] | None = None) -> int:
    set_dir = Path((argv or sys.argv[1:])[0])
    with open(set_dir / "gold.jsonl", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f if line.strip()]
    start = time.perf_counter()
    for page in pages:
        html = gzip.decompress((set_dir / f"{page['id']}.html.gz").read_bytes())
        try:
            record = predict(html, page.get("url") or "")
        except Exception as error:  # noqa: BLE001 - a crashing page scores as empty, as in the shared script
            print(f"error: {page['id']}: {type(error).__name__}: {error}", file=sys.stderr)
            record = {"body": None, "title": None, "author": None, "published": None}
        sys.stdout.write(json.dumps({"id": page["id"], **record}, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - start
    print(f"trafilatura {trafilatura.__version__}: {len(pages)} pages, {seconds:.1f} s (web-eval setup)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
