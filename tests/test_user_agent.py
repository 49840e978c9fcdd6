"""The crawler identifies itself with the operator's contact: a top-level ``user_agent`` in
sources.toml for every source, a source's own ``user_agent`` for that source, sent on real requests."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.config import ConfigError, load_sources
from indexer.crawl import policy_for
from indexer.fetch import USER_AGENT, Fetcher


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        type(self).seen.append(self.headers.get("User-Agent", ""))
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        """Quiet: the test reads what was recorded."""


def test_global_and_per_source_user_agents_reach_the_server(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    config = tmp_path / "sources.toml"
    config.write_text(
        'user_agent = "newsarchive/0.1 (+https://ops.example/crawler; ops@ops.example)"\n\n'
        f'[[source]]\nname = "a"\nurl = "{base}/a"\nkind = "generic"\n\n'
        f'[[source]]\nname = "b"\nurl = "{base}/b"\nkind = "generic"\n'
        'user_agent = "b-crawler (+mailto:b@ops.example)"\n',
        encoding="utf-8",
    )
    try:
        for source in load_sources(config):
            fetcher = Fetcher(policy_for(source))
            try:
                assert fetcher.get(source.url).status == 200
            finally:
                fetcher.close()
    finally:
        server.shutdown()
    assert _Recorder.seen == [
        "newsarchive/0.1 (+https://ops.example/crawler; ops@ops.example)",
        "b-crawler (+mailto:b@ops.example)",
    ]


def test_without_user_agent_the_default_names_the_software(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nname = "a"\nurl = "https://a.example/"\nkind = "generic"\n', encoding="utf-8")
    assert load_sources(config)[0].user_agent == USER_AGENT and USER_AGENT.startswith("newsarchive/")


@pytest.mark.parametrize("line", ['user_agent = ""', 'user_agent = "bad\\nline"', "user_agent = 3"])
def test_a_bad_user_agent_is_refused_with_the_line(tmp_path: Path, line: str) -> None:
    config = tmp_path / "sources.toml"
    config.write_text(f'[[source]]\nname = "a"\nurl = "https://a.example/"\nkind = "generic"\n{line}\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources.toml:5: .*'user_agent' must be a non-empty line"):
        load_sources(config)
