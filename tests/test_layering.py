"""The data flow of the design card, checked on the source: ``indexer/`` -> index and page archive
on disk -> ``search/`` -> ``web/``. ``search/`` is a library another front end can use, so it never
imports Flask or the crawler; ``web/`` never imports the crawler (it reads what ``indexer/`` wrote
through ``search/``) and never parses HTML pages itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN = {
    "search": ("indexer", "web", "flask", "werkzeug", "gunicorn"),
    "web": ("indexer", "lxml", "bs4", "nh3", "html5lib"),
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_downstream_or_beside_its_job(package: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in sorted(_imports(path))
        if name.split(".")[0] in FORBIDDEN[package]
    ]
    assert not offences
