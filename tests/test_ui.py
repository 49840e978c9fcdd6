"""The search UI through Flask's test client: pages, filters, feeds, languages, headers, escaping.

Uses the small shared corpus from conftest (it has a hostile title and body); the browser tests
in tests/browser/ cover what needs a real browser.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from indexer.index_writer import IndexSink
from search import Facet, FacetValue, Hit, SearchRequest, SearchResult
from search.runs import append_run
from search.storage import ensure_index
from tests.conftest import CORPUS
from web import create_app, frame, i18n, search_context, urls, view
from web.highlight import mark, query_words
from web.i18n import safe_next
from web.timeline_view import PLOT_HEIGHT

TRANSLATIONS = Path(__file__).resolve().parents[1] / "web" / "translations"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conftest corpus, indexed once for the module: these tests only read it."""
    root = tmp_path_factory.mktemp("ui") / "index"
    sink = IndexSink(ensure_index(root))
    sink.add_all(CORPUS)
    sink.close()
    return root


@pytest.fixture
def app(index_root: Path) -> Flask:
    return create_app({"INDEX_DIR": str(index_root), "TESTING": True, "PRELOAD_ANALYZER": False})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page(client: FlaskClient, url: str, lang: str = "en") -> str:
    resp = client.get(url, headers={"Accept-Language": lang})
    assert resp.status_code == 200, resp.status_code
    return resp.get_data(as_text=True)


def test_search_page_has_results_facets_sort_and_feed(client: FlaskClient) -> None:
    html = page(client, "/search?q=coffee")
    assert "2 results for “coffee”" in html
    assert html.count('class="hit"') == 2
    assert '<input type="checkbox" name="tag" value="coffee">' in html
    assert 'href="?q=coffee&amp;sort=newest"' in html
    assert 'type="application/atom+xml"' in html and "/feed.atom?q=coffee&amp;sort=newest" in html
    assert 'id="chart-results"' in html and "Travel" in html  # the results per period; category tree root
    assert html.index('id="chart-results"') < html.index('<li class="hit"')  # the chart is above the results


def test_active_filters_show_as_chips_and_forms_keep_them(client: FlaskClient) -> None:
    html = page(client, "/search?q=coffee&tag=coffee&site=travel.example&from=2026-01-01")
    chips = re.findall(r'<a class="chip" href="\?([^"]*)"', html)
    assert len(chips) == 3
    remaining = [parse_qs(c.replace("&amp;", "&")) for c in chips]
    assert {"q": ["coffee"], "site": ["travel.example"], "from": ["2026-01-01"]} in remaining
    assert '<input type="hidden" name="site" value="travel.example">' in html


def test_zero_results_offer_spelling_and_dropping_each_filter(client: FlaskClient) -> None:
    html = page(client, "/search?q=whosh&verbatim=1")  # the query as typed, not its correction
    soup = BeautifulSoup(html, "html.parser")
    assert "No articles match" in html and soup.select_one(".suggestion a").string == "whoosh"
    assert soup.select_one(".suggestion .count").string == "1"
    html = page(client, "/search?q=coffee&tag=python")
    assert re.search(r'<li><a href="\?q=coffee">without Tag: python</a> <span class="count">2</span></li>', html)


