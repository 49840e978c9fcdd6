"""The example client in the README runs against a live server and does what the README says."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.api_support import ROOT, live_server, shared_sample_index
from tests.test_schemathesis import shared_dir

CLIENT = ROOT / "tests" / "example_client.py"


def test_readme_shows_the_example_client_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## JSON API") :]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert CLIENT.read_text(encoding="utf-8") in blocks


def test_example_client_searches_pages_and_prints_facets(tmp_path_factory: pytest.TempPathFactory) -> None:
    log = tmp_path_factory.mktemp("gunicorn") / "stderr.log"
    with live_server(shared_sample_index(shared_dir(tmp_path_factory)), log) as base:
        run = subprocess.run(
            [sys.executable, str(CLIENT), base, "python", "--per-page", "2", "--pages", "2"],
            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )  # fmt: skip
        refused = subprocess.run(
            [sys.executable, str(CLIENT), base, "x", "--per-page", "500"], capture_output=True, text=True, timeout=60
        )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "page 1 (" in out and "page 2 (" in out
    assert out.count("<http://sample.test/") == 4
    assert re.search(r"^tags: .+\(\d+\)", out, flags=re.M) and re.search(r"^year: \d{4} \(\d+\)", out, flags=re.M)
    assert refused.returncode != 0 and "per_page" in refused.stderr
