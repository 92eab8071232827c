"""Functions that spend without end, for the budget tests (run in the budget's child processes)."""

from __future__ import annotations


def spin(_argument) -> None:
    while True:
        pass


def hoard(_argument) -> int:
    kept = []
    while True:
        kept.append(bytearray(64 * 1024 * 1024))


def fail(_argument) -> None:
    raise ValueError("the check itself failed")


def echo(argument):
    return argument


def process_id(_argument) -> int:
    import os

    return os.getpid()


def grow(size: int) -> int:
    """Hold `size` bytes for a moment (touched, so they are resident), then let them go."""
    held = bytearray(size)
    for index in range(0, size, 4096):
        held[index] = 1
    return len(held)
