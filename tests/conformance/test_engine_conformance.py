"""The whole engine against the official results in expected.jsonl: verdicts, error ids, warning ids.

`expected.jsonl` was computed by running the official artefacts; documents without an XRechnung 3.0
identifier were checked there with the schema and CEN rules only (see the corpus README). The
engine judges those with the configuration's EN 16931 scenario for their type (`scenario=`), as the
receiving policy does for documents declaring EN 16931. Both engines — the compiled rules (native)
and the KoSIT configuration run by Saxon (official) — reproduce every line. Schema-invalid files
have rule results in `expected.jsonl` although KoSIT skips the rules on them, so those are compared
with the rules run anyway (`rules_on_schema_error`).
"""

from __future__ import annotations

from functools import cache

import pytest

from tests.corpus import expected_entries
from tests.official import runner
from validators.engine import validate
from validators.report import ValidationReport

ENTRIES = expected_entries()
BY_PATH = {entry.path: entry for entry in ENTRIES}
EN16931 = {"Invoice": "EN16931 (UBL Invoice)", "CreditNote": "EN16931 (UBL CreditNote)",
            "CrossIndustryInvoice": "EN16931 (CII)"}


@cache
def report(path: str, engine: str) -> ValidationReport:
    data = BY_PATH[path].file.read_bytes()
    official = runner() if engine == "official" else None
    first = validate(data, engine=engine, official=official, rules_on_schema_error=True)
    if first.syntax is None or first.kosit_scenario is not None:
        return first
    return validate(data, engine=engine, official=official, scenario=EN16931[first.document_type],
                    rules_on_schema_error=True)


def listed(result: ValidationReport, level: str) -> set[str]:
    """Rule ids as expected.jsonl lists them: neither schema errors nor our own intake or policy findings."""
    return {f.rule_id for f in result.findings if f.level == level and f.layer in ("en16931", "xrechnung")}


def verdict(result: ValidationReport) -> bool:
    """The checks' verdict (schema and rules), whatever the receiving policy adds."""
    return (result.syntax is not None and result.scenario != "no scenario" and not result.not_run
            and not any(f.level == "error" for f in result.findings if f.layer not in ("policy",)))


def disagreements(engine: str) -> list[str]:
    found = []
    for entry in ENTRIES:
        result = report(entry.path, engine)
        if (verdict(result), listed(result, "error"), listed(result, "warning")) != (
                entry.accept, set(entry.errors), set(entry.warnings)):
            found.append(entry.path)
    return found


def test_the_native_engine_reproduces_every_verdict_error_list_and_warning_list():
    assert disagreements("native") == []


@pytest.mark.slow
def test_the_official_engine_reproduces_every_verdict_error_list_and_warning_list():
    assert disagreements("official") == []


def test_a_document_with_an_xrechnung_identifier_needs_no_forcing():
    xrechnung = [entry for entry in ENTRIES if entry.note.startswith("XRechnung 3.0")]
    assert xrechnung and all(report(entry.path, "native").kosit_scenario for entry in xrechnung)
