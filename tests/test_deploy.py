"""The deployment files in deploy/ are valid as shipped: systemd units verified by systemd itself,
the example sources and environment files accepted by newsarchive, the nginx example sized for
every valid search URL, and the Procfile running ``newsarchive serve``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.config import load_sources
from tests.conftest import ROOT
from web import create_app
from web.openapi import build_document, operation_parameters
from web.request_line import longest_search_url

DEPLOY = ROOT / "deploy"
UNITS = ("newsarchive-web.service", "newsarchive-update.service", "newsarchive-update.timer")
INSTALLED_BINARY = "/srv/newsarchive/.venv/bin/newsarchive"


def test_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is absent (Debian's systemd package provides it)")
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        # verify checks that ExecStart's program exists: point it at one that does on this machine.
        (tmp_path / name).write_text(text.replace(INSTALLED_BINARY, sys.executable), encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", *(str(tmp_path / name) for name in UNITS)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "newsarchive" not in result.stderr, result.stderr  # no warning about our units either


def test_units_run_the_installed_command() -> None:
    web = (DEPLOY / "newsarchive-web.service").read_text(encoding="utf-8")
    assert f"ExecStart={INSTALLED_BINARY} serve " in web and "--proxy-fix 1" in web
    update = (DEPLOY / "newsarchive-update.service").read_text(encoding="utf-8")
    assert f"ExecStart={INSTALLED_BINARY} update " in update and "SuccessExitStatus=75" in update


def test_the_example_sources_file_loads_with_its_user_agents() -> None:
    sources = load_sources(DEPLOY / "sources.example.toml")
    assert [s.name for s in sources] == ["my-blog", "news-feed"]
    assert "ops@archive.example.org" in sources[0].user_agent
    assert sources[1].user_agent != sources[0].user_agent


def test_the_example_environment_file_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for line in (DEPLOY / "newsarchive.env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("NEWSARCHIVE_INDEX", str(tmp_path / "index"))
    app = create_app()
    assert app.config["RATE_LIMIT"] == "120/minute"


def _size(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", text).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def test_nginx_example_admits_the_longest_valid_search_url() -> None:
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    _count, size = re.search(r"large_client_header_buffers\s+(\d+)\s+(\w+);", conf).groups()  # type: ignore[union-attr]
    longest = longest_search_url(operation_parameters(build_document("0", 10_000)))
    assert _size(size) >= longest + len("GET  HTTP/1.1")
    assert "proxy_buffering on;" in conf and "X-Forwarded-For $remote_addr" in conf


def test_procfile_runs_newsarchive_serve_not_a_module_path() -> None:
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    web = next(line for line in procfile.splitlines() if line.startswith("web:"))
    assert web.split()[1:3] == ["newsarchive", "serve"] and "web:create_app" not in web
    assert "--limit-request-line" not in procfile
