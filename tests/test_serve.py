"""gunicorn as ``newsarchive serve`` and the Procfile run it: a TERM stops the master and its
preloaded workers at once (a worker forked from a master running Kiwi's thread pool used to hang
in Kiwi's destructor until gunicorn killed it 30 s later, or forever once the master was gone)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.api_support import build_sample_index, process_running, start_server


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_term_stops_gunicorn_and_its_preloaded_workers_within_seconds(tmp_path: Path) -> None:
    index = build_sample_index(tmp_path / "index")
    master, _base = start_server(index, tmp_path / "stderr.log")
    try:
        deadline = time.monotonic() + 20  # the first worker may answer before the second is forked
        while len(workers := _children(master.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 2
        started = time.monotonic()
        master.terminate()
        master.wait(timeout=25)
        deadline = time.monotonic() + 5
        while any(process_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if process_running(w)]
        assert time.monotonic() - started < 10
    finally:
        master.kill()