def test_zero_result_help_offers_only_removals_that_find_something_with_counts(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/search?q=coffee&tag=python&site=travel.example"), "html.parser")
    drops = [(li.a.string, li.a["href"], li.select_one(".count").string) for li in soup.select(".empty ul.drops li")]
    # without the site, "coffee" with tag python still finds nothing: not offered
    assert drops == [("without Tag: python", "?q=coffee&site=travel.example", "1")]


def test_multi_word_zero_hits_offer_fewer_words_with_counts(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/search?q=coffee+qqxqzq+tea"), "html.parser")
    assert soup.select_one(".empty") and not soup.select("li.hit")
    offered = {li.a.string: (li.a["href"], li.select_one(".count").string) for li in soup.select("ul.fewer-words li")}
    assert offered == {"without “qqxqzq”": ("?q=coffee+tea", "1")}


def test_a_query_finding_nothing_shows_its_corrections_results(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/search?q=whosh&tag=python"), "html.parser")
    note = soup.select_one(".corrected")
    assert note.strong.string == "whoosh" and note.a.string == "whosh"
    assert note.a["href"] == "?q=whosh&tag=python&verbatim=1"
    assert [h.a.get_text() for h in soup.select("li.hit h2")] == ["Search engines in Python"]
    assert soup.select_one("#results-title").get_text().startswith("1 result for “whoosh”")
    assert soup.find("input", id="q")["value"] == "whoosh"
    as_typed = BeautifulSoup(page(client, note.a["href"].replace("?", "/search?")), "html.parser")
    assert as_typed.select_one(".empty") and not as_typed.select_one(".corrected")


def test_back_to_results_returns_to_the_whole_search_state(client: FlaskClient) -> None:
    state = "q=coffee&tag=coffee&sort=newest&per_page=1&page=2"
    soup = BeautifulSoup(page(client, "/search?" + state), "html.parser")
    article = soup.select_one("li.hit h2 a")["href"]
    assert article.endswith("?" + state)
    back = BeautifulSoup(page(client, article), "html.parser").select_one("p.back a")
    assert back["href"] == "/search?" + state and back.string == "← Back to results for “coffee”"
    browsing = BeautifulSoup(page(client, "/search?tag=coffee&page=2&per_page=1"), "html.parser")
    back = BeautifulSoup(page(client, browsing.select_one("li.hit h2 a")["href"]), "html.parser").select_one("p.back a")
    assert back["href"] == "/search?tag=coffee&per_page=1&page=2" and back.string == "← Back to results"


def test_pager_shows_gaps_between_distant_pages(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/search?per_page=1"), "html.parser")
    assert [li.get_text() for li in soup.select("nav.pager li")] == ["1", "2", "3", "…", "6"]
    soup = BeautifulSoup(page(client, "/search?per_page=1&page=4"), "html.parser")
    assert [li.get_text() for li in soup.select("nav.pager li")] == ["1", "2", "3", "4", "5", "6"]
    assert view.page_window(50, 155) == [1, None, 48, 49, 50, 51, 52, None, 155]


def test_a_page_past_the_last_says_so_and_links_to_the_last(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/search?q=coffee&page=99"), "html.parser")
    assert soup.select_one("#results-title").get_text(strip=True) == "Page 99 is past the last page"
    last = soup.select_one(".past-last a")
    assert last["href"] == "?q=coffee" and last.string == "Go to the last page (1)"
    assert "2 results" in soup.select_one(".past-last").get_text() and not soup.select("li.hit")
    assert not soup.select_one(".empty")  # the search has results: no "nothing found" help


def test_the_bad_request_page_is_in_the_readers_language_and_keeps_the_query(client: FlaskClient) -> None:
    resp = client.get("/search?q=커피&page=abc", headers={"Accept-Language": "ko"})
    assert resp.status_code == 400
    soup = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
    assert soup.find("input", id="q")["value"] == "커피"
    text = soup.main.get_text(" ", strip=True)
    assert re.findall("[A-Za-z]+", text) == ["page"], text  # only the parameter's name is not Korean
    assert soup.title.string.startswith("잘못된 요청")


def test_the_sort_label_follows_the_sort_an_empty_query_gets(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/search"), "html.parser")
    assert soup.select_one("nav.sort a[aria-current]").string == "Newest"
    dates = [t["datetime"] for t in soup.select("li.hit time")]
    assert dates == sorted(dates, reverse=True)
    soup = BeautifulSoup(page(client, "/search?q=coffee"), "html.parser")
    assert soup.select_one("nav.sort a[aria-current]").string == "Relevance"


def test_a_cached_result_says_so_instead_of_zero_milliseconds(client: FlaskClient) -> None:
    page(client, "/search?q=python")
    soup = BeautifulSoup(page(client, "/search?q=python"), "html.parser")
    assert soup.select_one(".took").string == "(cached)"


def test_hostile_text_is_escaped_everywhere(client: FlaskClient) -> None:
    html = page(client, "/search?q=hostile")
    article = re.search(r'href="(/articles/[0-9a-f]+)\?q=hostile"', html).group(1)
    for text in (html, page(client, article + "?q=hostile"), page(client, "/feed.atom?q=hostile")):
        assert "<script>alert(1)</script>" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 제목" in page(client, article)


def test_every_page_forbids_inline_scripts(client: FlaskClient) -> None:
    for url in ("/", "/search?q=coffee", "/tags", "/search?q=zzzz", "/articles/none"):
        resp = client.get(url)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        soup = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
        assert all(script.get("src", "").startswith("/static/") for script in soup.find_all("script")), url
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on") or a == "style"], (url, tag.name)
        for tag in soup.find_all(["link", "script", "img"]):
            assert not (tag.get("src") or tag.get("href") or "").startswith(("http", "//")), url  # no CDN


def test_static_assets_are_versioned_and_cached(client: FlaskClient) -> None:
    html = page(client, "/")
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        resp = client.get(asset)
        assert resp.status_code == 200 and "?v=" in asset
        assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/static/style.css").headers["Cache-Control"] == "public, max-age=300"


def test_article_page_marks_query_words_and_links_out(client: FlaskClient) -> None:
    html = page(client, "/search?q=whoosh")
    url = re.search(r'href="(/articles/[0-9a-f]+\?q=whoosh)"', html).group(1)
    html = page(client, url)
    assert "<mark>Whoosh</mark> is a search library" in html
    assert 'href="https://blog.example/4"' in html and "web.archive.org/web/2/https://blog.example/4" in html
    assert 'href="/tags/python"' in html and 'href="/search?author=tester"' in html


def test_dates_are_shown_in_the_archive_zone_in_the_reader_format(client: FlaskClient) -> None:
    html = page(client, "/search?q=prices", "en")
    assert "Dec 31, 2024" in html  # 23:30 in Seoul is still the 31st (14:30 UTC)
    assert "2024. 12. 31." in page(client, "/search?q=prices", "ko")


def test_korean_interface_from_accept_language_and_a_sticky_switch(client: FlaskClient) -> None:
    assert "“coffee” 검색 결과 2개" in page(client, "/search?q=coffee", "ko-KR,ko;q=0.9")
    assert "2 results" in page(client, "/search?q=coffee", "fr")  # neither: English
    resp = client.get("/lang/ko?next=/search%3Fq%3Dcoffee")
    assert resp.status_code == 303 and resp.headers["Location"] == "/search?q=coffee"
    assert '<html lang="ko">' in page(client, "/tags", "en")  # the cookie beats Accept-Language
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"


def test_the_kept_header_and_footer_follow_the_language(client: FlaskClient) -> None:
    """web.once keeps the header's and footer's markup per language: one app serves both."""
    for _round in range(2):
        english, korean = page(client, "/search?q=coffee", "en"), page(client, "/search?q=coffee", "ko")
        assert "Skip to content" in english and "Search syntax" in english and "documents in the archive" in english
        assert "본문으로 건너뛰기" in korean and "검색 문법" in korean and "Skip to content" not in korean
        assert "documents in the archive" not in korean


def test_safe_next_refuses_other_sites() -> None:
    assert safe_next("/search?q=x") == "/search?q=x"
    for bad in ("https://evil.example/", "//evil.example", "/\\evil.example", None, "search"):
        assert safe_next(bad) == "/"


def test_tags_page_lists_counts_and_filters(client: FlaskClient) -> None:
    html = page(client, "/tags")
    assert re.search(r'href="/tags/python">python</a> <span class="count">2</span>', html)
    html = page(client, "/tags?filter=OFF")
    assert "/tags/coffee" in html and "/tags/python" not in html
    resp = client.get("/tags/Seoul")
    assert resp.status_code == 302 and resp.headers["Location"] == "/search?tag=Seoul"


def test_facet_page_lists_the_values_of_the_search_and_links_each_back(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/facets/tags?q=coffee&site=travel.example"), "html.parser")
    links = {a.string: a["href"] for a in soup.select(".facet-list a")}
    assert links and all(href.startswith("/search?") for href in links.values())
    assert [parse_qs(href.split("?", 1)[1]) for href in links.values()] == [
        {"q": ["coffee"], "site": ["travel.example"], "tag": [name]} for name in links]
    for name, href in links.items():  # each count is the total its link gives
        count = soup.find("a", string=name).find_next_sibling("span").string
        assert f">{count} result" in page(client, href)
    hidden = {(i["name"], i["value"]) for i in soup.select("form input[type=hidden]")}
    assert hidden == {("q", "coffee"), ("site", "travel.example")}
    narrowed = BeautifulSoup(page(client, "/facets/tags?q=coffee&filter=OFF"), "html.parser")
    assert [a.string for a in narrowed.select(".facet-list a")] == ["coffee"]
    authors = BeautifulSoup(page(client, "/facets/author"), "html.parser").select(".facet-list a")
    assert authors and all("author=" in a["href"] for a in authors)
    assert client.get("/facets/month").status_code == 404
    assert client.get("/facets/tags?from=nonsense").status_code == 400


def test_atom_feed_is_the_same_search_newest_first(client: FlaskClient) -> None:
    resp = client.get("/feed.atom?q=coffee&sort=oldest")
    assert resp.mimetype == "application/atom+xml"
    feed = ET.fromstring(resp.data)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Coffee and tea", "Coffee prices rise"]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feed.atom?q=coffee&sort=newest")
    assert client.get("/feed.atom?from=nope").status_code == 400


def test_footer_shows_documents_and_the_last_update(client: FlaskClient, tmp_path: Path, index_root: Path) -> None:
    assert "6 documents in the archive" in page(client, "/")
    root = tmp_path / "copy"
    shutil.copytree(index_root, root)
    append_run(root, {"finished": "2026-02-03T04:05:00+00:00"})
    client = create_app({"INDEX_DIR": str(root), "PRELOAD_ANALYZER": False}).test_client()
    footer = page(client, "/tags").replace("\u202f", " ")
    assert "last updated Feb 3, 2026 1:05 PM" in footer  # shown in Seoul time


def test_missing_index_still_renders_the_error_page(tmp_path: Path) -> None:
    client = create_app({"INDEX_DIR": str(tmp_path / "none"), "PRELOAD_ANALYZER": False}).test_client()
    resp = client.get("/search?q=x")
    assert resp.status_code == 503 and "Index unavailable" in resp.get_data(as_text=True)


def render_results(app: Flask, req: SearchRequest, facets: dict[str, Facet], hits: tuple[Hit, ...] = (),
                   total: int | None = None, when: object = str, lang: str = "en") -> BeautifulSoup:
    """The search page's templates over a made-up result, in English unless ``lang`` says otherwise."""
    result = SearchResult(req, len(hits) if total is None else total, hits, facets, 1.0)
    with app.test_request_context("/search", headers={"Accept-Language": lang}):
        html = frame.render("search.html", "newsarchive", q=req.q or "",
                            **search_context.context(req, result, lambda article_id: "/articles/" + article_id, when))
    assert "<script>" not in html
    return BeautifulSoup(html, "html.parser")


def test_category_tree_nests_the_core_tree_order_by_depth(app: Flask) -> None:
    facet = Facet("category", (FacetValue("Tech", 3, depth=0), FacetValue("Tech/Python", 2, True, "Tech", 1),
                               FacetValue("Tech/Python/Web", 1, False, "Tech/Python", 2),
                               FacetValue("Tech/Rust", 1, False, "Tech", 1), FacetValue("Solo", 1, depth=0)))
    tree = render_results(app, SearchRequest(category="Tech/Python"), {"category": facet}).select_one("ul.tree")
    roots = tree.find_all("li", recursive=False)
    assert [li.a.string for li in roots] == ["Tech", "Solo"]
    assert [li.a.string for li in roots[0].ul.find_all("li", recursive=False)] == ["Python", "Rust"]
    python = roots[0].ul.li
    assert python.a["aria-current"] == "true" and python.a["href"] == "?"  # choosing it again clears it
    assert [li.a.string for li in python.ul.find_all("li")] == ["Web"]
    assert python.ul.li.a["href"] == "?category=Tech%2FPython%2FWeb"


def test_histogram_uses_months_then_years_and_zooms_with_a_date_filter(app: Flask) -> None:
    months = Facet("month", (FacetValue("2024-01", 2), FacetValue("2024-03", 1)))
    req = SearchRequest(q="x", date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))
    hist = view.histogram(months, req)
    assert [(b.label, b.count, b.selected) for b in hist.bars] == [
        ("2024-01", 2, False), ("2024-02", 0, False), ("2024-03", 1, True)]
    figure = render_results(app, req, {"month": months}, total=3).select_one("figure#chart-results")
    assert figure.figcaption.string == "Results per month, 2024-01 – 2024-03"
    assert "has-selection" in figure.select_one("svg.plot")["class"]
    bars = figure.select("svg.plot a")  # the empty month has no link
    assert [a.title.string for a in bars] == ["2024-01: 2", "2024-03: 1"]
    assert bars[1]["href"] == "?q=x&from=2024-03-01&to=2024-03-31" and "selected" in bars[1]["class"]
    assert all(a["tabindex"] == "-1" for a in bars)  # the table below holds the same links for the keyboard
    heights = [float(a.select("rect")[1]["height"]) for a in bars]
    assert heights == [PLOT_HEIGHT, PLOT_HEIGHT / 2]
    rows = figure.select(".visually-hidden table tbody tr")  # for screen readers: no Tab stops
    assert [r.th.get_text() for r in rows] == ["2024-01", "2024-02", "2024-03"]
    assert [r.td.get_text() for r in rows] == ["2", "0", "1"] and not figure.select("table a")
    assert [t.string for t in figure.select(".y-axis text")] == ["0", "1", "2"]
    wide = Facet("month", (FacetValue("1987-03", 5), FacetValue("2019-12", 7)))
    by_year = view.histogram(wide, SearchRequest())
    assert by_year.unit == "year" and [b.count for b in by_year.bars if b.count] == [5, 7]
    from_core = view.histogram(wide, SearchRequest(), Facet("year", (FacetValue("1987", 6), FacetValue("2019", 9))))
    assert [b.count for b in from_core.bars if b.count] == [6, 9] and len(from_core.bars) == 2019 - 1987 + 1
    zoomed = view.histogram(wide, SearchRequest(date_from=date(2019, 12, 1)))
    assert zoomed.unit == "month" and zoomed.bars[-1].label == "2019-12"


def test_hits_say_their_language_link_their_metadata_and_group_digits(app: Flask) -> None:
    hit = Hit(id="a1", url="https://x.example/1", title="제목", title_html="", snippet_html="", published=None,
              author="kim", category="정치", tags=("coffee", "tea"), site="x.example", lang="ko", score=1.0)
    req = SearchRequest(tags=("coffee",))
    facets = {"author": Facet("author", (FacetValue("kim", 12_345),))}
    soup = render_results(app, req, facets, (hit,), total=27_483)
    assert soup.select_one("li.hit h2")["lang"] == "ko" and "lang" not in soup.select_one("li.hit").attrs
    assert soup.select_one("li.hit a.author")["href"] == "?tag=coffee&author=kim"
    assert soup.select_one("li.hit a.site")["href"] == "?tag=coffee&site=x.example"
    tags = {a.string: a["href"] for a in soup.select("li.hit a.tag")}
    assert tags == {"#coffee": "?tag=coffee", "#tea": "?tag=coffee&tag=tea"}  # never removes a selected tag
    assert soup.select_one("#results-title").get_text().startswith("27,483 articles")
    assert soup.select_one("aside .facet .count").string == "12,345"


HOSTILE = '"><script>alert(1)</script>&\''


def test_search_page_content_escapes_hostile_facet_values_and_hits(app: Flask) -> None:
    """The search page's templates escape every scraped value."""
    req = SearchRequest(q=HOSTILE, tags=(HOSTILE,), site=HOSTILE, category=HOSTILE + "/" + HOSTILE)
    hit = Hit(id="a/b'\"", url='https://x.example/"><script>', title=HOSTILE, title_html="", snippet_html="",
              published=datetime(2024, 1, 15, tzinfo=UTC), author=HOSTILE, category=HOSTILE,
              tags=(HOSTILE,), site=HOSTILE, lang="en", score=1.0)
    facets = {
        "tags": Facet("tags", (FacetValue(HOSTILE, 1, True),)),
        "site": Facet("site", (FacetValue(HOSTILE, 1),)),
        "category": Facet("category", (FacetValue(HOSTILE, 2),
                                       FacetValue(HOSTILE + "/" + HOSTILE, 1, True, HOSTILE, 1))),
    }
    soup = render_results(app, req, facets, (hit,), when=lambda _: HOSTILE)
    # every value reads back whole: nothing broke out of its attribute
    assert {i["value"] for i in soup.find_all("input") if i.get("name") in ("q", "tag", "site")} == {HOSTILE}
    assert soup.find("a", class_="site").string == soup.find("a", class_="author").string == HOSTILE
    assert soup.find("a", class_="tag").string == "#" + HOSTILE and soup.find("time").string == HOSTILE
    tag, category, site = "&tag=" + urls.quote(HOSTILE), "&category=" + urls.quote(req.category), "&site=" + urls.quote(
        HOSTILE)  # the hit's tag is selected: its link keeps the search as it is
    assert soup.find("a", class_="tag")["href"] == "?q=" + urls.quote(HOSTILE) + tag + category + site
    assert soup.find("a", class_="original")["href"] == hit.url and soup.select_one("li.hit h2 a").string == HOSTILE
    leaf = HOSTILE.rsplit("/", 1)[-1]  # a category shows its last path segment
    assert [a.string for a in soup.select("ul.tree a")] == [leaf, leaf]
    assert [c.get_text() for c in soup.select("a.chip")] == [
        f"Tag: {HOSTILE} ✕", f"Category: {HOSTILE}/{HOSTILE} ✕", f"Site: {HOSTILE} ✕"]


def test_links_need_no_escaping_beyond_the_ampersand() -> None:
    """Every value in the links of urls.Links is quote_plus-encoded: nothing in them but "&" is
    special in HTML, and autoescaping writes that as "&amp;"."""
    req = SearchRequest(q=HOSTILE, tags=(HOSTILE, "x"), category=HOSTILE, author=HOSTILE, site=HOSTILE, lang="en",
                        date_from=date(2024, 1, 1), sort="newest", per_page=20, page=2)
    links = urls.Links(req)
    made = [links.base, links.page(3), links.sort("oldest"), links.toggle_tag(HOSTILE), links.toggle_tag("<b>"),
            links.facet_hrefs("site")(HOSTILE + "2", False)[1:], links.facet_hrefs("category")(HOSTILE, True)[1:],
            links.dated_base()]
    assert all(re.fullmatch(r"[A-Za-z0-9_.~%+=&-]*", q) for q in made), made


def test_query_words_and_marking() -> None:
    assert query_words('트럼프 "북미 회담" -coffee NOT tea tag:x OR pyth*') == ["트럼프", "북미", "회담", "pyth"]
    assert str(mark("<b>Python</b> pythons", ["pyth"])) == "&lt;b&gt;<mark>Pyth</mark>on&lt;/b&gt; <mark>pyth</mark>ons"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_compiled_catalogues_match_their_sources(lang: str) -> None:
    """The .mo files are committed; this keeps them in step with the .po files and the templates."""
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as po, open(folder / "messages.mo", "rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        template = read_po(pot)
    assert {m.id for m in template if m.id} == {m.id for m in source if m.id}
    for message in source:
        if message.id:
            assert message.string and all(message.string), message.id
            expected = compiled[message.id].string
            assert (tuple(expected) if isinstance(expected, list) else expected) == message.string


def test_template_of_strings_lists_every_string_the_sources_use() -> None:
    """messages.pot is what pybabel extracts (README "Web UI"): a label written inside an
    f-string is invisible to the extractor on Python 3.11, so it would go untranslated."""
    root = TRANSLATIONS.parents[1]
    method_map = [("web/**.py", "python"), ("web/templates/**.html", "jinja2")]
    extracted = {message[2] if isinstance(message[2], str) else message[2][0]
                 for message in extract_from_dir(root, method_map)}
    written = {m for path in (root / "web").glob("*.py") for m in re.findall(r'\b_\("([^"]+)"', path.read_text())}
    assert written and written <= extracted, written - extracted
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        assert extracted == {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}


def test_frame_escapes_the_query_and_links_each_language_back_to_the_page(client: FlaskClient) -> None:
    html = page(client, "/search?q=" + urls.quote(HOSTILE) + "&tag=x")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.string == HOSTILE + " - newsarchive" and soup.find("input", id="q")["value"] == HOSTILE
    assert "<script>alert" not in html
    links = {a["lang"]: a for a in soup.select(".lang-switch a")}
    assert links["en"].get("aria-current") == "true" and "aria-current" not in links["ko"].attrs
    back = parse_qs(links["ko"]["href"].split("?", 1)[1])["next"][0]
    assert back == "/search?q=" + urls.quote(HOSTILE) + "&tag=x"
    assert soup.find("link", rel="alternate")["href"] == "/feed.atom?q=" + urls.quote(HOSTILE) + "&tag=x&sort=newest"


def test_numbers_are_grouped_in_both_interface_languages(app: Flask) -> None:
    facets = {"author": Facet("author", (FacetValue("kim", 12_345),)),
              "month": Facet("month", (FacetValue("2024-01", 4_321),))}
    for lang, summary in (("en", "27,483 articles"), ("ko", "글 27,483개")):
        soup = render_results(app, SearchRequest(per_page=10), facets, total=27_483, lang=lang)
        assert soup.select_one("#results-title").get_text().startswith(summary)
        assert soup.select_one("aside .facet .count").string == "12,345"
        assert soup.select_one("#chart-results svg.plot a title").string == "2024-01: 4,321"
        assert soup.select_one("#chart-results tbody td").string == "4,321"
        assert soup.select_one("nav.pager li:last-child").get_text() == "2,749"


def test_date_only_records_show_their_day_and_timed_ones_their_zone(app: Flask) -> None:
    seoul, new_york = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
    with app.test_request_context("/", headers={"Accept-Language": "ko"}):
        assert i18n.format_when(datetime(2017, 8, 29, tzinfo=seoul), with_time=True) == "2017. 8. 29."
        # a day has no zone to convert: midnight in New York stays the 29th in Seoul's archive
        assert i18n.format_when(datetime(2017, 8, 29, tzinfo=new_york), with_time=True) == "2017. 8. 29."
        timed = i18n.format_when(datetime(2017, 8, 29, 13, 5, tzinfo=seoul), with_time=True)
        assert timed == "2017. 8. 29. 오후 1:05 GMT+09:00"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        utc = datetime(2017, 8, 29, 4, 5, tzinfo=UTC)
        assert i18n.format_when(utc, with_time=True) == "Aug 29, 2017 1:05\u202fPM GMT+09:00"  # shown in Seoul


def test_languages_are_named_in_the_interface_language_and_text_says_its_own(client: FlaskClient) -> None:
    soup = BeautifulSoup(page(client, "/search?q=트럼프&lang=ko", "en"), "html.parser")
    assert "Language: Korean" in [c.get_text(" ", strip=True).removesuffix(" ✕") for c in soup.select("a.chip")]
    assert {h["lang"] for h in soup.select("li.hit h2")} == {"ko"}
    article = BeautifulSoup(page(client, soup.select_one("li.hit h2 a")["href"], "ko"), "html.parser")
    meta = dict(zip([dt.string for dt in article.select("dl.meta dt")], article.select("dl.meta dd"), strict=True))
    assert meta["언어"].string == "한국어"
    assert article.select_one("article h1")["lang"] == "ko" and article.select_one(".body")["lang"] == "ko"
    assert i18n._language_name("xx-unknown", "en") == "xx-unknown"
