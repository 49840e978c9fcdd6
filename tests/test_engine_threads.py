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
