"""Upgrading a store recorded before the chain existed: `db init` chains its events in log order, once.

An event that appears later without an entry is not chained by a restart: it stays as evidence.
"""

from __future__ import annotations

import sqlite3
import uuid

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from invoicing.audit import verify_log
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings

TOPIC = "invoicing.lifecycle.numbers:InvoiceNumber.InvoiceNumberFirstUsed"


def test_events_recorded_before_the_chain_are_chained_in_log_order_and_later_strays_stay_evidence(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    datastore = SQLiteDatastore(str(folder / "invoices.sqlite"))
    old = SQLiteApplicationRecorder(datastore)
    old.create_table()
    old.insert_events([StoredEvent(uuid.uuid4(), 1, TOPIC, f'{{"n": {n}}}'.encode()) for n in range(25)])
    datastore.close()

    services = bootstrap(Settings(persistence="sqlite", data_dir=folder))
    result = verify_log(services.invoices)
    assert result.ok and result.events == 25 and result.head.position == 25
    services.close()

    with sqlite3.connect(folder / "invoices.sqlite") as database:
        database.execute("DROP TRIGGER stored_events_no_update")
        database.execute("INSERT INTO stored_events (originator_id, originator_version, topic, state) "
                         "VALUES (?, 1, ?, x'7b7d')", (uuid.uuid4().hex, TOPIC))
    services = bootstrap(Settings(persistence="sqlite", data_dir=folder))  # a restart creates tables again
    result = verify_log(services.invoices)
    services.close()
    assert [str(problem) for problem in result.problems][0].startswith("position 26, stream ")
    assert "has no chain entry: it was written outside the application" in str(result.first)
