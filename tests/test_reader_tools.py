"""Reader tools on the search and article pages, through the app: export links that return the
page's total, the language facet, date shortcuts and the year range, "more like this" on every
hit, and the article's permalink and citation."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from indexer.index_writer import IndexSink
from search.article import article_id
from search.storage import ensure_index
from tests.conftest import CORPUS, KST, make_article
from web import create_app


@pytest.fixture
def client(index_root: Path) -> FlaskClient:
    return create_app({"INDEX_DIR": str(index_root), "TESTING": True, "PRELOAD_ANALYZER": False}).test_client()


def soup(client: FlaskClient, path: str, lang: str = "en") -> BeautifulSoup:
    resp = client.get(path, headers={"Accept-Language": lang})
    assert resp.status_code == 200
    return BeautifulSoup(resp.get_data(as_text=True), "html.parser")


def total(page: BeautifulSoup) -> int:
    return int(page.select_one("#results-title").get_text().split()[0].replace(",", ""))


@pytest.mark.parametrize("path", ["/search?q=coffee", "/search?tag=python&sort=newest&per_page=1&page=2",
                                  "/search?q=%ED%8A%B8%EB%9F%BC%ED%94%84&lang=ko", "/search"])
def test_export_links_return_the_pages_total(client: FlaskClient, path: str) -> None:
    page = soup(client, path)
    links = {a.get_text(): a["href"] for a in page.select(".export a[download]")}
    assert set(links) == {"CSV", "JSON Lines"}
    assert page.select_one(".export a:not([download])")["href"].startswith("/trends")
    lines = client.get(links["JSON Lines"], headers={"Accept-Encoding": "identity"})
    assert lines.status_code == 200 and int(lines.headers["X-Total-Count"]) == total(page)
    assert len(lines.get_data(as_text=True).splitlines()) == total(page)
    rows = client.get(links["CSV"], headers={"Accept-Encoding": "identity"}).get_data(as_text=True).splitlines()
    assert len(rows) == total(page) + 1  # the header row
    if "sort=newest" in path:
        stamps = [json.loads(line)["published"] for line in lines.get_data(as_text=True).splitlines()]
        assert stamps == sorted(stamps, reverse=True)


def test_language_facet_names_languages_and_counts_what_a_click_gives(client: FlaskClient) -> None:
    page = soup(client, "/search", lang="ko")
    section = page.select_one("section[aria-labelledby=h-lang]")
    assert section.h2.get_text() == "언어"
    entries = {a.get_text(): (a["href"], int(a.find_next("span").get_text())) for a in section.select("a")}
    assert set(entries) == {"한국어", "영어"}
    for href, count in entries.values():
        assert total(soup(client, "/search" + href)) == count
    english = soup(client, "/search?lang=en").select_one("section[aria-labelledby=h-lang] a.selected")
    assert english.get_text() == "English" and english["aria-current"] == "true"


def test_date_shortcuts_cover_the_past_week_month_and_year(client: FlaskClient) -> None:
    today = datetime.now(ZoneInfo("Asia/Seoul")).date()
    page = soup(client, "/search?q=coffee&from=2020-01-01&to=2020-12-31")
    links = page.select(".date-presets a")
    assert [a.get_text() for a in links] == ["Past week", "Past month", "Past year"]
    starts = [today - timedelta(days=n) for n in (6, 29, 364)]
    assert [a["href"] for a in links] == [f"?q=coffee&from={d.isoformat()}" for d in starts]
    chosen = soup(client, "/search?q=coffee" + links[2]["href"][len("?q=coffee"):])
    assert chosen.select_one(".date-presets a.selected").get_text() == "Past year"


def test_year_range_is_offered_when_the_results_span_years(tmp_path: Path) -> None:
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root))
    sink.add_all([*CORPUS, make_article(90, title="Old coffee", body="coffee in 1987",
                                        published=datetime(1987, 3, 2, tzinfo=KST))])
    sink.close()
    client = create_app({"INDEX_DIR": str(root), "TESTING": True, "PRELOAD_ANALYZER": False}).test_client()
    form = soup(client, "/search?q=coffee").select_one("form.year-form")
    starts = [o["value"] for o in form.select("select[name=from] option")]
    ends = [o["value"] for o in form.select("select[name=to] option")]
    assert starts[0] == "1987-01-01" and starts[-1] == "2026-01-01" and len(starts) == 2026 - 1987 + 1
    assert ends[0] == "1987-12-31" and form.select_one("select[name=to] option[selected]")["value"] == "2026-12-31"
    assert form.select_one("input[type=hidden][name=q]")["value"] == "coffee"
    one_year = soup(client, "/search?q=coffee&from=1987-01-01&to=1987-12-31")
    assert total(one_year) == 1
    assert soup(client, "/search?q=coffee&from=2024-01-01").select_one("form.year-form") is None  # months


def test_every_hit_links_to_more_like_it(client: FlaskClient) -> None:
    page = soup(client, "/search?q=coffee")
    hits = page.select("li.hit")
    likes = [hit.select_one("a.like")["href"] for hit in hits]
    assert len(likes) == len(hits) == 2
    for href, hit in zip(likes, hits, strict=True):
        assert href == hit.h2.a["href"] + "#related-title"
    article = soup(client, likes[0].split("#")[0])
    assert article.select_one("#related-title") is not None and article.select(".related li")


def test_more_like_this_leads_to_a_section_that_says_when_nothing_is_alike(tmp_path: Path) -> None:
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root))
    sink.add_all([make_article(1, title="Lonely lighthouse", body="a lighthouse keeper alone"),
                  make_article(2, title="Quarterly tax forms", body="deadlines for filing taxes")])
    sink.close()
    client = create_app({"INDEX_DIR": str(root), "TESTING": True, "PRELOAD_ANALYZER": False}).test_client()
    href = soup(client, "/search?q=lighthouse").select_one("li.hit a.like")["href"]
    article = soup(client, href.split("#")[0])
    section = article.select_one("aside.related:has(#related-title)")
    assert section is not None and not section.select("li")
    assert "No other article" in section.get_text()
    korean = soup(client, href.split("#")[0], lang="ko").select_one("aside.related:has(#related-title)")
    assert "비슷한 다른 글이 없습니다" in korean.get_text()


def test_article_offers_its_permalink_and_a_citation(client: FlaskClient) -> None:
    article = CORPUS[2]
    page = soup(client, f"/articles/{article_id(article.url)}?q=coffee")
    permalink = f"http://localhost/articles/{article_id(article.url)}"
    assert page.select_one(".copy-tools a[rel=bookmark]")["href"] == permalink
    citation = page.select_one("#citation").get_text(" ", strip=True)
    assert citation.startswith("tester. “Coffee prices rise.” blog.example, Dec 31, 2024.")
    assert article.url in citation and permalink in citation
    buttons = page.select("button.copy")
    assert len(buttons) == 2 and all(b.has_attr("hidden") for b in buttons)  # shown by app.js only
    assert date(2024, 12, 31).isoformat() in page.select_one(".meta time")["datetime"]
