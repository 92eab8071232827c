"""The clerk's commands on the embedded default (SQLite): inbox, show, certify, approve, refusals with reasons."""

from __future__ import annotations

import json

import pytest

from invoicing import config
from invoicing.bootstrap import bootstrap
from invoicing.cli import main

from tests.unit.lifecycle.given import NOWHERE, facts, recognition, verdict


@pytest.fixture
def routed(tmp_path, monkeypatch):
    """Two invoices routed on a fresh SQLite data directory: one to the Hauptamt, one to the clearing inbox."""
    monkeypatch.setenv("INVOICING_DATA_DIR", str(tmp_path / "data"))
    for name in ("PERSISTENCE_MODULE", "POSTGRES_DBNAME", "INVOICING_POLICY_FILE"):
        monkeypatch.delenv(name, raising=False)
    services = bootstrap(config.load())
    ids = []
    for number, routing in (("RE-1", facts()), ("RE-2", facts(buyer_reference=NOWHERE))):
        case_id = services.invoices.receive_submission(number.encode(), channel="api", sender="s",
                                                       filename=number).case_id
        services.invoices.record_recognition(case_id, recognition(number=number))
        services.invoices.record_validation(case_id, verdict())
        services.invoices.route(case_id, routing)
        ids.append(str(case_id))
    services.close()
    return ids


def test_the_inbox_lists_what_the_person_may_act_on(routed, capsys):
    hauptamt, clearing = routed
    assert main(["inbox", "--as", "sroth"]) == 0
    out = capsys.readouterr().out
    assert "1 open step." in out and hauptamt in out and "sachlich und rechnerisch richtig" in out
    assert clearing not in out
    assert main(["inbox", "--as", "dyilmaz", "--json"]) == 0
    item, = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert item["case_id"] == clearing and item["step"] == "clearing" and item["unit"] is None


def test_a_refused_certification_prints_the_reason_in_german_and_english_and_exits_1(routed, capsys):
    hauptamt, _ = routed
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "mengel"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Refused [not_assigned]: Herr Markus Engel darf „sachlich und rechnerisch richtig“")
    assert "Mr Markus Engel may not certify" in err and "Ask someone the step is assigned to" in err


def test_certify_then_approve_as_the_right_people(routed, capsys):
    hauptamt, _ = routed
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "sroth", "--comment", "ok"]) == 0
    assert "Recorded: InvoiceCertified." in capsys.readouterr().out
    assert main(["show", hauptamt, "--as", "sroth"]) == 0
    shown = capsys.readouterr().out
    assert "certified by sroth" in shown and "may act: pneumann" in shown and "sroth: may not certify" in shown
    assert main(["approve", hauptamt, "--as", "pneumann"]) == 0
    assert "Now: approved." in capsys.readouterr().out
    assert main(["approve", hauptamt, "--as", "pneumann"]) == 1
    assert "already approved by pneumann" in capsys.readouterr().err


def test_clarify_reassign_assign_and_return(routed, capsys):
    hauptamt, clearing = routed
    assert main(["clarify", hauptamt, "--as", "sroth", "--question", "Lieferschein?", "--to", "supplier"]) == 0
    assert main(["answer", hauptamt, "--as", "sroth", "--answer", "liegt vor"]) == 0
    assert main(["reassign", hauptamt, "--as", "sroth", "--to-person", "jalbrecht", "--reason", "Urlaub"]) == 0
    assert main(["assign", clearing, "--as", "dyilmaz", "--unit", "gebaeude", "--reason", "Rathaus"]) == 0
    assert main(["return", clearing, "--as", "fkaiser", "--reason", "Bestellnummer fehlt"]) == 0
    assert "Now: returned." in capsys.readouterr().out


def test_unknown_people_and_ids_are_refused(routed, capsys):
    assert main(["inbox", "--as", "mallory"]) == 1
    assert "Refused [unknown_person]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["show", "not-a-uuid"])
    assert usage.value.code == 2
