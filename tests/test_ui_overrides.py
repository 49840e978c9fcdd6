"""An operator's templates and static files (``serve --templates DIR --static DIR``,
``NEWSARCHIVE_TEMPLATES``/``NEWSARCHIVE_STATIC``) come before the built-in ones: overriding
``base.html`` rebrands every page, overriding a partial changes the results, a static file of the
same name replaces the built-in one (its versioned URL follows), and the rest stays built in."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from search.settings import SettingError
from tests.api_support import live_server, shared_sample_index
from tests.test_schemathesis import shared_dir
from web import create_app, frame
from web.settings import parse_assignment

BUILT_IN = Path(__file__).resolve().parents[1] / "web"
BRANDED_BASE = (BUILT_IN / "templates" / "base.html").read_text(encoding="utf-8").replace(
    '<a class="brand" href="{{ page_url(\'ui.search_page\') }}">newsarchive</a>',
    '<a class="brand" href="{{ page_url(\'ui.search_page\') }}"><img src="{{ asset_url(\'logo.svg\') }}" '
    'alt="Daily Acme"></a>',
)
HIT = '<li class="hit acme-hit"><a href="{{ article_href(hit.id) }}">{{ hit.title }}</a></li>\n'
STYLE = "body { background: #fef; }\n"
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
FRAGMENT = '<h1 class="fragment">{{ heading }}</h1>\n'  # a page written the older way: only its <main>


@pytest.fixture(scope="module")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_sample_index(shared_dir(tmp_path_factory))


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    templates, static = tmp_path / "templates", tmp_path / "static"
    (templates / "partials").mkdir(parents=True)
    static.mkdir()
    (templates / "base.html").write_text(BRANDED_BASE, encoding="utf-8")
    (templates / "partials" / "hit.html").write_text(HIT, encoding="utf-8")
    (templates / "fragment.html").write_text(FRAGMENT, encoding="utf-8")
    (static / "style.css").write_text(STYLE, encoding="utf-8")
    (static / "logo.svg").write_text(LOGO, encoding="utf-8")
    return templates, static


def _app(index_root: Path, **config: object) -> Flask:
    return create_app({"INDEX_DIR": str(index_root), "TESTING": True, "PRELOAD_ANALYZER": False, **config})


def test_an_overridden_base_and_partial_rebrand_every_page(index_root: Path, folders: tuple[Path, Path]) -> None:
    templates, static = folders
    client = _app(index_root, TEMPLATES=str(templates), STATIC=str(static)).test_client()
    search = BeautifulSoup(client.get("/search?q=python").get_data(as_text=True), "html.parser")
    assert search.select_one("a.brand img")["alt"] == "Daily Acme"
    hits = search.select("ol.hits li.hit")
    assert hits and all("acme-hit" in li["class"] for li in hits)  # the operator's partial
    assert search.select_one("aside.facets")  # the built-in partials still draw the rest
    article = hits[0].a["href"]
    page = BeautifulSoup(client.get(article).get_data(as_text=True), "html.parser")
    assert page.select_one("a.brand img") and page.select_one("article.article h1")
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "Daily Acme" in missing.get_data(as_text=True)


def test_a_template_of_main_content_only_is_wrapped_in_the_operators_base(
    index_root: Path, folders: tuple[Path, Path]
) -> None:
    templates, static = folders
    app = _app(index_root, TEMPLATES=str(templates), STATIC=str(static))
    with app.test_request_context("/somewhere"):
        html = frame.render("fragment.html", "A page", q="kimchi", heading="<Heading>")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.string == "A page" and soup.find("input", id="q")["value"] == "kimchi"
    assert soup.select_one("main h1.fragment").string == "<Heading>" and soup.select_one("a.brand img")


def test_an_overridden_static_file_is_served_and_versioned_by_its_own_content(
    index_root: Path, folders: tuple[Path, Path]
) -> None:
    _templates, static = folders
    client = _app(index_root, STATIC=str(static)).test_client()
    soup = BeautifulSoup(client.get("/search").get_data(as_text=True), "html.parser")
    style_url = soup.find("link", rel="stylesheet")["href"]
    assert client.get(style_url).get_data(as_text=True) == STYLE
    built_in_url = BeautifulSoup(_app(index_root).test_client().get("/search").get_data(as_text=True),
                                 "html.parser").find("link", rel="stylesheet")["href"]
    assert style_url != built_in_url  # a new hash: caches fetch the operator's file
    script = client.get(soup.find("script")["src"])  # not overridden: the built-in file
    assert script.get_data() == (BUILT_IN / "static" / "app.js").read_bytes()
    assert client.get("/static/logo.svg").get_data(as_text=True) == LOGO
    assert client.get("/static/../frame.py").status_code == 404
    assert client.get("/static/%2e%2e/frame.py").status_code == 404


def test_folders_come_from_the_environment_and_bad_ones_fail_at_start(
    index_root: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    templates, static = folders
    monkeypatch.setenv("NEWSARCHIVE_TEMPLATES", str(templates))
    monkeypatch.setenv("NEWSARCHIVE_STATIC", str(static))
    client = _app(index_root).test_client()
    assert "Daily Acme" in client.get("/search").get_data(as_text=True)
    assert client.get("/static/logo.svg").status_code == 200
    monkeypatch.setenv("NEWSARCHIVE_TEMPLATES", str(tmp_path / "absent"))
    with pytest.raises(SettingError, match="NEWSARCHIVE_TEMPLATES must be an existing folder"):
        _app(index_root)
    assert parse_assignment(f"STATIC={static}") == ("STATIC", str(static))


def test_serve_takes_templates_and_static_folders(index_root: Path, folders: tuple[Path, Path], tmp_path: Path) -> None:
    templates, static = folders
    options = ("--workers", "1", "--templates", str(templates), "--static", str(static))
    with live_server(index_root, tmp_path / "stderr.log", options=options, env={"NEWSARCHIVE_PRELOAD": "0"}) as base:
        with urllib.request.urlopen(f"{base}/search?q=python", timeout=10) as resp:
            html = resp.read().decode()
        with urllib.request.urlopen(f"{base}/static/style.css", timeout=10) as resp:
            style = resp.read().decode()
    assert "Daily Acme" in html and "acme-hit" in html and style == STYLE
