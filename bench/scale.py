"""Every page and API list at scale: p50/p95 with N invoices, against `/api/me` measured in the same run.

    .venv/bin/python bench/scale.py --invoices 100000 --backend sqlite [--store DIR] [--rounds 25]
    .venv/bin/python bench/scale.py --invoices 100000 --backend postgres [--store DIR] [--jobs 2] [--per-view]

1. The store: N invoice cases written through the real event classes, decisions and mappers into
   the chained event store, a thousand aggregates per transaction (`tests.histories`: a city's
   intake of about 300 invoices a day, arriving in time order; steps due after now stay open, as a
   live backlog), with the open-steps index written from the same aggregates. With `--store DIR` the
   store is kept there and used again by the next run with the same N and backend (PostgreSQL: the
   cluster's folder). Every 1000th case keeps its original (the invoice page is measured on one).
2. The views: rebuilt from the whole log (`projections.runner.Runner.rebuild`; with `--jobs N` in N
   processes, `projections.parallel`), timed, with the raw read+decode rate of the same events as the
   baseline (`bench/projections.py` has the details).
3. The pages: the web application in this process (ASGI, Starlette's test client), logged in as a
   clerk of the central invoice inbox; every target is asked once per round, in turns with
   `/api/me` (the cheapest authenticated answer: session, account, JSON), for `--rounds` rounds
   after two warm-up rounds. Printed: p50 and p95 of each (ms) and p50/p50(/api/me).
Figures go in the notes, not in tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventsourcing.persistence import Tracking  # noqa: E402

from invoicing import config  # noqa: E402
from invoicing.bootstrap import bootstrap  # noqa: E402
from invoicing.open_steps.indexer import row_for  # noqa: E402
from tests.histories import write_history  # noqa: E402

CLERK = "dyilmaz"  # clearing group and clerk: the fullest inbox
ORIGINALS = 1000
"""Every 1000th case keeps its original (file name `<index>.xml`): the invoice page is measured on one of those."""
PASSWORD = "bench-password"


def build(settings: config.Settings, invoices_wanted: int) -> dict:
    """Write the history and the open-steps index; returns what was written and how fast."""
    services = bootstrap(settings.but(create_tables=True))
    invoices, open_steps = services.invoices, services.open_steps
    now = datetime.now(timezone.utc)
    name = f"{invoices.name}.open_steps"
    days = max(60.0, invoices_wanted / 300)  # about 300 invoices a day: 100,000 a year, a million in nine

    def index(aggregates) -> None:
        rows, closed = [], []
        for aggregate in aggregates:
            if type(aggregate).__name__ != "InvoiceCase":
                continue
            row = row_for(aggregate, invoices.policy, now)
            if row is None:
                closed.append((aggregate.id, aggregate.version))
            else:
                rows.append(row)
        open_steps.record(rows=rows, closed=closed, tracking=Tracking(name, invoices.recorder.max_notification_id()))

    started = time.perf_counter()
    written = write_history(invoices, invoices_wanted, seed=12, save_every=1000, after_save=index, originals=ORIGINALS,
                            start=now - timedelta(days=days), days=days, until=now)
    elapsed = time.perf_counter() - started
    services.close()
    return {"cases": written.cases, "events": written.events, "seconds": round(elapsed, 1),
            "events_per_second": round(written.events / elapsed)}


def rebuild(settings: config.Settings, jobs: int = 1, per_view: bool = False) -> dict:
    """Rebuild every view from the log (in `jobs` processes when more than one, as `invoicing projections
    rebuild --jobs N` does); the raw read+decode rate of the same events for comparison."""
    import functools

    from bench.projections import print_view_costs, read_rate
    from cli.projections import rebuild_share
    from projections.catalogue import open_views
    from projections.parallel import rebuild_in_processes
    from projections.runner import Runner

    services = bootstrap(settings)
    invoices = services.invoices
    views = open_views(settings, invoices)
    runner = Runner(invoices, list(views))
    count, baseline, _ = read_rate(invoices, runner.topics, 20_000)  # as bench/projections.py measures it
    until = invoices.recorder.max_notification_id() or 0
    if per_view:
        print_view_costs(invoices, list(views), until, 20_000)
    started = time.perf_counter()
    if jobs > 1:
        rebuild_in_processes(functools.partial(rebuild_share, settings=settings), tuple(views.models), jobs=jobs,
                             until=until, batch_size=20_000)
        read = count  # the events of one read of the log (each process reads its share's)
    else:
        read = runner.rebuild()
    elapsed = time.perf_counter() - started
    views.close()
    services.close()
    return {"events": read, "jobs": jobs, "seconds": round(elapsed, 1), "events_per_second": round(read / elapsed),
            "baseline_events_per_second": round(baseline), "ratio": round(read / elapsed / baseline, 3)}


def targets(edge) -> list[tuple[str, str]]:
    """(name, path) of every page and API list measured, with a deep cursor and search words from the data."""
    from projections.paging import _encode
    from projections.register import INVOICES

    register = edge.read.model("register")
    total = register.view.count("invoices")[0]
    [middle] = register.view.fetch("SELECT received_at, case_id FROM {invoices} ORDER BY received_at DESC, "
                                   f"case_id DESC LIMIT 1 OFFSET {total // 2}", types={"received_at": "timestamp"})
    if not isinstance(middle["case_id"], str):
        middle["case_id"] = str(middle["case_id"])
    from uuid import UUID

    deep = _encode(INVOICES, ("received_at", "case_id"), "received_at", True,
                   [middle["received_at"], UUID(middle["case_id"])], total // 2, False)
    sample = register.view.fetch("SELECT case_id, number, supplier FROM {invoices} WHERE filename LIKE ? "
                                 "ORDER BY CASE WHEN status = ? THEN 0 ELSE 1 END, received_at DESC LIMIT 1",
                                 ["%000.xml", "awaiting-approval"])[0]
    word = (sample["supplier"] or "gmbh").split()[0]
    found = [("api-me", "/api/me"),
             ("register", "/register"), ("register-filtered", "/register?status=awaiting-approval"),
             ("register-searched-number", f"/register?q={sample['number']}"),
             ("register-searched-supplier", f"/register?q={word}"),
             ("register-sorted-amount", "/register?sort=gross&dir=desc"),
             ("register-deep-page", f"/register?cursor={deep}"),
             ("inbox", "/inbox"), ("invoice", f"/invoices/{sample['case_id']}"), ("charts", "/charts")]
    from web.views import SHOWN

    found += [(f"view-{name}", f"/views?view={name}") for name in SHOWN]
    found += [("api-invoices", "/api/invoices"), ("api-register", "/api/views/register"),
              ("api-register-searched", f"/api/views/register?q={word}"), ("api-inbox", "/api/views/inbox")]
    found += [(f"api-view-{name}", f"/api/views/{name}") for name in SHOWN]
    return found


def measure(settings: config.Settings, rounds: int) -> dict[str, dict]:
    from fastapi.testclient import TestClient

    from web.app import create_app, settle_heap
    from web.passwords import Passwords
    from web.wiring import build_edge

    services = bootstrap(settings)
    edge = build_edge(settings, services, passwords=Passwords.for_tests())
    if edge.accounts.find(CLERK) is None:
        person = edge.policy.person(CLERK)
        edge.accounts.open_account(CLERK, name=person.name, roles=[*person.roles, "finance"], password=PASSWORD,
                                   by="bench")
    started = time.perf_counter()
    edge.read.current()
    caught_up = time.perf_counter() - started
    client = TestClient(create_app(edge, verdict_wait=0), base_url="https://bench")
    settle_heap()  # as `invoicing serve` does before it serves
    client.post("/login", data={"login": CLERK, "password": PASSWORD,
                                "csrf_token": _csrf(client.get("/login").text)}, follow_redirects=False)
    found = targets(edge)
    times: dict[str, list[float]] = {name: [] for name, _ in found}
    for number in range(rounds + 2):
        for name, path in found:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}: {response.text[:300]}")
            if number >= 2:
                times[name].append(elapsed * 1000)
    edge.close()
    base = statistics.median(times["api-me"])
    return {"catch-up before measuring (s)": round(caught_up, 2),
            **{name: {"p50": round(statistics.median(values), 1), "p95": round(_p95(values), 1),
                      "ratio_p50": round(statistics.median(values) / base, 1)} for name, values in times.items()}}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _csrf(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--store", type=Path, help="keep the store here and use it again (same N and backend)")
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--skip-rebuild", action="store_true", help="use the views as they are (kept store)")
    parser.add_argument("--jobs", type=int, default=1, help="rebuild the views in this many processes")
    parser.add_argument("--per-view", action="store_true", help="first measure each view's share of a rebuild")
    arguments = parser.parse_args()
    if arguments.invoices < 2 * ORIGINALS:  # the invoice page is measured on a case that kept its original
        parser.error(f"--invoices must be at least {2 * ORIGINALS}: every {ORIGINALS}th case keeps its original, "
                     "and the invoice page is measured on one of them after the first (file name …000.xml).")
    store = arguments.store or Path(__import__("tempfile").mkdtemp(prefix="bench-scale-"))
    store.mkdir(parents=True, exist_ok=True)
    marker = store / "scale.json"
    known = json.loads(marker.read_text()) if marker.exists() else {}
    server = None
    try:
        if arguments.backend == "postgres":
            from tests.servers import PostgresServer

            server = PostgresServer(folder=store / "pg", keep=arguments.store is not None).start()
            if not known:
                server.create_database("scale")
            settings = config.load(server.env("scale"))
        else:
            settings = config.Settings(persistence="sqlite", data_dir=store / "data")
        result = {"backend": arguments.backend, "cores": os.cpu_count()}
        if known.get("cases") != arguments.invoices or known.get("backend") != arguments.backend:
            result["build"] = build(settings, arguments.invoices)
            marker.write_text(json.dumps({"cases": arguments.invoices, "backend": arguments.backend,
                                          "build": result["build"]}))
            print("build:", json.dumps(result["build"]), flush=True)
        else:
            result["build"] = known["build"]
        if not arguments.skip_rebuild:
            result["rebuild"] = rebuild(settings, arguments.jobs, arguments.per_view)
            print("rebuild:", json.dumps(result["rebuild"]), flush=True)
        result["pages"] = measure(settings, arguments.rounds)
        print(f"{'target':32} {'p50 ms':>8} {'p95 ms':>8} {'p50/api-me':>10}")
        for name, figures in result["pages"].items():
            if isinstance(figures, dict):
                print(f"{name:32} {figures['p50']:8.1f} {figures['p95']:8.1f} {figures['ratio_p50']:10.1f}")
        (store / f"result-{arguments.backend}-{arguments.invoices}.json").write_text(json.dumps(result, indent=1))
        return 0
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
