"""Cold start (issue 19): a fresh CLI search and a fresh server, this checkout beside a baseline.

    python -m bench.cold_start [--index DIR] [--baseline CHECKOUT] [--repeat 5] [--skip-server]
                               [--first-open] [--json bench/results/cold_start.json]

Each run is a new process, so nothing is cached in Python; the index's files are in the OS page
cache after the first run (the usual case on a server). Measured, wall clock from spawning:

* ``cli oil`` / ``cli 대통령``: ``newsarchive search QUERY --index DIR`` until it exits (English:
  no Korean analyser is loaded; Korean: the same plus loading the archive's analyser), and the CPU
  time it used;
* ``server ready``: gunicorn (2 workers, ``--preload``, as ``newsarchive serve``) until the first
  ``/healthz`` answers 200 (a worker has opened the index and built its columns);
* ``kiwi load``: loading Kiwi and analysing one sentence in a fresh interpreter (the target's
  reference: server ready within Kiwi's load + 2 s); ``analyzer load`` the same with the archive's
  own analyser when it is not Kiwi (MeCab), the part of ``server ready`` that is the analyser's
  (the server preloads it).

``--baseline`` runs the same commands with another checkout's code (for example
``git worktree add --detach /tmp/na-base main~3``) over the same index, interleaved run by run,
so load from other processes hits both alike. ``--first-open`` also times this checkout's first
search on a copy of the index without column files (built once from stored fields and written).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.bench_index import ROOT, ensure_bench_index, shared_missing
from bench.stats import summary, table, write_json
from search.analysis import default_analyzer_name
from search.segment_columns import EXTENSION
from search.storage import live_analyzer

ANALYZER_LOAD = (
    "import time; t = time.perf_counter(); from search.analysis import make_tokenizer; "
    "list(make_tokenizer({name!r})('한국어 형태소 분석을 미리 합니다.', mode='index')); print(time.perf_counter() - t)"
)


def _env(tree: Path, index: Path) -> dict[str, str]:
    """The child's environment: the tree's code, and bytecode cached as an installed package has it
    (``PYTHONDONTWRITEBYTECODE`` would make every run compile every module from source)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "NEWSARCHIVE_INDEX": str(index)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cli_seconds(tree: Path, index: Path, query: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one ``newsarchive search`` in a new process. CPU
    time is what the process itself did: on a shared machine it varies less than wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "indexer.cli", "search", query, "--index", str(index)], cwd=tree,
                   env=_env(tree, index), check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def analyzer_seconds(tree: Path, index: Path, name: str) -> float:
    """Seconds to load analyser ``name`` and analyse one sentence, in a fresh interpreter."""
    code = ANALYZER_LOAD.format(name=name)
    out = subprocess.run([sys.executable, "-c", code], cwd=tree, env=_env(tree, index), check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_seconds(tree: Path, index: Path, limit: float = 600.0) -> float:
    """Seconds from spawning gunicorn to the first ``/healthz`` 200."""
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--preload", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "web:create_app()"],
        cwd=tree, env=_env(tree, index), stdout=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < limit:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=limit) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"gunicorn from {tree} did not answer /healthz within {limit:.0f} s")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def first_open_seconds(index: Path, query: str) -> float:
    """This checkout's first search on a copy of ``index`` whose column files are removed."""
    with tempfile.TemporaryDirectory(dir=ROOT / "var") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(index, copy)
        for path in copy.glob(f"gen-*/*{EXTENSION}"):
            path.unlink()
        return cli_seconds(ROOT, copy, query)[0]


def measure(trees: dict[str, Path], index: Path, repeat: int, server: bool) -> dict[str, dict[str, dict]]:
    """Per checkout and measurement, the seconds of each run (interleaved across checkouts)."""
    runs: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    analyzer = live_analyzer(index)
    for _ in range(repeat):
        for name, tree in trees.items():
            times = runs[name]
            for query in ("oil", "대통령"):
                wall, cpu = cli_seconds(tree, index, query)
                times.setdefault(f"cli {query}", []).append(wall)
                times.setdefault(f"cli {query} (cpu)", []).append(cpu)
            if server:
                times.setdefault("kiwi load", []).append(analyzer_seconds(tree, index, "kiwi"))
                if analyzer != "kiwi":
                    times.setdefault(f"{analyzer} load", []).append(analyzer_seconds(tree, index, analyzer))
                times.setdefault("server ready", []).append(server_seconds(tree, index))
    return {name: {what: summary([s * 1000 for s in values]) for what, values in times.items()}
            for name, times in runs.items()}


def print_report(report: dict) -> None:
    results = report["results"]
    names = list(results)
    rows = []
    for what in results[names[0]]:
        row: list[object] = [what]
        for name in names:
            r = results[name][what]
            row += [f"{r['median_ms'] / 1000:.2f}", f"{r['p95_ms'] / 1000:.2f}"]
        if len(names) == 2:
            a, b = results[names[0]][what]["median_ms"], results[names[1]][what]["median_ms"]
            row.append(f"{a / b:.2f}×" if b else "n/a")
        rows.append(row)
    header = ["seconds (wall)"] + [f"{n} {stat}" for n in names for stat in ("median", "p95")]
    if len(names) == 2:
        header.append(f"{names[0]}/{names[1]} median")
    print(f"\nCold start, {report['documents']} documents, {report['repeat']} runs each\n")
    print(table(rows, header))
    if "first_open_s" in report:
        print(f"\nfirst search on an index without column files (builds and writes them): "
              f"{report['first_open_s']:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None, help="index root (default: the benchmark archive)")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to run beside this one")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument("--first-open", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "cold_start.json")
    args = parser.parse_args(argv)
    if args.index is None:
        if missing := shared_missing():
            print(missing)
            return 0
        args.index = ensure_bench_index(default_analyzer_name())
    from search import Archive

    args.index = args.index.resolve()
    trees = {"ours": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    report: dict = {"index": str(args.index), "documents": Archive(args.index).stats().documents,
                    "repeat": args.repeat, "trees": {name: str(path) for name, path in trees.items()}}
    if args.first_open:
        report["first_open_s"] = round(first_open_seconds(args.index, "oil"), 3)
    for tree in trees.values():  # bytecode written, and the index in the page cache, for every run
        cli_seconds(tree, args.index, "oil")
    report["results"] = measure(trees, args.index, args.repeat, not args.skip_server)
    print_report(report)
    write_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
