"""requirements.txt is what the site runs on and all a production install takes; requirements-dev.txt
adds the test, lint and benchmark tools."""

import ast
import functools
import importlib.metadata
import re
import sys
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "requirements.txt"
DEVELOPMENT = ROOT / "requirements-dev.txt"
# What tests, lints or measures the code, and what only they pull in.
TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-playwright",
    "pytest-xdist",
    "pytest-cov",
    "playwright",
    "ruff",
    "djhtml",
    "djade",
    "django-upgrade",
    "factory-boy",
    "faker",
    "hypothesis",
    "time-machine",
    "feedparser",
    "feedparser-sgmllib",
    "extruct",
    "beautifulsoup4",
    "coverage",
    "pyinstrument",
    "standardwebhooks",
    "moto",
    "flask",
    "flask-cors",
    "django-migration-linter",
}
LOCAL = {"newsroom", "tests", "bench", "manage"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> list[Requirement]:
    lines = (line.partition("#")[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def names(path: Path) -> set[str]:
    return {normalized(requirement.name) for requirement in requirements(path)}


def installed_with(path: Path) -> set[str]:
    """The distributions installing `path` brings, its requirements' requirements included (as the
    installed packages declare them, with the extras asked for)."""
    found: dict[str, set[str]] = {}
    waiting = [(requirement.name, set(requirement.extras)) for requirement in requirements(path)]
    while waiting:
        name, extras = waiting.pop()
        if normalized(name) in found and extras <= found[normalized(name)]:
            continue
        found.setdefault(normalized(name), set()).update(extras)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras | {""}):
                waiting.append((requirement.name, set(requirement.extras)))
    return set(found)


@functools.cache
def _packages_distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def imported_packages(*folders: str) -> dict[str, set[str]]:
    """The installed distributions providing each top-level module the Python files under `folders`
    import (the standard library and the project's own modules left out)."""
    distributions = _packages_distributions()
    found = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.partition(".")[0]
                    if top not in sys.stdlib_module_names and top not in LOCAL:
                        found[top] = {normalized(name) for name in distributions.get(top, [])}
    return found


def test_a_production_install_carries_no_test_or_lint_tool():
    assert names(RUNTIME) & TOOLS == set()
    assert installed_with(RUNTIME) & TOOLS == set()


def test_the_development_set_is_the_runtime_set_with_the_tools():
    assert "-r requirements.txt" in DEVELOPMENT.read_text().splitlines()
    assert names(DEVELOPMENT) & names(RUNTIME) == set(), "listed in both files"
    assert {"pytest", "pytest-django", "playwright", "ruff", "djhtml", "django-upgrade"} <= names(DEVELOPMENT)


def test_every_requirement_is_pinned_to_one_version():
    for path in (RUNTIME, DEVELOPMENT):
        for requirement in requirements(path):
            assert re.fullmatch(r"==[^,*]+", str(requirement.specifier)), f"{path.name}: {requirement}"


def test_every_package_the_site_imports_is_a_runtime_requirement():
    runtime = names(RUNTIME)
    for module, providers in imported_packages("newsroom").items():
        assert providers & runtime, f"newsroom/ imports {module} ({', '.join(providers) or 'not installed'})"


def test_every_package_the_tests_and_benchmarks_import_is_a_requirement():
    listed = names(RUNTIME) | names(DEVELOPMENT)
    for module, providers in imported_packages("tests", "bench").items():
        assert providers & listed, f"tests/ or bench/ import {module} ({', '.join(providers) or 'not installed'})"
