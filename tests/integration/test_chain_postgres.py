"""The chain on PostgreSQL: the guards refuse changes, a changed event is named, a stream read refuses it."""

from __future__ import annotations

import psycopg
import pytest

from invoicing import config
from invoicing.audit import verify_log
from invoicing.bootstrap import bootstrap
from invoicing.lifecycle.errors import IntegrityAlarm


@pytest.fixture
def services(postgres_env):
    services = bootstrap(config.load(postgres_env))
    yield services
    services.close()


def connect(postgres_env):
    return psycopg.connect(host=postgres_env["POSTGRES_HOST"], port=postgres_env["POSTGRES_PORT"],
                           dbname=postgres_env["POSTGRES_DBNAME"], user=postgres_env["POSTGRES_USER"],
                           password=postgres_env.get("POSTGRES_PASSWORD", ""), autocommit=True)


def test_a_changed_event_is_refused_on_read_and_named_by_verify(services, postgres_env):
    invoices = services.invoices
    kept = invoices.receive_submission(b"<Invoice>a</Invoice>", channel="api", sender="s", filename="a.xml").case_id
    changed = invoices.receive_submission(b"<Invoice>b</Invoice>", channel="api", sender="s", filename="b.xml").case_id
    with connect(postgres_env) as connection:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            connection.execute("UPDATE invoices_events SET topic = topic")
        connection.execute("ALTER TABLE invoices_events DISABLE TRIGGER USER")
        connection.execute("UPDATE invoices_events SET state = convert_to(replace(convert_from(state, 'UTF8'), '\"s\"', '\"x\"'), "
                           "'UTF8') "
                           "WHERE originator_id = %s", (changed,))
    result = verify_log(invoices)
    assert not result.ok
    assert str(result.first) == (f"position 2, stream {changed} version 1: the event does not match its recorded hash: "
                                 "it was changed after it was recorded")
    with pytest.raises(IntegrityAlarm):
        invoices.get_case(changed)
    assert invoices.get_case(kept).version == 1
