"""Schemathesis against a live gunicorn over the sample blog, with every check on.

The suite runs a short, seeded pass; ``make fuzz-api`` sets ``FUZZ_API_EXAMPLES=500`` for the long
one and this test then also requires at least that many requests to every operation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_support import live_server, server_errors, shared_sample_index

EXAMPLES = int(os.environ.get("FUZZ_API_EXAMPLES", "3"))
LONG_RUN = EXAMPLES >= 100


def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory all xdist workers of this session share (the base temp dir's parent)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "api-shared"


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gunicorn") / "stderr.log"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, server_log: Path) -> Iterator[str]:
    with live_server(shared_sample_index(shared_dir(tmp_path_factory)), server_log) as base:
        yield base


def requests_per_operation(har: Path, document: dict) -> Counter[str]:
    prefix = document["servers"][0]["url"]
    routes = [(re.compile("^" + re.sub(r"\{[^/]+?\}", "[^/]+", p) + "$"), p) for p in document["paths"]]
    counts: Counter[str] = Counter()
    for entry in json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]:
        path = "/" + entry["request"]["url"].split("/", 3)[3].split("?")[0]
        local = path.removeprefix(prefix)
        counts.update(name for pattern, name in routes if pattern.match(local))
    return counts


def run_schemathesis(url: str, har: Path, log: Path, *extra: str) -> str:
    """One schemathesis run. One worker: with two, its threads build hypothesis reprs through
    ``ast`` concurrently, which CPython 3.11 (before 3.11.8) can fail with "AST constructor
    recursion depth mismatch", a SystemError in the fuzzer, not in the API (seen in this suite)."""
    cmd = [
        sys.executable, "-m", "schemathesis.cli", "run", url, "--checks", "all", "--max-examples", str(EXAMPLES),
        "--seed", "20261127", "--workers", "1", "--request-timeout", "60", "--max-response-time", "60",
        "--suppress-health-check", "too_slow", "--report", "har", "--report-har-path", str(har), "--no-color", *extra,
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=7200 if LONG_RUN else 300)
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:] + server_errors(log)
    return run.stdout[run.stdout.find("SUMMARY") :]


def test_schemathesis_finds_no_failure(server: str, server_log: Path, tmp_path: Path) -> None:
    url = f"{server}/api/v1/openapi.json"
    with urllib.request.urlopen(url, timeout=30) as resp:
        document = json.load(resp)
    counts: Counter[str] = Counter()
    # Schemathesis leaves out the operation serving the document unless it is asked for by name.
    for n, extra in enumerate([(), ("--include-path", "/openapi.json")]):
        har = tmp_path / f"run{n}.har"
        print(run_schemathesis(url, har, server_log, *extra))
        counts += requests_per_operation(har, document)
    print("requests per operation:", dict(sorted(counts.items())))
    assert not server_errors(server_log), server_errors(server_log)
    assert set(counts) == set(document["paths"]), counts
    if LONG_RUN:
        assert min(counts.values()) >= EXAMPLES, counts
