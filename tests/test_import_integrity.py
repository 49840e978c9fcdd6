"""``newsarchive import`` against hostile and broken input, run as a real subprocess on real files.

One lone surrogate used to stop an import with a traceback (of 1,600 good lines only the first
batch of 1,000 was indexed); ``javascript:`` URLs reached the links, the feed and the API; a full
disk ended with a traceback and a segment no commit refers to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.index_writer import IndexSink
from search.storage import current_generation, ensure_index, open_live
from tests.conftest import ROOT, make_article
from tests.fixtures_sites import article_html
from tests.test_crawl import documents
from web import create_app

GOOD = 1600
# Lines after the first 800 good ones: (line, what the report says about it).
HOSTILE_LINES = [
    ({"url": "https://good.example/cleaned", "title": "깨진 \ud800 제목", "body": "본문\x01입니다"},
     "invalid characters in title, body replaced by U+FFFD; indexed"),
    ({"url": "javascript:alert(document.cookie)", "title": "click me"},
     "field 'url' must be an http(s) URL, not javascript:; line skipped"),
    ({"url": "data:text/html,<script>alert(1)</script>", "title": "data"},
     "field 'url' must be an http(s) URL, not data:; line skipped"),
    ({"url": "ftp://files.example/a", "title": "ftp"}, "field 'url' must be an http(s) URL, not ftp:; line skipped"),
    ({"url": "https://good.example/ancient", "title": "too old", "published": "0001-01-01T00:00:00+14:00"},
     "cannot be indexed (date value out of range); line skipped"),
]


def _env() -> dict[str, str]:
    return {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram", "PYTHONPATH": str(ROOT)}


def _record(n: int, body_bytes: int = 0) -> dict[str, object]:
    return {"url": f"https://good.example/{n}", "title": f"좋은 글 {n}", "body": f"본문 {n} " + "가" * body_bytes,
            "published": "2025-01-02T03:04:05+09:00", "tags": ["시험"]}


def _write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    # json.dumps writes a lone surrogate as the escape "\ud800", as other tools' exports do.
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_import_indexes_every_good_line_around_a_lone_surrogate_and_refuses_non_http_urls(tmp_path: Path) -> None:
    records = [_record(n) for n in range(GOOD // 2)] + [r for r, _ in HOSTILE_LINES]
    records += [_record(n) for n in range(GOOD // 2, GOOD)]
    source = _write_jsonl(tmp_path / "records.jsonl", records)
    root = tmp_path / "index"

    result = subprocess.run([sys.executable, "-m", "indexer.cli", "import", str(source), "--index", str(root)],
                            cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    reports = result.stderr.splitlines()
    expected = [f"{source}:{GOOD // 2 + 1 + i}: {reason}" for i, (_, reason) in enumerate(HOSTILE_LINES)]
    assert reports == expected
    assert f"imported {GOOD + 1} records ({GOOD + 1} new, 0 updated, 0 unchanged), 4 bad lines skipped, 1 cleaned" \
        in result.stdout
    stored = documents(root)
    assert set(stored) == {f"https://good.example/{n}" for n in range(GOOD)} | {"https://good.example/cleaned"}
    assert stored["https://good.example/cleaned"]["title"] == "깨진 \ufffd 제목"
    assert stored["https://good.example/cleaned"]["body"] == "본문\ufffd입니다"

    client = create_app({"INDEX_DIR": str(root), "TESTING": True}).test_client()
    feed = client.get("/feed.atom?q=깨진")
    assert feed.status_code == 200
    entries = ElementTree.fromstring(feed.data).findall("{http://www.w3.org/2005/Atom}entry")  # well-formed
    assert len(entries) == 1
    for path in ("/feed.atom", "/api/v1/search?per_page=100", "/search?q=click"):
        body = client.get(path).get_data(as_text=True)
        assert "javascript:" not in body and "data:text" not in body


def _fill_until_full(limit_bytes: int) -> str:
    """A Python prologue: writes past ``limit_bytes`` fail with EFBIG (SIGXFSZ ignored), as on a
    full disk; then the CLI runs as ``python -m indexer.cli`` would."""
    return (
        "import resource, runpy, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit_bytes}, {limit_bytes}))\n"
        "sys.argv[0] = 'newsarchive'\n"
        "runpy.run_module('indexer.cli', run_name='__main__', alter_sys=True)\n"
    )


def test_full_disk_during_import_is_one_line_and_leaves_the_last_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root))
    sink.add_all(make_article(n) for n in range(20))
    sink.close()
    gen_dir = root / str(current_generation(root))
    files_before = sorted(p.name for p in gen_dir.iterdir())
    source = _write_jsonl(tmp_path / "big.jsonl", [_record(n, body_bytes=700) for n in range(2000)])

    result = subprocess.run(
        [sys.executable, "-c", _fill_until_full(256 * 1024), "import", str(source), "--index", str(root)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == (f"Error: cannot write the index at {root}: File too large; import stopped, "
                        "the index keeps its last commit")
    assert sorted(p.name for p in gen_dir.iterdir()) == files_before  # no orphan segment
    assert open_live(root)[1].doc_count() == 20
    assert set(documents(root)) == {f"https://blog.example/{n}" for n in range(20)}

    again = subprocess.run([sys.executable, "-m", "indexer.cli", "import", str(source), "--index", str(root)],
                           cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr  # no stale lock or half-written file in the way
    assert open_live(root)[1].doc_count() == 2020


def _warc(path: Path, pages: list[tuple[str, str]]) -> Path:
    """A gzipped WARC file of 200 HTML responses, as ``wget --warc-file`` writes them."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            body = html.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body),
                                                          http_headers=headers))
    return path


def test_warc_import_confines_canonicals_cleans_text_refuses_schemes_and_other_owners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root))
    sink.add(make_article(101, url="https://victim.example/101", title="피해 글"), owner="victim")
    sink.close()
    warc = _warc(tmp_path / "site.warc.gz", [
        ("https://news.example/a", article_html("가로채기", "남의 주소를 주장한다", canonical="https://victim.example/101")),
        ("https://victim.example/101", article_html("덮어쓰기", "크롤한 글을 덮어쓰려 한다")),
        ("javascript:alert(1)", article_html("스크립트", "스크립트 주소")),
        ("https://news.example/c", article_html("보통 제목", "본문", head=(
            '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "깨진 \\ud800 제목"}</script>'))),
    ])

    result = subprocess.run([sys.executable, "-m", "indexer.cli", "import", str(warc), "--index", str(root)],
                            cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stderr
    # warcio reads HTTP headers only for http(s) target URIs: the javascript: record is no response.
    assert f"{warc}: records 3, pages 3, new 2, updated 0, unchanged 0, failed 1, extracted 3" in result.stdout
    assert result.stderr.splitlines() == [
        f"{warc}: https://news.example/a: canonical https://victim.example/101 is not on the source's own hosts; "
        "indexed under the fetched URL",
        f"{warc}: https://victim.example/101: https://victim.example/101 belongs to source 'victim'; "
        "not overwritten by 'import'; skipped",
        f"{warc}: https://news.example/c: invalid characters in title replaced by U+FFFD",
    ]
    stored = documents(root)
    assert set(stored) == {"https://victim.example/101", "https://news.example/a", "https://news.example/c"}
    assert (stored["https://victim.example/101"]["title"], stored["https://victim.example/101"]["source"]) == (
        "피해 글", "victim")
    assert stored["https://news.example/a"]["source"] == stored["https://news.example/c"]["source"] == "import"
    assert stored["https://news.example/c"]["title"] == "깨진 \ufffd 제목"
