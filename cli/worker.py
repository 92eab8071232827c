"""`invoicing worker`: run worker processes until told to stop (SIGTERM or Ctrl-C).

With `--processes 1` the worker runs in this process: Dramatiq worker threads plus a dispatcher
that leads if no other process does. With more, this process starts that many such processes,
passes stop signals on, and exits when they have stopped. Tables are never created here (start
several workers at once without racing): run `invoicing db init` first. With `INVOICING_METRICS_PORT`
set, the process started here serves the Prometheus metrics of all of them (`workers.exporter`).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

from cli import root
from invoicing import config, logs


def run(processes: int | None = None, threads: int | None = None) -> int:
    """Run the workers; returns the exit code."""
    settings = root.settings(create_tables=False)
    processes = processes or settings.worker_processes
    threads = threads or settings.worker_threads
    logs.configure(settings.log_level, settings.log_format)
    if processes > 1:
        if settings.broker == "stub":
            print("The in-process broker cannot share work between processes: set REDIS_URL (or RABBITMQ_URL), "
                  "or run one process with more --threads.", file=sys.stderr)
            return 2
        return _supervise(settings, processes, threads)
    if settings.metrics_port and not _exporting(settings):
        return 2
    return _serve(settings.but(worker_threads=threads), threads)


def _exporting(settings: config.Settings, folder=None) -> bool:
    """Start the metrics exporter; False (the reason printed) when it cannot listen."""
    from workers import exporter

    try:
        exporter.serve(settings, folder)
    except exporter.ExporterError as error:
        print(error, file=sys.stderr)
        return False
    return True


def _serve(settings: config.Settings, threads: int) -> int:
    from workers import budget

    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stop.set())
    budget.warm_up(threads)  # the documents' checkers (warm engine) before taking work, not on the first invoices
    services = root.services(settings)
    runtime = root.worker_runtime(services, threads).start()
    logging.getLogger(__name__).info("Worker %d ready: %d threads, broker %s, persistence %s.",
                                     os.getpid(), threads, settings.broker, settings.persistence)
    try:
        stop.wait()
    finally:
        runtime.stop()
        services.close()
    return 0


def _supervise(settings: config.Settings, processes: int, threads: int) -> int:
    from workers import exporter

    command = [sys.executable, "-m", "cli.main", "worker", "--processes", "1", "--threads", str(threads)]
    folder = exporter.shared_folder() if settings.metrics_port else None
    if folder is not None and not _exporting(settings, folder):
        exporter.remove(folder)
        return 2
    env = exporter.child_environment(folder) if folder is not None else None
    children = [subprocess.Popen(command, env=env) for _ in range(processes)]

    def forward(signal_number, _frame) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal_number)

    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, forward)
    codes = []
    for child in children:
        codes.append(child.wait())
        if folder is not None:
            exporter.child_exited(folder, child.pid)
    if folder is not None:
        exporter.remove(folder)
    return max(codes)
