"""The installed package needs only what pyproject.toml declares.

Debian's pip 23.0.1 does not install ``lxml[html_clean]`` (lxml 6 spells the extra ``html-clean``, and
pips before 23.3 compare extra names as written, PEP 685 came later), and the test
extras used to pull in distributions the code imports without declaring them: both passed every
test and crashed a plain install. These checks read the code and the installed metadata, so a new
undeclared import fails here rather than on an operator's machine.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from tests.conftest import ROOT

OWN_PACKAGES = {"search", "web", "indexer"}
# Extras that a dependency asks for under a spelling its target does not provide as written (old
# pips then skip them), with the distribution each brings in, which we declare directly.
REPLACED_EXTRAS = {("lxml", "html_clean"): "lxml-html-clean"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _normalise(re.split(r"[\s\[<>=!~;(]", requirement.strip(), maxsplit=1)[0])


# Extras that are features of the app (an optional analyzer), not tools for working on it: the
# code imports their distributions only when the feature is chosen.
FEATURE_EXTRAS = {"mecab"}


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = project.get("optional-dependencies", {})
    features = [req for extra in FEATURE_EXTRAS for req in optional.get(extra, [])]
    return {_requirement_name(req) for req in [*project["dependencies"], *features]}


def _runtime_imports(path: Path) -> set[str]:
    """Top-level names imported by a module, leaving out ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def third_party_imports() -> dict[str, list[str]]:
    """Every non-stdlib, non-own top-level import of search/, web/ and indexer/, with its files."""
    found: dict[str, list[str]] = {}
    for package in sorted(OWN_PACKAGES):
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in _runtime_imports(path):
                if name not in sys.stdlib_module_names and name not in OWN_PACKAGES and name != "__future__":
                    found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_imported_distribution_is_a_declared_dependency() -> None:
    providers = metadata.packages_distributions()
    deps = declared()
    imports = third_party_imports()
    assert {"flask", "werkzeug", "jinja2", "markupsafe", "babel", "lxml"} <= set(imports)
    missing = {}
    for name, files in imports.items():
        distributions = {_normalise(d) for d in providers.get(name, [])}
        assert distributions, f"{name} (imported by {files[0]}) is not installed"
        if not distributions & deps:
            missing[name] = (sorted(distributions), files[:3])
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def _extras_requested(distribution: str) -> set[tuple[str, str]]:
    """(target, extra) pairs that ``distribution`` requires unconditionally, e.g. lxml[html_clean]."""
    pairs = set()
    for requirement in metadata.requires(distribution) or []:
        spec, _, marker = requirement.partition(";")
        if "extra ==" in marker:
            continue
        if match := re.match(r"\s*([A-Za-z0-9_.\-]+)\s*\[([^\]]+)\]", spec):
            pairs |= {(_normalise(match.group(1)), extra.strip()) for extra in match.group(2).split(",")}
    return pairs


def _closure(roots: set[str]) -> set[str]:
    """Every installed distribution reachable from ``roots`` through unconditional requirements."""
    seen: set[str] = set()
    todo = list(roots)
    while todo and len(seen) < 1000:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [_requirement_name(r) for r in requirements if "extra ==" not in r.partition(";")[2]]
    return seen


def test_extras_a_dependency_needs_are_provided_as_spelt_or_declared_directly() -> None:
    deps = declared()
    for distribution in sorted(_closure(deps)):
        try:
            requested = _extras_requested(distribution)
        except metadata.PackageNotFoundError:
            continue
        for target, extra in sorted(requested):
            try:
                provided = {e.lower() for e in metadata.metadata(target).get_all("Provides-Extra") or []}
            except metadata.PackageNotFoundError:
                continue
            if extra.lower() in provided:
                continue
            replacement = REPLACED_EXTRAS.get((target, extra))
            assert replacement, f"{distribution} needs {target}[{extra}], which pip 23.0 cannot resolve"
            assert replacement in deps, (
                f"{distribution} needs {target}[{extra}]; pip 23 cannot install it, so declare {replacement}"
            )
