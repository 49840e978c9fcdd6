"""Configuration from the environment: every ``NEWSARCHIVE_*`` setting read, and a bad one refused
with one line naming the variable (the CLI, ``serve`` and ``create_app`` alike)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.settings import SettingError
from tests.conftest import ROOT
from web import create_app

CLI = [sys.executable, "-m", "indexer.cli"]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


def test_web_settings_come_from_the_environment(index_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSARCHIVE_EXPORT_LIMIT", "7")
    monkeypatch.setenv("NEWSARCHIVE_API_CACHE_MAX_AGE", "5")
    monkeypatch.setenv("NEWSARCHIVE_RATE_LIMIT", "2/minute")
    client = create_app({"INDEX_DIR": str(index_root)}).test_client()
    assert client.get("/api/v1/export?limit=8").status_code == 400
    assert client.get("/api/v1/search").headers["Cache-Control"] == "public, max-age=5"
    assert client.get("/search").status_code == 429  # the export and the search spent the budget


def test_create_app_config_wins_over_the_environment(index_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSARCHIVE_RATE_LIMIT", "1/minute")
    client = create_app({"INDEX_DIR": str(index_root), "RATE_LIMIT": None}).test_client()
    assert [client.get("/api/v1/search").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("NEWSARCHIVE_RATE_LIMIT", "lots", "NEWSARCHIVE_RATE_LIMIT must be a rate such as"),
        ("NEWSARCHIVE_EXPORT_LIMIT", "many", "NEWSARCHIVE_EXPORT_LIMIT must be an integer between 1 and"),
        ("NEWSARCHIVE_PROXY_FIX", "-1", "NEWSARCHIVE_PROXY_FIX must be an integer between 0 and 10"),
        ("NEWSARCHIVE_API_MAX_URL_BYTES", "2000", "must be at least"),
        ("NEWSARCHIVE_TZ", "Mars/Olympus", "NEWSARCHIVE_TZ must be an IANA time zone"),
        ("NEWSARCHIVE_RESULT_CACHE", "big", "NEWSARCHIVE_RESULT_CACHE must be an integer >= 0"),
        ("NEWSARCHIVE_ANALYZER", "sudachi", "NEWSARCHIVE_ANALYZER must be one of kiwi, mecab, bigram"),
        ("NEWSARCHIVE_PRELOAD", "yes", "NEWSARCHIVE_PRELOAD must be an integer between 0 and 1"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    index_root: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingError, match=says):
        create_app({"INDEX_DIR": str(index_root)})


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("status",), {"NEWSARCHIVE_TZ": "Mars/Olympus"}),
        (("search", "x"), {"NEWSARCHIVE_ANALYZER": "sudachi"}),
        (("serve", "--port", "1"), {"NEWSARCHIVE_RATE_LIMIT": "lots"}),
        (("serve",), {"PORT": "eighty"}),
    ],
)
def test_the_cli_answers_a_bad_setting_with_one_line(tmp_path: Path, args: tuple[str, ...], env: dict) -> None:
    result = _cli(*args, "--index", str(tmp_path / "none"), env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert lines and lines[-1].startswith("Error") and any(key in lines[-1] for key in env), result.stderr


def test_serve_set_reaches_the_app_and_refuses_unknown_names(tmp_path: Path) -> None:
    index = str(tmp_path / "none")
    typo = _cli("serve", "--set", "EXPORT_LIMT=5", "--index", index, env={})
    assert typo.returncode == 2 and "--set" in typo.stderr and "EXPORT_LIMIT" in typo.stderr
    checked = _cli("serve", "--set", "EXPORT_LIMIT=0", "--index", index, env={})
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert checked.stderr.strip().splitlines()[-1].startswith("Error: NEWSARCHIVE_EXPORT_LIMIT must be an integer")


def test_set_values_parse_like_the_environment() -> None:
    from web.settings import parse_assignment

    assert parse_assignment("EXPORT_LIMIT=500") == ("EXPORT_LIMIT", 500)
    assert parse_assignment("NEWSARCHIVE_RATE_LIMIT=10/second") == ("RATE_LIMIT", "10/second")
