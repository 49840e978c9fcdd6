"""Per-segment column files: opening an archive and starting a writer read no stored record, and
the columns stay equal to the stored fields through adds, updates, deletions, merges, optimising
and rebuilds."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3PerDocReader

from indexer.index_writer import IndexSink
from search import Archive, SearchRequest
from search.columns import ColumnStore
from search.engine import display_zone
from search.postings import field_lengths
from search.schema import category_prefixes, split_stored
from search.segment_columns import EXTENSION, commit_with_columns
from search.storage import ensure_index, open_live
from tests.conftest import ROOT, make_article


@pytest.fixture(autouse=True)
def _bigram(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")


@contextmanager
def counted_stored_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts every stored record Whoosh reads (all stored reads go through the per-document reader)."""
    reads: list[int] = []
    original = W3PerDocReader.stored_fields

    def counting(self: W3PerDocReader, docnum: int) -> dict:
        reads.append(docnum)
        return original(self, docnum)

    monkeypatch.setattr(W3PerDocReader, "stored_fields", counting)
    try:
        yield reads
    finally:
        monkeypatch.setattr(W3PerDocReader, "stored_fields", original)


def _article(n: int, **overrides: object):  # noqa: ANN202 - a test Article
    fields = {
        "tags": (("python", "Web,Dev") if n % 3 else ("Python",)) if n % 5 else (),
        "author": f"author{n % 4}" if n % 7 else None,
        "category": f"Tech/Lang{n % 3}" if n % 2 else None,
        "published": None if n % 11 == 0 else make_article(n).published,
        "lang": "ko" if n % 2 else "en",
        "body": f"oil price {n} crude",
    }
    return make_article(n, **{**fields, **overrides})


def _write(root: Path, numbers: range, batch: int = 7) -> None:
    sink = IndexSink(ensure_index(root), batch_size=batch)
    sink.add_all(_article(n) for n in numbers)
    sink.close()


def _segment_files(root: Path) -> tuple[set[str], set[str]]:
    """(segment ids of the live generation, segment ids that have a column file)."""
    generation, index = open_live(root)
    segments = {segment.segment_id() for segment in index._segments()}  # noqa: SLF001 - test inspection
    files = {p.name[: -len(EXTENSION)] for p in (root / generation).glob(f"*{EXTENSION}")}
    return segments, files


def _assert_columns_match_stored(root: Path) -> None:
    """Every live document's column values equal what its stored record says."""
    _, index = open_live(root)
    store = ColumnStore(display_zone())
    with index.searcher() as searcher:
        columns = store.for_readers(searcher.reader().leaf_readers())
        assert columns.size == searcher.doc_count_all()
        for doc in searcher.reader().all_doc_ids():
            stored = searcher.stored_fields(doc)
            stamp = stored.get("ts", -1)
            assert columns.ts[doc] == (stamp if stamp is not None and stamp >= 0 else -1)
            if columns.ts[doc] >= 0:
                local = datetime.fromtimestamp(int(columns.ts[doc]), display_zone())
                assert columns.month[doc] == local.year * 12 + local.month - 1
            else:
                assert columns.month[doc] == -1
            assert columns.gone[doc] == bool(stored.get("gone"))
            for name in ("author", "site", "lang"):
                vid = columns.single[name][doc]
                value = stored.get(name) or None
                assert (store.vocab[name].display[vid].casefold() if vid >= 0 else None) == (
                    value.casefold() if value else None)
            for name, values in (("tags", split_stored(stored.get("tags"))),
                                 ("category", category_prefixes(stored.get("category_path")))):
                multi = columns.multi[name]
                got = [store.vocab[name].display[i].casefold() for i in multi.ids[multi.docs == doc]]
                assert got == [v.casefold() for v in values]


def test_every_segment_gets_its_column_file_at_commit_and_merged_ones_lose_theirs(tmp_path: Path) -> None:
    root = tmp_path / "index"
    for start in range(0, 60, 10):  # many small commits: Whoosh merges the small segments
        _write(root, range(start, start + 10), batch=3)
    segments, files = _segment_files(root)
    assert files == segments
    _assert_columns_match_stored(root)


def test_columns_stay_right_after_updates_hides_and_deletions(tmp_path: Path) -> None:
    root = tmp_path / "index"
    _write(root, range(40))
    sink = IndexSink(ensure_index(root), batch_size=5)
    for n in range(0, 40, 3):  # updated: old copies deleted in their segments
        sink.add(_article(n, title=f"Changed {n}", tags=("changed",)))
    for n in range(1, 40, 8):
        sink.mark_gone(f"https://blog.example/{n}", "import")
    for n in range(2, 40, 9):
        sink.mark_gone(f"https://blog.example/{n}", "import", prune=True)
    sink.close()
    segments, files = _segment_files(root)
    assert files == segments
    _assert_columns_match_stored(root)
    archive = Archive(root, result_cache=0)
    result = archive.search(SearchRequest(q="", tags=("changed",), per_page=1, highlight=False))
    assert result.total == len([n for n in range(0, 40, 3) if n % 8 != 1 and n % 9 != 2])


