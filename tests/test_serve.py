"""gunicorn as ``newsarchive serve`` and the Procfile run it: a TERM stops the master and its
preloaded workers at once (a worker forked from a master running Kiwi's thread pool used to hang
in Kiwi's destructor until gunicorn killed it 30 s later, or forever once the master was gone);
nothing is imported from the working directory; request lines are bounded yet every valid
search URL gets through; ``--rate-limit`` and ``--proxy-fix`` work together."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.models import MAX_PER_PAGE, MAX_QUERY_LENGTH
from search.params import MAX_FILTER_LENGTH
from tests.api_support import build_sample_index, process_running, shared_sample_index, start_server
from tests.test_schemathesis import shared_dir
from web.openapi import MAX_TAGS


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_term_stops_gunicorn_and_its_preloaded_workers_within_seconds(tmp_path: Path) -> None:
    index = build_sample_index(tmp_path / "index")
    master, _base = start_server(index, tmp_path / "stderr.log")
    try:
        deadline = time.monotonic() + 20  # the first worker may answer before the second is forked
        while len(workers := _children(master.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 2
        started = time.monotonic()
        master.terminate()
        master.wait(timeout=25)
        deadline = time.monotonic() + 5
        while any(process_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if process_running(w)]
        assert time.monotonic() - started < 10
    finally:
        master.kill()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """TERM, then KILL if gunicorn has not stopped within a minute (a loaded machine is slow)."""
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _hostile_folder(folder: Path) -> Path:
    """A working directory whose own ``search`` package and ``web.py`` would shadow ours if imported."""
    (folder / "search").mkdir(parents=True)
    (folder / "search" / "__init__.py").write_text("raise ImportError('the working directory was imported')\n")
    (folder / "web.py").write_text("raise ImportError('the working directory was imported')\n")
    return folder


def _get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _longest_valid_search_url(base: str) -> str:
    """Every search parameter at its longest, each character 4 UTF-8 bytes percent-encoded."""
    wide = "\U0001f600"
    pairs = [("q", wide * MAX_QUERY_LENGTH), *[("tag", wide * MAX_FILTER_LENGTH)] * MAX_TAGS]
    pairs += [(name, wide * MAX_FILTER_LENGTH) for name in ("category", "author", "site", "lang")]
    pairs += [("from", "2020-01-01"), ("to", "2020-12-31"), ("sort", "relevance"), ("page", "2"),
              ("per_page", str(MAX_PER_PAGE)), ("highlight", "false"), ("recency", "false")]
    return f"{base}/api/v1/search?{urllib.parse.urlencode(pairs)}"


@pytest.fixture(scope="module")
def hostile_cwd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``newsarchive serve`` started from a folder holding its own ``search/`` and ``web.py``."""
    tmp = tmp_path_factory.mktemp("hostile-cwd")
    index = shared_sample_index(shared_dir(tmp_path_factory))
    proc, base = start_server(index, tmp / "stderr.log", cwd=_hostile_folder(tmp / "cwd"))
    yield base
    _stop(proc)


def test_serve_never_imports_from_the_working_directory(hostile_cwd_server: str) -> None:
    status, body = _get(f"{hostile_cwd_server}/healthz")
    assert status == 200 and json.loads(body)["documents"] > 0
    assert _get(f"{hostile_cwd_server}/api/v1/search?q=python")[0] == 200


def test_the_longest_valid_search_url_is_answered(hostile_cwd_server: str) -> None:
    url = _longest_valid_search_url(hostile_cwd_server)
    assert len(url) > 50_000  # far past gunicorn's own 8190-byte default
    status, body = _get(url, timeout=30)
    assert status == 200, body[:300]
    assert json.loads(body)["total"] == 0


def _send_huge_request_line(base: str, megabytes: int, result: dict[str, object]) -> None:
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        # The server may close the connection before reading everything: refused early.
        with contextlib.suppress(OSError):
            sock.sendall(b"GET /search?q=" + b"a" * (megabytes * 1024 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            result["answer"] = sock.recv(200)
        except OSError:
            result["answer"] = b""
    result["seconds"] = time.monotonic() - started


def test_a_15_mb_request_line_is_refused_fast_while_healthz_answers(hostile_cwd_server: str) -> None:
    results: list[dict[str, object]] = [{}, {}]
    senders = [threading.Thread(target=_send_huge_request_line, args=(hostile_cwd_server, 15, r)) for r in results]
    for sender in senders:
        sender.start()
    started = time.monotonic()
    status, _body = _get(f"{hostile_cwd_server}/healthz", timeout=5)
    healthz_seconds = time.monotonic() - started
    for sender in senders:
        sender.join(timeout=30)
    assert status == 200 and healthz_seconds < 2
    for result in results:
        assert result["seconds"] < 5, result
        answer = result["answer"]
        status_line = answer.split(b"\r\n")[0]
        assert answer == b"" or b" 400 " in status_line or b" 414 " in status_line, answer  # refused


def test_proxy_fix_and_rate_limit_from_serve_count_the_forwarded_client(tmp_path: Path) -> None:
    index = build_sample_index(tmp_path / "index")
    options = ("--workers", "1", "--rate-limit", "2/minute", "--proxy-fix", "1")
    proc, base = start_server(index, tmp_path / "stderr.log", options=options)
    try:
        def search(client: str, path: str) -> int:
            request = urllib.request.Request(f"{base}{path}", headers={"X-Forwarded-For": client})
            try:
                with urllib.request.urlopen(request, timeout=10) as resp:
                    return resp.status
            except urllib.error.HTTPError as err:
                return err.code

        assert [search("203.0.113.7", p) for p in ("/api/v1/search", "/feed.atom", "/search")] == [200, 200, 429]
        assert search("203.0.113.8", "/search") == 200  # another client behind the same proxy
    finally:
        _stop(proc)


def test_each_worker_starts_its_spelling_vocabulary_as_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from search import suggest
    from web import create_app
    from web.server import gunicorn_options

    index = build_sample_index(tmp_path / "index")
    monkeypatch.setattr(suggest, "INLINE_BELOW", 0)  # as a large archive: built on a thread
    app = create_app({"INDEX_DIR": str(index)})
    archive = app.extensions["archive"]
    assert archive._suggester.pending  # noqa: SLF001 - nothing has been searched yet
    gunicorn_options("127.0.0.1", 0, 1, 30, 8190)["post_worker_init"](SimpleNamespace(wsgi=app))
    deadline = time.monotonic() + 20
    while archive._suggester.pending and time.monotonic() < deadline:  # noqa: SLF001
        time.sleep(0.05)
    assert not archive._suggester.pending  # noqa: SLF001
