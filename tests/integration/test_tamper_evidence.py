"""Tampering with a copy of the store, as an attacker with write access to the database would.

Each way the issue names — edit, delete the last events of a stream, delete a middle event, insert,
reorder, edit an original, and rewrite a whole stream consistently (chain recomputed to the end) —
(every event row carries its chain entry, so deleting a row deletes its entry too, as a careful attacker would)
is done to a fresh copy of one SQLite store, and `invoicing audit verify` must name it: exit 1,
the first broken position, the stream, and what is wrong. The consistent rewrite passes the
chain's own check (it is consistent) and is caught only by the anchor kept outside the system.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from cli.main import main
from invoicing.audit import anchor
from invoicing.bootstrap import bootstrap
from invoicing.chain import GENESIS, link
from invoicing.config import Settings
from tests.histories import write_history

CERTIFIED = "invoicing.lifecycle.case:InvoiceCase.InvoiceCertified"
REJECTED = "invoicing.lifecycle.case:InvoiceCase.InvoiceRejected"
RECOGNISED = "invoicing.lifecycle.case:InvoiceCase.InvoiceRecognised"


@pytest.fixture(scope="module")
def original_store(tmp_path_factory) -> tuple[Path, Path]:
    """A store of 40 cases with originals, anchored into a file outside it; (data folder, anchor file)."""
    folder = tmp_path_factory.mktemp("store")
    services = bootstrap(Settings(persistence="sqlite", data_dir=folder / "data"))
    write_history(services.invoices, 40, seed=3, originals=True)
    outside = folder / "anchors.jsonl"
    anchor(services.invoices, at=datetime.now(timezone.utc), by="test", file=outside)
    services.close()
    return folder / "data", outside


@pytest.fixture
def store(original_store, tmp_path, monkeypatch):
    """A fresh copy of the store, the CLI pointed at it; yields an open connection with the guards dropped."""
    data, outside = original_store
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    monkeypatch.setenv("INVOICING_DATA_DIR", str(copy))
    monkeypatch.delenv("PERSISTENCE_MODULE", raising=False)
    monkeypatch.delenv("POSTGRES_DBNAME", raising=False)
    connection = sqlite3.connect(copy / "invoices.sqlite", isolation_level=None)
    connection.row_factory = sqlite3.Row
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        connection.execute(f"DROP TRIGGER {name}")  # the attacker removes the append-only guards first
    yield connection
    connection.close()


def verify(capsys, *options: str) -> tuple[int, str]:
    code = main(["audit", "verify", *options])
    return code, capsys.readouterr().out


def first_line(output: str) -> str:
    return output.splitlines()[0]


def event(connection, topic: str, nth: int = 0) -> sqlite3.Row:
    rows = connection.execute("SELECT rowid, * FROM stored_events WHERE topic = ? ORDER BY rowid", (topic,)).fetchall()
    return rows[nth]


def stream_of(connection, originator_id: str) -> list[sqlite3.Row]:
    return connection.execute("SELECT rowid, * FROM stored_events WHERE originator_id = ? ORDER BY originator_version",
                              (originator_id,)).fetchall()


def dashed(hex_id: str) -> str:
    return str(__import__("uuid").UUID(hex_id))


def test_the_untouched_store_verifies_intact_against_the_anchor_kept_outside(store, original_store, capsys):
    code, output = verify(capsys, "--anchors", str(original_store[1]))
    assert code == 0, output
    assert output.startswith("INTACT: ") and "2 anchors" in output  # the one in the database and its copy


def test_changing_who_certified_an_invoice_is_named(store, capsys):
    certified = event(store, CERTIFIED)
    state = json.loads(certified["state"])
    state["by"] = "pneumann" if state["by"] != "pneumann" else "bberger"
    store.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (json.dumps(state).encode(), certified["rowid"]))
    code, output = verify(capsys)
    assert code == 1
    assert first_line(output) == (f"BROKEN at position {certified['rowid']}, stream {dashed(certified['originator_id'])} "
                                  f"version {certified['originator_version']}: the event does not match its recorded "
                                  "hash: it was changed after it was recorded.")


def test_deleting_the_last_two_events_of_a_rejected_invoice_is_named(store, capsys):
    rejected = event(store, REJECTED)
    events = stream_of(store, rejected["originator_id"])[-2:]
    positions = [row["rowid"] for row in events]
    assert max(positions) < store.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
    for position in positions:  # each row goes with its chain entry
        store.execute("DELETE FROM stored_events WHERE rowid = ?", (position,))
    after = store.execute("SELECT MIN(rowid) FROM stored_events WHERE rowid > ?", (max(positions),)).fetchone()[0]
    before = store.execute("SELECT MAX(rowid) FROM stored_events WHERE rowid < ?", (min(positions),)).fetchone()[0]
    code, output = verify(capsys)
    assert code == 1
    assert f"BROKEN at position {after}," in first_line(output)
    assert (f"the chain entry does not follow the one before it (position {before}): events before it were deleted, "
            "inserted or moved") in first_line(output)


def test_deleting_a_middle_event_is_named_by_the_chain_and_the_stream_s_versions(store, capsys):
    middle = stream_of(store, event(store, CERTIFIED)["originator_id"])[2]
    store.execute("DELETE FROM stored_events WHERE rowid = ?", (middle["rowid"],))
    code, output = verify(capsys)
    assert code == 1
    assert first_line(output).startswith(f"BROKEN at position {middle['rowid'] + 1},")
    assert "events before it were deleted, inserted or moved" in first_line(output)
    assert (f"stream {dashed(middle['originator_id'])} version {middle['originator_version'] + 1}: version "
            f"{middle['originator_version'] + 1} follows version {middle['originator_version'] - 1}") in output


def test_inserting_a_forged_event_in_the_middle_of_the_log_is_named(store, capsys):
    victim = stream_of(store, event(store, REJECTED)["originator_id"])
    last = victim[-1]
    position = last["rowid"] + 1  # right after the stream's last event: make room, shifting everything later
    for (moved,) in store.execute("SELECT rowid FROM stored_events WHERE rowid >= ? ORDER BY rowid DESC",
                                  (position,)).fetchall():
        store.execute("UPDATE stored_events SET rowid = rowid + 1 WHERE rowid = ?", (moved,))
    forged = json.dumps({"step": "anordnung", "index": 2, "on_behalf_of": None, "comment": "", "by": "pneumann",
                         "timestamp": "2026-03-02T10:00:00+00:00", "class_version": 2}).encode()
    topic, version = "invoicing.lifecycle.case:InvoiceCase.InvoiceApproved", last["originator_version"] + 1
    previous = last["chain_hash"]
    store.execute("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state, chain_previous, "
                  "chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", (position, last["originator_id"], version, topic, forged,
                                                               previous, link(previous, last["originator_id"], version,
                                                                              topic, forged)))
    code, output = verify(capsys)
    assert code == 1
    assert f"BROKEN at position {position + 1}," in first_line(output)
    assert f"does not follow the one before it (position {position})" in first_line(output)


def test_swapping_two_events_is_named(store, capsys):
    first, second = stream_of(store, event(store, CERTIFIED)["originator_id"])[1:3]
    for row, other in ((first, second), (second, first)):
        store.execute("UPDATE stored_events SET rowid = ? WHERE rowid = ?", (-row["rowid"], row["rowid"]))
    for row, other in ((first, second), (second, first)):
        store.execute("UPDATE stored_events SET rowid = ? WHERE rowid = ?", (other["rowid"], -row["rowid"]))
    code, output = verify(capsys)
    assert code == 1
    assert first_line(output).startswith(f"BROKEN at position {first['rowid']}, stream {dashed(first['originator_id'])} "
                                         f"version {second['originator_version']}: the chain entry does not follow")
    assert (f"version {first['originator_version']} follows version {second['originator_version']} of the stream: "
            "versions are missing (deleted) or reordered") in output


def test_changing_an_original_is_named(store, capsys):
    received = event(store, "invoicing.lifecycle.case:InvoiceCase.InvoiceReceived", 5)
    sha256 = json.loads(received["state"])["content_hash"]
    store.execute("UPDATE documents SET content = replace(content, X'3C2F', X'3C212D2D2D2D3E3C2F') "
                  "WHERE sha256 = ?", (sha256,))
    code, output = verify(capsys)
    assert code == 1
    assert first_line(output) == (f"BROKEN at position {received['rowid']}, stream {dashed(received['originator_id'])} "
                                  f"version 1: the original {sha256} was altered: its bytes no longer have this "
                                  "SHA-256.")


def test_a_consistent_rewrite_of_a_stream_and_the_chain_is_caught_only_by_the_anchor_kept_outside(
        store, original_store, capsys):
    recognised = event(store, RECOGNISED, 3)
    state = json.loads(recognised["state"])
    state["amount_due"] = "99999.99"
    store.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (json.dumps(state).encode(),
                                                                          recognised["rowid"]))
    previous = recognised["chain_previous"] or GENESIS
    for row in store.execute("SELECT rowid, * FROM stored_events WHERE rowid >= ? ORDER BY rowid",
                             (recognised["rowid"],)).fetchall():  # the whole chain from there on, recomputed
        digest = link(previous, row["originator_id"], row["originator_version"], row["topic"], row["state"])
        store.execute("UPDATE stored_events SET chain_previous = ?, chain_hash = ? WHERE rowid = ?",
                      (previous, digest, row["rowid"]))
        previous = digest
    head = store.execute("SELECT rowid AS position, chain_hash AS hash FROM stored_events ORDER BY rowid DESC "
                         "LIMIT 1").fetchone()
    store.execute("UPDATE stored_events_anchors SET hash = ? WHERE position = ?", (head["hash"], head["position"]))

    code, output = verify(capsys)
    assert code == 0, "consistent in itself: only an anchor held elsewhere can show the rewrite"
    code, output = verify(capsys, "--anchors", str(original_store[1]))
    assert code == 1
    assert first_line(output).startswith(f"BROKEN at position {head['position']},")
    assert "the history up to this position was rewritten" in first_line(output)


def test_the_guards_refuse_changes_through_the_database(original_store, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(original_store[0], copy)
    with sqlite3.connect(copy / "invoices.sqlite") as connection:
        for statement in ("UPDATE stored_events SET state = x'00'", "UPDATE stored_events SET chain_hash = NULL",
                          "DELETE FROM stored_events", "DELETE FROM stored_events_anchors"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)


def test_a_changed_event_raises_the_alarm_when_its_case_is_read_with_others(store, capsys):
    from invoicing import config
    from invoicing.bootstrap import bootstrap
    from invoicing.lifecycle.errors import IntegrityAlarm

    certified = event(store, CERTIFIED)
    state = json.loads(certified["state"])
    state["by"] = "mallory"
    store.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (json.dumps(state).encode(), certified["rowid"]))
    services = bootstrap(config.load())
    try:
        with pytest.raises(IntegrityAlarm):
            services.invoices.get_cases([uuid4(), UUID(dashed(certified["originator_id"]))])
    finally:
        services.close()
