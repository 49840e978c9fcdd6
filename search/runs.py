"""Status records of ``update``/``rebuild`` runs, kept beside the index for operators and the UI.

One JSON object per line in ``ROOT/runs.jsonl``, newest last, trimmed to the last
:data:`KEEP` runs. Written with a temp file and an atomic rename, so a reader never sees half a
record and a crashed run never corrupts the history.
"""

from __future__ import annotations

import json
import os
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


def append_run(root: Path, record: dict[str, Any]) -> None:
    """Add a record, keeping the last :data:`KEEP`; atomic with respect to readers."""
    root.mkdir(parents=True, exist_ok=True)
    runs = read_runs(root, KEEP - 1) + [record]
    tmp = root / f".{RUNS_FILE}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        for run in runs:
            fh.write(json.dumps(run, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / RUNS_FILE)
