"""Imports point inward only: the import-linter contracts in `pyproject.toml` hold for the code base, and break
when an upward import is added (so the check is not empty)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cli", "web", "workers", "projections", "validators", "invoicing")
LINT = "from importlinter.cli import lint_imports; raise SystemExit(lint_imports(no_cache=True, no_logo=True))"


def lint(folder: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the packages in `folder`, with the contracts of `folder/pyproject.toml`."""
    return subprocess.run([sys.executable, "-c", LINT], cwd=folder, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)})


def test_every_import_points_inward():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, upward, contract", [
    ("invoicing/leitweg.py", "projections.catalogue", "Layers"),  # the core imports a read model
    ("validators/report.py", "projections.paging", "Layers"),  # two independent layers
    ("workers/context.py", "cli.root", "Nothing imports the command line"),
])
def test_an_upward_import_breaks_a_contract(tmp_path, module, upward, contract):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    assert lint(tmp_path).returncode == 0  # the copy alone keeps the contracts
    with open(tmp_path / module, "a") as source:
        source.write(f"\n\ndef _upward():\n    import {upward}  # even an import inside a function counts\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
    assert f"{module[:-3].replace('/', '.')} -> {upward}" in result.stdout
