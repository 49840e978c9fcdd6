"""Cron-driven reindexing (issue 7): ``update`` is locked, and crash-safe under SIGKILL.

The blog is the 352-post sample (:func:`sample.build.write_site` with 300 synthetic posts) served
on loopback by a server that counts post requests, so a test can kill ``update`` after a chosen
number of pages: the kill moments are random (fixed seed) yet land at the same places in the
crawl on a fast or a loaded machine.

``update`` runs in real processes through the CLI's own entry point. The crash test forks them
from a forkserver that has imported the CLI once: eleven fresh interpreters would spend more time
importing than crawling. Everything uses the bigram analyzer: same code paths, no Kiwi start-up.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import indexer.cli
import indexer.crawl  # noqa: F401 - preloaded into the forkserver with this module
from sample.build import write_site
from sample.posts import POSTS, Post
from sample.serve import SiteHandler
from search import Archive, SearchRequest
from search.runs import read_runs
from search.storage import open_live
from tests.conftest import ROOT
from tests.fixtures_crawl import write_config

N_EXTRA = 300
BATCH = 25
KILLS = 10
SEED = 7
POST_PATH = re.compile(r"^/\d+$")


class CountingBlog(ThreadingHTTPServer):
    """The sample blog (as :mod:`sample.serve` serves it) plus a count of post requests."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _CountingHandler)
        self.root = root
        self.verbose = False
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.post_requests = 0
        self.reached = threading.Event()
        self.kill_after = 0  # set ``reached`` once this many post requests arrived (0: never)
        self._lock = threading.Lock()

    def arm(self, kill_after: int) -> None:
        """Start counting post requests afresh; ``reached`` fires at the ``kill_after``-th."""
        with self._lock:
            self.post_requests = 0
            self.kill_after = kill_after
            self.reached.clear()

    def count(self, path: str) -> None:
        if POST_PATH.match(path):
            with self._lock:
                self.post_requests += 1
                if self.post_requests == self.kill_after:
                    self.reached.set()


