"""Speed benchmark (issues 8, 19): our engine vs naive Whoosh, SQLite FTS5 and tantivy, in-process and over HTTP.

    python -m bench.speed [--repeat 5] [--http-seconds 10] [--skip-http] [--scale 100000 ...]
                          [--json bench/results/speed.json]

Uses the benchmark archive of :mod:`bench.bench_index` (``../shared/corpora/*.jsonl`` plus the
sample blog, the default analyzer), an FTS5 database and a tantivy index (:mod:`bench.tantivy_baseline`,
``pip install -e '.[bench]'``; skipped when tantivy is not installed) of the same records under
``var/bench/``, replays the fixed query set of :mod:`bench.queries` against all of them in the
same run and prints median and p95 per query class, the baselines as ratios to ours. ``ours`` is
measured three times: **cold** (result cache off: every request is computed; the headline),
**first** (also cold, with the caches keyed by a query or its words emptied before each run: a
query the worker has never seen; see ``forget_queries``) and **warm** (result cache on, so repeats
are answered from it). Posting arrays, columns and the spelling vocabulary are warm in all three,
as in a long-running worker. Then it serves the index with gunicorn (2 workers, ``--preload``) and drives the JSON API
with ``wrk`` at 1, 8 and 32 clients, cold and warm. ``--scale N`` repeats the in-process part on
an archive of N documents made by replicating the records (new URLs, dates shifted by whole
years), built once under ``var/bench/scale-N-ANALYZER`` (``scale-N-en`` for English only). Skips
cleanly when the corpora are absent.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from bench import fts5_baseline, http_load
from bench.bench_index import ENGLISH, KOREAN, ROOT, WORK, ensure_bench_index, shared_missing
from bench.naive_whoosh import naive_search
from bench.queries import QUERIES, all_requests
from bench.stats import summary, table, write_json
from search import Archive, query, request_from_mapping, suggest, surface
from search.analysis import default_analyzer_name
from search.engine import display_zone

try:
    from bench import tantivy_baseline
except ImportError:  # the bench extra is not installed: no tantivy column
    tantivy_baseline = None  # type: ignore[assignment]

SYSTEMS = ("ours", "ours_first", "ours_warm", "naive", "fts5", "tantivy")
# Caches of our engine keyed by a query or its words (parsed queries, marking plans, "did you mean"
# edits, each term's BM25 scores). ``ours`` repeats each request, so from its second run these
# always hit; ``ours_first`` empties them before every run: a query the worker has never seen.
_QUERY_CACHES = (query.parse_query, suggest._edit_terms, surface._plan)


def bench_files() -> list[Path]:
    """The records of the benchmark archive (``ensure_bench_index`` writes the sample file)."""
    return [KOREAN, ENGLISH, WORK / "sample.jsonl"]


def build_fts(db: Path, records: Iterator[dict]) -> dict:
    if db.exists():
        return {"reused": True}
    started = time.perf_counter()
    n = fts5_baseline.build(db, records)
    return {"reused": False, "documents": n, "seconds": round(time.perf_counter() - started, 1)}


def fts_request(params: dict[str, str]) -> fts5_baseline.FtsRequest:
    tz = display_zone()

    def stamp(day: str, add: int = 0) -> int:
        return int(datetime.combine(date.fromisoformat(day) + timedelta(days=add), dtime.min, tz).timestamp())

    return fts5_baseline.FtsRequest(
        match=params["q"],
        date_from=stamp(params["from"]) if "from" in params else None,
        date_to=stamp(params["to"], 1) if "to" in params else None,
        tag=params.get("tag"),
    )


def forget_queries(archive: Archive) -> None:
    """Empty ``archive``'s per-query caches (see ``_QUERY_CACHES``); posting arrays, columns and
    the spelling vocabulary stay warm, as in a long-running worker."""
    for cached in _QUERY_CACHES:
        cached.cache_clear()
    archive._scorer.cache.discard("bm25")  # noqa: SLF001 - a benchmark's view inside the engine


def timed(func: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> list[float]:
    """Milliseconds of each of ``repeat`` runs of ``func``; ``before`` runs untimed ahead of each."""
    out = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        func()
        out.append((time.perf_counter() - started) * 1000)
    return out


def capped_naive(index: Path, params: dict[str, str], cap_s: float) -> float:
    """One naive request's time in ms, timed in a forked child and stopped after ``cap_s``.

    At 300,000 documents a single naive Korean request can run for the better part of an hour; a
    request stopped at the cap is counted as taking exactly the cap, so naive figures that
    include capped requests are lower bounds (the report counts them)."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        started = time.perf_counter()
        naive_search(index, params, display_zone())
        send.send((time.perf_counter() - started) * 1000)

    proc = ctx.Process(target=child)
    proc.start()
    try:
        return receive.recv() if receive.poll(cap_s) else cap_s * 1000
    finally:
        proc.kill()
        proc.join()


