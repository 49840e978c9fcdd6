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

import pytest

from search.article import article_id
from search.revisions import History, read_history
from tests.conftest import ROOT
from tests.fixtures_sites import PageSite, article_html
from tests.test_crawl import documents

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


def test_rebuild_recounts_the_same_revisions_and_removals_from_the_captures(edited: Edited) -> None:
    before = {url: edited.history(url) for url in (edited.edited, edited.deleted, edited.same)}
    fields = {url: (d["revisions"], d["edited"], d["changed"]) for url, d in documents(edited.root).items()}
    done = _cli("rebuild", "--index", str(edited.root))
    assert "revisions 4," in done.stdout  # edited: 2, deleted: 1, same: 1
    after = {url: edited.history(url) for url in before}
    assert after == before
    rebuilt = {url: (d["revisions"], d["edited"], d["changed"]) for url, d in documents(edited.root).items()}
    assert rebuilt == {url: value for url, value in fields.items() if url != edited.deleted}
