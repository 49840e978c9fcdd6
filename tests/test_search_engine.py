from datetime import date

import pytest

from search import Archive, ParamError, SearchRequest, request_from_mapping


def ids(result) -> list[str]:  # noqa: ANN001
    return [hit.url.rsplit("/", 1)[1] for hit in result.hits]


def test_korean_morpheme_search_finds_inflected_forms(archive: Archive) -> None:
    result = archive.search(SearchRequest(q="트럼프"))
    assert set(ids(result)) == {"1", "5"}


def test_compound_and_split_spellings_meet(archive: Archive) -> None:
    assert set(ids(archive.search(SearchRequest(q="북미정상회담")))) == {"1", "2"}
    assert set(ids(archive.search(SearchRequest(q="북미 정상 회담")))) == {"1", "2"}


def test_english_words_are_anded_and_stemmed(archive: Archive) -> None:
    assert set(ids(archive.search(SearchRequest(q="coffee price")))) == {"3"}
    assert set(ids(archive.search(SearchRequest(q="coffee OR whoosh")))) == {"3", "4", "6"}


def test_title_matches_rank_above_body_matches(archive: Archive) -> None:
    result = archive.search(SearchRequest(q="coffee", recency=False))
    assert ids(result)[0] in {"3", "6"}


def test_tag_filter_requires_every_selected_tag(archive: Archive) -> None:
    assert set(ids(archive.search(SearchRequest(tags=("python",))))) == {"4", "5"}
    assert set(ids(archive.search(SearchRequest(tags=("python", "SEARCH"))))) == {"4"}


def test_category_parent_matches_children(archive: Archive) -> None:
    assert set(ids(archive.search(SearchRequest(category="Tech")))) == {"4", "5"}
    assert set(ids(archive.search(SearchRequest(category="Tech/Search")))) == {"4"}


def test_date_range_is_inclusive_in_display_zone(archive: Archive) -> None:
    # Post 3 is 2024-12-31 23:30 in Seoul (14:30 UTC): it belongs to the 31st.
    result = archive.search(SearchRequest(date_from=date(2024, 12, 31), date_to=date(2024, 12, 31)))
    assert ids(result) == ["3"]


def test_sort_newest_and_oldest(archive: Archive) -> None:
    newest = ids(archive.search(SearchRequest(sort="newest")))
    assert newest[0] == "6" and newest[-1] == "2"
    assert ids(archive.search(SearchRequest(sort="oldest")))[0] == "2"


def test_paging_slices_the_ranked_list(archive: Archive) -> None:
    first = archive.search(SearchRequest(sort="newest", per_page=4))
    second = archive.search(SearchRequest(sort="newest", per_page=4, page=2))
    assert first.total == second.total == 6
    assert len(first.hits) == 4 and len(second.hits) == 2
    assert not set(ids(first)) & set(ids(second))


def test_tag_facet_counts_are_the_totals_with_the_tag_added(archive: Archive) -> None:
    result = archive.search(SearchRequest(tags=("coffee",)))
    for value in result.facets["tags"].values:
        tags = ("coffee",) if value.value == "coffee" else ("coffee", value.value)
        assert value.count == archive.search(SearchRequest(tags=tags)).total, value
    assert result.facets["tags"].values[0].value == "coffee" and result.facets["tags"].values[0].selected
    cats = {v.value: v.count for v in result.facets["category"].values}
    assert cats == {"경제": 1, "경제/시장": 1, "Travel": 1, "Travel/Korea": 1}


def test_year_facet_counts_match_brute_force(archive: Archive) -> None:
    result = archive.search(SearchRequest())
    years = {v.value: v.count for v in result.facets["year"].values}
    assert years == {"2024": 2, "2025": 3, "2026": 1}


def test_snippets_mark_whole_words_and_escape_everything(archive: Archive) -> None:
    result = archive.search(SearchRequest(q="트럼프"))
    by_id = {hit.url.rsplit("/", 1)[1]: hit for hit in result.hits}
    assert "<mark>트럼프</mark>는" in by_id["1"].snippet_html
    assert "<mark>트럼프</mark>의" in by_id["1"].title_html
    hostile = by_id["5"]
    assert "<script>" not in hostile.title_html and "&lt;script&gt;" in hostile.title_html
    assert "<img" not in hostile.snippet_html and "&lt;img" in hostile.snippet_html


def test_zero_hits_offer_a_suggestion(archive: Archive) -> None:
    result = archive.search(SearchRequest(q="cofee"))
    assert result.total == 0
    assert result.suggestion == "coffee"


@pytest.mark.parametrize("q", ['"unbalanced', "AND", "((", "*", "-", "x" * 2000, "OR OR NOT", "title:"])
def test_malformed_queries_are_answered_not_raised(archive: Archive, q: str) -> None:
    result = archive.search(SearchRequest(q=q))
    assert result.total >= 0


def test_bad_parameters_name_the_parameter() -> None:
    with pytest.raises(ParamError) as err:
        request_from_mapping({"per_page": "1000"})
    assert err.value.param == "per_page"
    with pytest.raises(ParamError) as err:
        request_from_mapping({"from": "yesterday"})
    assert err.value.param == "from"


def test_new_commits_are_seen_without_reopening(archive: Archive, index_root) -> None:  # noqa: ANN001
    from indexer.index_writer import IndexSink
    from search.storage import ensure_index
    from tests.conftest import make_article

    assert archive.search(SearchRequest()).total == 6
    sink = IndexSink(ensure_index(index_root))
    sink.add(make_article(99, title="fresh article"))
    sink.close()
    assert archive.search(SearchRequest(q="fresh")).total == 1


def test_related_articles_share_key_terms(archive: Archive) -> None:
    from tests.conftest import CORPUS

    related = archive.related(CORPUS[0].id).hits
    assert related and related[0].title == "북미 정상 회담 이후"
    assert CORPUS[0].id not in {hit.id for hit in related}


def test_facet_values_filter_by_prefix_case_insensitively(archive: Archive) -> None:
    facet = archive.facet_values("tags", "CO")
    assert [(v.value, v.count) for v in facet.values] == [("coffee", 2)]


def test_completions_come_from_tags_then_titles(archive: Archive) -> None:
    assert archive.complete("coff") == [("coffee", "tag"), ("Coffee and tea", "title"), ("Coffee prices rise", "title")]
    assert archive.complete("  ") == []
