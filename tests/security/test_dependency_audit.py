"""No pinned requirement has a known vulnerability: `pip-audit` over `requirements.txt` (exact pins, no resolving).

pip-audit asks a vulnerability service about each pinned version: PyPI's JSON API (advisories of the
Python Packaging Advisory Database), else OSV. When neither answers for every package — no network,
or a mirror without the per-version API — the audit proves nothing, and the test is skipped with
"NOT AUDITED" and the services' answers as its reason, under CI too. This is the one deliberate exception
to `tests.availability.unavailable`: the advisory service is outside what a test run can provide (the
build machine reaches only package indexes), so failing would block every change without making a pin
safer; the skip reason stays visible in the summary, and `make audit` runs it where the services answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("pypi", "osv")
UNREACHABLE = ("could not be audited", "ConnectionError", "NameResolutionError", "Max retries exceeded",
               "Failed to establish a new connection", "timed out")

pytestmark = pytest.mark.slow


def audit(service: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip_audit", "--requirement", "requirements.txt", "--no-deps",
                           "--disable-pip", "--strict", "--format", "json", "--progress-spinner", "off",
                           "--vulnerability-service", service], cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_no_pinned_requirement_has_a_known_vulnerability():
    reasons = []
    for service in SERVICES:
        result = audit(service)
        if result.returncode != 0 and any(mark in result.stderr for mark in UNREACHABLE):
            reasons.append(f"{service}: {result.stderr.strip().splitlines()[-1][:300]}")
            continue
        report = json.loads(result.stdout or "{}")
        found = [f"{item['name']} {item['version']}: {', '.join(v['id'] for v in item['vulns'])}"
                 for item in report.get("dependencies", ()) if item.get("vulns")]
        assert not found, "known vulnerabilities in pinned requirements (update the pins):\n" + "\n".join(found)
        assert result.returncode == 0, result.stderr[-2000:]
        assert len(report["dependencies"]) >= 50  # every pin was looked at, not an empty file
        return
    pytest.skip("NOT AUDITED: no vulnerability service answered for every pinned requirement ("
                + "; ".join(reasons) + ")")
