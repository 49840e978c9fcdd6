"""Property: any text, any filter values, any page number is answered (a result or a ParamError),
never an exception, and quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.index_writer import IndexSink
from search import Archive, ParamError, SearchResult, request_from_mapping
from search.storage import ensure_index
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root: Path = tmp_path_factory.mktemp("props") / "index"
    sink = IndexSink(ensure_index(root))
    sink.add_all(CORPUS)
    sink.close()
    arch = Archive(root, refresh_interval=0)
    arch.search(request_from_mapping({"q": "트럼프"}))  # load Kiwi outside the timed examples
    yield arch
    arch.close()


QUERY_ALPHABET = st.sampled_from('"()*-+:?~^ ORNOTAND트럼프북미coffe정상회담 tag:title:')
text = st.one_of(st.text(max_size=300), st.text(QUERY_ALPHABET, max_size=80))
maybe = st.one_of(st.none(), text)
dates = st.one_of(st.none(), st.dates().map(str), st.text(max_size=12))
params = st.fixed_dictionaries(
    {},
    optional={
        "q": text,
        "tag": st.lists(text, max_size=3),
        "category": maybe,
        "author": maybe,
        "site": maybe,
        "lang": maybe,
        "from": dates,
        "to": dates,
        "sort": st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), st.text(max_size=8)),
        "page": st.one_of(st.integers(-5, 20_000).map(str), st.text(max_size=6)),
        "per_page": st.one_of(st.integers(-1, 200).map(str), st.text(max_size=4)),
        "facets": st.one_of(st.sampled_from(["", "tags:3,year", "category,month:2"]), st.text(max_size=10)),
        "highlight": st.sampled_from(["true", "false", "maybe"]),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params)
def test_any_request_is_answered(archive: Archive, params: dict[str, object]) -> None:
    started = time.perf_counter()
    try:
        request = request_from_mapping({k: v for k, v in params.items() if v is not None})
    except ParamError as err:
        assert err.param and err.detail
        return
    result = archive.search(request)
    assert isinstance(result, SearchResult)
    assert result.total >= len(result.hits)
    assert time.perf_counter() - started < 1.0


def test_a_prefix_query_filtered_to_nothing_returns_no_hits(archive: Archive) -> None:
    """Found by the property above: the Whoosh path took an empty filter set for no filter."""
    result = archive.search(request_from_mapping({"q": "1*", "to": "0001-10-01"}))
    assert result.total == 0 and result.hits == ()
