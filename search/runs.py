"""Status records of ``update``/``rebuild`` runs, kept beside the index for operators and the UI.

One JSON object per line in ``ROOT/runs.jsonl``, newest last, trimmed to the last
:data:`KEEP` runs. Written with a temp file and an atomic rename, so a reader never sees half a
record and a crashed run never corrupts the history.

A run's record is written when it starts (``state: "running"``, with its ``id``, ``pid`` and
``host``) and replaced when it ends (``"finished"``, or ``"interrupted"`` on SIGTERM/Ctrl-C). A
run killed outright (SIGKILL, OOM, reboot) leaves ``"running"`` behind: :func:`run_state` reports
it as ``"interrupted"`` once its process is gone, and the next writer rewrites it so.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

KEEP = 50
RUNS_FILE = "runs.jsonl"


def read_runs(root: Path, limit: int = KEEP) -> list[dict[str, Any]]:
    """The last ``limit`` run records, oldest first (a damaged line is skipped)."""
    try:
        lines = (root / RUNS_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    records = []
    for line in lines[-limit:]:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def last_run(root: Path) -> dict[str, Any] | None:
    runs = read_runs(root, 1)
    return runs[-1] if runs else None


STATES = ("running", "finished", "interrupted")


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_state(record: dict[str, Any]) -> str:
    """``running``, ``finished`` or ``interrupted``: a ``running`` record whose process (on this
    host) is gone was killed. Records from before states existed are finished."""
    state = record.get("state", "finished")
    if state not in STATES:
        return "finished"
    if state == "running" and record.get("host") == socket.gethostname() and not _alive(record.get("pid")):
        return "interrupted"
    return str(state)


def append_run(root: Path, record: dict[str, Any]) -> None:
    """Add a record, or replace the one with the same ``id``; keeps the last :data:`KEEP`;
    atomic with respect to readers."""
    runs = read_runs(root, KEEP)
    ident = record.get("id")
    if ident is not None and any(run.get("id") == ident for run in runs):
        runs = [record if run.get("id") == ident else run for run in runs]
    else:
        runs = runs[-(KEEP - 1):] + [record]
    _write(root, runs)


def close_stale_runs(root: Path) -> None:
    """Mark every ``running`` record interrupted; only a writer holding the lock may call this
    (then no other run can be going on)."""
    runs = read_runs(root, KEEP)
    if any(run.get("state") == "running" for run in runs):
        _write(root, [{**run, "state": "interrupted"} if run.get("state") == "running" else run for run in runs])


def _write(root: Path, runs: list[dict[str, Any]]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{RUNS_FILE}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        for run in runs:
            fh.write(json.dumps(run, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / RUNS_FILE)
