import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.lock import LockBusy, WriterLock

HOLD = """
import sys, time
from pathlib import Path
from indexer.lock import WriterLock
with WriterLock(Path(sys.argv[1]), "update"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(root: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(root), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_second_writer_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    proc = hold_lock(tmp_path, 30)
    try:
        with pytest.raises(LockBusy, match=rf"update \(pid {proc.pid}"), WriterLock(tmp_path, "rebuild"):
            pass
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_process_is_released(tmp_path: Path) -> None:
    proc = hold_lock(tmp_path, 30)
    proc.kill()
    proc.wait()
    with WriterLock(tmp_path, "update"):
        pass


def test_wait_takes_the_lock_once_the_holder_finishes(tmp_path: Path) -> None:
    proc = hold_lock(tmp_path, 0.5)
    started = time.monotonic()
    with WriterLock(tmp_path, "update", wait=10):
        assert time.monotonic() - started < 9
    proc.wait()
