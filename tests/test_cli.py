"""The ``newsarchive`` command line, run as a real subprocess against real servers and indexes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, requires_shared

CLI = [sys.executable, "-m", "indexer.cli"]


def run(*args: str, cwd: Path = ROOT, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def sample_site():  # noqa: ANN201
    from sample.serve import serve_in_thread

    server, base = serve_in_thread(ROOT / "sample" / "site")
    yield base
    server.shutdown()


def write_sources(tmp_path: Path, base: str) -> Path:
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[[source]]\nname = "sample"\nurl = "{base}/"\nkind = "tistory"\nrequests_per_second = 100\n'
        "allow_private_network = true\n",
        encoding="utf-8",
    )
    return config


def test_update_crawls_sample_blog_and_search_finds_korean_and_english(
    tmp_path: Path, sample_site: str
) -> None:
    index = tmp_path / "index"
    config = write_sources(tmp_path, sample_site)
    first = run("update", "--config", str(config), "--index", str(index))
    assert first.returncode == 0, first.stderr
    assert "new 5" in first.stdout or "new " in first.stdout
    korean = json.loads(run("search", "트럼프", "--json", "--index", str(index)).stdout)
    assert korean["total"] >= 2
    assert any("<mark>트럼프</mark>" in h["snippet_html"] + h["title_html"] for h in korean["hits"])
    english = json.loads(run("search", "coffee", "--json", "--index", str(index)).stdout)
    assert english["total"] >= 1
    for hit in korean["hits"] + english["hits"]:
        assert "728x90" not in hit["snippet_html"]
        assert hit["published"] and hit["published"].endswith("+09:00")

    second = run("update", "--config", str(config), "--index", str(index))
    assert second.returncode == 0, second.stderr
    assert " new 0, updated 0," in second.stdout


def test_update_rejects_bad_config_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nname = "x"\nurl = "ftp://x"\nkind = "tistory"\n', encoding="utf-8")
    result = run("update", "--config", str(config), "--index", str(tmp_path / "i"))
    assert result.returncode != 0
    assert "'url' must be an http(s) URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_reports_bad_lines_and_indexes_the_rest(tmp_path: Path) -> None:
    data = tmp_path / "records.jsonl"
    good = {"url": "https://x.example/1", "title": "Good record", "body": "coffee", "published": None,
            "tags": ["a"], "lang": "en", "site": "x.example", "author": None, "category": "A/B"}
    lines = [json.dumps(good), "{not json", json.dumps({"title": "no url"}),
             json.dumps({**good, "url": "https://x.example/2", "published": "2024-13-01"})]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import", str(data), "--index", str(tmp_path / "i"))
    assert result.returncode == 0, result.stderr
    assert f"{data}:2: invalid JSON" in result.stderr
    assert f"{data}:3: field 'url'" in result.stderr
    assert f"{data}:4: field 'published'" in result.stderr
    assert "imported 1 records" in result.stdout
    status = run("status", "--index", str(tmp_path / "i"))
    assert "documents:     1" in status.stdout


def test_search_without_index_is_a_clear_error(tmp_path: Path) -> None:
    result = run("search", "x", "--index", str(tmp_path / "none"))
    assert result.returncode == 1
    assert "no index at" in result.stderr and "Traceback" not in result.stderr


def test_extract_prints_the_record_of_a_sample_page() -> None:
    page = ROOT / "sample" / "site" / "101.html"
    result = run("extract", str(page), "--url", "https://sample.example/101", "--kind", "tistory")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] and record["published"] and record["tags"]
    assert "728x90" not in record["body"]


def test_import_of_a_slice_of_the_reuters_corpus_names_its_bad_line(tmp_path: Path) -> None:
    """2,000 real Reuters lines around the corpus's one bad record (line 12,793: neither title nor
    body), which is reported with its line number in the file imported and skipped. The whole
    corpus's import speed is bench/indexing.py's job, not the suite's."""
    corpus = requires_shared("corpora/reuters21578.jsonl")
    with corpus.open(encoding="utf-8") as lines:
        window = [line for n, line in enumerate(lines, 1) if 11_793 <= n < 13_793]
    sliced = tmp_path / "reuters-slice.jsonl"
    sliced.write_text("".join(window), encoding="utf-8")
    result = run("import", str(sliced), "--index", str(tmp_path / "i"))
    assert result.returncode == 0, result.stderr
    assert "imported 1999 records" in result.stdout and "1 bad lines skipped" in result.stdout
    assert f"{sliced}:1001: record has neither 'title' nor 'body'; line skipped" in result.stderr
    found = json.loads(run("search", "coffee", "--json", "--index", str(tmp_path / "i")).stdout)
    assert found["total"] > 0
