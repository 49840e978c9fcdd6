"""The crawler and importer against hostile input (issue 16: items 3, 4, 5 and the crawler parts of 11).

Decompression bombs, a header-dripping server, DNS rebinding, redirects to another port, bogus
charset labels and a 10 MB robots.txt, each served for real by :mod:`tests.hostile_site` on
loopback; the crawler and the importer run as subprocesses whose peak memory is measured.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.config import Source, load_sources
from indexer.crawl import policy_for
from indexer.extract import extract_page
from indexer.fetch import Fetcher, FetchError, FetchPolicy
from indexer.limits import MAX_ROBOTS_BYTES, BadEncoding, Decoder, TooLarge, decoder_for, gunzip, read_capped
from indexer.pagestore import PageStore
from indexer.robots import robots_text
from search.decode import decode_html
from search.runs import read_runs, run_state
from tests.conftest import ROOT
from tests.fixtures_crawl import write_config
from tests.hostile_site import DRIP_PAGES, GiB, HostileSite, gzip_bomb, stacked_bomb

MAX_RSS_MB = 400
PUBLIC_ADDRESS = "93.184.215.14"  # a global unicast address; nothing answers it from the test machine


@pytest.fixture
def site() -> Iterator[HostileSite]:
    server = HostileSite().start()
    yield server
    server.stop()


@pytest.fixture
def env() -> dict[str, str]:
    return {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram", "PYTHONPATH": str(ROOT)}


_MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as fh:
    fh.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_measured(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str, str, float]:
    """Run ``python -m indexer.cli ARGS``; (exit code, stdout, stderr, its peak RSS in MB).

    A small wrapper process starts the command and reports its children's peak RSS: measured
    from the test process itself, Linux would count the pages a fork shares with the (large)
    pytest worker, which the child's ``ru_maxrss`` keeps across ``exec``.
    """
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        result = subprocess.run([sys.executable, "-c", _MEASURE, rss.name, sys.executable, "-m", "indexer.cli", *args],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        peak_kb = int(rss.read() or 0)
    return result.returncode, result.stdout, result.stderr, peak_kb / 1024


# --- item 3: decompression bombs -------------------------------------------------------------


def test_limits_decode_streams_with_a_cap() -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 1_100_000  # 1 MB on the wire, 1 GiB inflated
    with pytest.raises(TooLarge, match="exceeds the 1000000-byte limit"):
        gunzip(bomb, 1_000_000)
    decoder = Decoder("gzip", 5000, truncate=True)
    assert len(decoder.feed(bomb[:100_000])) == 5000 and decoder.full
    with pytest.raises(BadEncoding, match="stacked Content-Encoding"):
        decoder_for("gzip, gzip", 1000)
    with pytest.raises(BadEncoding, match="unsupported"):
        decoder_for("br", 1000)
    text = b"hello " * 1000
    assert gunzip(gzip.compress(text) + gzip.compress(text), 100_000) == text * 2  # multi-member
    assert decoder_for("deflate", 100_000).feed(__import__("zlib").compress(text)) == text
    assert read_capped(io.BytesIO(text), len(text)) == text
    with pytest.raises(TooLarge):
        read_capped(io.BytesIO(text), len(text) - 1)


def test_crawl_of_bombs_ends_with_per_url_errors_in_bounded_memory(
    tmp_path: Path, site: HostileSite, env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "sources.toml", site.base_url, name="hostile", timeout=20.0)
    index = tmp_path / "index"
    code, out, err, rss = run_measured(["update", "--config", str(config), "--index", str(index)], env)
    assert code == 0, err
    assert rss < MAX_RSS_MB, f"peak RSS {rss:.0f} MB"
    assert "Traceback" not in err
    record = read_runs(index)[-1]
    errors = "\n".join(record["errors"])
    base = site.base_url
    # A gzipped sitemap served without Content-Encoding: the crawler's own gunzip is capped.
    assert f"{base}/sitemap-bomb.xml.gz: sitemap refused: decompressed sitemap/feed exceeds the 2000000-byte limit" \
        in errors
    assert f"{base}/entry/gzip-bomb: decoded body exceeds the 2000000-byte limit (gzip-encoded)" in errors
    assert f"{base}/entry/stacked: stacked Content-Encoding 'gzip, gzip' refused" in errors
    counts = record["sources"][0]["counts"]
    # rot13/zlib_codec charsets are ignored, not fatal; robots.txt's rule past 500 KiB is not read.
    assert counts["new"] == 3 and counts["failed"] == 3 and counts["disallowed"] == 1, counts
    assert f"{base}/entry/ok" in {path for path in (f"{base}{p}" for p in site.paths())}
    assert "/entry/early-private" not in site.paths()
    # The 10 MB robots.txt was read up to 500 KiB and no further (what the crawler kept of it).
    store = PageStore(index)
    try:
        state = store.state(f"{base}/robots.txt")
        assert state is not None and state.capture_id
        assert len(store.read(store.capture(state.capture_id)).content) == MAX_ROBOTS_BYTES
    finally:
        store.close()


def _gzip_warc(path: Path, url: str, payload: bytes, headers: list[tuple[str, str]]) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=http))


def test_import_of_a_warc_with_a_gzip_bomb_record_reports_it_and_imports_the_rest(
    tmp_path: Path, env: dict[str, str]
) -> None:
    warc = tmp_path / "bomb.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, payload, encoding in (
            ("https://hostile.example/bomb", gzip_bomb(), "gzip"),
            ("https://hostile.example/good", gzip.compress(b"<html><head><title>good page</title></head><body>"
                                                           b"<article><h1>good page</h1><p>" + b"fine words " * 60
                                                           + b"</p></article></body></html>"), "gzip"),
        ):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Encoding", encoding)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=http))
    assert warc.stat().st_size < 2_000_000
    code, out, err, rss = run_measured(["import", str(warc), "--index", str(tmp_path / "index")], env)
    assert code == 0, err
    assert rss < MAX_RSS_MB, f"peak RSS {rss:.0f} MB"
    assert "Traceback" not in err
    assert ("https://hostile.example/bomb: record body (decoded from Content-Encoding gzip) exceeds the "
            "10485760-byte limit; record skipped") in err
    assert "pages 2, new 1, updated 0, unchanged 0, failed 1, extracted 1" in out


def test_import_of_a_warc_whose_sitemap_record_is_a_bomb(tmp_path: Path, env: dict[str, str]) -> None:
    warc = tmp_path / "sitemap.warc.gz"
    _gzip_warc(warc, "https://hostile.example/sitemap.xml", stacked_bomb(),
               [("Content-Type", "application/xml"), ("Content-Encoding", "gzip")])
    code, out, err, rss = run_measured(["import", str(warc), "--index", str(tmp_path / "index")], env)
    assert code == 1 and "nothing imported" in err, err  # the WARC's only record was the bomb
    assert rss < MAX_RSS_MB, f"peak RSS {rss:.0f} MB"
    assert "https://hostile.example/sitemap.xml: " in err and "exceeds the 10485760-byte limit" in err


# --- item 4: header drip, deadlines, the run record ------------------------------------------


def test_one_deadline_covers_headers_and_retries(site: HostileSite) -> None:
    fetcher = Fetcher(FetchPolicy(timeout=2.0, retries=2, allow_private=True, requests_per_second=100))
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 2 s"):
        fetcher.get(f"{site.base_url}/entry/drip-0")
    elapsed = time.monotonic() - started
    fetcher.close()
    assert elapsed < 2.6, elapsed  # not httpx's per-read timeout (reset by every byte), not 3 attempts
    assert site.paths().count("/entry/drip-0") == 1


def _drip_config(tmp_path: Path, site: HostileSite, **options: object) -> Path:
    path = write_config(tmp_path / "sources.toml", site.base_url, name="drip", timeout=3.0, retries=2, **options)
    text = path.read_text(encoding="utf-8").replace('kind = "tistory"', 'kind = "sitemap"')
    path.write_text(text.replace(f'url = "{site.base_url}/"', f'url = "{site.base_url}/sitemap-drip.xml"'),
                    encoding="utf-8")
    return path


def test_update_with_a_run_deadline_finishes_in_time_against_a_header_drip(
    tmp_path: Path, site: HostileSite, env: dict[str, str]
) -> None:
    config = _drip_config(tmp_path, site)
    index = tmp_path / "index"
    started = time.monotonic()
    code, out, err, _ = run_measured(["update", "--config", str(config), "--index", str(index), "--deadline", "7"],
                                     env)
    elapsed = time.monotonic() - started
    assert code == 0, err  # cut short by its deadline, not failed: the next run goes on
    assert "stopped at the run's deadline (7 s)" in out
    record = read_runs(index)[-1]
    # The run itself (its record's start to end) kept its deadline; without it, 8 dripping pages
    # at 3 s each would take 24 s. The wall clock adds interpreter start-up on a loaded machine.
    assert record["duration_s"] < 7 + 1.5, record["duration_s"]
    assert elapsed < 7 + 15, elapsed
    assert record["state"] == "finished" and record["deadline_reached"] is True and record["deadline_s"] == 7
    assert run_state(record) == "finished"
    assert any("timed out after 3 s" in error for error in record["errors"])
    dripped = [path for path in site.paths() if path.startswith("/entry/drip")]
    assert 1 <= len(dripped) < DRIP_PAGES and len(dripped) == len(set(dripped))  # no retry of a timeout
    status = subprocess.run([sys.executable, "-m", "indexer.cli", "status", "--index", str(index)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert status.returncode == 0, status.stderr
    assert "last run:      update" in status.stdout and "exit 0" in status.stdout


def _wait_for(predicate, timeout: float = 30) -> None:  # noqa: ANN001
    until = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < until, "timed out waiting"
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_run_record_is_written_at_start_and_a_killed_run_shows_as_interrupted(
    tmp_path: Path, site: HostileSite, env: dict[str, str], sig: signal.Signals
) -> None:
    from web import create_app

    config = _drip_config(tmp_path, site)
    index = tmp_path / "index"
    cli = [sys.executable, "-m", "indexer.cli"]
    proc = subprocess.Popen([*cli, "update", "--config", str(config), "--index", str(index)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: read_runs(index) and any(p.startswith("/entry/drip") for p in site.paths()))

        def status() -> str:
            result = subprocess.run([*cli, "status", "--index", str(index)], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            return result.stdout

        def api_state() -> str:
            app = create_app({"INDEX_DIR": str(index), "TESTING": True, "PRELOAD_ANALYZER": False})
            return app.test_client().get("/api/v1/status").get_json()["last_update"]["state"]

        assert f"→ RUNNING (pid {proc.pid})" in status()
        assert api_state() == "running"
        os.kill(proc.pid, sig)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == (-9 if sig == signal.SIGKILL else 143)
    assert "INTERRUPTED" in status()
    assert api_state() == "interrupted"
    record = read_runs(index)[-1]
    if sig == signal.SIGTERM:  # the run recorded its own end
        assert record["state"] == "interrupted" and record["finished"] and "run interrupted by SIGTERM" in \
            record["errors"]
    else:  # killed outright: the record still says running; its process is gone
        assert record["state"] == "running" and run_state(record) == "interrupted"
        # The next writer, holding the lock, closes it for good.
        from indexer.runlog import RunLog

        RunLog(index, "update").begin()
        assert [run["state"] for run in read_runs(index)] == ["interrupted", "running"]


# --- item 5: SSRF -----------------------------------------------------------------------------


@pytest.fixture
def internal() -> Iterator[HostileSite]:
    """A service on loopback that must never be reached from a public source."""
    server = HostileSite().start()
    yield server
    server.stop()


def test_dns_rebinding_cannot_reach_loopback(internal: HostileSite, monkeypatch: pytest.MonkeyPatch) -> None:
    # "rebind.test" answers a public address to the first lookup and 127.0.0.1 to every later one,
    # through the real socket.getaddrinfo path that an HTTP client resolving again would use.
    real = socket.getaddrinfo
    answers = iter([PUBLIC_ADDRESS])
    lookups: list[str] = []

    def rebinding(host, port, *args, **kwargs):  # noqa: ANN001, ANN202
        if host == "rebind.test":
            address = next(answers, "127.0.0.1")
            lookups.append(address)
            return real(address, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    port = internal.server_address[1]
    fetcher = Fetcher(FetchPolicy(timeout=1.5, retries=1, requests_per_second=100))
    with pytest.raises(FetchError):
        fetcher.get(f"http://rebind.test:{port}/entry/secret")
    fetcher.close()
    assert internal.requests == []  # the loopback service never heard from us
    assert lookups[0] == PUBLIC_ADDRESS


def test_injected_resolver_rebinding_and_private_names(internal: HostileSite) -> None:
    port = internal.server_address[1]
    answers = iter([[PUBLIC_ADDRESS]])
    fetcher = Fetcher(FetchPolicy(timeout=1.0, retries=0), resolver=lambda host, p: next(answers, ["127.0.0.1"]))
    with pytest.raises(FetchError):
        fetcher.get(f"http://rebind.test:{port}/entry/secret")
    # A name that resolves to loopback is refused, with the way to opt in.
    with pytest.raises(FetchError, match="resolves to 127.0.0.1, a loopback/private/link-local address .*"
                                         "allow_private_network = true"):
        fetcher.get(f"http://intranet.test:{port}/entry/secret")
    with pytest.raises(FetchError, match="loopback/private"):
        fetcher.get(f"http://[::ffff:127.0.0.1]:{port}/entry/secret")
    fetcher.close()
    assert internal.requests == []
    # Opted in, the connection goes to the checked address while Host stays the name.
    opted = Fetcher(FetchPolicy(timeout=2.0, retries=0, allow_private=True), resolver=lambda host, p: ["127.0.0.1"])
    assert opted.get(f"http://intranet.test:{port}/entry/hello").status == 200
    opted.close()
    assert internal.requests == [("/entry/hello", f"intranet.test:{port}")]


def test_private_start_host_needs_the_explicit_opt_in(tmp_path: Path, site: HostileSite) -> None:
    from indexer.crawl import run_update

    config = write_config(tmp_path / "sources.toml", site.base_url, allow_private_network=False)
    run = run_update(load_sources(config), tmp_path / "index", lambda _: None).runs[0]
    assert run.failed_whole and site.requests == []
    assert all("allow_private_network = true" in error.reason for error in run.errors), run.errors


def test_redirect_to_another_port_of_the_same_host_is_refused(internal: HostileSite) -> None:
    site = HostileSite(redirect_port=internal.server_address[1]).start()
    try:
        source = Source("s", f"{site.base_url}/", "tistory", allow_private_network=True, timeout=2.0)
        fetcher = Fetcher(policy_for(source))
        with pytest.raises(FetchError, match=r"redirect to http://127.0.0.1:\d+/internal refused: "
                                             r"http://127.0.0.1:\d+ is not among the source's origins"):
            fetcher.get(f"{site.base_url}/entry/elsewhere")
        fetcher.close()
    finally:
        site.stop()
    assert internal.requests == []
    assert not source.allows(f"http://127.0.0.1:{internal.server_address[1]}/x")
    assert source.allows(f"{site.base_url}/x")
    public = Source("p", "http://blog.example/", "tistory", allowed_hosts=("cdn.example:8443",))
    assert public.allows("https://blog.example/x")  # the https upgrade of the start URL
    assert not public.allows("http://blog.example:8080/x") and not public.allows("ftp://blog.example/x")
    assert public.allows("http://cdn.example:8443/x") and not public.allows("http://cdn.example/x")


# --- item 11: charsets and robots.txt ---------------------------------------------------------


@pytest.mark.parametrize("label", ["rot13", "zlib_codec", "base64", "hex", "bz2_codec", "unicode_escape",
                                   "undefined", "idna", "utf-7"])
def test_charset_labels_that_are_not_text_encodings_fall_back(label: str) -> None:
    html = f'<html><head><meta charset="{label}"><title>한글 제목</title></head><body><p>본문</p></body></html>'
    assert "한글 제목" in decode_html(html.encode("utf-8"), label)
    assert "plain" in decode_html(b"<p>plain text</p>", label)
    article = extract_page(html.replace("<p>본문</p>", "<article><p>" + "본문 글 " * 40 + "</p></article>")
                           .encode("utf-8"), "https://x.example/1", encoding=label)
    assert article.title == "한글 제목"


def test_robots_txt_is_parsed_up_to_500_kib() -> None:
    body = b"User-agent: *\nDisallow: /a\n" + b"# filler\n" * 200_000 + b"Disallow: /b\n"
    text = robots_text(body)
    assert len(text.encode()) <= MAX_ROBOTS_BYTES and text.endswith("\n") and "Disallow: /b" not in text
    started = time.perf_counter()
    from protego import Protego

    rules = Protego.parse(text)
    assert not rules.can_fetch("https://x.example/a", "newsarchive") and rules.can_fetch("https://x.example/b", "x")
    assert time.perf_counter() - started < 5


def test_every_decompression_goes_through_indexer_limits() -> None:
    """No module outside indexer/limits.py inflates outside data with an unbounded call.

    pagestore.py reads back our own archive, whose records were capped when fetched or imported
    and are stored decoded, without ``Content-Encoding``."""
    offenders = []
    for path in (ROOT / "indexer").rglob("*.py"):
        if path.name in ("limits.py", "pagestore.py"):
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("gzip.decompress", "zlib.decompress(", ".content_stream().read()", "GzipFile("):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_sources_toml_allow_private_network_must_be_a_boolean(tmp_path: Path) -> None:
    from indexer.config import ConfigError

    path = tmp_path / "s.toml"
    path.write_text('[[source]]\nname = "a"\nurl = "http://x/"\nkind = "tistory"\nallow_private_network = "yes"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=":5: .*'allow_private_network' must be true or false"):
        load_sources(path)
    path.write_text('[[source]]\nname = "a"\nurl = "http://x/"\nkind = "tistory"\nallow_private_network = true\n',
                    encoding="utf-8")
    assert load_sources(path)[0].allow_private_network is True
    assert json.dumps(GiB)  # the bomb size is part of the fixture's contract


def test_a_slow_dns_answer_is_bounded_by_the_fetch_deadline() -> None:
    def slow(host: str, port: int) -> list[str]:
        time.sleep(5)
        return [PUBLIC_ADDRESS]

    fetcher = Fetcher(FetchPolicy(timeout=1.0, retries=2), resolver=slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 1 s \(resolving slow.test\)"):
        fetcher.get("http://slow.test/x")
    assert time.monotonic() - started < 1.5
    fetcher.close()


def test_a_huge_crawl_delay_cannot_hold_the_run_past_its_deadline(site: HostileSite) -> None:
    fetcher = Fetcher(FetchPolicy(timeout=5.0, allow_private=True, requests_per_second=100),
                      run_deadline=time.monotonic() + 2)
    fetcher.set_crawl_delay(site.base_url.split("//")[1], 86_400)  # "Crawl-delay: 86400" in robots.txt
    assert fetcher.get(f"{site.base_url}/entry/ok").status == 200
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetcher.get(f"{site.base_url}/entry/ok")
    assert time.monotonic() - started < 0.5
    fetcher.close()
