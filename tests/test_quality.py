"""The project's own gates, run as tests so CI enforces them.

ruff's T20 rules keep `print` in the CLI only; mypy runs strict.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    "argv",
    [
        ["ruff", "check", "generator", "tests", "benchmarks"],
        ["ruff", "format", "--check", "generator", "tests", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_gate(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", *argv], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("dependency", "owner"),
    [
        ("copier", "template/engine.py"),
        ("ruamel", "yaml/"),
        ("yaml as pyyaml", "yaml/"),
        ("questionary", "prompts.py"),
    ],
)
def test_one_module_owns_each_dependency(dependency: str, owner: str) -> None:
    package = REPO_ROOT / "generator" / "pilotkit"
    importers = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if f"import {dependency}" in path.read_text() or f"from {dependency}" in path.read_text()
    }
    assert importers, f"nothing imports {dependency}"
    assert all(name == owner or name.startswith(owner) for name in importers), importers


def test_public_api_is_listed_and_importable() -> None:
    import pilotkit

    assert set(pilotkit.__all__) == {"ExitCode", "PilotkitError", "__version__", *pilotkit._LAZY}
    for name in pilotkit.__all__:
        assert getattr(pilotkit, name) is not None, name
    # What type checkers see is the same table: each name from the module it is listed under.
    tree = ast.parse((REPO_ROOT / "generator" / "pilotkit" / "__init__.py").read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If))
    seen = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name
    }
    assert seen == {name: f"pilotkit.commands.{module}" for name, module in pilotkit._LAZY.items()}


def imported_modules(folder: Path) -> Iterator[str]:
    """Every absolute module name the Python files under FOLDER import, and every Jinja
    extension they load by name (an `extensions=[...]` argument)."""
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from (alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield node.module
            elif isinstance(node, ast.keyword) and node.arg == "extensions":
                for item in ast.walk(node.value):
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        yield item.value.rpartition(".")[0]


def distributions(modules: Iterator[str]) -> set[str]:
    """The installed distributions that provide MODULES (the standard library and this
    repository's own packages left out), by canonical name."""
    owners = packages_distributions()
    # the package, the tests, and the benchmark scripts, which import one another by name
    local = {"pilotkit", "tests", *(path.stem for path in (REPO_ROOT / "benchmarks").glob("*.py"))}
    found: set[str] = set()
    for module in modules:
        top = module.partition(".")[0]
        if top in sys.stdlib_module_names or top in local:
            continue
        assert top in owners, f"{module} is imported but no installed distribution provides it"
        candidates = owners[top]
        if len(candidates) > 1:  # a namespace package (ruamel): the one named like the module
            named = [d for d in candidates if canonicalize_name(d) == canonicalize_name(module)]
            candidates = named or candidates
        found.update(canonicalize_name(name) for name in candidates)
    return found


def declared(group: str | None = None) -> set[str]:
    """The distributions pyproject.toml declares: the runtime ones, or extra GROUP's."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {canonicalize_name(Requirement(line).name) for line in lines}


def test_runtime_dependencies_are_exactly_what_the_package_imports() -> None:
    imported = distributions(imported_modules(REPO_ROOT / "generator" / "pilotkit"))
    assert "jinja2-ansible-filters" in imported  # the questionnaire's Jinja extension
    assert declared() == imported


def test_the_test_extra_declares_what_the_tests_import() -> None:
    used = distributions(imported_modules(REPO_ROOT / "tests"))
    used |= distributions(imported_modules(REPO_ROOT / "benchmarks"))
    assert used - declared() - declared("test") == set()


# The top of the package holds only what every domain shares (errors, findings, files,
# git, lock, clock, numbers …); a new capability gets a folder of its own, so that a
# reader finds any behaviour from the folder names alone.
MOST_TOP_LEVEL_MODULES = 13


def test_the_package_top_holds_few_modules() -> None:
    package = REPO_ROOT / "generator" / "pilotkit"
    modules = sorted(path.name for path in package.glob("*.py"))
    assert len(modules) <= MOST_TOP_LEVEL_MODULES, (
        f"{len(modules)} modules at the top of pilotkit/, at most {MOST_TOP_LEVEL_MODULES}: "
        f"{', '.join(modules)}; put the new one in the package of its domain"
    )


def test_no_module_is_imported_under_a_mod_alias() -> None:
    """`import pilotkit.tasks as tasks_mod` hides that two names mean one thing: import the
    module, or the names it holds."""
    found = []
    for folder in ("generator", "tests"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found += [
                        f"{path.relative_to(REPO_ROOT)}:{node.lineno}: as {alias.asname}"
                        for alias in node.names
                        if alias.asname and alias.asname.endswith("_mod")
                    ]
    assert not found, "\n".join(found)
