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
