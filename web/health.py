"""`/healthz` and `/readyz` for the city's monitoring and load balancers.

`GET /healthz`: 200 `{"status": "up"}` while the process answers; it looks at nothing else, so a
restart is never triggered by a database that is down.

`GET /readyz`: 200 when the database, the broker and the invoice mailbox answer, else 503; each is
reported as `up`, `down` or `not-configured` (no mailbox set: it does not count against readiness),
with how long it took:

    {"status": "ready", "checks": {"database": {"status": "up", "seconds": 0.002}, "broker": {…}, "mailbox": {…}}}

Every check has `TIMEOUT` seconds; one that has not answered by then is `down` with the error
"no answer within 5 s", so the answer never hangs. A failing check names only the kind of error
(`OperationalError`); the details, which may name hosts and accounts, go to the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from invoicing.config import Settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["operations"])

TIMEOUT = 5.0
"""Seconds each readiness check may take."""

_checks = ThreadPoolExecutor(max_workers=6, thread_name_prefix="readiness")
"""Shared by all requests: a check that hangs holds one thread until its own timeout, never the answer."""


@router.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict:
    return {"status": "up"}


@router.get("/readyz", summary="Readiness: database, broker and mailbox answer (503 when one does not)")
async def readyz(request: Request) -> JSONResponse:
    edge = request.app.state.edge
    checks = await run_in_threadpool(readiness, {"database": lambda: database(edge.services),
                                                 "broker": lambda: broker(edge.settings),
                                                 "mailbox": lambda: mailbox(edge.settings)})
    ready = all(check["status"] != "down" for check in checks.values())
    return JSONResponse({"status": "ready" if ready else "not-ready", "checks": checks},
                        status_code=200 if ready else 503)


def readiness(checks: dict[str, Callable[[], bool]], timeout: float = TIMEOUT) -> dict[str, dict]:
    """Run the checks side by side; each returns True (up) or False (not configured) or raises (down)."""
    started = time.monotonic()
    futures = {name: _checks.submit(_timed, check) for name, check in checks.items()}
    wait(futures.values(), timeout=timeout)
    results = {}
    for name, future in futures.items():
        if not future.done():
            results[name] = {"status": "down", "error": f"no answer within {timeout:g} s",
                             "seconds": round(time.monotonic() - started, 3)}
            log.warning("Readiness: %s gave no answer within %g s.", name, timeout)
            continue
        configured, seconds, error = future.result()
        if error is not None:
            results[name] = {"status": "down", "error": type(error).__name__, "seconds": seconds}
            log.warning("Readiness: %s is down: %s", name, error)
        else:
            results[name] = {"status": "up" if configured else "not-configured", "seconds": seconds}
    return results


def _timed(check: Callable[[], bool]) -> tuple[bool, float, BaseException | None]:
    started = time.monotonic()
    try:
        configured, error = check(), None
    except Exception as failure:
        configured, error = True, failure
    return configured, round(time.monotonic() - started, 3), error


def database(services) -> bool:
    """The event store answers a query (the other tables live in the same database)."""
    services.invoices.recorder.max_notification_id()
    return True


def broker(settings: Settings) -> bool:
    """Redis answers PING, or RabbitMQ accepts a connection; the in-process broker is this process."""
    # The same choice as `Settings.broker` ("redis" when its URL is set, else "rabbitmq" when its URL is set),
    # on the URLs themselves, so each branch has its URL.
    if settings.redis_url:
        import redis

        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=TIMEOUT - 1,
                                      socket_timeout=TIMEOUT - 1)
        try:
            client.ping()
        finally:
            client.close()
    elif settings.rabbitmq_url:
        import pika

        parameters = pika.URLParameters(settings.rabbitmq_url)
        parameters.socket_timeout = parameters.stack_timeout = TIMEOUT - 1
        parameters.connection_attempts = 1
        pika.BlockingConnection(parameters).close()
    return True


def mailbox(settings: Settings) -> bool:
    """The invoice mailbox accepts the log-in and opens its folder; False when no mailbox is set."""
    if settings.imap is None:
        return False
    from invoicing.mailbox.imap import ImapMailbox

    imap = settings.imap
    box = ImapMailbox(imap.host, imap.port, user=imap.user, password=imap.password, use_ssl=imap.ssl,
                      folder=imap.folder, timeout=TIMEOUT - 1)
    try:
        box.uid_validity()
    finally:
        box.close()
    return True
