"""Cron-driven reindexing (issue 7) seen from the web app: gunicorn keeps answering while ``update``
commits and ``rebuild`` switches generations, and picks both up without a restart.

Eight client threads search through the JSON API over 20 posts while an ``update`` adds 25 posts in batches of
5 and a ``rebuild`` then switches to a new generation. Every match-all answer must be one
committed state of the index (its ``total`` one of the committed document counts, its ``lang``
facet summing to that total); commits and the switch must show within a second. Commit moments
come from the index itself: the mtime of each new table of contents, and of ``CURRENT``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from indexer.config import load_sources
from indexer.crawl import run_update
from sample.build import write_site
from sample.posts import POSTS
from search.storage import current_generation, open_live
from tests.conftest import ROOT
from tests.fixtures_crawl import write_config
from tests.test_reindex import CountingBlog, cli_env, start_blog

CLIENTS = 8
FIRST_POSTS = 20  # the first hand-written posts: a small index keeps update and rebuild short
ADDED = 25
BATCH = 5
VISIBLE_WITHIN = 1.0


@dataclass(frozen=True)
class Answer:
    """One API answer as a client saw it."""

    received: float  # time.time()
    status: int
    total: int
    lang_sum: int
    etag: str


@dataclass(frozen=True)
class Commit:
    """A commit (or the rebuild's switch) as the index records it."""

    at: float  # mtime of the new TOC or of CURRENT
    generation: str
    documents: int


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[CountingBlog, Path, str]]:
    """A 20-post blog indexed, then grown to 45 posts on the blog only; gunicorn over the index."""
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
    blog, posts = start_blog(tmp_path / "site", n_extra=0, base=POSTS[:FIRST_POSTS])
    assert posts == FIRST_POSTS
    root = tmp_path / "index"
    config = write_config(tmp_path / "sources.toml", blog.base_url)
    first = run_update(load_sources(config), root, lambda message: None).runs[0]
    assert first.counts["new"] == FIRST_POSTS
    write_site(tmp_path / "site", POSTS[:FIRST_POSTS], n_extra=ADDED)  # new posts waiting on the blog
    env = {**cli_env(), "NEWSARCHIVE_INDEX": str(root)}
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--preload", "--workers", "2", "--bind", "127.0.0.1:0",
         "web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = _listening_at(gunicorn)
        yield blog, config, base
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)
        blog.shutdown()
        blog.server_close()


def _listening_at(proc: subprocess.Popen[str]) -> str:
    """gunicorn's bound address from its ``Listening at: http://…`` log line (it was given port 0)."""
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if found := re.search(r"Listening at: (http://\S+)", line):
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep draining its log
            return found.group(1)
    raise AssertionError(f"gunicorn did not start (exit {proc.poll()})")


def _client(base: str, stop: threading.Event, answers: list[Answer], failures: list[str]) -> None:
    """Search until told to stop: match-all (checked for consistency) and word queries alternately."""
    with httpx.Client(base_url=base, timeout=10) as client:
        n = 0
        while not stop.is_set():
            n += 1
            word = n % 2 == 0
            params = {"q": "서울 OR python" if word else "", "per_page": "5", "facets": "lang"}
            try:
                resp = client.get("/api/v1/search", params=params)
            except httpx.HTTPError as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            if resp.status_code != 200:
                failures.append(f"HTTP {resp.status_code}: {resp.text[:200]}")
                continue
            if not word:
                body = resp.json()
                lang_sum = sum(value["count"] for value in body["facets"]["lang"])
                answers.append(Answer(time.time(), resp.status_code, body["total"], lang_sum,
                                      resp.headers.get("ETag", "")))


def _watch(root: Path, stop: threading.Event, commits: list[Commit]) -> None:
    """Record every new TOC of the live generation and every switch of ``CURRENT``."""
    seen: set[tuple[str, str]] = set()
    while not stop.is_set():
        generation = current_generation(root) or ""
        try:
            tocs = [p for p in (root / generation).iterdir() if re.fullmatch(r"_MAIN_\d+\.toc", p.name)]
            for toc in tocs:
                if (generation, toc.name) not in seen:
                    seen.add((generation, toc.name))
                    moment = max(toc.stat().st_mtime, (root / "CURRENT").stat().st_mtime)
                    commits.append(Commit(moment, generation, open_live(root)[1].doc_count()))
        except FileNotFoundError:  # a TOC replaced between listing and stat: the next poll sees its successor
            pass
        time.sleep(0.01)


