"""Each document is checked within a budget of CPU time and memory, in a process apart from the worker.

Reading and validating a hostile file happens in C (libxml2, pypdf's zlib), which a thread
cannot interrupt; so `within_budget` runs the check in a child process under operating-system
limits — CPU time (`RLIMIT_CPU`: the CPU the child has used so far plus the budget) and address
space (`RLIMIT_AS`: the child's size before the document plus the memory budget) — and waits at
most a wall-clock deadline. A child that overruns is killed (or dies at its limit), and the caller
gets `OverBudget` — the worker records a clear finding for that one document, and its thread is
free again: one file never holds up the others for longer than its budget.

Children come from a fork server (`multiprocessing`'s "forkserver": a clean, single-threaded
process that has already imported the readers and the validation engine and checked one invoice
of each syntax), so they never copy the worker's threads or open connections. A child checks one
document after another (the limits are set anew before each), which spares the fork and the
copying of the warmed-up memory per document; it is retired when it has grown by more than
`RETIRE_GROWTH` or checked `RETIRE_AFTER` documents, and replaced when it was killed. Each check
reports what it spent (`Spent`: CPU seconds, peak resident memory during that document — the peak
is reset before each, `/proc/self/clear_refs` — and the part above the size before it), which the
hostile-input tests assert and print.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PRELOAD = ["invoicing.lifecycle.reading", "validators.engine", "workers.budget", "workers.steps", "workers.warm_up"]
"""Imported once by the fork server, so that children start ready."""

RETIRE_AFTER = 500
"""Documents a child checks before it is replaced (bounds what any leftover state could add up to)."""

RETIRE_GROWTH = 256 * 1024 ** 2
"""A child whose resident size grew by more than this since it started is replaced after its document."""

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

    `function` must be importable by name (a module-level function), its argument and result picklable.
    Raises `OverBudget`; an exception raised by `function` itself is raised again here. Safe to call
    from several threads at once (each call has a child to itself).
    """
    checker = _Checker.take()
    started = time.monotonic()
    try:
        try:
            checker.connection.send((function, argument, budget))
        except OSError:  # an idle child that died meanwhile (e.g. ended by the system): a fresh one
            checker.stop()
            checker = _Checker()
            checker.connection.send((function, argument, budget))
        if not checker.connection.poll(budget.wall_seconds):
            raise OverBudget("time", budget)
        try:
            outcome, payload, spent, retire = checker.connection.recv()
        except EOFError:  # the child died without answering: killed at its CPU limit (SIGXCPU) or out of memory
            checker.process.join(5)
            raise OverBudget("memory" if checker.process.exitcode == _OUT_OF_MEMORY else "cpu", budget) from None
    except BaseException:
        checker.stop()
        raise
    if retire or outcome == "memory":
        checker.stop()
    else:
        checker.give_back()
    spent = Spent(spent[0], time.monotonic() - started, spent[1], spent[2])
    if outcome == "memory":
        raise OverBudget("memory", budget)
    if outcome == "error":
        raise payload
    return payload, spent


def warm_up(children: int = 1) -> None:
    """Start the fork server (it imports and warms up the engine, `PRELOAD`) and `children` idle children,
    so that a worker's first documents do not wait for them."""
    started = [_Checker() for _ in range(children)]
    for checker in started:
        checker.connection.send((_nothing, None, Budget(cpu_seconds=60)))
    for checker in started:
        if checker.connection.poll(Budget(cpu_seconds=60).wall_seconds):
            checker.connection.recv()
            checker.give_back()
        else:
            checker.stop()


def _nothing(_argument) -> None:
    return None


class _Checker:
    """One child of the fork server and the parent's end of its pipe; idle ones wait in `_idle`."""

    _idle: list[_Checker] = []
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.connection, child_end = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()

    @classmethod
    def take(cls) -> _Checker:
        with cls._lock:
            while cls._idle:
                checker = cls._idle.pop()
                if checker.process.is_alive():
                    return checker
                checker.stop()
        return cls()

    def give_back(self) -> None:
        with self._lock:
            self._idle.append(self)

    def stop(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)

    @classmethod
    def forget_all(cls) -> None:
        """In a forked copy of the parent: the idle children belong to the original process."""
        cls._idle = []
        cls._lock = threading.Lock()


os.register_at_fork(after_in_child=_Checker.forget_all)

_OUT_OF_MEMORY = 3


def _serve(connection) -> None:
    """The child: check documents one after another until the parent closes the pipe or retires it."""
    born_rss, checked = _rss_bytes(), 0
    while True:
        try:
            function, argument, budget = connection.recv()
        except EOFError:
            return
        outcome, payload, spent = _check(function, argument, budget)
        checked += 1
        retire = checked >= RETIRE_AFTER or _rss_bytes() - born_rss > RETIRE_GROWTH
        try:
            connection.send((outcome, payload, spent, retire))
        except MemoryError:
            os._exit(_OUT_OF_MEMORY)
        if retire:
            return


def _check(function, argument, budget: Budget) -> tuple[str, Any, tuple[float, int, int]]:
    """One document under fresh limits: (outcome, result or error, (CPU seconds, peak RSS, growth))."""
    start_rss = _rss_bytes()
    _reset_peak()
    before = resource.getrusage(resource.RUSAGE_SELF)
    used = before.ru_utime + before.ru_stime
    # soft limits only (whole seconds for CPU, as the limit counts them): the hard limits stay as they were,
    # so that the next document can have its own
    _limit(resource.RLIMIT_CPU, int(used + budget.cpu_seconds + 0.999) + 1)
    _limit(resource.RLIMIT_AS, _address_space_bytes() + budget.memory_bytes)
    try:
        outcome, payload = "ok", function(argument)
    except MemoryError:
        outcome, payload = "memory", None
    except Exception as error:  # handed to the parent, which raises it as if called there
        outcome, payload = "error", error
    finally:
        _limit(resource.RLIMIT_AS, resource.RLIM_INFINITY)
    after = resource.getrusage(resource.RUSAGE_SELF)
    peak = _peak_rss_bytes(after)
    return outcome, payload, (after.ru_utime + after.ru_stime - used, peak, max(0, peak - start_rss))


def _limit(kind: int, soft: int) -> None:
    """Set the soft limit `kind` to `soft`, never above the hard limit (which only root could raise again)."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
        soft = hard
    resource.setrlimit(kind, (soft, hard))


def _reset_peak() -> None:
    """Reset the peak resident size (VmHWM) so that it measures this document (Linux `clear_refs` 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:  # not resettable here: the peak then covers the child's life so far
        pass


def _peak_rss_bytes(usage) -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return usage.ru_maxrss * 1024


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _address_space_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
