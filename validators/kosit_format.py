"""A validation report in the KoSIT report format (varl 1.0.0, `report.xsd`), for tools that read KoSIT reports.

`kosit_report(report, xml, reference)` writes what the official validator would write for the
document: for a document a KoSIT scenario matches, that scenario with its schema and rule-set steps
and messages; for any other document KoSIT's "no scenario" report, rejected — whatever this
service's receiving policy decided (the policy's verdict is in our own report, not in KoSIT's format).
The writer is `validators.kosit.write_report`; the scenario data comes from the generated scenario
table, so the native engine needs no configuration folder for it.
"""

from __future__ import annotations

from invoicing.formats.errors import ReadError
from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from validators.kosit import Finding as KositFinding
from validators.kosit import Resource, Scenario, XmlError, write_report
from validators.kosit.report import xrechnung_document_data
from validators.report import ValidationReport
from validators.scenario import Scenario as OurScenario
from validators.scenario import by_name

_LAYER_OF_MODULE = {"cen_ubl": "en16931", "cen_cii": "en16931", "xrechnung_ubl": "xrechnung",
                    "xrechnung_cii": "xrechnung"}


def as_kosit(scenario: OurScenario) -> Scenario:
    """The generated scenario as the KoSIT runner's `Scenario` (for its report writer)."""
    details = scenario.details
    return Scenario(
        name=scenario.name, match=details["match"], namespaces=tuple(details["namespaces"]),
        schemas=tuple(Resource(*pair) for pair in details["schemas"]),
        schematrons=tuple(Resource(*pair) for pair in details["schematrons"]),
        report=Resource(*details["report"]), custom_level_entries=tuple(details["custom_level_entries"]),
        accept_match=details["accept_match"], description=tuple(details["description"]))


def kosit_report(report: ValidationReport, xml: bytes, reference: str, *, engine: str) -> bytes:
    """The KoSIT report XML for `report`, the validation of the document `xml` (see the module docstring)."""
    matched = by_name(report.kosit_scenario) if report.kosit_scenario else None
    if matched is None or report.scenario != matched.name:
        return write_report(scenario=None, document=xml, document_reference=reference, engine=engine, accept=False)
    kosit = as_kosit(matched)
    schema_errors = [XmlError(f.message, f.line) for f in report.findings if f.layer == "xsd" and f.rule_id == "XSD"]
    steps = []
    for resource, module in zip(kosit.schematrons, matched.rule_sets):
        layer = _LAYER_OF_MODULE[module]
        findings = [KositFinding(rule_id=f.rule_id, level=f.level, flag=None, message=f.official_message or f.message,
                                 location=f.location or "", step=resource.name, flag_level=f.official_level or f.level)
                    for f in report.findings if f.layer == layer]
        steps.append((resource, findings))
    if schema_errors:
        steps = []  # KoSIT runs no rules on a schema-invalid document
    # the configuration's report stylesheet for XRechnung adds seller, number and date (xrechnung-report.xsl)
    data = xrechnung_document_data(xml) if matched.report.endswith("xrechnung-report.xsl") else None
    return write_report(scenario=kosit, document=xml, document_reference=reference, engine=engine,
                        schema_errors=schema_errors, schematron_steps=steps,
                        accept=None if not report.not_run else False, document_data=data)


def kosit_report_of_submission(report: ValidationReport, data: bytes, reference: str, *, engine: str) -> bytes:
    """`kosit_report` for a submitted file: of a PDF hybrid its embedded invoice XML is the document (KoSIT
    validates XML only; our engines check the embedded XML the same way); a PDF without one gets the
    "no scenario" report."""
    xml = data
    if is_pdf(data):
        try:
            xml = extract_invoice_xml(data).xml
        except ReadError:
            return write_report(scenario=None, document=data, document_reference=reference, engine=engine,
                                accept=False)
    return kosit_report(report, xml, reference, engine=engine)
