"""``newsarchive update`` on a full disk: one line, a failed run record, and nothing lost for the next run.

The full disk is RLIMIT_FSIZE in the child (writes past the limit fail with EFBIG), see
:func:`tests.test_import_integrity._fill_until_full`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from search.runs import last_run
from search.storage import open_live
from tests.conftest import ROOT
from tests.fixtures_crawl import FixtureBlog, write_config
from tests.test_crawl import documents
from tests.test_import_integrity import _fill_until_full


def test_full_disk_during_update_stops_in_one_line_and_the_next_run_indexes_every_page(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram", "PYTHONPATH": str(ROOT)}
    blog = FixtureBlog(posts=3).start()
    try:
        config = write_config(tmp_path / "sources.toml", blog.base_url, timeout=2.0)
        root = tmp_path / "index"
        args = ["update", "--config", str(config), "--index", str(root)]
        full = subprocess.run([sys.executable, "-c", _fill_until_full(24 * 1024), *args],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert full.returncode == 1
        assert "Traceback" not in full.stderr
        last = full.stderr.strip().splitlines()[-1]
        assert last.startswith("Error: run stopped by an internal error: "), full.stderr
        assert "File too large" in last or "disk I/O error" in last, last  # the archive or the catalogue
        record = last_run(root)
        assert record is not None and record["exit_code"] == 1
        assert open_live(root)[1].doc_count() == 0  # the batch in flight was lost whole, nothing half-written

        again = subprocess.run([sys.executable, "-m", "indexer.cli", *args],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    finally:
        blog.stop()
    assert again.returncode == 0, again.stderr
    # Nothing the failed run half-wrote (catalogue, archive, index) stands in the way of the next.
    assert " new 16, updated 0," in again.stdout
    assert len(documents(root)) == 16
