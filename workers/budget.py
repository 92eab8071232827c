"""Each document is checked within a budget of CPU time and memory, in a process of its own.

Reading and validating a hostile file happens in C (libxml2, pypdf's zlib), which a thread
cannot interrupt; so `within_budget` runs the check in a child process with an operating-system
CPU-time limit (`RLIMIT_CPU`) and an address-space limit (`RLIMIT_AS`, the child's size at
start plus the memory budget), and waits at most a wall-clock deadline. A child that overruns
is killed, and the caller gets `OverBudget` — the worker records a clear finding for that one
document, and its thread is free again: one file never holds up the others for longer than its
budget.

Children come from a fork server (`multiprocessing`'s "forkserver": a clean, single-threaded
process that has already imported the readers and the validation engine), so starting one
costs milliseconds and never copies the worker's threads or open connections. Each child
reports what it spent (`Spent`: CPU seconds, peak resident memory and the part of it above the
child's size at start), which the hostile-input tests assert and print.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PRELOAD = ["invoicing.lifecycle.reading", "validators.engine", "workers.budget", "workers.steps", "workers.warm_up"]
"""Imported once by the fork server, so that children start ready."""

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)


@dataclass(frozen=True)
class Budget:
    """How much one document may cost: CPU seconds and memory above the process's size at start."""

    cpu_seconds: float = 60.0
    memory_bytes: int = 2 * 1024 ** 3

    @property
    def wall_seconds(self) -> float:
        """How long to wait at most: twice the CPU budget, plus room for a busy machine."""
        return 2 * self.cpu_seconds + 10


@dataclass(frozen=True)
class Spent:
    """What a check cost: CPU seconds (user + system), peak resident memory and the growth above the start."""

    cpu_seconds: float
    wall_seconds: float
    peak_rss_bytes: int
    growth_bytes: int


class OverBudget(Exception):
    """The check ran out of CPU time, memory or wall-clock time; `reason` is "cpu", "memory" or "time"."""

    def __init__(self, reason: str, budget: Budget):
        super().__init__(reason)
        self.reason = reason
        self.budget = budget


def within_budget(function: Callable[[Any], Any], argument: Any, budget: Budget) -> tuple[Any, Spent]:
    """`function(argument)` run in a child process under `budget`: (its result, what it spent).

    `function` must be importable by name (a module-level function) and its result picklable.
    Raises `OverBudget`; an exception raised by `function` itself is raised again here.
    """
    receiving, sending = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_run, args=(function, argument, budget, sending), daemon=True)
    started = time.monotonic()
    child.start()
    sending.close()
    try:
        if not receiving.poll(budget.wall_seconds):
            raise OverBudget("time", budget)
        try:
            outcome, payload, spent = receiving.recv()
        except EOFError:  # the child died without answering: killed by RLIMIT_CPU (SIGXCPU/SIGKILL)
            child.join(5)
            raise OverBudget("memory" if child.exitcode == _OUT_OF_MEMORY else "cpu", budget) from None
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    spent = Spent(spent[0], time.monotonic() - started, spent[1], spent[2])
    if outcome == "memory":
        raise OverBudget("memory", budget)
    if outcome == "error":
        raise payload
    return payload, spent


_OUT_OF_MEMORY = 3


def _run(function, argument, budget: Budget, sending) -> None:
    start_rss = _rss_bytes()
    cpu = max(1, int(budget.cpu_seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    address_space = _address_space_bytes() + budget.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    try:
        outcome, payload = "ok", function(argument)
    except MemoryError:
        outcome, payload = "memory", None
    except Exception as error:  # handed to the parent, which raises it as if called there
        outcome, payload = "error", error
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss * 1024
    try:
        sending.send((outcome, payload, (usage.ru_utime + usage.ru_stime, peak, max(0, peak - start_rss))))
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    sending.close()


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _address_space_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
