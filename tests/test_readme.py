"""The README's shell examples run as written.

Blocks marked ``<!-- runnable -->`` are run with bash (``set -euo pipefail``) in a temporary
folder, against a temporary index, with ``newsarchive`` and ``pybabel`` from this checkout's
environment: an example that stops working fails here instead of on a reader's machine.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MARK = "<!-- runnable -->"
# A marker line, then a fenced sh block (indented alike inside a list item).
_BLOCK = re.compile(r"^([ \t]*)" + re.escape(MARK) + r"\n\1```sh\n(.*?)\n\1```", re.MULTILINE | re.DOTALL)


def runnable_blocks() -> list[str]:
    """The marked blocks, each dedented by its fence's indentation."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = []
    for match in _BLOCK.finditer(text):
        indent = match.group(1)
        blocks.append("\n".join(line.removeprefix(indent) for line in match.group(2).splitlines()))
    return blocks


def _shell(tmp_path: Path) -> dict[str, str]:
    """PATH with a ``newsarchive`` that runs this checkout (never the working directory's code)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "newsarchive"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -P -m indexer.cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    path = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path, "PYTHONPATH": str(ROOT)}


def test_the_readme_marks_its_runnable_examples() -> None:
    blocks = runnable_blocks()
    assert len(blocks) >= 2
    assert any("newsarchive import" in block for block in blocks)
    assert any("pybabel update" in block for block in blocks)


def _catalogue(mo: Path) -> dict[object, str]:
    with mo.open("rb") as fh:
        messages = dict(gettext.GNUTranslations(fh)._catalog)  # type: ignore[attr-defined]
    messages.pop("", None)  # the header: its dates change on every update
    return messages


@pytest.mark.parametrize("index", range(len(runnable_blocks())))
def test_readme_example_runs(tmp_path: Path, index: int) -> None:
    block = runnable_blocks()[index]
    work = tmp_path / "work"
    work.mkdir()
    if "pybabel" in block:
        shutil.copytree(ROOT / "web", work / "web", ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + block], cwd=work, env=_shell(tmp_path),
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"README block {index} failed:\n{block}\n--- stderr:\n{result.stderr[-3000:]}"
    if "newsarchive import" in block:
        assert "imported 2 records" in result.stdout and "0 results" in result.stdout
        assert len((work / "hits.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    if "pybabel" in block:
        for lang in ("ko", "en"):
            rel = Path("web/translations") / lang / "LC_MESSAGES"
            po = (work / rel / "messages.po").read_text(encoding="utf-8")
            assert f"Language: {lang}" in po and "#, fuzzy" not in po  # the header survived the update
            assert _catalogue(work / rel / "messages.mo") == _catalogue(ROOT / rel / "messages.mo")
