"""`invoicing projections …`: run, rebuild and check the read models (`projections`).

    invoicing projections status                 # each view's position and how far behind the log it is
    invoicing projections run [--once]           # follow the log into the views (as the worker does)
    invoicing projections rebuild [NAME ...]     # drop views and replay the whole log into them
    invoicing projections check [NAME ...]       # rebuild into scratch tables and compare with the live views

Names: register, inbox, open-items, discounts, vat, suppliers, rejections, cycle-times (none: all).
`rebuild --jobs N` rebuilds shares of the views in N processes at once (`projections.parallel`; default 2, 1 on a
one-core machine or for a log of fewer than `PARALLEL_FROM` events); each process reads the log for its share, so
the events read are counted once per share.
Exit codes: 0 done (check: every view identical), 1 check found differences or a rebuild failed, 2 usage
errors (an unknown view name included).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

DEFAULT_JOBS = min(2, os.cpu_count() or 1)
"""Two processes (one on a one-core machine): on two cores a 1M-event rebuild on PostgreSQL took 54 s instead of
76 s, three processes were slower (72 s), and the database needs a core too."""

PARALLEL_FROM = 50_000
"""Logs shorter than this are rebuilt in this process unless `--jobs` says otherwise: starting the processes
costs about half a second, which a short rebuild does not win back (SQLite, bench/projections.py, medians of 2:
10k events 0.55–0.60 s in one process against 1.07–1.08 s in two, 40k events 2.33–2.56 s against 2.38–2.52 s;
100k events: two processes faster, 0.27 against 0.19 of the read rate)."""


def default_jobs(events: int, cores_allow: int = DEFAULT_JOBS) -> int:
    """How many processes rebuild a log of `events` events when `--jobs` is not given."""
    return 1 if events < PARALLEL_FROM else cores_allow


def register(commands) -> None:
    """Add the `projections` command to the main parser's sub-commands."""
    projections = commands.add_parser("projections", help="read models: status, run, rebuild, check")
    actions = projections.add_subparsers(dest="projections_command", required=True)
    actions.add_parser("status", help="each view's position and lag").set_defaults(run=_status)
    run = actions.add_parser("run", help="follow the event log into the views until stopped")
    run.add_argument("--once", action="store_true", help="catch up once and exit")
    run.set_defaults(run=_run)
    for name, function, text in (("rebuild", _rebuild, "drop views and replay the log into them"),
                                 ("check", _check, "compare rebuilt views with the live ones")):
        action = actions.add_parser(name, help=text)
        action.add_argument("names", nargs="*", metavar="NAME", help="views (default: all)")
        action.add_argument("--batch-size", type=int, default=20_000, help="events per transaction")
        action.set_defaults(run=function)
        if name == "rebuild":
            action.add_argument("--jobs", type=_positive, default=None, metavar="N",
                                help=f"processes rebuilding shares of the views at once (default {DEFAULT_JOBS}; "
                                     f"1 for a log of fewer than {PARALLEL_FROM:,} events)")


def _open(arguments, *, names=None):
    from cli import root
    from projections.catalogue import UnknownView

    settings = root.settings()
    services = root.services(settings)
    try:
        views = root.views(settings, services, names=names)
    except UnknownView as error:
        services.close()
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
    return settings, services, views


def _status(arguments: argparse.Namespace) -> int:
    from projections.runner import Runner

    _, services, views = _open(arguments)
    end = services.invoices.recorder.max_notification_id() or 0
    for name, lag in Runner(services.invoices, list(views)).lag().items():
        print(f"{name:12} at {end - lag:>10,}   {lag:>8,} behind")
    views.close()
    services.close()
    return 0


def _run(arguments: argparse.Namespace) -> int:
    import signal
    import threading

    from projections.runner import Runner, RunnerThread

    settings, services, views = _open(arguments)
    runner = Runner(services.invoices, list(views))
    try:
        if arguments.once:
            print(f"{runner.run_once():,} events read; the views are up to date.")
            return 0
        from workers.projections import projections_lock

        stop = threading.Event()
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signal_number, lambda *_: stop.set())
        thread = RunnerThread(runner, projections_lock(settings), prepare=views.create_tables)
        thread.start()
        stop.wait()
        thread.stop()
        return 0
    finally:
        views.close()
        services.close()


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _rebuild(arguments: argparse.Namespace) -> int:
    from projections.parallel import RebuildFailed, rebuild_in_processes
    from projections.runner import Progress, Runner

    settings, services, views = _open(arguments, names=arguments.names)
    try:
        started = time.perf_counter()
        progress = Progress(lambda line: print(f"  {line}", file=sys.stderr, flush=True))
        until = services.invoices.recorder.max_notification_id() or 0
        wanted = arguments.jobs if arguments.jobs is not None else default_jobs(until)
        jobs = 1 if settings.persistence == "memory" else min(wanted, len(views.models))
        if jobs > 1:  # in processes of their own: each opens the store itself (`rebuild_share`)
            try:
                read = sum(rebuild_in_processes(rebuild_share, tuple(views.models), jobs=jobs, until=until,
                                                batch_size=arguments.batch_size, progress=progress).values())
            except RebuildFailed as error:
                print(f"{error}\nThe views of an unfinished rebuild are dropped at the next start; "
                      "run the rebuild again (with --jobs 1 to see the failure in this process).", file=sys.stderr)
                return 1
        else:
            read = Runner(services.invoices, list(views), progress=progress).rebuild(batch_size=arguments.batch_size)
        elapsed = time.perf_counter() - started
        processes = f" in {jobs} processes (their events read added up)" if jobs > 1 else ""
        print(f"Rebuilt {', '.join(views.models)} from {read:,} events{processes} in {elapsed:.1f} s "
              f"({read / elapsed if elapsed else 0:,.0f} events/s).")
        for model in views:
            print(f"  {model.name}: " + ", ".join(f"{table.name} {model.view.count(table.name)[0]:,}"
                                                  f"{'' if model.view.count(table.name)[1] else '+'} rows"
                                                  for table in model.tables))
        return 0
    finally:
        views.close()
        services.close()


def rebuild_share(share: tuple[str, ...], until: int, batch_size: int, report, *, settings=None,
                  prefix: str = "view") -> None:
    """In a process of `rebuild --jobs N`: rebuild the views `share` up to notification `until` (see
    `projections.parallel.rebuild_in_processes` for `report`); the store of `settings` (default: the
    environment's), the views named with `prefix` (`check`: the consistency check's scratch copies)."""
    from cli import root
    from projections.runner import Runner

    settings = settings or root.settings()
    services = root.services(settings)
    views = root.views(settings, services, names=share, prefix=prefix)
    try:
        runner = Runner(services.invoices, list(views),
                        progress=lambda position, end, read: report(("progress", position, read)))
        report(("done", runner.rebuild(until=until, batch_size=batch_size)))
    finally:
        views.close()
        services.close()


def _check(arguments: argparse.Namespace) -> int:
    from cli import root
    from projections.check import check

    settings, services, views = _open(arguments, names=arguments.names)
    scratch = root.views(settings, services, names=arguments.names, prefix="check")
    try:
        identical = True
        for model in views:
            result = check(services.invoices, model, scratch[model.name], batch_size=arguments.batch_size)
            identical &= result.identical
            print(result.describe())
            scratch[model.name].view.reset()  # leave the scratch copy empty
        return 0 if identical else 1
    finally:
        scratch.close()
        views.close()
        services.close()
