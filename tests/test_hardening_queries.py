"""Hostile queries cost a bounded amount: expansion caps, a per-request budget, linear highlighting.

The archive is real and on disk: petitions from ``../shared`` when present, a synthetic vocabulary
of thousands of words sharing a few prefixes (so expansion is wide even without it), and the
documents that repeat one word 10,000-15,000 times (:func:`bench.pathological.hostile_documents`).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from whoosh.reading import TermNotFound

from bench.pathological import hostile_documents, pathological_queries
from search import Archive, SearchRequest, expansion
from search.article import Article
from search.deadline import DEFAULT_BUDGET_S
from search.expansion import MAX_EXPANSIONS
from search.lexicon import prefix_run
from tests.api_support import built_once, live_server, server_errors
from tests.conftest import SHARED

PETITIONS = SHARED / "corpora" / "ko-petitions.jsonl"
PETITION_COUNT = 400
HANGUL_FIRST, HANGUL_COUNT = 0xAC00, 11172


def _synthetic_words(prefix: str, count: int, seed: int) -> list[str]:
    """``count`` distinct words starting with ``prefix`` (Hangul syllables or Latin letters)."""
    out = []
    for n in range(count):
        value = (n * 7919 + seed) % HANGUL_COUNT
        if prefix.isascii():
            tail = "".join(chr(ord("a") + (value // 26**i) % 26) for i in range(3))
        else:
            tail = chr(HANGUL_FIRST + value)
        out.append(prefix + tail)
    return out


def _records() -> list[dict[str, object]]:
    records = list(hostile_documents())
    if PETITIONS.is_file():
        with PETITIONS.open(encoding="utf-8") as fh:
            records.extend(json.loads(line) for line in itertools.islice(fh, PETITION_COUNT))
    vocabulary = _synthetic_words("국", 600, 1) + _synthetic_words("co", 600, 2) + _synthetic_words("a", 600, 3)
    for n in range(0, len(vocabulary), 60):
        records.append({"url": f"https://synthetic.example/{n}", "title": f"synthetic {n}",
                        "body": " ".join(vocabulary[n : n + 60]), "lang": "en", "site": "synthetic.example",
                        "tags": ["synthetic"], "category": "Test/Synthetic"})
    return records


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Built once per session (a file lock shares it between xdist workers)."""
    from indexer.index_writer import IndexSink
    from search.storage import ensure_index

    base = tmp_path_factory.getbasetemp().parent if worker_id != "master" else tmp_path_factory.getbasetemp()

    def build(root: Path) -> None:
        sink = IndexSink(ensure_index(root), batch_size=500)
        for record in _records():
            sink.add(Article.from_json(record))
        sink.close()

    return built_once(base, "hostile-index", build)


@pytest.fixture
def hostile(hostile_root: Path) -> Archive:
    archive = Archive(hostile_root, refresh_interval=0, result_cache=0, budget=DEFAULT_BUDGET_S)
    archive.search(SearchRequest(q="국민 oil"))  # open, build columns, load Kiwi: one-time costs
    yield archive
    archive.close()


def test_a_short_prefix_searches_only_the_most_common_words_and_says_so(hostile: Archive) -> None:
    result = hostile.search(SearchRequest(q="국*"))
    assert result.total > 0
    assert any(f"searched the {MAX_EXPANSIONS} most common" in note for note in result.ignored)


def test_a_leading_wildcard_is_dropped_and_reported(hostile: Archive) -> None:
    result = hostile.search(SearchRequest(q="*국*"))
    assert any("leading wildcard" in note for note in result.ignored)
    assert result.total == hostile.search(SearchRequest(q="국*")).total > 0


def test_a_one_letter_latin_prefix_is_searched_as_the_letter(hostile: Archive) -> None:
    result = hostile.search(SearchRequest(q="a*"))
    assert any("needs at least 2 letters" in note for note in result.ignored)


def test_a_wildcard_inside_a_word_matches_only_real_words(hostile: Archive) -> None:
    word = _synthetic_words("co", 600, 2)[5]
    pattern = word[:3] + "?" + word[4:]
    result = hostile.search(SearchRequest(q=pattern, facets=()))
    assert result.total >= 1
    assert any(word in hit.snippet_html for hit in result.hits)


