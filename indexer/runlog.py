"""What a writer run tells its operator: log lines, a progress bar, and the status record.

Under cron, stderr is not a terminal: every event is one plain line (or one JSON object with
``--log-json``) that log collectors can parse. At a terminal, a tqdm progress bar shows pages done.
When the run ends, its status record (start, end, duration, per-source counters, errors with URLs)
is appended to the index root's run history (:mod:`search.runs`), which ``newsarchive status``,
``/api/v1/status`` and the UI footer show.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from search.runs import append_run

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

    def finish(self, exit_code: int, **extra: Any) -> dict[str, Any]:
        """Write the status record and return it."""
        totals: Counter[str] = Counter()
        for source in self.sources:
            totals.update(source["counts"])
        record = {
            "command": self.command,
            "started": self.started_iso,
            "finished": _now_iso(),
            "duration_s": round(time.time() - self.started, 3),
            "exit_code": exit_code,
            "totals": dict(totals),
            "sources": self.sources,
            "errors": self.errors[:MAX_ERRORS_KEPT],
            **extra,
        }
        append_run(self.root, record)
        self.event("finished", exit_code=exit_code, duration_s=record["duration_s"], totals=dict(totals))
        return record


class _Silent:
    def update(self, n: int = 1) -> None:
        """Progress is not drawn when stderr is not a terminal."""
