"""What an incremental ``newsarchive update`` costs when (almost) nothing changed.

Run from the project root::

    python -m bench.update_bench [--json bench/results/update_bench.json] [--analyzer bigram|kiwi]

It writes the 352-post sample blog (:func:`sample.build.write_site` with 300 synthetic posts) into
a temp folder, serves it on loopback, and runs the real CLI (``python -m indexer.cli update``, as
cron would) once to index everything. Then, on the unchanged blog, three ways a blog can tell us
nothing changed, cheapest first:

* ``lastmod``: the sitemap's ``lastmod`` is not newer than our last visit, so no page is requested;
* ``304``: no ``lastmod``; every page is asked conditionally (``If-None-Match``) and answers 304;
* ``hash``: no ``lastmod`` and no validators; every page answers 200 and its body hashes as before;

and the same with 5 posts edited (their body, and their ``lastmod`` where the sitemap has one).

Reported per run: wall time of the whole command (interpreter start included) and the run's own
duration from its status record (without it), requests made and
counters (from its summary line), index commits, and whether the index was written at all (its
table of contents before and after). The baseline is the bare HTTP cost of the same requests: a
plain ``httpx`` client fetching every URL once, unconditionally and conditionally, gives a mean
time per 200 and per 304, times the requests the run made. The politeness limit sets a floor too
(requests / requests_per_second, at the highest rate a source may ask for). Target: an unchanged run
makes no index write and its wall time is under 5 s on top of that baseline. Needs nothing outside
the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.stats import table
from sample.build import write_site
from sample.serve import SiteHandler
from sample.tistory import BASE_URL
from search.analysis import ANALYZERS

ROOT = Path(__file__).resolve().parents[1]
TARGET_OVERHEAD_S = 5.0
CHANGED = 5
RPS = 100  # the highest requests_per_second a source may set
KST = timezone(timedelta(hours=9))


class BenchBlog(ThreadingHTTPServer):
    """The sample blog as :mod:`sample.serve` serves it, with two switches and a request count:
    ``lastmod`` (the sitemap carries it) and ``validators`` (conditional requests answer 304)."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.verbose = False
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.lastmod = True
        self.validators = True
        self.requests = 0
        self._lock = threading.Lock()

    def count(self) -> None:
        with self._lock:
            self.requests += 1


class _Handler(SiteHandler):
    server: BenchBlog  # type: ignore[assignment]

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.server.count()
        if self.path == "/sitemap.xml" and not self.server.lastmod:
            text = (self.server.root / "sitemap.xml").read_text(encoding="utf-8")
            text = re.sub(r"\s*<lastmod>[^<]*</lastmod>", "", text).replace(BASE_URL, self.server.base_url)
            body = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def _not_modified(self, etag: str, mtime: int) -> bool:
        return self.server.validators and super()._not_modified(etag, mtime)


@dataclass
class Run:
    """One measured ``update``."""

    scenario: str
    wall_s: float
    in_run_s: float
    requests: int
    server_requests: int
    counts: dict[str, int]
    index_commits: int
    index_written: bool
    baseline_s: float
    overhead_s: float
    in_run_overhead_s: float
    politeness_floor_s: float


def toc_state(index: Path) -> list[str]:
    """Names and sizes of the live generation's files: any index write changes them."""
    live = (index / "CURRENT").read_text(encoding="utf-8").strip()
    return sorted(f"{p.name}:{p.stat().st_size}" for p in (index / live).iterdir())


