"""Rebuilding the views in several processes at once: each process replays the log into a share of them.

The views are independent of each other (each has its own tables and its own position), so a rebuild can
be split by view: every process reads the log once for its share's topics and folds it into its views in
bulk (`Runner.rebuild`), all up to the same notification id. On two cores this overlaps one share's
folding and writing with the other's; the log is read once per share instead of once.

`shares` is the split (pure); `rebuild_in_processes` starts one process per share with a `target` the
composition root gives (it opens the application and the share's views in the new process and calls
`Runner.rebuild`), gathers their progress into one line, and stops them all when one fails: the views of
an unfinished rebuild carry no position, so the next start drops them and they are rebuilt again.
"""

from __future__ import annotations

import multiprocessing
import queue as queues
from collections.abc import Callable, Sequence

REBUILD_COST = {"register": 11.0, "inbox": 7.7, "cycle-times": 7.3, "suppliers": 5.7, "certifications": 5.2,
                "vat": 4.4, "rejections": 2.8, "open-items": 2.6, "discounts": 2.6}
"""CPU seconds each view's folding and writing took in one rebuild of every view from a 1,033,548-event log
(120,000 invoices, PostgreSQL; `python bench/scale.py --invoices 120000 --backend postgres --per-view`
measures them, `bench/projections.py --per-view` on a smaller log): only the proportions
matter. Reading the log is not in them: every share reads it. An unknown view counts as the dearest."""


class RebuildFailed(RuntimeError):
    """A share's process failed or ended without finishing; its message says which views and why."""


def shares(names: Sequence[str], jobs: int) -> list[tuple[str, ...]]:
    """`names` split into at most `jobs` shares of about equal rebuild cost, each in the order of `names`.

    Dearest view first, each to the share that costs least so far (the longest-processing-time rule)."""
    jobs = max(1, min(jobs, len(names)))
    dearest = max(REBUILD_COST.values())
    loads = [0.0] * jobs
    members: list[set[str]] = [set() for _ in range(jobs)]
    for name in sorted(names, key=lambda name: -REBUILD_COST.get(name, dearest)):
        lightest = loads.index(min(loads))
        loads[lightest] += REBUILD_COST.get(name, dearest)
        members[lightest].add(name)
    return [tuple(name for name in names if name in share) for share in members if share]


def rebuild_in_processes(target: Callable, names: Sequence[str], *, jobs: int, until: int, batch_size: int,
                         progress: Callable[[int, int, int], None] | None = None,
                         poll: float = 0.5) -> dict[tuple[str, ...], int]:
    """Rebuild `names` up to notification `until` in `jobs` processes; returns each share's events read.

    `target(share, until, batch_size, report)` runs in a new process (started fresh, not forked: the
    parent's database connections stay its own) and must be importable by name; `report(message)` puts a
    message for the parent: `("progress", position, events read)` now and then, `("done", events read)` at
    the end. `progress(position, until, read)` gets the least position and the sum read over the shares.
    Raises `RebuildFailed` when a process fails (the others are stopped)."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    split = shares(names, jobs)
    processes = [context.Process(target=_run_share, args=(target, index, share, until, batch_size, messages),
                                 name=f"rebuild {'+'.join(share)}", daemon=True)
                 for index, share in enumerate(split)]
    for process in processes:
        process.start()
    positions, read = [0] * len(split), [0] * len(split)
    done: dict[int, int] = {}
    quiet: list[int] = []
    try:
        while len(done) < len(split):
            try:
                index, kind, *values = messages.get(timeout=poll)
            except queues.Empty:  # a share that ended without a word has failed (its last words are read first)
                ended = [number for number, process in enumerate(processes)
                         if number not in done and not process.is_alive()]
                if ended and ended == quiet:
                    raise RebuildFailed(f"The process rebuilding {', '.join(split[ended[0]])} ended without "
                                        f"finishing (exit code {processes[ended[0]].exitcode}).") from None
                quiet = ended
                continue
            quiet = []
            if kind == "failed":
                raise RebuildFailed(f"Rebuilding {', '.join(split[index])} failed: {values[0]}")
            if kind == "done":
                done[index], positions[index] = values[0], until
            else:
                positions[index], read[index] = values
            if progress is not None:
                progress(min(positions), until, sum(done.get(i, read[i]) for i in range(len(split))))
        for process in processes:
            process.join()
        return {split[number]: count for number, count in sorted(done.items())}
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join()


def _run_share(target, index, share, until, batch_size, messages) -> None:
    """In the new process: run `target` and pass on what it reports, or why it failed."""
    try:
        target(share, until, batch_size, lambda message: messages.put((index, *message)))
    except BaseException as error:  # the parent names the views and stops the other shares
        messages.put((index, "failed", f"{type(error).__name__}: {error}"))
        raise SystemExit(1) from None
