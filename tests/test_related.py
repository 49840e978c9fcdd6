"""Related articles share the subject; copies of the article at other URLs are listed apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.index_writer import IndexSink
from search import Archive
from search import related as related_module
from search.related import key_terms, resemblance, shingles
from search.storage import ensure_index
from tests.conftest import make_article
from web import create_app

OIL = (
    "Crude oil prices rose on Monday after OPEC ministers agreed to cut production quotas, and refiners "
    "in the Gulf said exports would fall. Analysts expect oil output to stay below the ceiling this quarter."
)
TOPICS = {
    "coffee": [
        "Coffee prices climbed as Brazil's harvest fell short and exporters held back coffee beans.",
        "The coffee quota talks in London ended without agreement on coffee export quotas for producers.",
        "Colombia raised its coffee export price; roasters said coffee beans from Brazil were scarce.",
    ],
    "oil": [
        OIL,
        "OPEC oil ministers met in Vienna to discuss crude production; oil prices slipped on the news.",
        "Refiners bought more crude oil as OPEC output fell and oil prices firmed in Gulf trading.",
    ],
    "부동산": [
        "부동산 가격이 급등하면서 아파트 전세 시장이 불안하다. 정부는 부동산 대책을 내놓았다.",
        "서울 아파트 부동산 가격 상승에 대한 대책으로 정부가 대출 규제를 강화했다.",
        "아파트 분양 가격과 부동산 세금 문제로 정부 대책에 대한 청원이 이어졌다.",
    ],
    "어린이집": [
        "어린이집 보육교사 처우 개선과 어린이집 아동 학대 방지 대책이 필요합니다.",
        "어린이집 아동 학대 사건 이후 보육교사 자격 기준을 강화해 달라는 청원입니다.",
        "보육교사 인력이 부족해 어린이집 아동 돌봄이 어렵습니다.",
    ],
}


@pytest.fixture
def topical(tmp_path: Path) -> tuple[Archive, dict[str, str]]:
    """An index of three articles per topic (English and Korean); article id -> topic."""
    articles, topic_of = [], {}
    for topic, bodies in TOPICS.items():
        for number, body in enumerate(bodies):
            article = make_article(len(articles), title=f"{topic} {number}", body=body, tags=(), lang=None)
            articles.append(article)
            topic_of[article.id] = topic
    sink = IndexSink(ensure_index(tmp_path / "index"))
    sink.add_all(articles)
    sink.close()
    archive = Archive(tmp_path / "index", refresh_interval=0)
    yield archive, topic_of
    archive.close()


def test_related_articles_share_the_topic_in_both_languages(topical: tuple[Archive, dict[str, str]]) -> None:
    archive, topic_of = topical
    for article_id, topic in topic_of.items():
        related = archive.related(article_id, limit=2)
        assert [topic_of[hit.id] for hit in related.hits] == [topic, topic], topic
        assert article_id not in {hit.id for hit in related.hits}
        assert related.copies == ()



def test_a_word_in_many_documents_is_not_a_key_term_and_its_postings_are_not_read(
    topical: tuple[Archive, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a large archive a word in more than COMMON_SHARE of the documents costs the longest
    posting reads and tells least: it is left out. Here 12 documents stand for a large archive."""
    archive, topic_of = topical
    monkeypatch.setattr(related_module, "COMMON_FROM", 1)
    monkeypatch.setattr(related_module, "COMMON_SHARE", 0.2)  # 2.4 of 12 documents: "coffee" (3) is common
    coffee = next(article_id for article_id, topic in topic_of.items() if topic == "coffee")
    archive.related(coffee, limit=2)
    searcher = archive.searcher()
    terms = [term for term, _ in key_terms(searcher, searcher.document_number(id=coffee))]
    assert terms and "coffe" not in terms  # the Porter stem of "coffee"
    read = {key[3] for key in archive._scorer.cache._data if key[0] == "postings"}  # noqa: SLF001
    assert read and "coffe" not in read
    monkeypatch.setattr(related_module, "COMMON_FROM", 1000)  # a small archive keeps every word
    assert "coffe" in [term for term, _ in key_terms(searcher, searcher.document_number(id=coffee))]

ORIGINAL = make_article(1, url="https://wire.example/oil", title="Oil rises", body=OIL)
SAME = make_article(2, url="https://paper.example/oil-rises", title="OIL RISES (Reuters)", body=OIL)
NEAR = make_article(3, url="https://blog.example/oil", title="Oil", body=OIL + " Reporting by a staff writer.")
OTHER = make_article(4, title="OPEC", body=TOPICS["oil"][1])
UNRELATED = make_article(5, title="Coffee", body=TOPICS["coffee"][0])


@pytest.fixture
def syndicated(tmp_path: Path) -> Path:
    """An article, an exact and a near copy of it at other URLs, a related and an unrelated one."""
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root))
    sink.add_all([ORIGINAL, SAME, NEAR, OTHER, UNRELATED])
    sink.close()
    return root


def test_copies_at_other_urls_are_listed_apart_from_related(syndicated: Path) -> None:
    archive = Archive(syndicated, refresh_interval=0)
    try:
        related = archive.related(ORIGINAL.id)
        assert {hit.id for hit in related.copies} == {SAME.id, NEAR.id}
        assert [hit.id for hit in related.hits][:1] == [OTHER.id]
        assert not {SAME.id, NEAR.id, ORIGINAL.id} & {hit.id for hit in related.hits}
        assert {hit.id for hit in archive.related(SAME.id).copies} == {ORIGINAL.id, NEAR.id}
    finally:
        archive.close()


def test_copies_reach_the_api_and_the_article_page(syndicated: Path) -> None:
    client = create_app({"INDEX_DIR": str(syndicated), "TESTING": True, "PRELOAD_ANALYZER": False}).test_client()
    body = client.get(f"/api/v1/articles/{ORIGINAL.id}/related").get_json()
    assert {hit["url"] for hit in body["copies"]} == {SAME.url, NEAR.url}
    assert body["hits"][0]["id"] == OTHER.id
    html = client.get(f"/articles/{ORIGINAL.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    copies, related = html.split('id="copies-title"')[1].split('id="related-title"')
    assert "Other copies" in copies and f"/articles/{SAME.id}" in copies and "OIL RISES (Reuters)" in copies
    assert f"/articles/{OTHER.id}" in related and f"/articles/{SAME.id}" not in related


def test_resemblance_tells_copies_from_articles_on_the_same_subject() -> None:
    assert resemblance(shingles(OIL), shingles(OIL.upper())) == 1.0
    assert resemblance(shingles(OIL), shingles(OIL + " Reporting by a staff writer.")) >= 0.7
    assert resemblance(shingles(OIL), shingles(TOPICS["oil"][2])) < 0.1
    assert resemblance(shingles(""), shingles(OIL)) == 0.0
