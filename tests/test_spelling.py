"""Did you mean: nearest words of the index's own vocabulary, distance first, Hangul on jamo."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from indexer.index_writer import IndexSink
from search import Archive, SearchRequest, suggest
from search.lexicon import TermFile
from search.spelling import DeletionIndex, fold
from search.storage import ensure_index
from search.suggest import MAX_WORDS
from tests.conftest import make_article

BODIES = [
    "Coffee exports from Brazil and the coffee market in London.",
    "The government said the market for crude oil and petroleum would recover.",
    "Interest rates and the national budget deficit worried the government.",
    "Commodity market: coffee, cocoa and sugar prices; the come-back of cocoa.",
    "경제 정책과 대통령 선거, 부동산 시장에 대한 청원입니다.",
    "대통령은 경제 회복과 일자리 대책을 발표했다. 부동산 대책도 나왔다.",
    "어린이집 보육교사와 국민연금 개혁에 대한 청원입니다. 경제가 어렵습니다.",
]

TYPOS = [
    ("cofee", "coffee"),  # deletion
    ("goverment", "government"),  # deletion
    ("makret", "market"),  # transposition
    ("petrolium", "petroleum"),  # substitution
    ("budgett", "budget"),  # insertion
    ("cocao", "cocoa"),  # transposition
    ("겅제", "경제"),  # one jamo: ㅕ -> ㅓ
    ("대통녕", "대통령"),  # one jamo: ㄹ -> ㄴ
    ("부덩산", "부동산"),  # one jamo: ㅗ -> ㅓ
    ("대토령", "대통령"),  # final jamo dropped
    ("일잘리", "일자리"),  # final jamo added
    ("국민연굼", "국민연금"),  # one jamo
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root: Path = tmp_path_factory.mktemp("spelling") / "index"
    sink = IndexSink(ensure_index(root))
    sink.add_all(make_article(n, title=f"Note {n}", body=body, tags=()) for n, body in enumerate(BODIES))
    sink.close()
    arch = Archive(root, refresh_interval=0)
    yield arch
    arch.close()


@pytest.mark.parametrize(("typo", "meant"), TYPOS)
def test_a_single_typo_is_corrected_to_the_word_meant(archive: Archive, typo: str, meant: str) -> None:
    result = archive.search(SearchRequest(q=typo))
    assert result.total == 0 and result.suggestion == meant


def test_each_word_of_a_query_is_corrected_on_its_own(archive: Archive) -> None:
    assert archive.search(SearchRequest(q="cofee makret")).suggestion == "coffee market"
    assert archive.search(SearchRequest(q="겅제 대통녕")).suggestion == "경제 대통령"
    assert archive.search(SearchRequest(q="coffee 겅제")).suggestion == "coffee 경제"


def test_known_words_fields_and_excluded_words_are_left_alone(archive: Archive) -> None:
    assert archive.search(SearchRequest(q="coffee")).suggestion is None
    assert archive.search(SearchRequest(q="makret -cofee")).suggestion == "market -cofee"
    assert archive.search(SearchRequest(q='makret "cofee brazil"')).suggestion == 'market "cofee brazil"'
    assert archive.search(SearchRequest(q="zzzzqqq")).suggestion is None


def test_a_long_query_looks_at_a_bounded_number_of_words(archive: Archive) -> None:
    result = archive.search(SearchRequest(q=" ".join(["겅제"] * 40)))
    corrected = result.suggestion.split().count("경제") if result.suggestion else 0
    assert 1 <= corrected <= MAX_WORDS


def test_distance_comes_before_frequency_and_frequency_breaks_ties() -> None:
    index = DeletionIndex([("coffee", 5), ("come", 500), ("cafe", 50), ("coffer", 5)])
    assert [c.word for c in index.lookup("cofee")][:1] == ["coffee"]
    ties = DeletionIndex([("bank", 3), ("band", 30)])
    assert [c.word for c in ties.lookup("banx")] == ["band", "bank"]


def test_hangul_is_compared_on_jamo() -> None:
    assert fold("겅제") != "겅제" and len(fold("겅제")) == 5
    found = DeletionIndex([("경제", 10), ("강제", 100)]).lookup("겅제")
    assert {(c.word, c.distance) for c in found} == {("경제", 1), ("강제", 1)}
    assert found[0].word == "강제"  # equally near: the commoner wins
    assert DeletionIndex([("대통령", 1)]).lookup("대톨령")[0].distance == 1


def test_the_term_file_reader_agrees_with_whoosh(archive: Archive) -> None:
    reader = archive.searcher().reader()
    for leaf, _ in reader.leaf_readers():
        expected: dict[str, int] = {}
        for field in ("title", "body"):
            for raw, info in leaf.iter_field(field):
                term = raw.decode("utf-8")
                expected[term] = max(expected.get(term, 0), info.doc_frequency())
        assert TermFile(leaf, ("title", "body")).frequencies() == expected


@pytest.mark.parametrize("q", ["x", "q z", "é", "ab'", "I"])
def test_one_letter_and_odd_words_are_answered_not_raised(archive: Archive, q: str) -> None:
    # One edit of a one-letter word is the empty string, which the stemmer cannot take.
    result = archive.search(SearchRequest(q=q))
    assert result.total == 0 and (result.suggestion is None or result.suggestion.strip())


def _slow_vocabulary(monkeypatch: pytest.MonkeyPatch, started: threading.Event, release: threading.Event) -> None:
    """Every archive counts as large (its vocabulary built on a thread) and each build waits for
    ``release``: the window in which a server answers before it can spell."""
    real = suggest.vocabulary

    def held(*args: object) -> object:
        started.set()
        assert release.wait(10)
        return real(*args)

    monkeypatch.setattr(suggest, "INLINE_BELOW", 0)
    monkeypatch.setattr(suggest, "vocabulary", held)


def test_an_answer_given_before_the_vocabulary_exists_is_not_kept(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    _slow_vocabulary(monkeypatch, started, release)
    fresh = Archive(archive.root, refresh_interval=0)
    try:
        first = fresh.search(SearchRequest(q="makret"))
        assert started.wait(10) and first.total == 0 and first.suggestion is None
        release.set()
        fresh.prepare()  # waits for the build already running
        again = fresh.search(SearchRequest(q="makret"))
        assert not again.cached and again.suggestion == "market"
    finally:
        release.set()
        fresh.close()


def test_waiting_for_the_vocabulary_waits_for_a_build_already_running(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    _slow_vocabulary(monkeypatch, started, release)
    suggester = suggest.Suggester()
    searcher = archive.searcher()
    assert suggester.index(searcher) is None and started.wait(10)  # the build runs on its thread
    threading.Timer(0.2, release.set).start()
    built = suggester.index(searcher, wait=True)
    assert built is not None and not suggester.pending and built.frequency_of("market") > 0
