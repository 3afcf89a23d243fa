"""What the wheel must carry: every data file the package reads, and what it imports."""

from __future__ import annotations

import ast
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "slidegen"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Import names whose distribution is named differently.
DISTRIBUTIONS = {
    "PIL": "pillow",
    "yaml": "pyyaml",
    "pptx": "python-pptx",
    "googleapiclient": "google-api-python-client",
    "google": "google-auth",
    "google_auth_oauthlib": "google-auth-oauthlib",
    "pydantic_core": "pydantic-core",
}


def _declared() -> set[str]:
    names = set()
    for requirement in PYPROJECT["project"]["dependencies"]:
        name = requirement.split(";")[0]
        for stop in "<>=!~[ ":
            name = name.split(stop)[0]
        names.add(name.strip().lower())
    return names


def test_every_data_file_in_the_package_is_declared_package_data() -> None:
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["slidegen"]
    data = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert data, "the package ships data files"
    missing = [name for name in data if not any(fnmatch(name, p) for p in patterns)]
    assert missing == [], f"add these to [tool.setuptools.package-data]: {missing}"


def test_every_third_party_import_is_a_declared_dependency() -> None:
    imported: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = {
        name
        for name in imported
        if name not in sys.stdlib_module_names and name not in {"slidegen", "msvcrt"}
    }
    declared = _declared()
    undeclared = sorted(
        name for name in third_party if DISTRIBUTIONS.get(name, name).lower() not in declared
    )
    assert undeclared == [], f"imported but not declared in pyproject.toml: {undeclared}"
