"""`invoicing audit …` as the README shows it: anchor (to a file), reproduce, retention with legal hold, record-facts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cli.main import main
from invoicing.audit.reproduce import reproduce
from invoicing.audit.retention import kept_until, past_retention
from invoicing.bootstrap import bootstrap
from invoicing.chain.anchors import read
from invoicing.config import Settings
from tests.web.support import invalid_xml, valid_xml
from validators.engine import validate
from workers import steps


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("INVOICING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PERSISTENCE_MODULE", raising=False)
    monkeypatch.delenv("POSTGRES_DBNAME", raising=False)
    services = bootstrap(Settings(persistence="sqlite", data_dir=tmp_path / "data"))
    cases = []
    for content in (valid_xml(31), invalid_xml(32)):
        case_id = services.invoices.receive_submission(content, channel="upload", sender="s@example.org",
                                                       filename="f.xml").case_id
        steps.process_submission(services, case_id)
        cases.append(case_id)
    yield services, cases
    services.close()


def test_anchor_appends_the_head_to_a_file_kept_outside_and_verify_checks_against_it(store, tmp_path, capsys):
    services, _ = store
    outside = tmp_path / "outside" / "anchors.jsonl"
    assert main(["audit", "anchor", "--out", str(outside), "--by", "rpa"]) == 0
    printed = json.loads(capsys.readouterr().out)
    (anchor,) = read(outside)
    assert (anchor.position, anchor.hash, anchor.by) == (printed["position"], printed["hash"], "rpa")
    assert anchor.hash == services.invoices.recorder.head().hash
    assert main(["audit", "verify", "--anchors", str(outside)]) == 0
    assert capsys.readouterr().out.startswith("INTACT: ")
    outside.write_text("not an anchor\n")
    assert main(["audit", "verify", "--anchors", str(outside)]) == 2
    assert "Line 1 of" in capsys.readouterr().err


def test_reproduce_re_runs_the_recorded_validation_and_finds_the_same_verdict_and_findings(store, capsys):
    _, (accepted, rejected) = store
    assert main(["audit", "reproduce", str(accepted)]) == 0
    assert "REPRODUCED" in capsys.readouterr().out
    assert main(["audit", "reproduce", str(rejected), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["reproduced"] and result["recorded_verdict"] is False and result["missing_rule_sets"] == []


def test_reproduce_says_when_the_recorded_rule_set_versions_are_not_installed(store):
    services, (accepted, _) = store

    def other_release(data, engine="native"):
        report = validate(data, engine=engine)
        return replace(report, rule_sets=tuple(replace(item, version=item.version + "-next")
                                               for item in report.rule_sets))

    result = reproduce(services.invoices, accepted, other_release)
    assert not result.versions_installed and result.reproduced
    assert any(item.startswith("XRechnung 3.0.2 ") for item in result.missing_rule_sets)


def test_retention_lists_cases_past_their_period_and_a_legal_hold_keeps_them(store, capsys):
    services, (accepted, rejected) = store
    received = services.invoices.get_case(accepted).received_at
    assert kept_until(received, 8).isoformat() == f"{received.year + 8}-12-31"
    later = date(received.year + 11, 1, 1)  # the day after the 10 years from the end of the year of receipt
    assert past_retention(services.invoices, today=later.replace(year=received.year + 1), years=10) == []
    assert main(["audit", "hold", str(accepted), "--by", "ilang", "--reason", "Az. 14-2026"]) == 0
    assert main(["audit", "hold", str(accepted), "--by", "ilang", "--reason", "Az. 14-2026"]) == 0
    assert "already so" in capsys.readouterr().out
    rows = {row.case_id: row for row in past_retention(services.invoices, today=later, years=10)}
    assert rows[accepted].held and rows[accepted].hold_reason == "Az. 14-2026" and not rows[rejected].held
    assert main(["audit", "retention", "--years", "10", "--today", later.isoformat()]) == 0
    output = capsys.readouterr().out
    assert "nothing is deleted" in output and "LEGAL HOLD: Az. 14-2026" in output
    assert main(["audit", "release", str(accepted), "--by", "ilang", "--reason", "Verfahren beendet"]) == 0
    assert not {row.case_id: row for row in past_retention(services.invoices, today=later, years=10)}[accepted].held


def test_record_facts_has_nothing_to_do_when_every_case_recorded_its_facts(store, capsys):
    assert main(["audit", "record-facts"]) == 0
    assert "Facts recorded for 0 case(s)" in capsys.readouterr().out


def test_audit_verify_refuses_the_memory_store_with_a_clear_message(monkeypatch, capsys):
    monkeypatch.setenv("PERSISTENCE_MODULE", "memory")
    assert main(["audit", "verify"]) == 2
    assert "keeps no hash chain" in capsys.readouterr().err