def test_gunicorn_serves_every_request_through_update_and_rebuild(
    tmp_path: Path, served: tuple[CountingBlog, Path, str]
) -> None:
    _, config, base = served
    root = tmp_path / "index"
    stop, stop_watch = threading.Event(), threading.Event()
    answers: list[Answer] = []
    failures: list[str] = []
    commits: list[Commit] = []
    watcher = threading.Thread(target=_watch, args=(root, stop_watch, commits), daemon=True)
    watcher.start()
    clients = [threading.Thread(target=_client, args=(base, stop, answers, failures), daemon=True)
               for _ in range(CLIENTS)]
    for thread in clients:
        thread.start()
    try:
        time.sleep(1.0)
        cli = [sys.executable, "-m", "indexer.cli"]
        update = subprocess.run([*cli, "update", "--config", str(config), "--index", str(root), "--batch-size",
                                 str(BATCH)], cwd=ROOT, env=cli_env(), capture_output=True, text=True,
                                timeout=120)
        assert update.returncode == 0, update.stderr
        assert f" new {ADDED}, updated 0," in update.stdout and f"index commits {ADDED // BATCH}," in update.stdout
        rebuild = subprocess.run([*cli, "rebuild", "--index", str(root)], cwd=ROOT, env=cli_env(),
                                 capture_output=True, text=True, timeout=120)
        assert rebuild.returncode == 0, rebuild.stderr
        assert f"documents {FIRST_POSTS + ADDED}," in rebuild.stdout
        time.sleep(VISIBLE_WITHIN + 0.5)
    finally:
        stop.set()
        for thread in clients:
            thread.join(15)
        stop_watch.set()
        watcher.join(5)

    assert not failures, failures[:5]
    valid = {FIRST_POSTS + BATCH * k for k in range(ADDED // BATCH + 1)}
    inconsistent = [a for a in answers if a.total not in valid or a.lang_sum != a.total]
    assert not inconsistent, inconsistent[:5]
    # The ETag is taken before the view runs: it may name the state before the answer's, never after.
    tagged = [_etag_state(a.etag) for a in answers]
    assert all(docs <= a.total for a, (_, docs) in zip(answers, tagged, strict=True))

    old, new = commits[0].generation, current_generation(root)
    assert new != old
    update_commits = [c for c in commits if c.generation == old and c.documents > FIRST_POSTS]
    assert [c.documents for c in update_commits] == sorted(valid - {FIRST_POSTS}), commits
    delays = {}
    for commit in update_commits:
        seen_at = min(a.received for a in answers if a.total >= commit.documents)
        delays[commit.documents] = round(seen_at - commit.at, 3)
    switch = min(c.at for c in commits if c.generation == new)
    on_new = [a.received for a, (gen, _) in zip(answers, tagged, strict=True) if gen == new]
    delays["switch"] = round(min(on_new) - switch, 3)
    late_old = [a for a, (gen, _) in zip(answers, tagged, strict=True) if gen == old and a.received > switch + 1]
    print(f"\n{len(answers)} match-all answers (+ as many word searches), 0 failed; "
          f"commit/switch -> first answer showing it (s): {json.dumps(delays)}")
    assert all(delay < VISIBLE_WITHIN for delay in delays.values()), delays
    assert not late_old, late_old[:3]
    assert os.path.isdir(root / old)  # the retired generation outlives its grace period's start


def _etag_state(etag: str) -> tuple[str, int]:
    """``W/"v1-gen-000001.7.62"`` -> (``gen-000001``, 62)."""
    found = re.fullmatch(r'W/"v\d+-(gen-\d+)\.\d+\.(\d+)"', etag)
    assert found, etag
    return found.group(1), int(found.group(2))
