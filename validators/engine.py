"""Validating a submission end to end, the way the official validator (KoSIT) decides.

Steps: read (PDF attachment, safe parsing, recognition) → scenario from BT-24 → product policy
(ZUGFeRD profiles that are no e-invoice in Germany) → XSD → EN 16931 rules → XRechnung rules
(XRechnung scenarios only) → level changes of the scenario → verdict. The EN 16931 layer runs
natively by default; the official XSLT (Saxon) can be chosen instead as a cross-check.

Contract of `validate`: it never raises for bad input. A file that cannot be read gives a
rejected report with one intake finding (its id is `INTAKE-<read error code>`). A layer the
scenario requires but that could not run is listed in `not_run`, and such a report is never
accepted: we do not say "valid" for what we did not check.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace

from lxml import etree

from invoicing.formats import safe_xml
from invoicing.formats.errors import ReadError
from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from invoicing.formats.recognition import Recognition, recognise
from validators import en16931, official, policy, xsd
from validators.report import Finding, RuleSet, ValidationReport
from validators.rules import xrechnung
from validators.scenario import Scenario, choose

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    """A recognised invoice document ready for the rule layers."""

    tree: etree._ElementTree
    recognition: Recognition
    pdf_profile: str | None


ENGINES = ("native", "official")
"""EN 16931 layer engines: the native rules (default, fast) or the official XSLT run by Saxon (cross-check)."""


def validate(data: bytes, *, engine: str = "native") -> ValidationReport:
    """Validate one submission (XML or PDF hybrid) and return the full report.

    `engine` selects how the EN 16931 layer runs ("native" or "official"); the report's rule sets
    name the engine used.
    """
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}; expected one of {ENGINES}.")
    started = time.perf_counter()
    try:
        document = load(data)
    except ReadError as error:
        finding = Finding(f"INTAKE-{error.code}", "error", f"{error.message} {error.hint}", "intake",
                          line=error.line)
        return ValidationReport(False, "not recognised", None, None, (finding,), (),
                                duration_ms=_elapsed(started))
    report = validate_document(document, engine=engine)
    return replace(report, duration_ms=_elapsed(started))


def load(data: bytes) -> Document:
    """Read `data` into a recognised document; raises `ReadError` subclasses."""
    pdf_profile = None
    xml = data
    if is_pdf(data):
        embedded = extract_invoice_xml(data)
        xml, pdf_profile = embedded.xml, embedded.xmp_profile
    tree = safe_xml.parse(xml)
    return Document(tree, recognise(tree), pdf_profile)


def validate_document(document: Document, *, engine: str = "native") -> ValidationReport:
    """Run every layer the document's scenario requires."""
    recognition = document.recognition
    scenario = choose(recognition.syntax, recognition.document_type, recognition.customization_id)
    findings: list[Finding] = list(policy.check(recognition))
    rule_sets: list[RuleSet] = [policy.RULE_SET]
    not_run: list[str] = []

    schema = xsd.schema_name(recognition.syntax, recognition.document_type)
    rule_sets.append(RuleSet("XML Schema", schema, "lxml/libxml2"))
    schema_findings = [
        Finding("XSD", "error", error.message, "xsd", line=error.line)
        for error in xsd.schema_errors(document.tree, recognition.syntax, recognition.document_type)
    ]
    findings += schema_findings

    findings += _en16931(document, scenario, rule_sets, not_run, engine)
    if scenario.xrechnung:
        findings += _xrechnung(document, scenario, rule_sets, not_run)

    accepted = not schema_findings and not not_run and not any(f.level == "error" for f in findings)
    return ValidationReport(
        accepted=accepted,
        scenario=scenario.name,
        syntax=recognition.syntax,
        customization_id=recognition.customization_id,
        findings=tuple(findings),
        rule_sets=tuple(rule_sets),
        not_run=tuple(not_run),
        profile=recognition.profile or document.pdf_profile,
        document_type=recognition.document_type,
    )


def _en16931(document: Document, scenario: Scenario, rule_sets: list, not_run: list, engine: str) -> list[Finding]:
    if engine == "official":
        return _en16931_official(document, scenario, rule_sets, not_run)
    rule_sets.append(en16931.RULE_SET)
    try:
        found = en16931.check(document.tree, document.recognition)
    except en16931.RulesFailed as failure:
        logger.exception("EN 16931 rules failed on a document")
        not_run.append(f"EN 16931 rules: the rule run stopped on this document ({failure})")
        return []
    return [_with_scenario_level(finding, scenario) for finding in found]


def _en16931_official(document: Document, scenario: Scenario, rule_sets: list, not_run: list) -> list[Finding]:
    syntax = document.recognition.syntax
    rule_sets.append(RuleSet("EN 16931", official.ruleset(syntax), official.engine_name()))
    try:
        result = official.run_official(document.tree, syntax)
    except official.OfficialEngineFailed as failure:
        not_run.append(f"EN 16931 rules: the rule run stopped on this document ({failure})")
        return []
    findings = []
    for item in result.findings:
        # Factur-X-only ids (FX-*) and its id-less "not used" reports are not EN 16931 rules.
        if not item.rule_id or item.rule_id.startswith("FX-"):
            continue
        finding = Finding(item.rule_id, item.level, item.message, "en16931", location=item.location)
        findings.append(_with_scenario_level(finding, scenario))
    return findings


def _xrechnung(document: Document, scenario: Scenario, rule_sets: list, not_run: list) -> list[Finding]:
    rule_sets.append(xrechnung.RULE_SET)
    try:
        found = xrechnung.check(document.tree, document.recognition, scenario)
    except Exception as failure:  # a rule bug must not turn into a traceback or a silent "valid"
        logger.exception("XRechnung rules failed on a document")
        not_run.append(f"XRechnung rules: the rule run stopped on this document ({type(failure).__name__}: {failure})")
        return []
    return [_with_scenario_level(finding, scenario) for finding in found]


def _with_scenario_level(finding: Finding, scenario: Scenario) -> Finding:
    level = scenario.level(finding.rule_id, finding.level)
    if level == finding.level:
        return finding
    return replace(finding, level=level, official_level=finding.level)


def _elapsed(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)