def test_columns_stay_right_after_optimising_everything_into_one_segment(tmp_path: Path) -> None:
    root = tmp_path / "index"
    for start in range(0, 30, 10):
        _write(root, range(start, start + 10))
    _write(root, range(5, 15))  # deletions in the older segments
    _, index = open_live(root)
    writer = index.writer()
    writer.delete_by_term("id", make_article(20).id)
    commit_with_columns(writer, [], optimize=True)
    segments, files = _segment_files(root)
    assert len(segments) == 1 and files == segments
    _assert_columns_match_stored(root)


def test_opening_an_archive_and_starting_a_writer_read_no_stored_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "index"
    for start in range(0, 60, 20):
        _write(root, range(start, start + 25))
    with counted_stored_reads(monkeypatch) as reads:
        sink = IndexSink(ensure_index(root))
        assert sink.contains(make_article(44).id)
        assert reads == []
        archive = Archive(root, result_cache=0)
        archive.stats()
        result = archive.search(SearchRequest(q="oil", facets=(("tags", 10), ("year", 10), ("author", 10)),
                                              per_page=2, highlight=False))
        assert result.total == 65
        assert len(reads) == 2  # the two hits shown, nothing else
    assert {v.value for v in result.facets["tags"].values} == {"python", "Web,Dev"}


def test_an_index_without_column_files_gets_them_once_from_stored_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index from before column files: the first reader builds and writes them; the next reads none."""
    root = tmp_path / "index"
    for start in range(0, 40, 20):
        _write(root, range(start, start + 25))
    generation, _ = open_live(root)
    for path in (root / generation).glob(f"*{EXTENSION}"):
        path.unlink()
    with counted_stored_reads(monkeypatch) as reads:
        Archive(root).check()
        assert len(reads) >= 40  # built from every stored record
        segments, files = _segment_files(root)
        assert files == segments
        reads.clear()
        Archive(root).check()
        IndexSink(ensure_index(root))
        assert len(reads) <= 2  # check() reads the first and last records, nothing else
    _assert_columns_match_stored(root)


def test_a_read_only_index_keeps_the_built_columns_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "index"
    _write(root, range(30))
    generation, _ = open_live(root)
    for path in (root / generation).glob(f"*{EXTENSION}"):
        path.unlink()

    def refuse(*_args: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr("search.segment_columns.os.replace", refuse)
    archive = Archive(root, result_cache=0)
    with counted_stored_reads(monkeypatch) as reads:
        first = archive.search(SearchRequest(q="oil", facets=(("author", 10),), per_page=1, highlight=False))
        built = len(reads)
        second = archive.search(SearchRequest(q="crude", facets=(("author", 10),), per_page=1, highlight=False))
    assert built >= 30 and len(reads) == built + 1  # the second search read only its one hit
    assert first.facets == second.facets
    assert not list((root / generation).glob(f"*{EXTENSION}")) and not list((root / generation).glob(".*"))


def test_field_lengths_read_as_a_block_equal_whooshs_per_document_lengths(tmp_path: Path) -> None:
    root = tmp_path / "index"
    _write(root, range(30))
    _write(root, range(10, 20))
    _, index = open_live(root)
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for field in ("title", "body"):
                expected = [leaf.doc_field_length(doc, field, 1) or 1 for doc in range(leaf.doc_count_all())]
                assert field_lengths(leaf, field).tolist() == expected


def test_rebuild_keeps_columns_right(tmp_path: Path) -> None:
    from indexer.rebuild import rebuild_index

    root = tmp_path / "index"
    _write(root, range(25))
    rebuild_index(root, report=lambda _line: None)
    segments, files = _segment_files(root)
    assert files == segments
    _assert_columns_match_stored(root)
    assert Archive(root).search(SearchRequest(q="oil", per_page=1)).total == 25


def test_kiwi_stays_unloaded_until_a_query_has_hangul(tmp_path: Path) -> None:
    """An English search on a Kiwi-analysed index neither loads Kiwi (seconds, 500 MB) nor needs it."""
    script = textwrap.dedent(f"""
        import search.kiwi
        from pathlib import Path
        from indexer.index_writer import IndexSink
        from search import Archive, SearchRequest
        from search.storage import ensure_index
        from tests.conftest import make_article
        root = Path({str(tmp_path / "index")!r})
        sink = IndexSink(ensure_index(root, "kiwi"))
        sink.add_all(make_article(n, body="oil prices rose", lang="en") for n in range(20))
        sink.close()
        archive = Archive(root)
        assert archive.search(SearchRequest(q="oil")).total == 20
        print("after english", search.kiwi._kiwi is None)
        archive.search(SearchRequest(q="대통령"))
        print("after korean", search.kiwi._kiwi is None)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSARCHIVE_ANALYZER": "kiwi"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                         check=True, cwd=ROOT).stdout
    assert out.split("\n")[:2] == ["after english True", "after korean False"]


def test_a_field_the_file_does_not_hold_has_no_values(tmp_path: Path) -> None:
    """A stored field added to the schema later: files written before it answer it as empty."""
    root = tmp_path / "index"
    _write(root, range(5))
    _, index = open_live(root)
    from search.segment_columns import load

    with index.reader() as reader:
        leaf = reader.leaf_readers()[0][0]
        column = load(leaf, ("id",)).column("added_later")
    assert np.array_equal(column.codes, np.full(5, -1)) and column.values == []
