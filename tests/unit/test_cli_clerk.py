"""The clerk's commands on the embedded default (SQLite): inbox, show, certify, approve, refusals with reasons;
acting only with credentials (password, personal token) or as an operator on a person's behalf."""

from __future__ import annotations

import getpass
import io
import json
from uuid import UUID

import pytest

from cli.main import main
from invoicing import config
from invoicing.bootstrap import bootstrap
from tests.unit.lifecycle.given import NOWHERE, facts, recognition, verdict
from web.passwords import Passwords
from web.wiring import accounts_for

PASSWORD = "cli-password-1"


@pytest.fixture
def routed(tmp_path, monkeypatch):
    """Two invoices routed on a fresh SQLite data directory: one to the Hauptamt, one to the clearing inbox."""
    monkeypatch.setenv("INVOICING_DATA_DIR", str(tmp_path / "data"))
    for name in ("PERSISTENCE_MODULE", "POSTGRES_DBNAME", "INVOICING_POLICY_FILE"):
        monkeypatch.delenv(name, raising=False)
    services = bootstrap(config.load())
    accounts = accounts_for(config.load(), Passwords.for_tests())
    for person in services.invoices.policy.people:
        accounts.open_account(person.login, name=person.name, roles=list(person.roles), password=PASSWORD, by="test")
    accounts.close()
    monkeypatch.setattr("sys.stdin", io.StringIO((PASSWORD + "\n") * 50))
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
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "mengel", "--password-stdin"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Refused [not_assigned]: Herr Markus Engel darf „sachlich und rechnerisch richtig“")
    assert "Mr Markus Engel may not certify" in err and "Ask someone the step is assigned to" in err


def test_certify_then_approve_as_the_right_people(routed, capsys):
    hauptamt, _ = routed
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "sroth", "--comment", "ok", "--password-stdin"]) == 0
    assert "Recorded: InvoiceCertified." in capsys.readouterr().out
    assert main(["show", hauptamt, "--as", "sroth"]) == 0
    shown = capsys.readouterr().out
    assert "certified by sroth" in shown and "may act: pneumann" in shown and "sroth: may not certify" in shown
    assert main(["approve", hauptamt, "--as", "pneumann", "--password-stdin"]) == 0
    assert "Now: approved." in capsys.readouterr().out
    assert main(["approve", hauptamt, "--as", "pneumann", "--password-stdin"]) == 1
    assert "already approved by pneumann" in capsys.readouterr().err


def test_clarify_reassign_assign_and_return(routed, capsys):
    hauptamt, clearing = routed
    assert main(["clarify", hauptamt, "--as", "sroth", "--question", "Lieferschein?", "--to", "supplier", "--password-stdin"]) == 0
    assert main(["answer", hauptamt, "--as", "sroth", "--answer", "liegt vor", "--password-stdin"]) == 0
    assert main(["reassign", hauptamt, "--as", "sroth", "--to-person", "jalbrecht", "--reason", "Urlaub", "--password-stdin"]) == 0
    assert main(["assign", clearing, "--as", "dyilmaz", "--unit", "gebaeude", "--reason", "Rathaus", "--password-stdin"]) == 0
    assert main(["return", clearing, "--as", "fkaiser", "--reason", "Bestellnummer fehlt", "--password-stdin"]) == 0
    assert "Now: returned." in capsys.readouterr().out


def test_unknown_people_and_ids_are_refused(routed, capsys):
    assert main(["inbox", "--as", "mallory"]) == 1
    assert "Refused [unknown_person]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["show", "not-a-uuid"])
    assert usage.value.code == 2


def test_acting_without_credentials_is_refused_and_records_nothing(routed, capsys, monkeypatch):
    hauptamt, _ = routed
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, no password given
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "sroth"]) == 1
    assert "Refused [credentials]: No credentials" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-password\n"))
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "sroth", "--password-stdin"]) == 1
    assert "password is wrong" in capsys.readouterr().err
    services = bootstrap(config.load())
    assert services.invoices.get_case(UUID(hauptamt)).approvals == []
    services.close()


def test_a_personal_token_acts_for_its_owner_only(routed, capsys, tmp_path, monkeypatch):
    hauptamt, _ = routed
    accounts = accounts_for(config.load())
    token = accounts.issue_token("sroth", label="Laptop", by="sotto")
    accounts.close()
    (tmp_path / "token").write_text(token + "\n")
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "pneumann", "--token-file",
                 str(tmp_path / "token")]) == 1
    assert "belongs to sroth" in capsys.readouterr().err
    monkeypatch.setenv("INVOICING_TOKEN", token)
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch"]) == 0
    assert "Recorded: InvoiceCertified." in capsys.readouterr().out
    services = bootstrap(config.load())
    assert [event.by for event in services.invoices.history(UUID(hauptamt))][-1] == "sroth"
    services.close()


def test_the_operator_records_on_behalf_of_the_person_and_four_eyes_still_counts_the_person(routed, capsys):
    hauptamt, _ = routed
    user = getpass.getuser()
    assert main(["certify", hauptamt, "--step", "sachlich_rechnerisch", "--as", "sroth", "--operator"]) == 0
    services = bootstrap(config.load())
    certified = services.invoices.history(UUID(hauptamt))[-1]
    assert certified.by == f"operator:{user}" and certified.on_behalf_of == "sroth"
    services.close()
    assert main(["reject", hauptamt, "--as", "pneumann", "--operator", "--reason", "x"]) == 1
    assert "records only certifications and approvals" in capsys.readouterr().err
    assert main(["show", hauptamt, "--as", "sroth"]) == 0
    assert "sroth: may not certify" in capsys.readouterr().out  # the operator's record counts as sroth's