def build_tantivy(path: Path, files: list[Path], analyzer: str) -> dict:
    """The tantivy index of the records in ``files``, built once (Korean through Kiwi: minutes)."""
    if tantivy_baseline is None:
        return {"skipped": "tantivy is not installed (pip install -e '.[bench]')"}
    fingerprint = tantivy_baseline.fingerprint_of(files)
    return tantivy_baseline.ensure_index(path, fts5_baseline.records_from(files), display_zone(), fingerprint,
                                         analyzer)


def in_process(
    index: Path, db: Path, repeat: int, naive_repeat: int, naive_cap_s: float = 0, naive_per_class: int = 0,
    tantivy_dir: Path | None = None,
) -> dict:
    """Per query class and overall: median and p95 of every system, interleaved per request so
    load from other processes hits all systems alike. With ``naive_cap_s``, each naive request
    runs in a child process and is stopped at that many seconds (see :func:`capped_naive`); with
    ``naive_per_class``, only that many requests of each class run the naive way."""
    cold = Archive(index, refresh_interval=3600, result_cache=0)
    warm = Archive(index, refresh_interval=3600, result_cache=1024)
    # The spelling vocabulary, as a long-running worker has it: left to the first search, it is
    # built on a thread (~1.2 s of CPU per archive) while the first query classes are timed.
    cold.prepare()
    warm.prepare()
    fts = fts5_baseline.Fts5Search(db)
    tz = display_zone()
    peer = None
    if tantivy_baseline is not None and tantivy_dir is not None and tantivy_dir.is_dir():
        peer = tantivy_baseline.TantivySearch(tantivy_dir, tz)
    for _, params in all_requests():  # warm: searcher, columns, posting arrays, Kiwi, page cache
        cold.search(request_from_mapping(params))
        warm.search(request_from_mapping(params))
        fts.search(fts_request(params))
        if peer is not None:
            peer.search(params)
    per_class: dict[str, dict[str, list[float]]] = {}
    for cls, params in all_requests():
        sampled = not naive_per_class or params in QUERIES[cls][:naive_per_class]
        naive_runs = naive_repeat if sampled else 0
        bucket = per_class.setdefault(cls, {name: [] for name in SYSTEMS})
        req = request_from_mapping(params)
        bucket["ours"] += timed(lambda req=req: cold.search(req), repeat)
        bucket["ours_first"] += timed(lambda req=req: cold.search(req), repeat, lambda: forget_queries(cold))
        bucket["ours_warm"] += timed(lambda req=req: warm.search(req), repeat)
        bucket["fts5"] += timed(lambda params=params: fts.search(fts_request(params)), repeat)
        if peer is not None:
            bucket["tantivy"] += timed(lambda params=params: peer.search(params), repeat)
        if naive_runs and naive_cap_s:
            bucket["naive"] += [capped_naive(index, params, naive_cap_s) for _ in range(naive_runs)]
        elif naive_runs:
            bucket["naive"] += timed(lambda params=params: naive_search(index, params, tz), naive_runs)
    result = {cls: {name: summary(v) for name, v in times.items() if v} for cls, times in per_class.items()}
    everything = {name: sum((per_class[c][name] for c in per_class), []) for name in SYSTEMS}
    result["all"] = {name: summary(v) for name, v in everything.items() if v}
    if naive_cap_s:
        result["naive_capped"] = sum(t >= naive_cap_s * 1000 for times in per_class.values() for t in times["naive"])
    cold.close()
    warm.close()
    return result


