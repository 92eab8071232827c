"""`invoicing serve`: the web server (uvicorn) with the workers and the dispatcher in the same process.

Embedded by default (SQLite in `var/data`, in-process broker), so it runs with no setup; with
`POSTGRES_*` / `REDIS_URL` set it serves the same against them. `--web-only` runs the web server
alone (workers then run elsewhere: `invoicing worker`). `--demo` seeds the demo first and prints
the URL and the log-ins. The workers are `workers.runtime.WorkerRuntime`: Dramatiq threads, the
dispatcher with its followers and schedule (open-steps index, escalation sweep) and, with IMAP
settings, the mailbox poller.
"""

from __future__ import annotations

from cli import root
from invoicing import logs


def run(*, demo: bool = False, host: str | None = None, port: int | None = None, web_only: bool = False) -> int:
    import uvicorn

    from web.app import create_app, settle_heap

    settings = root.settings()
    host = host or settings.web_host
    port = port or settings.web_port
    logs.configure(settings.log_level, settings.log_format)
    services = root.services(settings)
    edge = root.edge(settings, services)
    runtime = None
    try:
        if demo:
            from web.demo import describe, seed

            print("Seeding the demo (accounts, invoices in every state) …", flush=True)
            seeded = seed(edge)
        if not web_only:
            from workers import budget

            budget.warm_up(settings.worker_threads)  # the documents' checkers, warm before the first invoice
            runtime = root.worker_runtime(services, settings.worker_threads).start()
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
        if demo:
            print("\n" + describe(url, seeded) + "\n", flush=True)
        else:
            print(f"Serving at {url} (API documentation: {url}api/docs)", flush=True)
        if not settings.cookie_secure:
            print("Warning: INVOICING_COOKIE_SECURE is off; use it only behind plain HTTP on a trusted network.")
        app = create_app(edge)
        settle_heap()
        uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower(), proxy_headers=True,
                    server_header=False, log_config=None)  # uvicorn's records go through `invoicing.logs`
    finally:
        if runtime is not None:
            runtime.stop()
        edge.close()
    return 0
