"""Where an index lives on disk: a root folder holding index generations.

Layout::

    ROOT/CURRENT          name of the live generation, replaced atomically (rename)
    ROOT/gen-000001/      a Whoosh index plus ``newsarchive.json`` (its analyzer)
    ROOT/runs.jsonl       status records of update/rebuild runs (see :mod:`search.status`)

``rebuild`` writes a new generation beside the live one and switches ``CURRENT``; readers
notice on their next request. ``update`` commits into the live generation.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex

from search.analysis import default_analyzer_name
from search.schema import build_schema

CURRENT = "CURRENT"
META = "newsarchive.json"
INDEX_NAME = "MAIN"


class IndexUnavailable(Exception):
    """The index cannot be used: it is missing, or its files cannot be read."""


class IndexMissing(IndexUnavailable, FileNotFoundError):
    """There is no index at the given root yet."""


class IndexCorrupt(IndexUnavailable):
    """The index exists but reading it failed (truncated, overwritten or unreadable files)."""


def default_index_dir() -> Path:
    """``NEWSARCHIVE_INDEX`` or ``./var/index``."""
    return Path(os.environ.get("NEWSARCHIVE_INDEX") or "var/index")


def current_generation(root: Path) -> str | None:
    """The live generation's folder name, or None when the root holds no index."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def generation_path(root: Path, name: str) -> Path:
    return root / name


def analyzer_of(gen_dir: Path) -> str:
    """The analyzer a generation was built with (recorded when it was created)."""
    meta = json.loads((gen_dir / META).read_text(encoding="utf-8"))
    return str(meta["analyzer"])


def live_analyzer(root: Path) -> str:
    """The analyzer of the live generation under ``root``; the default for a new one when none."""
    name = current_generation(root)
    if name is not None and (root / name / META).is_file():
        return analyzer_of(root / name)
    return default_analyzer_name()


def new_generation(root: Path, analyzer: str | None = None) -> tuple[str, Path]:
    """Create an empty generation folder (not yet live) and return its name and path."""
    root.mkdir(parents=True, exist_ok=True)
    analyzer = analyzer or default_analyzer_name()
    numbers = [int(p.name[4:]) for p in root.glob("gen-*") if p.name[4:].isdigit()]
    name = f"gen-{max(numbers, default=0) + 1:06d}"
    path = root / name
    path.mkdir()
    (path / META).write_text(
        json.dumps({"analyzer": analyzer, "created": time.time()}), encoding="utf-8"
    )
    FileStorage(str(path)).create_index(build_schema(analyzer), indexname=INDEX_NAME)
    return name, path


def switch_generation(root: Path, name: str) -> None:
    """Make ``name`` the live generation atomically (write a temp file, fsync, rename).

    The retired generation's folder is touched, so its mtime says when it stopped being live: the
    grace period of :func:`remove_old_generations` counts from then, not from its last commit.
    """
    retired = current_generation(root)
    tmp = root / f".{CURRENT}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / CURRENT)
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    if retired and retired != name and (root / retired).is_dir():
        os.utime(root / retired)


def ensure_index(root: Path, analyzer: str | None = None) -> Path:
    """The live generation's path, creating an empty first generation when there is none."""
    name = current_generation(root)
    if name is None:
        name, _ = new_generation(root, analyzer)
        switch_generation(root, name)
    return root / name


def open_generation(gen_dir: Path) -> FileIndex:
    """Open a generation with the schema built from code for its recorded analyzer."""
    schema = build_schema(analyzer_of(gen_dir))
    return FileStorage(str(gen_dir)).open_index(indexname=INDEX_NAME, schema=schema)


def open_live(root: Path) -> tuple[str, FileIndex]:
    """Open the live generation; :class:`IndexMissing` when there is none."""
    name = current_generation(root)
    if name is None or not (root / name).is_dir():
        raise IndexMissing(f"no index at {root} (run 'newsarchive update' or 'import' first)")
    return name, open_generation(root / name)


def remove_old_generations(root: Path, keep: str, grace_seconds: float = 300.0) -> list[str]:
    """Delete generations other than ``keep`` retired (or, for a killed rebuild's leftovers, last
    written) more than ``grace_seconds`` ago.

    Readers notice a switch within their refresh interval (0.2 s) and then reopen; the grace
    covers a request still running on the old generation, whose files it may not have opened yet.
    """
    removed = []
    now = time.time()
    for path in root.glob("gen-*"):
        if path.name != keep and now - path.stat().st_mtime > grace_seconds:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
