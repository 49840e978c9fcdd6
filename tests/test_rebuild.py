"""``newsarchive rebuild``: a new generation re-extracted from the archive, with the network blocked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from indexer import rebuild as rebuild_module
from indexer.config import load_sources
from indexer.crawl import run_update
from indexer.index_writer import IndexSink
from indexer.pagestore import PageStore
from search.article import Article
from search.storage import current_generation, ensure_index
from tests.api_support import process_running
from tests.conftest import ROOT
from tests.fixtures_crawl import FixtureBlog, write_config
from tests.test_crawl import documents

BLOCK_NETWORK = """\
import socket

def _refuse(*args, **kwargs):
    raise OSError("network blocked by the test")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


@pytest.fixture(autouse=True)
def _bigram(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")


@pytest.fixture
def crawled(tmp_path: Path) -> Path:
    """An index root holding a crawl of the fixture blog (one page since gone) and one JSON Lines record."""
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root))
    sink.add(Article(url="https://elsewhere.example/imported", title="From JSON Lines", body="kept by rebuild"))
    sink.close()
    blog = FixtureBlog(posts=3).start()
    try:
        sources = load_sources(write_config(tmp_path / "s.toml", blog.base_url, timeout=2.0, retries=0))
        run_update(sources, root, lambda _: None)
        blog.set_hostile(True)
        run_update(sources, root, lambda _: None)  # /entry/removed answers 404 now
    finally:
        blog.stop()
    return root


def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked by the test")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_rebuild_reextracts_every_archived_page_offline(crawled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = documents(crawled)
    live_before = current_generation(crawled)
    store = PageStore(crawled)
    try:
        latest = store.latest_pages()
        gone = store.gone_urls()
    finally:
        store.close()
    assert len(gone) == 1 and gone[0] in before

    real_extract = rebuild_module.extract_page

    def improved_extractor(*args: object, **kwargs: object) -> Article:  # an "extractor change"
        article = real_extract(*args, **kwargs)
        return replace(article, title=article.title + " (v2)")

    monkeypatch.setattr(rebuild_module, "extract_page", improved_extractor)
    _block_network(monkeypatch)
    summary = rebuild_module.rebuild_index(crawled, lambda _: None)

    assert summary.captures == len(latest) == 15  # 16 pages crawled, one gone
    assert summary.extracted == summary.captures and summary.failed == 0
    assert summary.carried == 1  # the JSON Lines record
    assert summary.documents == summary.extracted + summary.carried
    assert current_generation(crawled) == summary.generation != live_before
    after = documents(crawled)
    assert set(after) == set(before) - set(gone)
    for url, stored in after.items():
        expected = "From JSON Lines" if "elsewhere.example" in url else str(before[url]["title"]) + " (v2)"
        assert stored["title"] == expected
        assert stored["source"] == before[url]["source"] == ("import" if "elsewhere.example" in url else "fixture")


def test_rebuild_command_runs_with_the_network_blocked(crawled: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_NETWORK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(blocker), "NEWSARCHIVE_ANALYZER": "bigram"}
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert "network blocked by the test" in probe.stderr
    result = subprocess.run([sys.executable, "-m", "indexer.cli", "rebuild", "--index", str(crawled)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "captures 15, extracted 15, failed 0, carried 1, documents 16," in result.stdout


def test_rebuild_extracting_in_two_processes_indexes_the_same_articles(crawled: Path) -> None:
    one = rebuild_module.rebuild_index(crawled, lambda _: None, jobs=1)
    single = documents(crawled)
    two = rebuild_module.rebuild_index(crawled, lambda _: None, jobs=2)
    assert (two.captures, two.extracted, two.failed, two.documents) == (15, 15, 0, one.documents)
    assert documents(crawled) == single


def test_extraction_workers_exit_when_the_rebuild_is_killed(tmp_path: Path) -> None:
    script = (
        "import os, time\n"
        "from indexer.rebuild import extraction_pool\n"
        "pool = extraction_pool(1)\n"
        "print(pool.submit(os.getpid).result(), flush=True)\n"
        "pool.submit(time.sleep, 600)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        worker = int(parent.stdout.readline())
        os.kill(parent.pid, 9)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while process_running(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not process_running(worker)
    finally:
        parent.kill()
