"""Appending stays correct under concurrent writers: several processes append at once, then the log verifies.

Each process opens its own application on the same store (as web and worker processes do) and
records submissions and, on a shared case, processing failures, so version conflicts happen too.
"""

from __future__ import annotations

import multiprocessing
from uuid import UUID

from invoicing import config
from invoicing.audit import verify_log
from invoicing.bootstrap import bootstrap

PROCESSES, EACH = 4, 25


def _append(environ: dict, number: int, shared: str) -> int:
    services = bootstrap(config.load(environ).but(create_tables=False))
    try:
        for index in range(EACH):
            services.invoices.receive_submission(f"<Invoice>{number}-{index}</Invoice>".encode(), channel="api",
                                                 sender=f"writer-{number}", filename=f"{index}.xml")
            services.invoices.record_processing_failure(UUID(shared), action="notify:accepted",
                                                        reason=f"writer {number} try {index}", retries=0)
        return EACH * 2
    finally:
        services.close()


def _run(environ: dict) -> None:
    services = bootstrap(config.load(environ))  # creates the tables once
    shared = services.invoices.receive_submission(b"<Invoice>shared</Invoice>", channel="api", sender="s",
                                                  filename="shared.xml").case_id
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        # a writer that dies (killed, out of memory) never answers: fail after a generous wait instead of hanging
        work = pool.starmap_async(_append, [(environ, number, str(shared)) for number in range(PROCESSES)])
        written = sum(work.get(timeout=600))
    result = verify_log(services.invoices)
    services.close()
    assert result.ok, [str(problem) for problem in result.problems]
    assert result.events == written + 1 == PROCESSES * EACH * 2 + 1
    assert result.head.position == result.end


def test_processes_appending_at_once_on_sqlite_leave_a_log_that_verifies(tmp_path):
    _run({"PERSISTENCE_MODULE": "sqlite", "INVOICING_DATA_DIR": str(tmp_path / "data")})


def test_processes_appending_at_once_on_postgres_leave_a_log_that_verifies(postgres_env):
    _run(dict(postgres_env))
