"""What the hash chain costs: appends with and without it, and verifying a large log — in one run.

    .venv/bin/python bench/chain.py [--appends 3000] [--events 1000000] [--no-postgres]

1. Appends, at two levels, each against its baseline in alternating rounds on fresh databases —
   SQLite (a file) and, when the Debian package is installed, PostgreSQL (started as the tests
   start it):
   * "store": one- and two-event transactions of stored events (an `InvoiceReceived`, or two
     `InvoiceValidated` with a report, ~1–4 KB) straight into eventsourcing's plain application
     recorder (baseline) and the chained recorder;
   * "application": what the pipeline does per append — an `InvoiceCase` opened and saved through
     an eventsourcing application (mapping, transcoding, recording), plain and chained.
   Prints appends/s (median of the rounds, wall and CPU) and the chain's cost as a share of the
   baseline's throughput (the issue allows at most 10 %).
2. Verifying: a chained SQLite log of `--events` events (written in large transactions), then
   `invoicing.chain.verify.verify` over all of it, against the baseline of only reading every
   row once. Prints both times and events/s.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventsourcing.persistence import StoredEvent  # noqa: E402
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore  # noqa: E402
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore  # noqa: E402

from invoicing.chain import recorder_topic  # noqa: E402
from invoicing.chain.postgres import ChainedPostgresRecorder  # noqa: E402
from invoicing.chain.sqlite import ChainedSQLiteRecorder  # noqa: E402
from invoicing.chain.verify import verify  # noqa: E402

ROUNDS = 7
RECEIVED = "invoicing.lifecycle.case:InvoiceCase.InvoiceReceived"
VALIDATED = "invoicing.lifecycle.case:InvoiceCase.InvoiceValidated"


def transactions(count: int) -> list[list[StoredEvent]]:
    """`count` appends: a new stream's first event, or a stream's next two (validated with a report)."""
    report = json.dumps({"accepted": True, "findings": [{"rule_id": f"BR-{n}", "level": "warning", "message": "x" * 80}
                                                        for n in range(12)], "rule_sets": []}).encode()
    appends, streams = [], []
    for number in range(count):
        if number % 2 == 0 or not streams:
            stream = uuid.uuid4()
            streams.append(stream)
            state = json.dumps({"content_hash": uuid.uuid4().hex * 2, "channel": "upload", "sender": "a@b.example",
                                "filename": f"{number}.xml", "received_at": "2026-03-02T09:00:00+00:00"}).encode()
            appends.append([StoredEvent(stream, 1, RECEIVED, state)])
        else:
            stream = streams.pop(0)
            appends.append([StoredEvent(stream, 2, VALIDATED, report), StoredEvent(stream, 3, VALIDATED, report)])
    return appends


def timed(recorder, appends: list[list[StoredEvent]]) -> tuple[float, float]:
    """(wall, CPU) seconds for appending `appends`, one transaction each."""
    wall, cpu = time.perf_counter(), time.process_time()
    for events in appends:
        recorder.insert_events(events)
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(name: str, make_plain, make_chained, count: int) -> None:
    results: dict[str, list[tuple[float, float]]] = {"plain": [], "chained": []}
    for round_number in range(ROUNDS):
        for kind, make in (("plain", make_plain), ("chained", make_chained)) if round_number % 2 == 0 else \
                (("chained", make_chained), ("plain", make_plain)):
            recorder, close = make(f"{kind}{round_number}")
            timed(recorder, transactions(50))  # warm up
            results[kind].append(timed(recorder, transactions(count // ROUNDS)))
            close()
    per = count // ROUNDS
    rate = {kind: (per / statistics.median(w for w, _ in runs), per / statistics.median(c for _, c in runs))
            for kind, runs in results.items()}
    print(f"{name}: appends/s without the chain {rate['plain'][0]:,.0f} (CPU {rate['plain'][1]:,.0f}), "
          f"with it {rate['chained'][0]:,.0f} (CPU {rate['chained'][1]:,.0f})")
    print(f"{name}: the chain costs {100 * (1 - rate['chained'][0] / rate['plain'][0]):.1f} % of append throughput "
          f"(wall), {100 * (1 - rate['chained'][1] / rate['plain'][1]):.1f} % (CPU); ratio "
          f"{rate['chained'][0] / rate['plain'][0]:.3f}")


class _Saver:
    """An eventsourcing application that saves one new `InvoiceCase` per `insert_events` call (the "application" level)."""

    def __init__(self, env: dict):
        from datetime import datetime, timezone

        from eventsourcing.application import Application

        from invoicing.lifecycle.case import SYSTEM, Change, InvoiceCase

        class AppendProbe(Application):
            def construct_env(self, name, env=None):
                from eventsourcing.utils import Environment

                return Environment(name, dict(env or {}))

        self.application = AppendProbe(env)
        self.now, self.system, self.change, self.case = datetime.now(timezone.utc), SYSTEM, Change, InvoiceCase

    def insert_events(self, _events) -> None:
        change = self.change(self.case.InvoiceReceived, {
            "content_hash": uuid.uuid4().hex * 2, "size": 12345, "channel": "upload", "sender": "bench@example",
            "filename": "bench.xml", "received_at": self.now, "by": self.system})
        self.application.save(self.case.open(uuid.uuid4(), change))

    def close(self) -> None:
        self.application.close()


def application_maker(base: dict, chained: bool, folder: Path | None = None, server=None):
    def make(label: str):
        env = {**base, "CREATE_TABLE": "y"}
        if folder is not None:
            env["SQLITE_DBNAME"] = str(folder / f"app-{label}.sqlite")
        if server is not None:
            env["POSTGRES_DBNAME"] = dbname = f"app_{label}_{uuid.uuid4().hex[:6]}"
            server.create_database(dbname)
        if chained:
            env["APPLICATION_RECORDER_TOPIC"] = recorder_topic("sqlite" if folder is not None else "postgres")
        saver = _Saver(env)
        return saver, saver.close
    return make


def sqlite_maker(folder: Path, recorder_class):
    def make(label: str):
        datastore = SQLiteDatastore(str(folder / f"{label}.sqlite"), lock_timeout=30)
        recorder = recorder_class(datastore)
        recorder.create_table()
        return recorder, datastore.close
    return make


def postgres_maker(server, recorder_class):
    def make(label: str):
        dbname = f"bench_{label}_{uuid.uuid4().hex[:6]}"
        server.create_database(dbname)
        datastore = PostgresDatastore(dbname, "127.0.0.1", server.port, server.user, server.password, pool_size=2)
        recorder = recorder_class(datastore, events_table_name="invoices_events")
        recorder.create_table()
        return recorder, datastore.close
    return make


def verify_large(folder: Path, events: int) -> None:
    datastore = SQLiteDatastore(str(folder / "large.sqlite"), lock_timeout=30)
    recorder = ChainedSQLiteRecorder(datastore)
    recorder.create_table()
    started, batch, state = time.perf_counter(), [], b'{"by": "system:pipeline", "payload": "' + b"x" * 600 + b'"}'
    streams = [uuid.uuid4() for _ in range(events // 10 or 1)]
    for number in range(events):
        batch.append(StoredEvent(streams[number % len(streams)], number // len(streams) + 1, VALIDATED, state))
        if len(batch) == 10_000:
            recorder.insert_events(batch)
            batch = []
    if batch:
        recorder.insert_events(batch)
    print(f"wrote {events:,} chained events in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    position, read = 0, 0
    while page := recorder.rows_after(position, 5000):
        read += len(page)
        position = page[-1].position
    baseline = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    result = verify(recorder)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"verify: {result.events:,} events, {result.streams:,} streams, intact={result.ok}: {elapsed:.1f} s "
          f"(CPU {cpu:.1f} s, {result.events / elapsed:,.0f} events/s); reading every row alone: {baseline:.1f} s; "
          f"ratio {elapsed / baseline:.1f}")
    datastore.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=3000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        compare("SQLite store", sqlite_maker(Path(folder), SQLiteApplicationRecorder),
                sqlite_maker(Path(folder), ChainedSQLiteRecorder), arguments.appends)
        lite = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_LOCK_TIMEOUT": "30"}
        compare("SQLite application", application_maker(lite, False, Path(folder)),
                application_maker(lite, True, Path(folder)), arguments.appends)
        if not arguments.no_postgres:
            from tests.servers import PostgresServer, missing

            if missing("postgres"):
                print(f"PostgreSQL skipped: {missing('postgres')}")
            else:
                server = PostgresServer().start()
                try:
                    compare("PostgreSQL store", postgres_maker(server, PostgresApplicationRecorder),
                            postgres_maker(server, ChainedPostgresRecorder), arguments.appends)
                    pg = {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_HOST": "127.0.0.1",
                          "POSTGRES_PORT": str(server.port), "POSTGRES_USER": server.user,
                          "POSTGRES_PASSWORD": server.password}
                    compare("PostgreSQL application", application_maker(pg, False, server=server),
                            application_maker(pg, True, server=server), arguments.appends)
                finally:
                    server.stop()
        verify_large(Path(folder), arguments.events)


if __name__ == "__main__":
    main()
