"""Article ownership: a hostile source cannot take over, hide or prune another source's article.

Two loopback sites in one sources.toml: the victim (the sample blog) and a hostile site whose page
declares the victim's post as its canonical, and later answers 404. ``update``, ``update --prune``
(twice) and ``rebuild`` must leave the victim's article intact, searchable and owned by the victim.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage

from indexer.config import ConfigError, load_sources
from indexer.crawl import run_update
from indexer.index_writer import IndexSink, NotOwned
from indexer.rebuild import rebuild_index
from search import Archive, Article, request_from_mapping
from search.schema import article_to_fields, build_schema
from search.storage import INDEX_NAME, ensure_index
from tests.fixtures_crawl import FixtureBlog
from tests.fixtures_sites import PageSite, article_html
from tests.test_crawl import documents

HIJACK_TITLE = "탈취 시도 제목"


@pytest.fixture(autouse=True)
def _bigram(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")


@pytest.fixture
def sites() -> Iterator[tuple[FixtureBlog, PageSite]]:
    victim = FixtureBlog(posts=2).start()
    hostile = PageSite().start()
    yield victim, hostile
    victim.stop()
    hostile.stop()


def _table(name: str, url: str, kind: str, allowed_hosts: list[str]) -> str:
    hosts = ", ".join(f'"{h}"' for h in allowed_hosts)
    return (f'[[source]]\nname = "{name}"\nurl = "{url}"\nkind = "{kind}"\nrequests_per_second = 100\n'
            f"timeout = 2.0\nretries = 0\nallow_private_network = true\nallowed_hosts = [{hosts}]\n")


def _search_urls(root: Path, query: str) -> list[str]:
    archive = Archive(root, refresh_interval=0)
    try:
        return [hit.url for hit in archive.search(request_from_mapping({"q": query, "per_page": 50})).hits]
    finally:
        archive.close()


def _assert_intact(root: Path, target: str, original: dict[str, object]) -> None:
    stored = documents(root)[target]
    assert stored["source"] == "victim"
    assert (stored["title"], stored["body"], stored.get("gone")) == (original["title"], original["body"], "")
    assert target in _search_urls(root, str(original["title"]))
    assert target not in _search_urls(root, HIJACK_TITLE)


@pytest.mark.parametrize("victim_host_allowed", [False, True], ids=["canonical-off-its-hosts", "victim-host-allowed"])
def test_hostile_canonical_never_overwrites_hides_or_prunes_the_victims_article(
    tmp_path: Path, sites: tuple[FixtureBlog, PageSite], victim_host_allowed: bool
) -> None:
    victim, hostile = sites
    target = f"{victim.base_url}/101"
    stolen = hostile.url("/stolen")
    hostile.set("/stolen", article_html(HIJACK_TITLE, "hijacked 가로챈 본문", canonical=target))
    victim_table = _table("victim", f"{victim.base_url}/", "tistory", [])
    # Allowing the victim's host:port makes the canonical claimable: then the writer's owner check
    # is what stops the hostile source (the victim, listed first, indexed the article first).
    shared = [f"127.0.0.1:{urlsplit(victim.base_url).port}"] if victim_host_allowed else []
    hostile_table = _table("hostile", hostile.url("/sitemap.xml"), "sitemap", shared)
    tables = [victim_table, hostile_table] if victim_host_allowed else [hostile_table, victim_table]
    config = tmp_path / "sources.toml"
    config.write_text("\n".join(tables), encoding="utf-8")
    sources = load_sources(config)
    root = tmp_path / "index"
    messages: list[str] = []

    first = {run.name: run for run in run_update(sources, root, messages.append).runs}
    original = documents(root)[target]
    assert original["source"] == "victim" and original["title"] != HIJACK_TITLE
    if victim_host_allowed:
        assert first["hostile"].counts["refused"] == 1
        assert f"hostile: {stolen}: {target} belongs to source 'victim'; not overwritten by 'hostile'" in messages
        assert stolen not in documents(root)
    else:
        assert any(f"canonical {target} is not on the source's own hosts" in m for m in messages)
        assert documents(root)[stolen]["source"] == "hostile"  # its page, under its own URL
        assert documents(root)[stolen]["title"] == HIJACK_TITLE
    _assert_intact(root, target, original)

    summary = rebuild_index(root, messages.append)
    assert summary.refused == (1 if victim_host_allowed else 0)
    _assert_intact(root, target, original)

    run_update(sources, root, messages.append, prune=True)
    hostile.set("/stolen", "", status=404)
    messages.clear()
    hid = {run.name: run for run in run_update(sources, root, messages.append).runs}
    assert hid["hostile"].counts["gone"] == 1
    _assert_intact(root, target, original)
    for _ in range(2):
        pruned = {run.name: run for run in run_update(sources, root, messages.append, prune=True).runs}
        _assert_intact(root, target, original)
    assert pruned["victim"].counts["failed"] == 0
    if victim_host_allowed:
        assert f"hostile: {stolen}: {target} belongs to source 'victim'; not hidden by 'hostile'" in messages
        assert hid["hostile"].counts["refused"] == 1
    else:
        assert stolen not in documents(root)  # the hostile source pruned its own article only

    rebuild_index(root, messages.append)
    _assert_intact(root, target, original)


def test_index_written_before_owners_were_recorded_opens_and_its_documents_are_adopted(tmp_path: Path) -> None:
    root = tmp_path / "index"
    gen = ensure_index(root, analyzer="bigram")
    # The schema as it was before the ``source`` field: a real older index on disk.
    old_fields = {name: field for name, field in build_schema("bigram").items() if name != "source"}
    old = FileStorage(str(gen)).open_index(indexname=INDEX_NAME, schema=Schema(**old_fields))
    writer = old.writer()
    for n in range(3):
        fields = article_to_fields(Article(url=f"https://old.example/{n}", title=f"예전 글 {n}", body="legacy"))
        fields.pop("source")
        writer.add_document(**fields)
    writer.commit()

    assert set(_search_urls(root, "legacy")) == {f"https://old.example/{n}" for n in range(3)}
    summary = rebuild_index(root, lambda _: None)
    assert (summary.carried, summary.documents) == (3, 3)
    assert {doc.get("source") for doc in documents(root).values()} == {None}

    sink = IndexSink(root / summary.generation)
    assert sink.add(Article(url="https://old.example/0", title="예전 글 0", body="legacy, imported again")) == "updated"
    sink.close()
    assert documents(root)["https://old.example/0"]["source"] == "import"
    sink = IndexSink(root / summary.generation)
    with pytest.raises(NotOwned, match="belongs to source 'import'"):
        sink.add(Article(url="https://old.example/0", title="taken", body="x"), owner="blog")
    with pytest.raises(NotOwned, match="not deleted by 'blog'"):
        sink.mark_gone("https://old.example/0", "blog", prune=True)
    assert sink.mark_gone("https://old.example/1", "blog") is True  # unowned (the crawl checks its origin)


def test_a_source_may_not_be_named_import(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text(_table("import", "http://127.0.0.1:9/", "tistory", []), encoding="utf-8")
    with pytest.raises(ConfigError, match="reserved for imported records"):
        load_sources(config)
