"""Article revisions: a loopback site edits, deletes and keeps posts between two real
``newsarchive update`` runs; the catalogue, the index, the article page and the API say what changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

from search import Archive, SearchResult, request_from_mapping
from search.article import article_id
from search.revisions import History, read_history
from tests.api_support import Contract, contract_client_class
from tests.conftest import ROOT
from tests.fixtures_sites import PageSite, article_html
from tests.test_crawl import documents
from web import create_app

BEFORE_BODY = "The minister said the bridge would open in May"
AFTER_BODY = "The minister said the bridge would open in June after repairs"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram"}
    done = subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


class Edited:
    """The index after two updates of a site whose posts were edited, deleted and left alone."""

    def __init__(self, root: Path, site: PageSite, config: Path) -> None:
        self.root, self.site, self.config = root, site, config
        self.edited, self.deleted, self.same = site.url("/edited"), site.url("/deleted"), site.url("/same")

    def history(self, url: str) -> History:
        return read_history(self.root, article_id(url))

    def update(self) -> subprocess.CompletedProcess[str]:
        return _cli("update", "--config", str(self.config), "--index", str(self.root))


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edited]:
    tmp = tmp_path_factory.mktemp("revisions")
    site = PageSite().start()
    config = tmp / "sources.toml"
    config.write_text(f'[[source]]\nname = "loop"\nurl = "{site.url("/sitemap.xml")}"\nkind = "sitemap"\n'
                      "requests_per_second = 100\ntimeout = 2.0\nretries = 0\nallow_private_network = true\n",
                      encoding="utf-8")
    state = Edited(tmp / "index", site, config)
    site.set("/edited", article_html("Bridge opening date", BEFORE_BODY))
    site.set("/deleted", article_html("다리 개통 소식", "시장은 다리가 오월에 개통한다고 말했다"))
    site.set("/same", article_html("Unchanged post", "Nothing about this post will change"))
    state.update()
    # The second run: one post edited (title and body), one gone, one served again with other
    # markup around the same article (a new capture, but not a new revision).
    site.set("/edited", article_html("Bridge opening delayed", AFTER_BODY))
    site.set("/deleted", "", status=410)
    site.set("/same", article_html("Unchanged post", "Nothing about this post will change",
                                   head='<meta name="generator" content="another theme">'))
    state.update()
    yield state
    site.stop()


def test_an_edited_post_gets_a_second_revision_with_its_capture_time_and_changed_fields(edited: Edited) -> None:
    history = edited.history(edited.edited)
    assert [r.number for r in history.revisions] == [1, 2]
    first, second = history.revisions
    assert first.article.title == "Bridge opening date" and second.article.title == "Bridge opening delayed"
    assert second.changed == ("title", "body")
    assert first.changed == ()
    assert first.captured_at < second.captured_at <= datetime.now(first.captured_at.tzinfo)
    assert history.updates == 1 and history.removed_at is None


def test_an_unchanged_post_has_one_revision_however_often_it_is_captured(edited: Edited) -> None:
    history = edited.history(edited.same)
    assert [r.number for r in history.revisions] == [1]
    assert history.updates == 0


def test_a_deleted_post_is_marked_removed_at_the_source_and_keeps_its_revisions(edited: Edited) -> None:
    history = edited.history(edited.deleted)
    assert [r.article.title for r in history.revisions] == ["다리 개통 소식"]
    assert history.removed_status == 410
    assert history.removed_at is not None and history.removed_at > history.revisions[0].captured_at
    assert documents(edited.root)[edited.deleted]["gone"] == "1"


def test_the_index_records_edits_and_the_time_of_the_last_change(edited: Edited) -> None:
    docs = documents(edited.root)
    changed = edited.history(edited.edited).revisions[-1].captured_at
    assert (docs[edited.edited]["revisions"], docs[edited.edited]["edited"]) == (2, "true")
    assert docs[edited.edited]["changed"] == int(changed.timestamp())
    assert (docs[edited.same]["revisions"], docs[edited.same]["edited"]) == (1, "false")


def _search(root: Path, **params: object) -> SearchResult:
    archive = Archive(root, refresh_interval=0)
    try:
        return archive.search(request_from_mapping({"per_page": 50, **params}))
    finally:
        archive.close()


def test_edited_true_in_the_query_finds_the_edited_post_only(edited: Edited) -> None:
    assert [hit.url for hit in _search(edited.root, q="edited:true").hits] == [edited.edited]
    assert [hit.url for hit in _search(edited.root, q="bridge edited:True").hits] == [edited.edited]
    assert [hit.url for hit in _search(edited.root, q="edited:false").hits] == [edited.same]


def test_the_edited_filter_and_facet_count_edited_articles(edited: Edited) -> None:
    result = _search(edited.root, facets="edited")
    counts = {v.value: v.count for v in result.facets["edited"].values}
    assert counts == {"true": 1, "false": 1}  # the deleted post is hidden from search
    chosen = _search(edited.root, edited="true", facets="edited")
    assert [hit.url for hit in chosen.hits] == [edited.edited]
    assert [(v.value, v.count, v.selected) for v in chosen.facets["edited"].values] == [
        ("true", 1, True), ("false", 1, False)]  # its own filter left out, so the reader can switch
    hit = chosen.hits[0]
    assert hit.revisions == 2  # the index keeps whole seconds
    assert hit.changed == edited.history(edited.edited).revisions[-1].captured_at.replace(microsecond=0)


def test_sorting_by_last_change_puts_the_latest_edit_first(edited: Edited) -> None:
    hits = _search(edited.root, sort="changed").hits
    assert [hit.url for hit in hits] == [edited.edited, edited.same]


@pytest.fixture
def client(edited: Edited) -> FlaskClient:
    app = create_app({"INDEX_DIR": str(edited.root), "TESTING": True})
    app.test_client_class = contract_client_class(Contract(app.extensions["api"].document))
    return app.test_client()


def test_the_article_page_says_updated_once_and_lists_both_revisions(edited: Edited, client: FlaskClient) -> None:
    page = client.get(f"/articles/{article_id(edited.edited)}", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Updated 1 time" in html
    assert html.count('<li value="') == 2 and "first version seen" in html
    assert "changed: Title, Body" in html
    assert f'/articles/{article_id(edited.edited)}/diff?from=1&amp;to=2' in html


def test_the_diff_page_marks_words_added_and_removed_accessibly(edited: Edited, client: FlaskClient) -> None:
    html = client.get(f"/articles/{article_id(edited.edited)}/diff?from=1&to=2",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<del><span class="visually-hidden">[removed: </span>May' in html
    assert '<ins><span class="visually-hidden">[added: </span>June after repairs' in html
    assert "<td>Bridge opening date</td>" in html  # the title change, listed apart from the body
    assert "delayed" in html and "the bridge would open in " in html


def test_the_article_page_of_a_deleted_post_says_it_was_removed_at_the_source(
    edited: Edited, client: FlaskClient
) -> None:
    html = client.get(f"/articles/{article_id(edited.deleted)}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    removed = edited.history(edited.deleted).removed_at
    assert removed is not None
    assert "Removed at the source on" in html and "(HTTP 410)" in html
    assert "다리 개통 소식" in html


def test_the_api_lists_revisions_and_returns_one_and_the_diff(edited: Edited, client: FlaskClient) -> None:
    doc = article_id(edited.edited)
    listing = client.get(f"/api/v1/articles/{doc}/revisions").get_json()
    assert listing["updates"] == 1 and listing["removed_at"] is None
    assert [(r["number"], r["changed"]) for r in listing["revisions"]] == [(1, []), (2, ["title", "body"])]
    second = client.get(f"/api/v1/articles/{doc}/revisions/2").get_json()
    assert second["article"]["title"] == "Bridge opening delayed"
    assert second["captured_at"] == edited.history(edited.edited).revisions[1].captured_at.isoformat()
    diff = client.get(f"/api/v1/articles/{doc}/diff?from=1&to=2").get_json()
    first, second = (r.article.body for r in edited.history(edited.edited).revisions)
    assert "".join(s["text"] for s in diff["body"] if s["op"] != "insert") == first
    assert "".join(s["text"] for s in diff["body"] if s["op"] != "delete") == second
    assert BEFORE_BODY in first and AFTER_BODY in second
    assert {"op": "delete", "text": "date"} in diff["title"] and {"op": "insert", "text": "delayed"} in diff["title"]
    assert client.get(f"/api/v1/articles/{doc}/revisions/3").status_code == 404
    assert client.get(f"/api/v1/articles/{doc}/diff?from=0").status_code == 400
    gone = client.get(f"/api/v1/articles/{article_id(edited.deleted)}/revisions").get_json()
    assert gone["removed_status"] == 410 and len(gone["revisions"]) == 1


def test_the_feed_with_updates_dates_the_edited_entry_by_its_change(edited: Edited, client: FlaskClient) -> None:
    feed = client.get("/feed.atom?updates=1").get_data(as_text=True)
    changed = edited.history(edited.edited).revisions[-1].captured_at.replace(microsecond=0)
    entry = feed[feed.index("<entry>"):feed.index("</entry>")]
    assert "Bridge opening delayed" in entry and 'rel="version-history"' in entry
    assert f"<updated>{changed.astimezone(ZoneInfo('Asia/Seoul')).isoformat()}</updated>" in entry
    plain = client.get("/feed.atom").get_data(as_text=True)
    assert "version-history" not in plain and "<updated>2025-03-01T10:00:00+09:00</updated>" in plain


def test_the_search_page_offers_the_edited_filter_and_the_last_change_sort(client: FlaskClient) -> None:
    html = client.get("/search", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Edited after publication" in html and 'href="?edited=true"' in html
    assert "sort=changed" in html and "Last change" in html
    chosen = client.get("/search?edited=true", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 article" in chosen and "Bridge opening delayed" in chosen and "Unchanged post" not in chosen


def test_rebuild_recounts_the_same_revisions_and_removals_from_the_captures(
    edited: Edited, client: FlaskClient
) -> None:
    before = {url: edited.history(url) for url in (edited.edited, edited.deleted, edited.same)}
    fields = {url: (d["revisions"], d["edited"], d["changed"]) for url, d in documents(edited.root).items()}
    done = _cli("rebuild", "--index", str(edited.root))
    assert "revisions 4," in done.stdout  # edited: 2, deleted: 1, same: 1
    after = {url: edited.history(url) for url in before}
    assert after == before
    rebuilt = {url: (d["revisions"], d["edited"], d["changed"]) for url, d in documents(edited.root).items()}
    assert rebuilt == {url: value for url, value in fields.items() if url != edited.deleted}
    # The deleted post left the index with the rebuild; its page shows its last revision, removed.
    html = client.get(f"/articles/{article_id(edited.deleted)}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "Removed at the source on" in html and "다리 개통 소식" in html
    assert client.get(f"/api/v1/articles/{article_id(edited.edited)}/diff").get_json()["to"] == 2
