"""Indexing throughput: ``newsarchive import`` and ``rebuild`` documents per second, peak memory, size.

    python -m bench.indexing [--records 3000] [--korean-records N] [--json bench/results/indexing.json]

Three sources, each imported into a fresh temporary index with the real CLI and then rebuilt:
the first ``--records`` lines of each shared corpus (English, Korean; no archived pages, so
``rebuild`` carries every record over and re-analyses it), and the real pages of
``../shared/pages`` written as a WARC file (``import`` extracts each page, ``rebuild`` extracts
them again from the raw archive). Each runs with ``--jobs 1`` (one thread: the baseline) and
``--jobs 2`` (Kiwi on two threads ahead of the writer; rebuild extracting in two processes).
Peak memory is the child's maximum resident set (``ru_maxrss``; pool processes not included);
size is the generation folder.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench.bench_index import ENGLISH, KOREAN, ROOT, SHARED, shared_missing
from bench.stats import table, write_json
from search.storage import current_generation, directory_size

# Runs the CLI and reports its own peak RSS on exit (RUSAGE_CHILDREN would mix runs together).
PAGES = SHARED / "pages"
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


def measure(source: Path, label: str, records: int, jobs: int, work: Path) -> dict[str, object]:
    """Import ``source`` (``records`` documents) into a fresh index, then rebuild it, with ``jobs``."""
    index = work / f"index-{source.stem}-{jobs}"
    option = ["--jobs", str(jobs)]
    seconds, peak = _run(["import", str(source), "--index", str(index), *option])
    size = directory_size(index / (current_generation(index) or ""))
    rebuild_seconds, rebuild_peak = _run(["rebuild", "--index", str(index), *option])
    return {
        "corpus": label,
        "records": records,
        "jobs": jobs,
        "import_docs_per_s": round(records / seconds, 1),
        "import_peak_rss_mb": peak,
        "rebuild_docs_per_s": round(records / rebuild_seconds, 1),
        "rebuild_peak_rss_mb": rebuild_peak,
        "index_mb_per_1000_docs": round(size / 1e6 / records * 1000, 2),
    }


def first_records(corpus: Path, records: int, work: Path) -> Path:
    """The first ``records`` lines of a JSON Lines corpus, as a file of their own."""
    sample = work / f"{corpus.stem}.jsonl"
    with open(corpus, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, records))
    return sample


def pages_warc(work: Path) -> tuple[Path, int]:
    """The real pages of ``../shared/pages`` (extraction-gold, date-gold) as one WARC file, as a
    crawler would have archived them: ``import`` extracts each page once and ``rebuild`` again
    from the raw archive. Returns the file and its number of distinct URLs."""
    path = work / "pages.warc.gz"
    urls: set[str] = set()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name in ("extraction-gold", "date-gold"):
            for line in (PAGES / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
                gold = json.loads(line)
                page = PAGES / name / f"{gold['id']}.html.gz"
                if not page.is_file() or gold["url"] in urls:
                    continue
                urls.add(gold["url"])
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                payload = io.BytesIO(gzip.decompress(page.read_bytes()))
                writer.write_record(writer.create_warc_record(gold["url"], "response", payload=payload,
                                                              http_headers=headers))
    return path, len(urls)


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
        work = Path(tmp)
        sources = [(first_records(ENGLISH, args.records, work), "Reuters (English)", args.records)]
        korean = args.korean_records or args.records
        sources.append((first_records(KOREAN, korean, work), "petitions (Korean)", korean))
        if (PAGES / "date-gold" / "gold.jsonl").is_file():
            warc, pages = pages_warc(work)
            sources.append((warc, "shared pages (WARC, extracted)", pages))
        for source, label, count in sources:
            for jobs in (1, 2):
                rows.append(measure(source, label, count, jobs, work))
                print(json.dumps(rows[-1]), flush=True)
    print(table(
        [[r["corpus"], r["records"], r["jobs"], r["import_docs_per_s"], r["rebuild_docs_per_s"],
          r["import_peak_rss_mb"], r["rebuild_peak_rss_mb"], r["index_mb_per_1000_docs"]] for r in rows],
        ["corpus", "records", "jobs", "import docs/s", "rebuild docs/s", "import peak RSS MB",
         "rebuild peak RSS MB", "MB per 1,000 docs"],
    ))
    write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
