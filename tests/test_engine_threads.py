from concurrent.futures import ThreadPoolExecutor
from datetime import date

from search import Archive, SearchRequest


def test_concurrent_searches_from_threads_all_succeed(archive: Archive) -> None:
    distinct = ["트럼프", "coffee", "python", "북미 정상 회담", ""]
    expected = [archive.search(SearchRequest(q=q)).total for q in distinct]
    with ThreadPoolExecutor(max_workers=8) as pool:
        totals = list(pool.map(lambda q: archive.search(SearchRequest(q=q)).total, distinct * 20))
    assert expected == [2, 2, 1, 2, 6]
    assert totals == expected * 20


def test_last_representable_day_as_upper_bound_is_answered(archive: Archive) -> None:
    assert archive.search(SearchRequest(date_from=date(2024, 1, 1), date_to=date.max)).total == 6


def test_empty_index_answers_searches_with_zero_hits(tmp_path) -> None:  # noqa: ANN001
    from search.storage import ensure_index

    ensure_index(tmp_path / "empty")
    archive = Archive(tmp_path / "empty")
    result = archive.search(SearchRequest(q="anything"))
    assert result.total == 0 and result.hits == ()
    assert archive.search(SearchRequest()).total == 0


def test_searcher_sees_each_document_once_after_merging_commits(tmp_path) -> None:  # noqa: ANN001
    from indexer.index_writer import IndexSink
    from search.storage import ensure_index
    from tests.conftest import make_article

    root = tmp_path / "index"
    archive = Archive(root, refresh_interval=0)
    for batch in range(12):  # enough small commits for Whoosh to merge segments
        sink = IndexSink(ensure_index(root), batch_size=5)
        sink.add_all(make_article(batch * 5 + n) for n in range(5))
        sink.close()
        assert archive.search(SearchRequest()).total == (batch + 1) * 5
