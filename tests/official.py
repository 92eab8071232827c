"""The official artefacts (`../shared/official`, see its README): where they are, and one KoSIT runner.

They are read in place, never copied into the project. Without them the tests that need them skip;
under CI they fail (`tests.availability.unavailable`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tests.availability import unavailable

OFFICIAL = Path(__file__).resolve().parents[1].parent / "shared" / "official"
REFERENCE = OFFICIAL / "kosit-xrechnung"


def official_directory() -> Path:
    """The official artefacts folder; skips (fails under CI) when it is absent."""
    if not (REFERENCE / "scenarios.xml").is_file():
        unavailable(f"official artefacts not found at {OFFICIAL}")
    return OFFICIAL


def reference_directory() -> Path:
    """The reference KoSIT configuration folder (`kosit-xrechnung`)."""
    return official_directory() / "kosit-xrechnung"


@cache
def reference():
    from validators.kosit import Configuration

    return Configuration.load(reference_directory())


@cache
def runner():
    """One KoSIT runner for the whole test session (its stylesheets compile once per process)."""
    from validators.kosit import Runner

    return Runner(reference())
