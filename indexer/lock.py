"""The exclusive writer lock on an index root, held by ``update``, ``rebuild`` and ``import``.

It is an ``flock`` on ``ROOT/writer.lock``: the kernel releases it when the holder exits, however
it exits (SIGKILL included), so a crashed run never leaves a stale lock behind and cron needs no
``flock(1)`` wrapper. The file's content (pid, command, start time) only serves the message a
second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from types import TracebackType

LOCK_FILE = "writer.lock"
EX_TEMPFAIL = 75


class LockBusy(RuntimeError):
    """Another process holds the writer lock; the message says who."""


class WriterLock:
    """Context manager: ``with WriterLock(root, "update", wait=0): ...``."""

    def __init__(self, root: Path, command: str, wait: float = 0.0, poll: float = 0.1) -> None:
        self.path = Path(root) / LOCK_FILE
        self.command = command
        self.wait = wait
        self.poll = poll
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``wait`` seconds; raises :class:`LockBusy`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(self.path)
                    os.close(fd)
                    raise LockBusy(
                        f"another newsarchive {holder} holds the index lock {self.path}; "
                        f"try again later or pass --wait SECONDS"
                    ) from None
                time.sleep(self.poll)
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            json.dumps({"pid": os.getpid(), "command": self.command, "since": time.time()}).encode(),
            0,
        )
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def _holder(path: Path) -> str:
    """'update (pid 123, since 12:00:01)' from the lock file, best effort."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        since = time.strftime("%H:%M:%S", time.localtime(info["since"]))
        return f"{info['command']} (pid {info['pid']}, since {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return "run"
