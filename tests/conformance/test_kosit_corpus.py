"""The KoSIT configuration runner with the reference configuration reproduces expected.jsonl.

For every corpus file (a PDF's embedded XML, extracted with `extract_invoice_xml`) the verdict,
the error-id set and the warning-id set equal the expected ones. The corpus treats documents
without an XRechnung 3.0 identifier as "XSD + CEN rules only"; the reference configuration has
scenarios for those only when BT-24 is exactly `urn:cen.eu:en16931:2017`. For the others the
raw KoSIT verdict is "no scenario, rejected" — shown by `test_kosit_itself_rejects_…` — and the
expected lists come from running them with the configuration's EN 16931 scenario for their
document type forced. Schema-invalid files are rejected by KoSIT without any rule run; the corpus
lists what the rules report on them, so the rules are run with `schematron_on_schema_error`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lxml import etree

from invoicing.formats.errors import ReadError
from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from tests.corpus import Expected, expected_entries
from tests.unit.kosit.helpers import runner
from validators.kosit import KositResult

ENTRIES = expected_entries()
EN16931_SCENARIO = {"Invoice": "EN16931 (UBL Invoice)", "CreditNote": "EN16931 (UBL CreditNote)",
                    "CrossIndustryInvoice": "EN16931 (CII)"}
"""The reference configuration's EN 16931 scenario for each document type (root element)."""


@dataclass(frozen=True)
class Judged:
    """KoSIT's own result (`raw`), and the one the corpus expectation corresponds to (`used`)."""

    raw: KositResult | None
    used: KositResult | None

    @property
    def accepted(self) -> bool:
        return self.used is not None and self.used.accepted


@cache
def judged(path: str) -> Judged:
    entry = next(e for e in ENTRIES if e.path == path)
    data = entry.file.read_bytes()
    if is_pdf(data):
        try:
            data = extract_invoice_xml(data).xml
        except ReadError:
            return Judged(None, None)
    raw = runner().run(data, document_reference=path, schematron_on_schema_error=True)
    used = raw
    if raw.scenario is None and _root(data) in EN16931_SCENARIO:
        used = runner().run(data, document_reference=path, force_scenario=EN16931_SCENARIO[_root(data)],
                            schematron_on_schema_error=True)
    return Judged(raw, used)


def _root(data: bytes) -> str | None:
    try:
        return etree.QName(etree.fromstring(data)).localname
    except etree.XMLSyntaxError:
        return None


def agreement(entry: Expected) -> tuple[bool, bool, bool]:
    result = judged(entry.path)
    errors = result.used.errors if result.used else frozenset()
    warnings = result.used.warnings if result.used else frozenset()
    return result.accepted == entry.accept, errors == entry.errors, warnings == entry.warnings


def test_every_corpus_file_gets_the_expected_verdict_error_ids_and_warning_ids():
    agreements = {entry.path: agreement(entry) for entry in ENTRIES}
    counts = [sum(a[i] for a in agreements.values()) for i in range(3)]
    print(f"\nKoSIT runner on {len(ENTRIES)} corpus files: verdicts {counts[0]}, error-id sets {counts[1]}, "
          f"warning-id sets {counts[2]} agree")
    assert {path: a for path, a in agreements.items() if not all(a)} == {}


def test_kosit_itself_rejects_every_document_without_a_scenario_even_where_the_cen_rules_accept_it():
    unmatched = [e for e in ENTRIES if judged(e.path).raw is not None and judged(e.path).raw.scenario is None]
    assert len(unmatched) > 40
    assert all(not judged(e.path).raw.accepted and judged(e.path).raw.acceptance == "reject" for e in unmatched)
    assert all("not XRechnung 3.0" in e.note or e.syntax is None for e in unmatched)
    forced = [e for e in unmatched if judged(e.path).used.forced]
    assert sum(e.accept for e in forced) > 30  # valid under CEN rules, yet no KoSIT scenario for them


def test_plain_en16931_documents_match_the_configurations_en16931_scenarios_without_forcing():
    plain = [e for e in ENTRIES if "(CustomizationID urn:cen.eu:en16931:2017)" in e.note]
    assert len(plain) == 31
    assert {judged(e.path).raw.scenario for e in plain} == {"EN16931 (UBL Invoice)", "EN16931 (UBL CreditNote)",
                                                            "EN16931 (CII)"}
    assert not any(judged(e.path).used.forced for e in plain)


def test_kosit_runs_no_rules_on_the_schema_invalid_files_and_rejects_them():
    invalid = [e for e in ENTRIES if not e.schema_valid]
    assert len(invalid) == 21
    for entry in invalid:
        result = runner().run(entry.file.read_bytes(), document_reference=entry.path)
        assert (result.schema_valid, result.accepted, result.findings) == (False, False, ()), entry.path
        assert result.schema_errors, entry.path


def test_the_cen_rule_run_stops_on_the_eight_non_boolean_charge_indicators():
    aborted = [e for e in ENTRIES if "aborted" in e.note]
    assert len(aborted) == 8
    for entry in aborted:
        failed = judged(entry.path).used.failed_steps
        assert [step.step for step in failed] == ["Schematron rules for EN16931 (UBL)"], entry.path
        assert "cannot be cast to a boolean" in failed[0].reason
