"""ruff finds nothing in the project and mypy finds nothing in any of its packages, at the settings in pyproject.toml.

Both tools and the stubs are pinned in requirements.txt, so a finding here is one the change itself brought.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The packages mypy checks (settings: [tool.mypy] in pyproject.toml): the core, the command line, the web edge
# and the workers, so every shipped package and `cli`.
TYPED = ("invoicing", "validators", "projections", "cli", "web", "workers")
SHIPPED = ("invoicing", "validators", "projections", "workers", "web")


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing_in_the_project():
    result = run("ruff", "check", "--no-fix", "--output-format", "concise", ".")
    assert result.returncode == 0, f"ruff check found:\n{result.stdout}{result.stderr}"


def test_mypy_finds_nothing_in_the_packages():
    packages = [name for name in TYPED if (ROOT / name / "__init__.py").is_file()]
    result = run("mypy", *packages)
    assert result.returncode == 0, f"mypy {' '.join(packages)} found:\n{result.stdout}{result.stderr}"


def test_every_shipped_package_declares_its_types_and_ships_the_marker():
    missing = [name for name in SHIPPED if not (ROOT / name / "py.typed").is_file()]
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]
    unshipped = [name for name in SHIPPED if "py.typed" not in package_data.get(name, [])]
    assert (missing, unshipped) == ([], [])