class _CountingHandler(SiteHandler):
    server: CountingBlog  # type: ignore[assignment]

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.server.count(urlsplit(self.path).path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client was killed mid-answer
            super().do_GET()


def start_blog(site: Path, n_extra: int = N_EXTRA, base: Sequence[Post] = POSTS) -> tuple[CountingBlog, int]:
    """Write the sample blog (``base`` posts plus ``n_extra`` synthetic ones) and serve it; returns
    (server, number of posts)."""
    posts = write_site(site, base, n_extra=n_extra)
    blog = CountingBlog(site)
    threading.Thread(target=blog.serve_forever, name="counting-blog", daemon=True).start()
    return blog, len(posts)


@pytest.fixture
def blog(tmp_path: Path) -> Iterator[tuple[CountingBlog, int]]:
    server, posts = start_blog(tmp_path / "site")
    yield server, posts
    server.shutdown()
    server.server_close()


def cli_env() -> dict[str, str]:
    return {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram", "PYTHONPATH": str(ROOT)}


def index_state(root: Path) -> list[str]:
    """Ids of the live documents, after checking the index opens and answers searches."""
    _, index = open_live(root)
    with index.searcher() as searcher:
        ids = [stored["id"] for stored in searcher.all_stored_fields()]
        assert searcher.doc_count() == len(ids)
    if not ids:
        # A kill before the run's first commit leaves the empty first generation, which opened
        # above; the search core fails on an index without segments (search/columns.py, reported).
        return ids
    archive = Archive(root)
    try:
        assert archive.search(SearchRequest(q="")).total == len(ids)
        assert archive.search(SearchRequest(q="파이썬 OR python OR 서울")).total > 0
    finally:
        archive.close()
    return ids


def orphan_segments(root: Path) -> int:
    """Segments on disk that the index's table of contents does not list: a commit interrupted
    after writing its segment and before its TOC (reported, not required: timing decides)."""
    name, index = open_live(root)
    listed = {segment.segment_id() for segment in index._segments()}  # noqa: SLF001 - no public API
    on_disk = {m.group(1) for p in (root / name).iterdir() if (m := re.match(r"(MAIN_[a-z0-9]+)\.", p.name))}
    return len(on_disk - listed)


# -- the lock ---------------------------------------------------------------------------------------


def test_two_concurrent_updates_one_wins_the_other_exits_75(tmp_path: Path) -> None:
    blog, _ = start_blog(tmp_path / "site", n_extra=0)  # 52 posts at 20 requests/s: the winner holds >2.5 s
    try:
        config = write_config(tmp_path / "sources.toml", blog.base_url, requests_per_second=20)
        cmd = [sys.executable, "-m", "indexer.cli", "update", "--config", str(config),
               "--index", str(tmp_path / "index"), "--log-json"]
        procs = [subprocess.Popen(cmd, cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        outcomes = [(p, *p.communicate(timeout=120)) for p in procs]
    finally:
        blog.shutdown()
        blog.server_close()
    codes = sorted(p.returncode for p, _, _ in outcomes)
    assert codes == [0, 75], [(p.returncode, err[-500:]) for p, _, err in outcomes]
    winner = next(p for p, _, _ in outcomes if p.returncode == 0)
    _, loser_out, loser_err = next(o for o in outcomes if o[0].returncode == 75)
    # One clear line naming the holder (JSON under --log-json), nothing on stdout, and no run
    # record from the loser.
    assert loser_out == ""
    assert loser_err.count("\n") == 1, loser_err
    failure = json.loads(loser_err)
    assert failure["event"] == "failed" and failure["command"] == "update"
    assert re.fullmatch(
        rf"another newsarchive update \(pid {winner.pid}, since \d\d:\d\d:\d\d\) holds the index lock "
        rf"\S+writer\.lock; try again later or pass --wait SECONDS", failure["message"]
    ), loser_err
    runs = read_runs(tmp_path / "index")
    assert len(runs) == 1 and runs[0]["exit_code"] == 0 and runs[0]["totals"]["new"] == 52


def test_wait_takes_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    from indexer.lock import WriterLock

    config = write_config(tmp_path / "sources.toml", "http://127.0.0.1:9")  # never contacted
    cmd = [sys.executable, "-m", "indexer.cli", "status", "--index", str(tmp_path / "index")]
    update = [sys.executable, "-m", "indexer.cli", "update", "--config", str(config), "--index",
              str(tmp_path / "index")]
    with WriterLock(tmp_path / "index", "rebuild"):
        refused = subprocess.run(update, cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=60)
        waiting = subprocess.Popen([*update, "--wait", "60"], cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the lock
    _, err = waiting.communicate(timeout=60)
    assert refused.returncode == 75 and "another newsarchive rebuild (pid" in refused.stderr
    # It got the lock and ran: the source is unreachable, so the whole source failed (exit 1).
    assert waiting.returncode == 1 and "source(s) failed entirely: fixture" in err, err
    status = subprocess.run(cmd, cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=60)
    assert status.returncode == 0, status.stderr
    assert re.search(r"last run: +update \S+ → \S+ \([\d.]+ s\) exit 1", status.stdout), status.stdout
    assert re.search(r"fixture \(FAILED\): .*discovered 0", status.stdout), status.stdout
    assert "fixture: 127.0.0.1:9: robots.txt unreachable" in status.stdout


# -- SIGKILL at random moments ----------------------------------------------------------------------


def _run_cli(args: list[str], log_path: str) -> None:
    """Forkserver child: ``newsarchive ARGS`` with stdout and stderr in ``log_path``."""
    os.environ["NEWSARCHIVE_ANALYZER"] = "bigram"
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    indexer.cli.main(args, prog_name="newsarchive")


def test_update_killed_at_ten_random_moments_loses_nothing_and_the_next_run_completes(
    tmp_path: Path, blog: tuple[CountingBlog, int]
) -> None:
    server, total = blog
    assert total >= 300
    root = tmp_path / "index"
    config = write_config(tmp_path / "sources.toml", server.base_url)
    args = ["update", "--config", str(config), "--index", str(root), "--batch-size", str(BATCH), "--log-json"]
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    rng = random.Random(SEED)
    seen: set[str] = set()
    history = []
    for n in range(KILLS):
        # Every other kill aims at a commit: just after the page that fills a batch is requested,
        # while it is extracted and the batch written, merged and committed.
        pages = rng.randint(1, 2) * BATCH if n % 2 else rng.randint(1, 60)
        extra = rng.uniform(0.0, 0.6)
        server.arm(pages)
        proc = ctx.Process(target=_run_cli, args=(args, str(tmp_path / f"run-{n}.log")))
        proc.start()
        assert server.reached.wait(60), f"run {n}: never reached {pages} post requests"
        time.sleep(extra)
        proc.kill()
        proc.join(10)
        assert proc.exitcode == -9, f"run {n} ended by itself before the kill (exit {proc.exitcode})"
        ids = index_state(root)
        assert len(ids) == len(set(ids)), f"duplicate ids after kill {n}"
        assert len(ids) % BATCH == 0 or len(ids) == total, f"kill {n}: {len(ids)} is not whole batches"
        assert seen <= set(ids), f"kill {n} lost documents"
        seen = set(ids)
        history.append((pages, round(extra, 2), len(ids), orphan_segments(root)))
    counts = [count for _, _, count, _ in history]
    assert len(set(counts)) >= 3 and counts[-1] < total, history  # kills spread over the crawl

    # The final run without --log-json: its per-source summary line is read below.
    final = subprocess.run([sys.executable, "-m", "indexer.cli", *args[:-1]], cwd=ROOT, env=cli_env(),
                           capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    ids = index_state(root)
    assert len(ids) == len(set(ids)) == total and seen <= set(ids)
    line = next(line for line in final.stdout.splitlines() if line.startswith("fixture:"))
    assert f" new {total - counts[-1]}, updated 0," in line, (history, line)
    assert " failed 0," in line
    assert orphan_segments(root) == 0  # the completed run's commits swept what the kills left
    print(f"\nkills (post requests, extra s, documents after, orphan segments): {history}\nfinal: {line}")