def private_memory_mb(pid: int) -> float:
    """Private (unshared) resident memory of a process, from smaps_rollup."""
    total = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            total += int(line.split()[1])
    return round(total / 1024, 1)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def over_http(index: Path, seconds: int, cache: int) -> dict:
    paths = [http_load.api_path(params) for _, params in all_requests()]
    server = http_load.Gunicorn(index, env={"NEWSARCHIVE_RESULT_CACHE": str(cache)})
    try:
        server.warm(paths)
        runs = [http_load.run_wrk(server.base, paths, clients, seconds) for clients in (1, 8, 32)]
        memory = {pid: private_memory_mb(pid) for pid in worker_pids(server.proc.pid)}
    finally:
        server.stop()
    return {"result_cache": cache, "runs": runs, "worker_private_mb": memory}


# -- scale ------------------------------------------------------------------------------------------
def replicated(files: list[Path], target: int) -> Iterator[dict]:
    """``target`` records: the originals, then copies with a new URL and dates shifted back by
    four years a copy (so 29 February stays valid, and date filters and the year facet see a
    longer archive rather than duplicates)."""
    made = 0
    for copy in range(1_000_000):
        for record in fts5_baseline.records_from(files):
            if made == target:
                return
            if copy:
                record = dict(record, url=f"{record['url'].rstrip('/')}/copy-{copy}")
                if record.get("published"):
                    stamp = datetime.fromisoformat(record["published"])
                    record["published"] = stamp.replace(year=stamp.year - 4 * copy).isoformat()
            made += 1
            yield record


def scale_archive(target: int, english_only: bool) -> tuple[Path, Path, dict]:
    """Index and FTS5 database of ``target`` replicated records, built once."""
    files = [ENGLISH] if english_only else bench_files()
    base = WORK / (f"scale-{target}-en" if english_only else f"scale-{target}-{default_analyzer_name()}")
    base.mkdir(parents=True, exist_ok=True)
    records, index, db = base / "records.jsonl", base / "index", base / "fts5.sqlite"
    if not records.exists():
        with open(records.with_suffix(".tmp"), "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in replicated(files, target))
        records.with_suffix(".tmp").rename(records)
    build: dict = {"fts5": build_fts(db, fts5_baseline.records_from([records])),
                   "tantivy": build_tantivy(base / "tantivy", [records], default_analyzer_name())}
    complete = base / "index-complete"  # an import killed half-way must not be measured as the archive
    if not complete.exists():
        shutil.rmtree(index, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "indexer.cli", "import", str(records), "--index", str(index)],
                       cwd=ROOT, check=True, stdout=sys.stderr)
        seconds = time.perf_counter() - started
        build["index"] = {"seconds": round(seconds, 1), "docs_per_s": round(target / seconds, 1)}
        complete.write_text(json.dumps(build["index"]) + "\n", encoding="utf-8")
    return index, db, build


# -- report ---------------------------------------------------------------------------------------
def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "n/a"


