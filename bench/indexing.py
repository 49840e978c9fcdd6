"""Indexing throughput: ``newsarchive import`` and ``rebuild`` documents per second, peak memory, size.

    python -m bench.indexing [--records 3000] [--json bench/results/indexing.json]

Imports the first ``--records`` lines of each shared corpus (English and Korean separately) into a
fresh temporary index with the real CLI, then runs ``rebuild`` on it (no archived pages, so every
record is carried over and re-analysed), once with ``--threads 1`` (Kiwi single-threaded, the
baseline) and once with ``--threads 2`` (Kiwi analysing ahead of the writer on two threads).
Peak memory is the child's maximum resident set (``ru_maxrss``); size is the generation folder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_index import ENGLISH, KOREAN, ROOT, shared_missing
from bench.stats import table, write_json
from search.storage import current_generation, directory_size

# Runs the CLI and reports its own peak RSS on exit (RUSAGE_CHILDREN would mix runs together).
_WRAPPER = """
import atexit, resource, runpy, sys
atexit.register(lambda: print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))
sys.argv = ["newsarchive", *sys.argv[1:]]
runpy.run_module("indexer.cli", run_name="__main__")
"""


def _run(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS MB) of one CLI run in a child process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], cwd=ROOT, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK_KB")]
    return seconds, round(int(peak[-1]) / 1024, 1) if peak else float("nan")


def measure(corpus: Path, records: int, threads: int, work: Path) -> dict[str, object]:
    """Import then rebuild ``records`` records of ``corpus`` in ``work`` with ``threads``."""
    sample = work / f"{corpus.stem}.jsonl"
    with open(corpus, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, records))
    index = work / f"index-{corpus.stem}-{threads}"
    threading = ["--jobs", str(threads)]
    seconds, peak = _run(["import", str(sample), "--index", str(index), *threading])
    size = directory_size(index / (current_generation(index) or ""))
    rebuild_seconds, rebuild_peak = _run(["rebuild", "--index", str(index), *threading])
    return {
        "corpus": corpus.name,
        "records": records,
        "threads": threads,
        "import_docs_per_s": round(records / seconds, 1),
        "import_peak_rss_mb": peak,
        "rebuild_docs_per_s": round(records / rebuild_seconds, 1),
        "rebuild_peak_rss_mb": rebuild_peak,
        "index_mb_per_1000_docs": round(size / 1e6 / records * 1000, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--korean-records", type=int, help="records of the Korean corpus (default --records)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "indexing.json")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsarchive-indexing-") as tmp:
        for corpus, count in ((ENGLISH, args.records), (KOREAN, args.korean_records or args.records)):
            for threads in (1, 2):
                rows.append(measure(corpus, count, threads, Path(tmp)))
                print(json.dumps(rows[-1]), flush=True)
    print(table(
        [[r["corpus"], r["records"], r["threads"], r["import_docs_per_s"], r["rebuild_docs_per_s"],
          r["import_peak_rss_mb"], r["index_mb_per_1000_docs"]] for r in rows],
        ["corpus", "records", "threads", "import docs/s", "rebuild docs/s", "peak RSS MB", "MB per 1,000 docs"],
    ))
    write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
