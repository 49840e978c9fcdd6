"""The command line's options for operators and scripts, run as real subprocesses on real indexes:
paging and filters, every hit as JSON Lines, appendable extraction, import exit codes, progress
bars only at a terminal, machine-readable status and logs."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import ROOT

CLI = [sys.executable, "-m", "indexer.cli"]
SAMPLE = ROOT / "sample" / "site"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=600, input=stdin)


def _record(n: int) -> dict[str, object]:
    return {
        "url": f"https://x.example/{n}", "title": f"Coffee report {n}", "body": f"coffee prices, number {n}",
        "published": f"2024-01-{n % 28 + 1:02d}T09:00:00+09:00", "tags": ["coffee"], "lang": "en",
        "site": "x.example", "author": "kim" if n % 2 else "lee", "category": "Economy/Markets",
    }


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-options")
    data = folder / "records.jsonl"
    data.write_text("".join(json.dumps(_record(n)) + "\n" for n in range(25)), encoding="utf-8")
    result = run("import", str(data), "--index", str(folder / "index"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return folder / "index"


def test_search_pages_and_filters(index: Path) -> None:
    third = json.loads(run("search", "coffee", "--limit", "10", "--page", "3", "--json", "--index", str(index)).stdout)
    assert third["total"] == 25 and third["page"] == 3 and len(third["hits"]) == 5
    text = run("search", "coffee", "--limit", "10", "--page", "2", "--index", str(index)).stdout
    assert "page 2 of 3" in text
    kim = json.loads(run("search", "coffee", "--author", "kim", "--json", "--index", str(index)).stdout)
    assert kim["total"] == 12
    for option, value in (("--category", "Economy"), ("--site", "x.example"), ("--lang", "en")):
        found = json.loads(run("search", "coffee", option, value, "--json", "--index", str(index)).stdout)
        assert found["total"] == 25, option
    assert json.loads(run("search", "coffee", "--lang", "ko", "--json", "--index", str(index)).stdout)["total"] == 0


def test_search_all_streams_every_hit_as_json_lines(index: Path) -> None:
    result = run("search", "coffee", "--all", "--index", str(index))
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and len(lines) == 25
    assert {json.loads(line)["url"] for line in lines} == {f"https://x.example/{n}" for n in range(25)}


def test_search_limit_zero_names_the_option_the_cli_has(index: Path) -> None:
    result = run("search", "coffee", "--limit", "0", "--index", str(index))
    assert result.returncode == 2 and "--limit" in result.stderr and "per_page" not in result.stderr


def test_to_before_from_is_an_empty_result_not_an_error(index: Path) -> None:
    result = run("search", "coffee", "--from", "2024-02-01", "--to", "2024-01-01", "--index", str(index))
    assert result.returncode == 0 and result.stdout.startswith("0 results")


def test_extract_jsonl_takes_urls_stdin_and_appends_to_an_importable_file(tmp_path: Path) -> None:
    from sample.serve import serve_in_thread

    server, base = serve_in_thread(SAMPLE)
    try:
        first = run("extract", "--jsonl", "--kind", "tistory", f"{base}/101", f"{base}/102")
    finally:
        server.shutdown()
    assert first.returncode == 0, first.stderr
    out = tmp_path / "extracted.jsonl"
    stdin = run("extract", "--jsonl", "--kind", "tistory", "--url", "https://sample.example/103", "-",
                stdin=(SAMPLE / "103.html").read_text(encoding="utf-8"))
    assert stdin.returncode == 0, stdin.stderr
    out.write_text(first.stdout + stdin.stdout, encoding="utf-8")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3 and records[2]["url"] == "https://sample.example/103"
    imported = run("import", str(out), "--index", str(tmp_path / "index"), "--jobs", "1")
    assert imported.returncode == 0 and "imported 3 records" in imported.stdout, imported.stderr
    assert "0 bad lines" in imported.stdout


def test_extract_reports_a_missing_page_and_prints_the_others(tmp_path: Path) -> None:
    result = run("extract", "--jsonl", str(SAMPLE / "101.html"), str(tmp_path / "missing.html"))
    assert result.returncode == 1 and len(result.stdout.splitlines()) == 1
    assert "missing.html: no such file" in result.stderr
    assert run("extract", str(SAMPLE / "101.html"), str(SAMPLE / "102.html")).returncode == 2  # needs --jsonl


def test_import_fails_when_nothing_was_imported_and_strict_fails_on_bad_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n[1]\n", encoding="utf-8")
    nothing = run("import", str(bad), "--index", str(tmp_path / "a"))
    assert nothing.returncode == 1 and "nothing imported" in nothing.stderr
    status = json.loads(run("status", "--json", "--index", str(tmp_path / "a")).stdout)
    assert status["documents"] == 0 and "None" not in status["generation"]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps(_record(1)) + "\n{not json\n", encoding="utf-8")
    lenient = run("import", str(mixed), "--index", str(tmp_path / "b"), "--jobs", "1")
    assert lenient.returncode == 0 and "imported 1 records" in lenient.stdout
    assert "(0 docs/s)" not in lenient.stdout
    strict = run("import", "--strict", str(mixed), "--index", str(tmp_path / "c"), "--jobs", "1")
    assert strict.returncode == 1 and "--strict" in strict.stderr
    assert json.loads(run("status", "--json", "--index", str(tmp_path / "c")).stdout)["documents"] == 1


def _stderr_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal; (exit code, what the terminal showed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    proc = subprocess.Popen([*CLI, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    shown = bytearray()
    while len(shown) < 10_000_000:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.wait(timeout=300), shown.decode(errors="replace")


def test_import_draws_a_progress_bar_only_at_a_terminal(tmp_path: Path) -> None:
    data = tmp_path / "records.jsonl"
    data.write_text("".join(json.dumps(_record(n)) + "\n" for n in range(40)), encoding="utf-8")
    code, shown = _stderr_on_a_terminal("import", str(data), "--index", str(tmp_path / "tty"), "--jobs", "1")
    assert code == 0 and "import:" in shown and "record" in shown
    piped = run("import", str(data), "--index", str(tmp_path / "pipe"), "--jobs", "1")
    assert "import:" not in piped.stderr and "\r" not in piped.stderr


def test_status_json_is_one_object_with_the_last_runs(index: Path) -> None:
    status = json.loads(run("status", "--json", "--runs", "3", "--index", str(index)).stdout)
    assert status["documents"] == 25 and status["size_bytes"] > 0 and status["analyzer"]
    assert status["generation"].startswith("gen-") and "None" not in status["generation"]
    assert status["last_modified"] and isinstance(status["runs"], list)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """An index crawled from the sample blog by ``update --log-json``, and that run's output."""
    from sample.serve import serve_in_thread

    folder = tmp_path_factory.mktemp("crawled")
    server, base = serve_in_thread(SAMPLE)
    try:
        config = folder / "sources.toml"
        config.write_text(
            f'[[source]]\nname = "sample"\nurl = "{base}/"\nkind = "tistory"\nrequests_per_second = 100\n',
            encoding="utf-8",
        )
        result = run("update", "--log-json", "--jobs", "1", "--config", str(config), "--index", str(folder / "i"))
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    return folder / "i", result


def _only_json_lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # raises on any line that is not one JSON object


def test_update_log_json_writes_only_json_lines(crawled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    events = _only_json_lines(crawled[1])
    assert len(events) >= 3 and events[-1]["event"] == "finished"


def test_rebuild_log_json_writes_only_json_lines(crawled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    result = run("rebuild", "--log-json", "--jobs", "1", "--index", str(crawled[0]))
    assert result.returncode == 0, result.stderr
    assert _only_json_lines(result)[-1]["event"] == "finished"


def test_rebuild_draws_a_progress_bar_at_a_terminal(crawled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    code, shown = _stderr_on_a_terminal("rebuild", "--jobs", "1", "--index", str(crawled[0]))
    assert code == 0 and "pages:" in shown and "page/s" in shown
