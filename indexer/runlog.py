"""What a writer run tells its operator: log lines, a progress bar, and the status record.

Under cron, stderr is not a terminal: every event is one plain line (or one JSON object with
``--log-json``) that log collectors can parse. At a terminal, a tqdm progress bar shows pages done.
The run's status record is written when it starts (``state: "running"``) and completed when it
ends (start, end, duration, per-source counters, errors with URLs) in the index root's run history
(:mod:`search.runs`), which ``newsarchive status``, ``/api/v1/status`` and the UI footer show. A
run stopped by SIGTERM or Ctrl-C is recorded as ``interrupted``; one killed outright keeps
``running`` and is shown as interrupted once its process is gone.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from search.runs import append_run, close_stale_runs

MAX_ERRORS_KEPT = 200


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RunLog:
    """Collects one run's events and counters and writes its status record at the end."""

    def __init__(self, root: Path, command: str, log_json: bool = False, stream: TextIO | None = None) -> None:
        self.root = root
        self.command = command
        self.log_json = log_json
        self.stream = stream or sys.stderr
        self.started = time.time()
        self.started_iso = _now_iso()
        self.sources: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self._bar: Any = None
        self.id = uuid.uuid4().hex
        self._extra: dict[str, Any] = {}

    def begin(self, record: Mapping[str, Any] | None = None, **fields: Any) -> None:
        """Write the ``running`` record with ``record``'s extra keys (after marking runs a kill
        left ``running`` interrupted; the caller holds the writer lock) and log ``started`` with
        ``fields``."""
        self._extra = dict(record or {})
        close_stale_runs(self.root)
        append_run(self.root, {
            "id": self.id, "command": self.command, "state": "running", "started": self.started_iso,
            "finished": None, "pid": os.getpid(), "host": socket.gethostname(), "totals": {}, "sources": [],
            "errors": [], **self._extra,
        })
        self.event("started", **fields)

    @contextmanager
    def running(self, record: Mapping[str, Any] | None = None, **fields: Any) -> Iterator[RunLog]:
        """:meth:`begin`, then the run; SIGTERM or Ctrl-C ends it with an ``interrupted`` record
        and exit code 143 or 130 instead of a stale ``running`` one."""
        self.begin(record, **fields)
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _terminated)
        try:
            yield self
        except (KeyboardInterrupt, Terminated) as exc:
            code = 143 if isinstance(exc, Terminated) else 130
            self.error(f"run interrupted by {'SIGTERM' if code == 143 else 'SIGINT'}")
            self.finish(code, state="interrupted")
            raise SystemExit(code) from None
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    @property
    def interactive(self) -> bool:
        return not self.log_json and self.stream.isatty()

    def event(self, event: str, **fields: Any) -> None:
        """One log line: ``command: message key=value …`` or a JSON object with ``--log-json``."""
        if self.log_json:
            line = json.dumps({"time": _now_iso(), "command": self.command, "event": event, **fields},
                              ensure_ascii=False, default=str)
        else:
            extra = " ".join(f"{k}={v}" for k, v in fields.items())
            line = f"{self.command}: {event}" + (f" {extra}" if extra else "")
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def error(self, message: str, url: str | None = None) -> None:
        """A failure that did not stop the run (a page, a sitemap): logged and kept in the record."""
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)
        if self.log_json:
            self.event("error", message=message, **({"url": url} if url else {}))
        else:
            print(message, file=self.stream, flush=True) if self._bar is None else self._bar.write(message)

    @contextmanager
    def progress(self, total: int | None, desc: str) -> Iterator[Any]:
        """A tqdm bar at a terminal; otherwise an object whose ``update`` does nothing visible
        (the per-source summary lines report progress under cron)."""
        if not self.interactive:
            yield _Silent()
            return
        from tqdm import tqdm

        with tqdm(total=total, desc=desc, unit="page", file=self.stream, leave=False) as bar:
            self._bar = bar
            try:
                yield bar
            finally:
                self._bar = None

    def source_done(self, name: str, counts: Mapping[str, int], errors: list[str], failed: bool) -> None:
        self.sources.append({"name": name, "counts": dict(counts), "errors": errors[:50], "failed": failed})
        self.event("source done", source=name, source_failed=failed, counts=dict(counts))

    def finish(self, exit_code: int, state: str = "finished", **extra: Any) -> dict[str, Any]:
        """Complete the status record (or write it, without :meth:`begin`) and return it."""
        totals: Counter[str] = Counter()
        for source in self.sources:
            totals.update(source["counts"])
        record = {
            "id": self.id,
            "command": self.command,
            "state": state,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": self.started_iso,
            "finished": _now_iso(),
            "duration_s": round(time.time() - self.started, 3),
            "exit_code": exit_code,
            "totals": dict(totals),
            "sources": self.sources,
            "errors": self.errors[:MAX_ERRORS_KEPT],
            **self._extra,
            **extra,
        }
        append_run(self.root, record)
        self.event("finished", exit_code=exit_code, duration_s=record["duration_s"], totals=dict(totals))
        return record


class Terminated(BaseException):
    """SIGTERM turned into an exception, so a run stopped by cron or systemd records itself."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


class _Silent:
    def update(self, n: int = 1) -> None:
        """Progress is not drawn when stderr is not a terminal."""
