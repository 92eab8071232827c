"""What a test needs but this machine may lack: skip locally, fail under CI.

A CI run must never pass by skipping (a skipped test proves nothing), so every "not available
here" goes through `unavailable`.
"""

from __future__ import annotations

import os

import pytest


def unavailable(reason: str) -> None:
    """Skip the calling test (or module) because of `reason`; with `CI` set, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must provide it (see .ci/run).")
    pytest.skip(reason, allow_module_level=True)
