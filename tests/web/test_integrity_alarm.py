"""Integrity failures are findings, never crashes: a tampered case answers with an alarm (page and API), others work.

The store is tampered with as in `tests/integration/test_tamper_evidence.py` (guards dropped, rows changed).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest

from invoicing.audit import anchor
from invoicing.config import Settings
from tests.web.support import client, log_in, make_edge, process, valid_xml


@pytest.fixture
def world(tmp_path):
    settings = Settings(persistence="sqlite", data_dir=tmp_path / "data", cookie_secure=False)
    edge = make_edge(settings)
    cases = []
    for seed in (21, 22, 23):
        case_id = edge.invoices.receive_submission(valid_xml(seed), channel="upload", sender="supplier-a@example.org",
                                                   filename=f"{seed}.xml").case_id
        process(edge, case_id)
        cases.append(case_id)
    anchor(edge.invoices, at=datetime.now(timezone.utc), by="test")
    database = sqlite3.connect(tmp_path / "data" / "invoices.sqlite", isolation_level=None)
    for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        database.execute(f"DROP TRIGGER {name}")
    test_client = client(edge)
    log_in(test_client, "ilang")
    yield edge, cases, database, test_client
    database.close()
    edge.close()


def test_a_case_with_a_deleted_middle_event_shows_an_alarm_while_the_other_cases_keep_working(world, caplog):
    edge, (broken, fine, _), database, browser = world
    database.execute("DELETE FROM stored_events WHERE originator_id = ? AND originator_version = 2", (broken.hex,))
    page = browser.get(f"/invoices/{broken}/audit")
    assert page.status_code == 409
    assert "Integritätsalarm" in page.text and "version 2 missing from the log" in page.text
    api = browser.get(f"/api/invoices/{broken}")
    assert api.status_code == 409 and api.json()["code"] == "integrity-alarm"
    assert "INTEGRITY ALARM for invoice" in caplog.text
    other = browser.get(f"/invoices/{fine}/audit")
    assert other.status_code == 200
    assert "stimmen mit ihren Einträgen in der Hash-Kette überein" in other.text


def test_an_edited_event_shows_an_alarm_on_every_page_of_that_case(world):
    edge, (broken, fine, _), database, browser = world
    state = json.loads(database.execute("SELECT state FROM stored_events WHERE originator_id = ? AND "
                                        "originator_version = 1", (broken.hex,)).fetchone()[0])
    state["sender"] = "someone-else@example.org"
    database.execute("UPDATE stored_events SET state = ? WHERE originator_id = ? AND originator_version = 1",
                     (json.dumps(state).encode(), broken.hex))
    for path in (f"/invoices/{broken}", f"/invoices/{broken}/audit", f"/invoices/{broken}/report"):
        response = browser.get(path)
        assert response.status_code == 409, path
        assert "does not match its recorded hash" in response.text
    assert browser.get(f"/invoices/{fine}").status_code == 200


def test_an_altered_original_is_an_alarm_not_a_reset_connection(world):
    edge, (_, _, altered), database, browser = world
    sha256 = edge.invoices.get_case(altered).content_hash
    database.execute("UPDATE documents SET content = X'00' WHERE sha256 = ?", (sha256,))
    response = browser.get(f"/api/invoices/{altered}/original")
    assert response.status_code == 409
    assert "original is missing or altered" in response.json()["message"]
    audit = browser.get(f"/invoices/{altered}/audit")
    assert audit.status_code == 200 and "was altered" in audit.text


def test_the_integrity_page_shows_the_head_the_anchors_and_how_to_check_independently(world):
    edge, _, database, browser = world
    page = browser.get("/audit/integrity")
    assert page.status_code == 200
    head = edge.invoices.recorder.head()
    assert head.hash in page.text and "stimmt" in page.text
    assert "invoicing audit verify --anchors" in page.text
    database.execute("UPDATE stored_events_anchors SET hash = ? WHERE position = ?", ("0" * 64, head.position))
    assert "ABWEICHUNG" in browser.get("/audit/integrity").text
