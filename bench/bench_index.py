"""The benchmark archive: ``../shared/corpora/*.jsonl`` plus the sample blog, one index per analyzer.

Both search benchmarks (:mod:`bench.relevance`, :mod:`bench.search_latency`) read the same
~27,500-document index, built once under ``var/bench/`` (gitignored) with ``newsarchive import``
and reused while the corpora, the sample posts and the analysis code are unchanged.

Run ``python -m bench.bench_index [--analyzer kiwi|mecab|bigram] [--rebuild]`` to build ahead of time, and
with ``--rebuild`` after changing what the analyzers index.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from search.analysis import ANALYZERS, default_analyzer_name

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
KOREAN = CORPORA / "ko-petitions.jsonl"
ENGLISH = CORPORA / "reuters21578.jsonl"
WORK = ROOT / "var" / "bench"
SAMPLE_SITE = "https://slow-archive.tistory.com"


def shared_missing() -> str | None:
    """A message when the shared corpora are absent (the benchmarks then skip), else None."""
    for path in (KOREAN, ENGLISH):
        if not path.is_file():
            return f"skipped: {path} is absent (../shared is not beside the checkout)"
    return None


def sample_records() -> list[dict[str, object]]:
    """The sample blog's posts in the import format (what crawling the sample site yields)."""
    from sample.posts import POSTS

    records = []
    for post in POSTS:
        text = "\n\n".join(post.paragraphs)
        korean = sum(1 for ch in text if "가" <= ch <= "힣") > len(text) * 0.2
        records.append(
            {
                "url": SAMPLE_SITE + post.path,
                "title": post.title,
                "author": post.author,
                "published": post.published,
                "category": post.category,
                "tags": list(post.tags),
                "body": text,
                "lang": "ko" if korean else "en",
                "site": "slow-archive.tistory.com",
            }
        )
    return records


def _fingerprint(analyzer: str) -> str:
    """Changes with the analyzer and the input records. Not with the analysis code: a rebuild takes
    tens of minutes on a shared machine, so after changing what gets indexed pass ``--rebuild``."""
    digest = hashlib.sha1(analyzer.encode())
    digest.update(json.dumps(sample_records(), ensure_ascii=False).encode())
    for path in (KOREAN, ENGLISH):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def ensure_bench_index(analyzer: str, rebuild: bool = False) -> Path:
    """The benchmark index for ``analyzer``, built first when missing, out of date or ``rebuild``."""
    root = WORK / f"index-{analyzer}"
    stamp = root / "bench-fingerprint"
    fingerprint = _fingerprint(analyzer)
    if not rebuild and stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return root
    shutil.rmtree(root, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    sample = WORK / "sample.jsonl"
    sample.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample_records()), encoding="utf-8")
    print(f"building {root} ({analyzer}); Korean with Kiwi takes 10 minutes or more", file=sys.stderr)
    env = dict(os.environ, NEWSARCHIVE_ANALYZER=analyzer)
    files = [str(KOREAN), str(ENGLISH), str(sample)]
    command = [sys.executable, "-m", "indexer.cli", "import", *files, "--index", str(root)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=sys.stderr)
    stamp.write_text(fingerprint + "\n")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", choices=ANALYZERS, action="append")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    for analyzer in args.analyzer or (default_analyzer_name(),):
        print(ensure_bench_index(analyzer, args.rebuild))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