def test_a_pattern_asked_again_reads_no_dictionary_entry_and_finds_the_same(
    hostile: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    read_run = expansion._read_run

    def counted(leaf: object, fieldname: str, literal: str, budget: object) -> object:
        reads.append(literal)
        return read_run(leaf, fieldname, literal, budget)  # type: ignore[arg-type]

    monkeypatch.setattr(expansion, "_read_run", counted)
    request = SearchRequest(q=_synthetic_words("co", 600, 2)[7][:4] + "*", facets=())
    first = hostile.search(request)
    assert reads, "the first time, the segments' dictionaries are read"
    reads.clear()
    again = hostile.search(request)
    assert reads == []
    assert again.total == first.total > 0
    assert (again.ignored, [h.id for h in again.hits]) == (first.ignored, [h.id for h in first.hits])


@pytest.mark.parametrize("literal", ["co", "국", "", "qqqzzz"])
@pytest.mark.parametrize("limit", [1, 40, 100_000])
def test_a_prefix_run_read_from_the_term_file_is_what_whoosh_lists(hostile: Archive, literal: str, limit: int) -> None:
    listed_any = False
    for leaf, _offset in hostile.searcher().reader().leaf_readers():
        for field in ("title", "body", "tags", "nosuchfield"):
            whoosh: tuple[list[str], list[int]] = ([], [])
            try:
                for raw, info in itertools.islice(leaf.iter_prefix(field, literal), limit):
                    whoosh[0].append(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
                    whoosh[1].append(info.doc_frequency())
            except (KeyError, ValueError, TermNotFound):  # no such field in this segment
                pass
            assert prefix_run(leaf, field, literal, limit) == whoosh, (field, literal)
            listed_any = listed_any or bool(whoosh[0])
    assert listed_any == (literal != "qqqzzz")


def test_a_pattern_that_matches_nothing_finds_nothing(hostile: Archive) -> None:
    assert hostile.search(SearchRequest(q="qqqzzz*")).total == 0


@pytest.mark.parametrize(("kind", "text"), pathological_queries(), ids=[k for k, _ in pathological_queries()])
def test_every_pathological_query_answers_within_a_second(hostile: Archive, kind: str, text: str) -> None:
    started = time.perf_counter()
    result = hostile.search(SearchRequest(q=text))
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{kind}: {elapsed:.2f} s"
    assert result.total >= 0 and len(result.hits) <= result.request.per_page


def test_a_word_repeated_ten_thousand_times_is_highlighted_quickly(hostile: Archive) -> None:
    for word in ("zyzzyva", "뷁뷁"):
        started = time.perf_counter()
        result = hostile.search(SearchRequest(q=word))
        assert time.perf_counter() - started < 1.0
        assert result.hits and not result.partial
        assert all(f"<mark>{word}</mark>" in hit.snippet_html or f"<mark>{word}</mark>" in hit.title_html
                   for hit in result.hits)


def test_a_spent_budget_answers_partially_and_is_not_cached(hostile_root: Path) -> None:
    archive = Archive(hostile_root, refresh_interval=0, result_cache=16)
    archive.search(SearchRequest(q="oil"))  # one-time costs outside the budget
    partial = archive.search(SearchRequest(q="zyzzyva"), budget=1e-9)
    assert partial.partial and not partial.facets  # spent before the postings were read: nothing more done
    assert any("time limit" in note for note in partial.ignored)
    browse = archive.search(SearchRequest(q=""), budget=1e-9)  # no terms to read: hits come, unhighlighted
    assert browse.partial and browse.hits and all("<mark>" not in hit.snippet_html for hit in browse.hits)
    full = archive.search(SearchRequest(q="zyzzyva"))
    assert not full.partial and "<mark>" in full.hits[0].snippet_html
    archive.close()


def test_pathological_requests_over_http_stay_fast_while_health_answers(
    hostile_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two hostile searches in flight at a time on gunicorn's two workers; /healthz polled meanwhile."""
    monkeypatch.setenv("NEWSARCHIVE_SEARCH_BUDGET", str(DEFAULT_BUDGET_S))  # the served default
    slow: list[tuple[str, float, int]] = []
    health: list[float] = []
    with live_server(hostile_root, tmp_path / "server.log") as base:

        def get(path: str) -> tuple[float, int]:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as resp:
                    resp.read()
                    status = resp.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            return time.perf_counter() - started, status

        def hostile_client(queries: list[str], api: bool) -> None:
            for text in queries:
                path = ("/api/v1/search?" if api else "/search?") + urllib.parse.urlencode({"q": text})
                elapsed, status = get(path)
                slow.append((text[:30], elapsed, status))

        stop = threading.Event()

        def poll_health() -> None:
            while not stop.is_set():
                health.append(get("/healthz")[0])
                time.sleep(0.05)

        queries = [text for _, text in pathological_queries()]
        get("/search?q=warm")  # first request per worker opens the index
        get("/api/v1/search?q=warm")
        poller = threading.Thread(target=poll_health)
        poller.start()
        clients = [threading.Thread(target=hostile_client, args=(queries[i::2], i == 1)) for i in range(2)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=120)
        stop.set()
        poller.join(timeout=30)
        errors = server_errors(tmp_path / "server.log")
    assert len(slow) == len(queries)
    assert all(status == 200 for _, _, status in slow), slow
    worst = max(slow, key=lambda row: row[1])
    assert worst[1] < 1.0, f"slowest: {worst}"
    assert health and max(health) < 1.5, f"/healthz waited {max(health):.2f} s"
    assert not errors
