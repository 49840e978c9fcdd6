"""The bundled sample blog: its content, its Tistory markup, its server and its scale fixture."""

from __future__ import annotations

import functools
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from sample.build import synthetic_posts, write_site
from sample.posts import POSTS, Post
from sample.serve import resolve, serve_in_thread
from sample.tistory import BASE_URL, site_file

SITE = Path(__file__).resolve().parents[1] / "sample" / "site"
HOSTILE_TITLE = "<script>alert(1)</script> 제목 테스트"
HANGUL = re.compile(r"[가-힣]")
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def is_korean(post: Post) -> bool:
    text = " ".join(post.paragraphs)
    return len(HANGUL.findall(text)) > len(text) * 0.2


@functools.cache
def page(post: Post) -> BeautifulSoup:
    return BeautifulSoup((SITE / site_file(post.path)).read_text(encoding="utf-8"), "html.parser")


def fetch(
    url: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    srv, base_url = serve_in_thread(SITE)
    yield base_url
    srv.shutdown()
    srv.server_close()


# ---- content ---------------------------------------------------------------------------------


def test_posts_span_two_years_five_categories_two_authors_and_both_languages() -> None:
    dates = [datetime.fromisoformat(p.published) for p in POSTS]
    assert len(POSTS) >= 44
    assert len({p.id for p in POSTS}) == len(POSTS)
    assert (max(dates) - min(dates)).days >= 730
    assert all(p.published.endswith("+09:00") for p in POSTS)
    assert len({p.category for p in POSTS}) >= 5
    assert all(re.fullmatch(r"[^/]+/[^/]+", p.category) for p in POSTS)
    assert len({p.author for p in POSTS}) >= 2
    korean = sum(is_korean(p) for p in POSTS)
    assert 0.35 <= korean / len(POSTS) <= 0.65


def test_every_post_has_three_to_eight_tags_and_a_body_of_80_to_300_words() -> None:
    for post in POSTS:
        assert 3 <= len(post.tags) <= 8, post.id
        assert 3 <= len(post.paragraphs) <= 6, post.id
        assert 80 <= sum(len(p.split()) for p in post.paragraphs) <= 300, post.id


def test_content_carries_the_forms_search_tests_rely_on() -> None:
    text = " ".join(" ".join(p.paragraphs) + " " + p.title for p in POSTS)
    for form in ("트럼프의", "트럼프는", "대통령은", "만났다", "북미정상회담", "북미 정상 회담"):
        assert form in text, form
    for word in ("coffee", "search", "index", "Python", "election"):
        assert word in text, word
    tags = [t for p in POSTS for t in p.tags]
    assert "북미 정상회담" in tags
    assert max(tags.count(t) for t in set(tags)) >= 6
    assert sum(bool(p.comments) for p in POSTS) not in (0, len(POSTS))
    assert sum(p.slug is not None for p in POSTS) >= 3
    assert [p.title for p in POSTS].count(HOSTILE_TITLE) == 1


# ---- committed site and markup ---------------------------------------------------------------


def test_committed_site_is_the_current_build_output(tmp_path: Path) -> None:
    write_site(tmp_path)
    built = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    committed = {p.relative_to(SITE): p.read_bytes() for p in SITE.rglob("*") if p.is_file()}
    assert built.keys() == committed.keys()
    stale = [str(name) for name in built if built[name] != committed[name]]
    assert not stale, f"run `python -m sample.build`; stale: {stale[:5]}"


@pytest.mark.parametrize("post", POSTS, ids=lambda p: str(p.id))
def test_every_post_page_carries_the_tistory_markers(post: Post) -> None:
    soup = page(post)
    url = BASE_URL + post.path
    assert soup.find("link", rel="canonical")["href"] == url
    assert soup.find("meta", property="og:url")["content"] == url
    assert soup.find("meta", property="og:title")["content"] == post.title
    assert soup.find("meta", attrs={"name": "by"})["content"] == post.author
    assert soup.find("meta", property="article:published_time")["content"] == post.published
    assert soup.find("meta", property="article:section")["content"] != post.category
    assert soup.title.string == f"{post.title} :: 느린 아카이브 Slow Archive"

    head_js = soup.head.find("script").string
    entry = json.loads(re.search(r"window\.T\.entryInfo = (\{.*?\});", head_js).group(1))
    assert entry["entryId"] == post.id and entry["categoryLabel"] == post.category
    ld_text = str(soup).split("<!-- BEGIN STRUCTURED_DATA -->")[1].split("<!-- END STRUCTURED_DATA -->")[0]
    ld = json.loads(BeautifulSoup(ld_text, "html.parser").script.string)
    assert (ld["@type"], ld["headline"], ld["datePublished"]) == ("BlogPosting", post.title, post.published)

    body = soup.select_one("div.tt_article_useless_p_margin")
    assert [p.get_text() for p in body.find_all("p")] == list(post.paragraphs)
    container = body.parent
    assert container.get("id") == "article-view" or "area_view" in container["class"]
    ads = container.find_all("div", class_="revenue_unit_wrap", recursive=False)
    assert [a.get_text(strip=True) for a in ads] == ["728x90", "728x90"]
    assert ads[0].find_next_sibling("div") is body and body.find_next_sibling("div") is ads[1]

    assert [a.get_text() for a in soup.select("a[rel=tag]")] == list(post.tags)
    buttons = soup.select_one("div.container_postbtn").get_text(" ")
    for label in ("공감", "공유하기", "게시글 관리", "구독하기"):
        assert label in buttons
    parent, child = post.category.split("/")
    another = soup.select_one("div.another_category")
    assert another.h4.get_text() == f"'{parent} > {child}' 카테고리의 다른 글"
    assert all(re.fullmatch(r"\d{4}\.\d{2}\.\d{2}", td.get_text()) for td in another.select("td"))
    assert len(another.select("tr")) == 5
    listed = {next(a.stripped_strings) for a in soup.select("ul.tt_category a.link_sub_item")}
    assert listed == {c.split("/")[1] for c in {p.category for p in POSTS}}
    assert [li.select_one(".txt_reply").get_text() for li in soup.select("div.area_reply li.rp_general")] == [
        text for _, text in post.comments
    ]
    d = datetime.fromisoformat(post.published)
    assert f"{d.year}. {d.month}. {d.day}. {d:%H:%M}" in soup.get_text()
    for a in soup.find_all("a", href=True):
        assert a["href"].startswith(("/", BASE_URL, "#")), a["href"]


def test_skins_alternate_between_custom_and_responsive_layouts() -> None:
    custom = [p for p in POSTS if page(p).select_one("div#head h2 a")]
    responsive = [p for p in POSTS if page(p).select_one("div.area_title > h3.tit_post")]
    assert custom and responsive and len(custom) + len(responsive) == len(POSTS)


def test_every_internal_link_resolves_except_the_report_popup() -> None:
    broken = set()
    for html in SITE.rglob("*.html"):
        for a in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            path = a["href"].removeprefix(BASE_URL).split("#")[0].split("?")[0]
            if path.startswith("/") and not path.startswith("/toolbar/") and resolve(SITE, path) is None:
                broken.add(path)
    assert not broken


def test_hostile_title_and_body_are_escaped_text() -> None:
    post = next(p for p in POSTS if p.title == HOSTILE_TITLE)
    raw = (SITE / site_file(post.path)).read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw
    soup = page(post)
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    article = soup.select_one("div.tt_article_useless_p_margin")
    assert '"><img src=x onerror=alert(1)>' in article.get_text()
    assert article.find("img") is None


def test_feeds_list_posts_with_placeholders() -> None:
    urls = [
        loc.text for loc in ET.parse(SITE / "sitemap.xml").getroot().iterfind("sm:url/sm:loc", SITEMAP_NS)
    ]
    assert sorted(urls) == sorted(BASE_URL + p.path for p in POSTS)
    items = ET.parse(SITE / "rss.xml").getroot().findall("channel/item")
    newest = sorted(POSTS, key=lambda p: datetime.fromisoformat(p.published), reverse=True)[:10]
    assert [i.findtext("link") for i in items] == [BASE_URL + p.path for p in newest]
    robots = (SITE / "robots.txt").read_text(encoding="utf-8")
    assert "Allow: /" in robots and f"Sitemap: {BASE_URL}/sitemap.xml" in robots


# ---- server -----------------------------------------------------------------------------------


def test_server_answers_posts_with_base_url_filled_in(server: str) -> None:
    status, headers, body = fetch(f"{server}/101")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "{{BASE_URL}}" not in body and f'<link rel="canonical" href="{server}/101"/>' in body
    assert headers["ETag"] and headers["Last-Modified"]


def test_server_routes_slugs_feeds_and_listings(server: str) -> None:
    slug_post = next(p for p in POSTS if p.slug and HANGUL.search(p.slug))
    assert fetch(server + "/entry/" + quote(slug_post.slug))[0] == 200
    status, headers, body = fetch(f"{server}/rss")
    assert status == 200 and headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert f"<link>{server}/" in body
    for path in ("/", "/sitemap.xml", "/robots.txt", "/category", "/tag/" + quote("북미 정상회담")):
        assert fetch(server + path)[0] == 200, path
    status, headers, body = fetch(f"{server}/102", method="HEAD")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 1000


def test_server_answers_conditional_gets_with_304(server: str) -> None:
    _, headers, _ = fetch(f"{server}/102")
    status, again, body = fetch(f"{server}/102", {"If-None-Match": headers["ETag"]})
    assert (status, body, again["ETag"]) == (304, "", headers["ETag"])
    assert fetch(f"{server}/102", {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(f"{server}/102", {"If-None-Match": '"other"'})[0] == 200


def test_server_answers_404_for_unknown_and_escaping_paths(server: str) -> None:
    for path in ("/99999", "/101.html", "/entry/nope", "/%2e%2e/README", "/../sample/posts.py", "/rss.xml"):
        assert fetch(server + path)[0] == 404, path


# ---- scale fixture ------------------------------------------------------------------------------


def test_write_site_with_300_extra_posts_lists_them_all_in_the_sitemap(tmp_path: Path) -> None:
    posts = write_site(tmp_path, n_extra=300)
    assert len(posts) >= 340 and len({p.id for p in posts}) == len(posts)
    urls = [
        loc.text for loc in ET.parse(tmp_path / "sitemap.xml").getroot().iterfind("sm:url/sm:loc", SITEMAP_NS)
    ]
    assert sorted(urls) == sorted(BASE_URL + p.path for p in posts)
    assert all((tmp_path / site_file(p.path)).is_file() for p in posts)
    assert [p.title for p in posts].count(HOSTILE_TITLE) == 1
    assert synthetic_posts(POSTS, 300) == posts[len(POSTS) :]
