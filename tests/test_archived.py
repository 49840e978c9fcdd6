"""The archived copy: captures replayed from the WARC files, safe by construction.

One archive for the module (tests/replay_site.py): a Tistory post, a WordPress post captured
twice (edited in between) with its theme stylesheet and images archived, and a hostile page, all
crawled by the real ``update`` from a loopback site that is stopped before any replay.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from flask.testing import FlaskClient

from search.article import article_id
from tests.api_support import Contract, contract_client_class
from tests.conftest import ROOT
from tests.replay_site import (
    RESOURCES,
    TISTORY_TITLE,
    WORDPRESS_EDITED,
    WORDPRESS_PATH,
    WORDPRESS_TITLE,
    ReplayArchive,
    ReplaySite,
    build_replay_archive,
    wordpress_html,
)
from web import create_app

ACTIVE_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "param", "form", "input", "button",
               "textarea", "base", "meta", "link", "svg", "math", "video", "audio", "template", "noscript", "applet")
UNKNOWN_ID = "0123456789abcdef"


@pytest.fixture(scope="module")
def replay_archive(tmp_path_factory: pytest.TempPathFactory) -> ReplayArchive:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
        return build_replay_archive(tmp_path_factory.mktemp("replay") / "index")


@pytest.fixture(scope="module")
def client(replay_archive: ReplayArchive) -> Iterator[FlaskClient]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
        app = create_app({"INDEX_DIR": str(replay_archive.root), "PRELOAD_ANALYZER": False})
        app.test_client_class = contract_client_class(Contract(app.extensions["api"].document))
        yield app.test_client()  # every API answer is checked against the OpenAPI document


def _replayed(client: FlaskClient, article: str, **query: str) -> tuple[lxml.html.HtmlElement, str, dict[str, str]]:
    resp = client.get(f"/articles/{article}/archived/page", query_string=query)
    assert resp.status_code == 200
    text = resp.get_data(as_text=True)
    return lxml.html.document_fromstring(text), text, dict(resp.headers)


def _policy(headers: dict[str, str]) -> dict[str, str]:
    directives = [d.strip().split(None, 1) for d in headers["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def test_hostile_page_is_served_sandboxed_with_nothing_active_left(client: FlaskClient,
                                                                    replay_archive: ReplayArchive) -> None:
    doc, text, headers = _replayed(client, replay_archive.hostile_id)
    policy = _policy(headers)
    assert "sandbox" in policy and "allow-scripts" not in policy["sandbox"]
    assert "allow-same-origin" not in policy["sandbox"] and "allow-forms" not in policy["sandbox"]
    assert policy["default-src"] == "'none'" and policy["img-src"] == "'self' data:"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert doc.get_element_by_id("marker").text_content() == "Plain text survives."
    ours = [el for el in doc.find("head") if el.tag == "meta" and (el.get("charset") or el.get("name") == "referrer")]
    assert len(ours) == 2  # <meta charset> and no-referrer, ours; no refresh
    assert [el.tag for el in doc.iter(*ACTIVE_TAGS) if el not in ours] == []
    for el in doc.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert "javascript" not in value.lower() and "data:text" not in value.lower(), (el.tag, name, value)
            assert "evil.example" not in value or (el.tag == "a" and name == "href"), (el.tag, name, value)
    css = "\n".join(el.text_content() for el in doc.iter("style"))
    assert "evil.example" not in css and "@import" not in css and "image-set" not in css
    assert "color:green" in css and "color:blue" in css  # rules lose their remote backgrounds, not their colours
    # Links keep only what a click may follow, absolute and opening at the top with no referrer.
    links = {a.get("id"): a.get("href") for a in doc.iter("a")}
    for name in ("js-link", "js-entity", "data-link", "vb-link", "js-upper"):
        assert links[name] is None, name
    assert links["rel-link"] == replay_archive.base_url + "/relative/page"  # <base> to another host ignored
    for a in doc.iter("a"):
        if a.get("href"):
            assert a.get("target") == "_top" and set(a.get("rel").split()) >= {"noopener", "noreferrer"}
    # Images: none archived, so none left to load (neither remote, nor data: SVG, nor the original host).
    assert [img.get("src") for img in doc.iter("img") if img.get("src")] == []
    assert [el for el in doc.iter() if el.get("srcset")] == []
    assert "alert(" not in text


def test_wordpress_post_replays_with_its_archived_theme_and_images(client: FlaskClient,
                                                                   replay_archive: ReplayArchive) -> None:
    doc, _text, _headers = _replayed(client, replay_archive.wordpress_id)
    assert doc.findtext(".//h1") == WORDPRESS_TITLE
    assert "single-post" in doc.find("body").get("class")
    css = "\n".join(el.text_content() for el in doc.iter("style"))
    assert ".entry-title{font-size:2.2rem;color:#7a2e12}" in css  # the archived theme stylesheet, inlined
    assert 'url("/archived/images/' in css  # its header image, relative to the sheet, from our archive
    assert "evil.example" not in css and "@font-face" not in css
    image = doc.find(".//img")
    assert image.get("src").startswith("/archived/images/") and image.get("alt") == "The market stalls"
    assert image.get("srcset") == f"{image.get('src')} 320w"  # the 1024w candidate is not archived
    served = client.get(image.get("src"))
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data.startswith(b"\x89PNG")
    assert "sandbox" in served.headers["Content-Security-Policy"]
    links = {a.text_content(): a.get("href") for a in doc.iter("a")}
    assert links["earlier post about the election"] == f"/articles/{replay_archive.tistory_id}/archived"
    assert links["about this blog"] == replay_archive.base_url + "/about/"
    assert doc.find(".//textarea") is None and "Post Comment" not in doc.text_content()


def test_tistory_post_replays_recognisably_without_its_scripts(client: FlaskClient,
                                                               replay_archive: ReplayArchive) -> None:
    doc, text, _headers = _replayed(client, replay_archive.tistory_id)
    assert TISTORY_TITLE in doc.findtext(".//title")
    assert "워싱턴발 뉴스가 쏟아졌다" in doc.text_content()
    assert "daumcdn" not in text and "window.T" not in text
    frame = client.get(f"/articles/{replay_archive.tistory_id}/archived")
    page = lxml.html.document_fromstring(frame.get_data(as_text=True))
    (iframe,) = page.iter("iframe")
    assert iframe.get("sandbox") == "allow-top-navigation-by-user-activation"
    assert iframe.get("src").startswith(f"/articles/{replay_archive.tistory_id}/archived/page?at=")
    banner = page.find_class("archived-banner")[0]
    assert TISTORY_TITLE in banner.text_content()
    assert replay_archive.base_url + "/101" in [a.get("href") for a in banner.iter("a")]
    assert f"/articles/{replay_archive.tistory_id}" in [a.get("href") for a in banner.iter("a")]


def test_at_selects_an_earlier_capture(client: FlaskClient, replay_archive: ReplayArchive) -> None:
    listed = client.get(f"/api/v1/articles/{replay_archive.wordpress_id}/captures").get_json()["captures"]
    assert len(listed) == 2 and listed[0]["time"] < listed[1]["time"]
    assert all(c["status"] == 200 and c["content_type"].startswith("text/html") for c in listed)
    newest, _t, _h = _replayed(client, replay_archive.wordpress_id)
    assert WORDPRESS_EDITED in newest.text_content()
    first, _t, _h = _replayed(client, replay_archive.wordpress_id, at=listed[0]["time"])
    assert WORDPRESS_EDITED not in first.text_content() and "Fresh fish" in first.text_content()
    wayback = replay_archive.first_wordpress_capture.strftime("%Y%m%d%H%M%S")  # between the two captures
    between, _t, _h = _replayed(client, replay_archive.wordpress_id, at=wayback)
    assert "Fresh fish" in between.text_content()
    frame = client.get(listed[0]["links"]["replay"]).get_data(as_text=True)
    banner = lxml.html.document_fromstring(frame).find_class("archived-banner")[0]
    assert [el.get("datetime") for el in banner.iter("time")][0] == listed[0]["time"]
    others = [a.get("href") for a in banner.iter("a") if "archived?at=" in (a.get("href") or "")]
    assert others == [listed[1]["links"]["replay"]]  # the other capture, linked
    assert client.get(f"/articles/{replay_archive.wordpress_id}/archived?at=yesterday").status_code == 400


def test_unknown_article_or_capture_is_a_404_page(client: FlaskClient) -> None:
    for path in (f"/articles/{UNKNOWN_ID}/archived", f"/articles/{UNKNOWN_ID}/archived/page", "/archived/images/1",
                 "/archived/images/999999"):
        resp = client.get(path)
        assert resp.status_code == 404 and resp.mimetype == "text/html", path
        page = lxml.html.document_fromstring(resp.get_data(as_text=True))
        assert page.findtext(".//h1") == "404 Not Found" and not list(page.iter("iframe"))
    problem = client.get(f"/api/v1/articles/{UNKNOWN_ID}/captures")
    assert problem.status_code == 404 and problem.mimetype == "application/problem+json"


def test_article_page_and_hits_link_to_our_copy(client: FlaskClient, replay_archive: ReplayArchive) -> None:
    article = client.get(f"/articles/{replay_archive.wordpress_id}").get_data(as_text=True)
    hrefs = [a.get("href") for a in lxml.html.document_fromstring(article).iter("a")]
    assert f"/articles/{replay_archive.wordpress_id}/archived" in hrefs
    assert not any("web.archive.org" in (h or "") for h in hrefs)
    results = lxml.html.document_fromstring(client.get("/search", query_string={"q": "harbour"}).get_data(as_text=True))
    hit_links = [a.get("href") for a in results.find_class("archived")]
    assert hit_links == [f"/articles/{replay_archive.wordpress_id}/archived"]


def test_captures_api_lists_replay_links(client: FlaskClient, replay_archive: ReplayArchive) -> None:
    body = client.get(f"/api/v1/articles/{replay_archive.tistory_id}/captures").get_json()
    (capture,) = body["captures"]
    assert body["id"] == replay_archive.tistory_id
    assert capture["url"] == replay_archive.base_url + "/101" and capture["status"] == 200
    assert urlsplit(capture["links"]["replay"]).path == f"/articles/{replay_archive.tistory_id}/archived"
    assert client.get(capture["links"]["page"]).status_code == 200
    assert client.get(f"/api/v1/articles/{replay_archive.tistory_id}/captures?x=1").status_code == 400


class _HoldsEverything:
    """Replay links that hold every image and page: the most work a rewrite can be given."""

    def page(self, url: str) -> str | None:
        return "/articles/0123456789abcdef/archived"

    def image(self, url: str) -> str | None:
        return "/archived/images/1"

    def stylesheet(self, url: str) -> tuple[str, str] | None:
        return url, ".a{color:red}"


def test_replay_is_bounded_in_size_and_rewrite_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer import replay

    page = b'<html><body><p style="color:red">kept text</p><img src="/a.png"><a href="/b">b</a>'
    whole = replay.safe_document(page, "http://blog.example/post", _HoldsEverything())
    assert whole.complete and 'src="/archived/images/1"' in whole.html and "color:red" in whole.html
    monkeypatch.setattr(replay, "MAX_REWRITE_SECONDS", 0.0)
    late = replay.safe_document(page, "http://blog.example/post", _HoldsEverything())
    assert not late.complete and "kept text" in late.html
    assert "src=" not in late.html and "style=" not in late.html and "href=" not in late.html  # removed, not kept
    monkeypatch.setattr(replay, "MAX_PAGE_BYTES", 40)
    cut = replay.safe_document(page, "http://blog.example/post", _HoldsEverything())
    assert not cut.complete and "kept te" in cut.html and "kept text" not in cut.html  # the first 40 bytes


def test_a_wget_warc_with_page_requisites_replays_with_its_stylesheet_and_images(tmp_path: Path) -> None:
    """``wget --page-requisites --warc-file`` then ``newsarchive import``: the page's stylesheet and
    images join our archive, and its archived copy shows them with the site gone."""
    wget = shutil.which("wget")
    if wget is None:
        pytest.skip("wget is not installed (apt-get install wget)")
    site = ReplaySite().start()
    try:
        site.set(WORDPRESS_PATH, "text/html; charset=UTF-8", wordpress_html(site.base_url))
        for path, (kind, body) in RESOURCES.items():
            site.set(path, kind, body)
        got = subprocess.run([wget, "-q", "-p", f"--warc-file={tmp_path / 'site'}", "-P", str(tmp_path / "files"),
                              site.base_url + WORDPRESS_PATH], capture_output=True, text=True, timeout=120)
        assert got.returncode in (0, 8), got.stderr  # 8: the scripts and print.css answered 404
    finally:
        site.stop()
    env = {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram"}
    imported = subprocess.run([sys.executable, "-m", "indexer.cli", "import", str(tmp_path / "site.warc.gz"),
                               "--index", str(tmp_path / "index")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert imported.returncode == 0, imported.stderr
    assert "pages 1, new 1," in imported.stdout and "resources 3" in imported.stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
        app = create_app({"INDEX_DIR": str(tmp_path / "index"), "PRELOAD_ANALYZER": False})
    client = app.test_client()
    doc, _text, _headers = _replayed(client, article_id(site.base_url + WORDPRESS_PATH))
    css = "\n".join(el.text_content() for el in doc.iter("style"))
    assert ".entry-title{font-size:2.2rem;color:#7a2e12}" in css and 'url("/archived/images/' in css
    image = doc.find(".//img")
    assert client.get(image.get("src")).data == RESOURCES["/wp-content/uploads/2025/03/market.png"][1]
