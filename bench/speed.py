"""Speed benchmark (issue 8): our engine vs naive Whoosh vs SQLite FTS5, in-process and over HTTP.

    python -m bench.speed [--repeat 5] [--http-seconds 10] [--skip-http] [--json bench/results/speed.json]

Builds (or reuses) an index and an FTS5 database of ``../shared/corpora/*.jsonl`` under
``var/bench/``, replays the fixed query set of :mod:`bench.queries` against all three in the same
run, and prints median and p95 per query class with the baselines as ratios to ours. Then serves
the index with gunicorn (2 workers, ``--preload``) and drives the JSON API with ``wrk`` at 1, 8
and 32 clients. Skips cleanly when the corpora are absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from bench import fts5_baseline, http_load
from bench.naive_whoosh import naive_search
from bench.queries import QUERIES, all_requests
from bench.stats import summary, table
from search import Archive, request_from_mapping
from search.engine import display_zone

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
WORK = ROOT / "var" / "bench"


def corpus_files() -> list[Path]:
    return sorted(CORPORA.glob("*.jsonl"))


def build_index(index: Path, files: list[Path]) -> dict:
    """Import the corpora with the real CLI once; later runs reuse the index."""
    if (index / "CURRENT").exists():
        return {"reused": True}
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "import", *map(str, files), "--index", str(index)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    return {"reused": False, "seconds": round(time.perf_counter() - started, 1), "summary": out.strip()}


def build_fts(db: Path, files: list[Path]) -> dict:
    if db.exists():
        return {"reused": True}
    started = time.perf_counter()
    n = fts5_baseline.build(db, fts5_baseline.records_from(files))
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


def timed(func, repeat: int) -> list[float]:  # noqa: ANN001 - any zero-argument callable
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        out.append((time.perf_counter() - started) * 1000)
    return out


def in_process(index: Path, db: Path, repeat: int, naive_repeat: int) -> dict:
    archive = Archive(index)
    fts = fts5_baseline.Fts5Search(db)
    tz = display_zone()
    for _, params in all_requests():  # warm: searcher, columns, Kiwi, page cache
        archive.search(request_from_mapping(params))
        fts.search(fts_request(params))
    per_class: dict[str, dict[str, list[float]]] = {}
    for cls, params in all_requests():
        bucket = per_class.setdefault(cls, {"ours": [], "naive": [], "fts5": []})
        req = request_from_mapping(params)
        bucket["ours"] += timed(lambda req=req: archive.search(req), repeat)
        bucket["fts5"] += timed(lambda params=params: fts.search(fts_request(params)), repeat)
        bucket["naive"] += timed(lambda params=params: naive_search(index, params, tz), naive_repeat)
    result = {cls: {name: summary(v) for name, v in times.items()} for cls, times in per_class.items()}
    everything = {name: sum((per_class[c][name] for c in per_class), []) for name in ("ours", "naive", "fts5")}
    result["all"] = {name: summary(v) for name, v in everything.items()}
    archive.close()
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


def over_http(index: Path, seconds: int) -> dict:
    paths = [http_load.api_path(params) for _, params in all_requests()]
    server = http_load.Gunicorn(index)
    try:
        server.warm(paths)
        runs = [http_load.run_wrk(server.base, paths, clients, seconds) for clients in (1, 8, 32)]
        memory = {pid: private_memory_mb(pid) for pid in worker_pids(server.proc.pid)}
    finally:
        server.stop()
    return {"runs": runs, "worker_private_mb": memory}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "n/a"


def print_report(report: dict) -> None:
    rows = []
    for cls in [*QUERIES, "all"]:
        r = report["in_process"][cls]
        ours, naive, fts = r["ours"], r["naive"], r["fts5"]
        rows.append([
            cls, ours["median_ms"], ours["p95_ms"], naive["median_ms"], naive["p95_ms"],
            ratio(naive["p95_ms"], ours["p95_ms"]), fts["median_ms"], fts["p95_ms"],
            ratio(ours["median_ms"], fts["median_ms"]), ratio(ours["p95_ms"], fts["p95_ms"]),
        ])
    print(f"\nIn-process full search request, {report['documents']} documents (ms)\n")
    print(table(rows, ["class", "ours med", "ours p95", "naive med", "naive p95", "naive/ours p95",
                       "fts5 med", "fts5 p95", "ours/fts5 med", "ours/fts5 p95"]))
    if "http" in report:
        rows = [[r["clients"], r["requests"], r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["errors"]]
                for r in report["http"]["runs"]]
        print("\nHTTP API under gunicorn (2 workers, --preload), wrk on 127.0.0.1, mixed query set\n")
        print(table(rows, ["clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]))
        print(f"\nworker private memory (MB): {report['http']['worker_private_mb']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each request for ours and FTS5")
    parser.add_argument("--naive-repeat", type=int, default=2, help="runs of each request for naive Whoosh")
    parser.add_argument("--http-seconds", type=int, default=10)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    args = parser.parse_args(argv)
    files = corpus_files()
    if not files:
        print(f"skipped: no corpora at {CORPORA} (../shared is absent)")
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    index, db = WORK / "index", WORK / "fts5.sqlite"
    report: dict = {"build": {"index": build_index(index, files), "fts5": build_fts(db, files)}}
    report["documents"] = Archive(index).stats().documents
    report["in_process"] = in_process(index, db, args.repeat, args.naive_repeat)
    if not args.skip_http:
        report["http"] = over_http(index, args.http_seconds)
    print_report(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
