"""A writer run that stops on an unexpected error still reports one line and records the run."""

import subprocess
import sys
from pathlib import Path

from search.runs import last_run
from tests.conftest import ROOT


def test_update_on_a_broken_index_records_the_failure_without_traceback(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    (index / "CURRENT").write_text("gen-000009\n", encoding="utf-8")  # names a generation that is gone
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nname = "x"\nurl = "http://127.0.0.1:9/"\nkind = "generic"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "update", "--config", str(config), "--index", str(index)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "run stopped by an internal error" in result.stderr
    record = last_run(index)
    assert record is not None and record["exit_code"] == 1 and record["command"] == "update"
    assert any("internal error" in error for error in record["errors"])