def print_in_process(title: str, result: dict) -> None:
    rows = []
    missing = {"median_ms": float("nan"), "p95_ms": float("nan")}
    for cls in [*QUERIES, "all"]:
        r = result[cls]
        ours, warm, fts = r["ours"], r["ours_warm"], r["fts5"]
        naive, peer, first = r.get("naive", missing), r.get("tantivy", missing), r.get("ours_first", missing)
        rows.append([
            cls, ours["median_ms"], ours["p95_ms"], first["median_ms"], first["p95_ms"],
            warm["median_ms"], warm["p95_ms"],
            naive["median_ms"], naive["p95_ms"], ratio(naive["p95_ms"], ours["p95_ms"]),
            fts["median_ms"], fts["p95_ms"], ratio(ours["median_ms"], fts["median_ms"]),
            ratio(ours["p95_ms"], fts["p95_ms"]),
            peer["median_ms"], peer["p95_ms"], ratio(ours["median_ms"], peer["median_ms"]),
            ratio(ours["p95_ms"], peer["p95_ms"]), ratio(first["median_ms"], peer["median_ms"]),
            ratio(first["p95_ms"], peer["p95_ms"]),
        ])
    print(f"\n{title}\n")
    print(table(rows, ["class", "ours med", "ours p95", "first med", "first p95", "warm med", "warm p95",
                       "naive med", "naive p95",
                       "naive/ours p95", "fts5 med", "fts5 p95", "ours/fts5 med", "ours/fts5 p95",
                       "tantivy med", "tantivy p95", "ours/tantivy med", "ours/tantivy p95",
                       "first/tantivy med", "first/tantivy p95"]))


def print_report(report: dict) -> None:
    if "in_process" in report:
        print_in_process(f"In-process full search request, {report['documents']} documents (ms); ours = result "
                         "cache off, warm = result cache on", report["in_process"])
    for http in report.get("http", []):
        rows = [[r["clients"], r["requests"], r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["errors"]]
                for r in http["runs"]]
        state = "on" if http["result_cache"] else "off"
        print(f"\nHTTP API, gunicorn 2 workers --preload, wrk on 127.0.0.1, mixed query set, result cache {state}\n")
        print(table(rows, ["clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]))
        print(f"\nworker private memory (MB): {http['worker_private_mb']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each request for ours and FTS5")
    parser.add_argument("--naive-repeat", type=int, default=2,
                        help="runs of each request for naive Whoosh (at --scale: 0 skips it, else one capped run)")
    parser.add_argument("--http-seconds", type=int, default=10)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--scale", type=int, action="append", default=[], help="also measure at N documents")
    parser.add_argument("--scale-english-only", action="store_true",
                        help="replicate only Reuters (Korean petitions import at a few documents a second)")
    parser.add_argument("--skip-base", action="store_true", help="only the --scale measurements")
    parser.add_argument("--scale-naive-per-class", type=int, default=0,
                        help="at --scale, time only the first N requests of each class the naive way (0: all)")
    parser.add_argument("--naive-cap", type=float, default=120.0,
                        help="at --scale, stop each naive request after this many seconds (counted as the cap)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    report: dict = {"scale": {}}
    if not args.skip_base:
        index = ensure_bench_index(default_analyzer_name())
        db = WORK / "fts5.sqlite"
        report["build"] = {"fts5": build_fts(db, fts5_baseline.records_from(bench_files())),
                           "tantivy": build_tantivy(WORK / "tantivy", bench_files(), default_analyzer_name())}
        report["documents"] = Archive(index).stats().documents
        report["in_process"] = in_process(index, db, args.repeat, args.naive_repeat, tantivy_dir=WORK / "tantivy")
        if not args.skip_http:
            report["http"] = [over_http(index, args.http_seconds, cache) for cache in (0, 256)]
    for size in args.scale:
        scale_index, scale_db, build = scale_archive(size, args.scale_english_only)
        documents = Archive(scale_index).stats().documents
        measured = in_process(scale_index, scale_db, args.repeat, min(args.naive_repeat, 1), args.naive_cap,
                              args.scale_naive_per_class,
                              tantivy_dir=scale_index.parent / "tantivy")
        report["scale"][documents] = {"build": build, "english_only": args.scale_english_only, "in_process": measured,
                                      "naive_cap_s": args.naive_cap, "naive_per_class": args.scale_naive_per_class}
        print_in_process(f"Scale: {documents} documents (ms); naive requests stopped at {args.naive_cap:.0f} s: "
                         f"{measured['naive_capped']}", measured)
        write_json(args.json, report)  # after each size: a 300,000-document run takes over an hour
    print_report(report)
    write_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
