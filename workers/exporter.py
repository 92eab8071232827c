"""The workers' Prometheus exporter: `invoicing worker` serves its metrics on `INVOICING_METRICS_PORT`.

(`invoicing serve` needs none: its web server's `/metrics` shows the workers running in it.)

With one worker process, that process serves its own registry (prometheus-client's HTTP server, in
a thread). With several (`--processes N`), prometheus-client's multiprocess mode: the supervising
process makes a fresh folder and gives it to its children as `PROMETHEUS_MULTIPROC_DIR`, so each child
writes its metrics there; the supervisor serves their sum on the one port and marks a child dead when
it exits (its in-progress gauge then stops counting; its counters stay in the sums, as a dead
process's counters should). So a host has one scrape target however many processes it runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from invoicing import config

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR"


class ExporterError(RuntimeError):
    """The exporter cannot listen where the settings say; the message names the setting."""


def serve(settings: config.Settings, folder: Path | None = None) -> None:
    """Serve this process's metrics, or with `folder` the sum of the processes writing there.

    Raises ExporterError when no port is set or the port cannot be listened on.
    """
    port = settings.metrics_port
    if port is None:
        raise ExporterError("No port is set for the metrics exporter: set INVOICING_METRICS_PORT, or run the "
                            "worker without an exporter.")
    from prometheus_client import REGISTRY, CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = REGISTRY
    if folder is not None:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(folder))
    try:
        start_http_server(port, addr=settings.metrics_host, registry=registry)
    except OSError as error:
        raise ExporterError(f"The metrics exporter cannot listen on {settings.metrics_host}:{settings.metrics_port} "
                            f"({error.strerror or error}): choose another INVOICING_METRICS_PORT (or "
                            "INVOICING_METRICS_HOST), or leave it unset to run without one.") from None


def shared_folder() -> Path:
    """A fresh, empty folder for the children's metric files."""
    return Path(tempfile.mkdtemp(prefix="invoicing-metrics-"))


def child_environment(folder: Path) -> dict[str, str]:
    """The environment of a child worker: writes its metrics into `folder` and serves none itself."""
    env = {key: value for key, value in os.environ.items() if key != "INVOICING_METRICS_PORT"}
    env[MULTIPROCESS] = str(folder)
    return env


def child_exited(folder: Path, pid: int) -> None:
    """Stop counting an exited child's live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid, str(folder))


def remove(folder: Path) -> None:
    """Delete the children's metric files (after they have all stopped)."""
    shutil.rmtree(folder, ignore_errors=True)