def run_update(scenario: str, config: Path, index: Path, blog: BenchBlog, env: dict[str, str],
               per_request: dict[int, float]) -> Run:
    before = toc_state(index) if (index / "CURRENT").exists() else []
    blog.requests = 0
    cmd = [sys.executable, "-m", "indexer.cli", "update", "--config", str(config), "--index", str(index),
           "--log-json"]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{scenario}: update failed ({done.returncode}):\n{done.stderr[-2000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("bench:"))
    counts = {k: int(v) for k, v in (part.split() for part in line.split(": ", 1)[1].split(", "))}
    commits = int(re.search(r"index commits (\d+)", done.stdout).group(1))  # type: ignore[union-attr]
    finished = next(json.loads(x) for x in done.stderr.splitlines() if '"event": "finished"' in x)
    answered_304 = counts["not_modified"]
    baseline = answered_304 * per_request[304] + (counts["requests"] - answered_304) * per_request[200]
    return Run(
        scenario=scenario, wall_s=round(wall, 2), in_run_s=round(finished["duration_s"], 2),
        requests=counts["requests"], server_requests=blog.requests, counts=counts, index_commits=commits,
        index_written=toc_state(index) != before, baseline_s=round(baseline, 2),
        overhead_s=round(wall - baseline, 2), in_run_overhead_s=round(finished["duration_s"] - baseline, 2),
        politeness_floor_s=round(counts["requests"] / RPS, 2),
    )


def http_baseline(base_url: str, paths: list[str]) -> dict[int, float]:
    """Mean seconds per plain 200 GET and per conditional GET answered 304, over every URL once."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        started = time.perf_counter()
        etags = [client.get(path).headers.get("etag", "") for path in paths]
        plain = (time.perf_counter() - started) / len(paths)
        started = time.perf_counter()
        for path, etag in zip(paths, etags, strict=True):
            assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
        conditional = (time.perf_counter() - started) / len(paths)
    return {200: plain, 304: conditional}


def edit_posts(site: Path, paths: list[str], round_no: int, bump_lastmod: bool) -> None:
    """Change the first body paragraph of each post; with ``bump_lastmod``, say so in the sitemap."""
    now = datetime.now(KST).replace(microsecond=0).isoformat()
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    for path in paths:
        page = site / f"{path.strip('/')}.html"
        html = page.read_text(encoding="utf-8")
        marker = '<p data-ke-size="size16">'
        assert marker in html, page
        page.write_text(html.replace(marker, f"{marker}[수정 {round_no}] ", 1), encoding="utf-8")
        if bump_lastmod:
            text = re.sub(rf"(<loc>{re.escape(BASE_URL + path)}</loc>\s*<lastmod>)[^<]*", rf"\g<1>{now}", text)
    sitemap.write_text(text, encoding="utf-8")


def measure(work: Path, analyzer: str) -> dict[str, Any]:
    posts = write_site(work / "site", n_extra=300)
    blog = BenchBlog(work / "site")
    threading.Thread(target=blog.serve_forever, daemon=True).start()
    env = {**os.environ, "NEWSARCHIVE_ANALYZER": analyzer, "PYTHONPATH": str(ROOT)}
    config = work / "sources.toml"
    config.write_text(f'[[source]]\nname = "bench"\nurl = "{blog.base_url}/"\nkind = "tistory"\n'
                      f"requests_per_second = {RPS}\nallow_private_network = true\n", encoding="utf-8")
    index = work / "index"
    paths = ["/robots.txt", "/sitemap.xml", "/rss"] + [p.path for p in posts]
    per_request = http_baseline(blog.base_url, paths)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "indexer.cli", "--version"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    startup = time.perf_counter() - started
    by_id = sorted(posts, key=lambda p: p.id)
    runs = [run_update("setup: first run", config, index, blog, env, per_request)]
    for round_no, (name, lastmod, validators) in enumerate(
        [("lastmod", True, True), ("304", False, True), ("hash", False, False)], start=1
    ):
        blog.lastmod, blog.validators = lastmod, validators
        runs.append(run_update(f"unchanged, {name}", config, index, blog, env, per_request))
        changed = [p.path for p in by_id[round_no * 7 :: 70][:CHANGED]]
        edit_posts(work / "site", changed, round_no, bump_lastmod=lastmod)
        runs.append(run_update(f"{CHANGED} changed, {name}", config, index, blog, env, per_request))
    blog.shutdown()
    blog.server_close()
    for run in runs:
        if run.scenario.startswith("unchanged"):
            run_ok = not run.index_written and run.index_commits == 0 and run.overhead_s < TARGET_OVERHEAD_S
            run.counts["target_met"] = int(run_ok)
    return {
        "posts": len(posts),
        "analyzer": analyzer,
        "requests_per_second": RPS,
        "interpreter_start_s": round(startup, 2),
        "http_mean_ms": {str(k): round(v * 1000, 2) for k, v in per_request.items()},
        "target": f"unchanged: no index write, wall - baseline < {TARGET_OVERHEAD_S} s",
        "runs": [asdict(run) for run in runs],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "update_bench.json")
    parser.add_argument("--analyzer", choices=ANALYZERS, default="bigram",
                        help="only the setup and changed runs analyse text (default: bigram, fast)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="update-bench-") as tmp:
        result = measure(Path(tmp), args.analyzer)
    rows = [
        [r["scenario"], r["wall_s"], r["in_run_s"], r["requests"], r["counts"].get("not_modified", 0),
         r["counts"].get("up_to_date", 0), r["counts"].get("unchanged", 0), r["counts"].get("updated", 0),
         r["counts"].get("new", 0), r["index_commits"], "yes" if r["index_written"] else "no", r["baseline_s"],
         r["overhead_s"], r["in_run_overhead_s"], r["politeness_floor_s"],
         {1: "met", 0: "MISSED"}.get(r["counts"].get("target_met", -1), "")]
        for r in result["runs"]
    ]
    print(f"{result['posts']} posts, analyzer {result['analyzer']}, {RPS} requests/s allowed, interpreter start "
          f"{result['interpreter_start_s']} s, bare HTTP {result['http_mean_ms']['200']} ms per 200, "
          f"{result['http_mean_ms']['304']} ms per 304")
    print(table(rows, ["run", "wall s", "in-run s", "requests", "304", "lastmod skip", "same hash", "updated",
                       "new", "commits", "index written", "HTTP baseline s", "wall over baseline s",
                       "in-run over baseline s", "rate-limit floor s", "target (wall)"]))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    missed = [r for r in result["runs"] if r["counts"].get("target_met") == 0]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
