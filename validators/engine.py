"""Validating a submission end to end: the official verdict, and this service's receiving decision.

Steps: read (PDF attachment, safe parsing, recognition) → the KoSIT scenario (`scenario.choose`,
generated from the official `scenarios.xml`) → the receiving policy (`policy.decide`: which scenario
checks the document when the official configuration has none) → XML Schema → the scenario's rule sets
in the configuration's order → levels (`customLevel`) → verdict.

Two engines run the same scenario:

* "native" (default): the official Schematron files compiled to Python (`validators/rulesets/`,
  `validators.schematron`), the schemas the configuration names (`xsd`);
* "official": the KoSIT configuration itself run by Saxon (`validators.kosit.Runner`), for
  cross-checks and for a configuration newer than the compiled rules.

Contract of `validate`: it never raises for bad input. A file that cannot be read gives a rejected
report with one intake finding (`INTAKE-<read error code>`). A rule set that stopped with an XPath
error (as the official XSLT stops) is listed in `not_run`, and such a report is never accepted. The
report carries two verdicts: `accepted` (this service's decision, policy included) and
`kosit_accepted` (what the official validator with this configuration decides: no scenario → rejected).
As the KoSIT validator does (`SchematronValidationAction.isSkipped`, `CheckAction`), the rules run only
on a schema-valid document (the report then says so: NOTE-SCHEMA-FIRST); a rule set that stops with an
XPath error contributes nothing, the others still run, and the document is not accepted.
`rules_on_schema_error=True` runs the rules on a schema-invalid document too (diagnostics, tests).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace

from lxml import etree

from invoicing.formats import safe_xml
from invoicing.formats.errors import ReadError
from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from invoicing.formats.recognition import Recognition, recognise
from validators import policy as receiving
from validators import rulesets, xsd
from validators.messages import explain
from validators.report import Finding, Layer, RuleSet, ValidationReport
from validators.scenario import Scenario, by_name, choose, configuration, official_level
from validators.schematron.engine import RuleSetFailed
from validators.schematron.nodes import prefixed_name
from validators.schematron.runtime import SharedDocument

ENGINES = ("native", "official")
"""How the scenario's checks run: the compiled rules (default, fast) or the KoSIT configuration via Saxon."""

_TERMS = re.compile(r"\b(B[TG]-\d+)\b")
_LAYERS: dict[str, Layer] = {"cen_ubl": "en16931", "cen_cii": "en16931", "xrechnung_ubl": "xrechnung", "xrechnung_cii": "xrechnung"}


class OfficialEngineUnavailable(RuntimeError):
    """`engine="official"` without an installed KoSIT configuration; the message says how to install one."""


@dataclass(frozen=True)
class Document:
    """A recognised invoice document ready for the checks: its XML bytes, tree and what it is."""

    xml: bytes
    tree: etree._ElementTree
    recognition: Recognition
    pdf_profile: str | None


def validate(data: bytes, *, engine: str = "native", policy: receiving.ReceivingPolicy | None = None,
             official=None, scenario: str | None = None, rules_on_schema_error: bool = False) -> ValidationReport:
    """Validate one submission (XML or PDF hybrid) and return the full report.

    `official` is a `validators.kosit.Runner` for `engine="official"`; `policy` the receiving policy
    (default: the one shipped, `validators/receiving_policy.toml`); `scenario` names a scenario of the
    configuration to check the document with instead of the one KoSIT and the policy choose (for tests
    and experts; the verdict is then not a receiving decision: `accepted` is False).
    """
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}; expected one of {ENGINES}.")
    if engine == "official" and official is None:
        raise OfficialEngineUnavailable(
            "The official engine needs a KoSIT configuration: install the official release with "
            "`invoicing rules install DIR|ZIP` or set INVOICING_KOSIT_CONFIG to its folder.")
    started = time.perf_counter()
    try:
        document = load(data)
    except ReadError as error:
        finding = Finding(f"INTAKE-{error.code}", "error", f"{error.message} {error.hint}", "intake",
                          line=error.line)
        return ValidationReport(False, "not recognised", None, None, (finding,), (),
                                duration_ms=_elapsed(started), kosit_accepted=False)
    report = validate_document(document, engine=engine, policy=policy, official=official, scenario=scenario,
                               rules_on_schema_error=rules_on_schema_error)
    return replace(report, duration_ms=_elapsed(started))


def load(data: bytes) -> Document:
    """Read `data` into a recognised document; raises `ReadError` subclasses."""
    pdf_profile = None
    xml = data
    if is_pdf(data):
        embedded = extract_invoice_xml(data)
        xml, pdf_profile = embedded.xml, embedded.xmp_profile
    tree = safe_xml.parse(xml)
    return Document(xml, tree, recognise(tree), pdf_profile)


def validate_document(document: Document, *, engine: str = "native",
                      policy: receiving.ReceivingPolicy | None = None, official=None,
                      scenario: str | None = None, rules_on_schema_error: bool = False) -> ValidationReport:
    """Every check the document's scenario (or the receiving policy) requires, with both verdicts."""
    policy = policy or receiving.load()
    root = document.tree.getroot()
    matched = choose(root)
    decision = receiving.decide(policy, document.recognition, matched)
    applied = decision.scenario if scenario is None else by_name(scenario)
    findings: list[Finding] = list(decision.findings) if scenario is None else []
    rule_sets: list[RuleSet] = [policy.rule_set, _configuration_rule_set()]
    not_run: list[str] = []
    schema_valid = False
    if applied is not None:
        run = _native if engine == "native" else _official
        schema_valid, checked, used = run(document, applied, not_run, official, rules_on_schema_error)
        findings += checked
        rule_sets += used
    checks_pass = schema_valid and not not_run and not any(
        f.level == "error" for f in findings if f.layer != "policy")
    accepted = (applied is not None and scenario is None and checks_pass
                and not any(f.level == "error" for f in findings))
    return ValidationReport(
        accepted=accepted,
        scenario=applied.name if applied else "no scenario",
        syntax=document.recognition.syntax,
        customization_id=document.recognition.customization_id,
        findings=tuple(findings),
        rule_sets=tuple(rule_sets),
        not_run=tuple(not_run),
        profile=document.recognition.profile or document.pdf_profile,
        document_type=document.recognition.document_type,
        kosit_scenario=matched.name if matched else None,
        kosit_accepted=matched is not None and applied is matched and checks_pass,
    )


def _configuration_rule_set() -> RuleSet:
    config = configuration()
    return RuleSet("KoSIT configuration", f"{config.name} ({config.date})", "scenarios generated from scenarios.xml")


def _native(document: Document, scenario: Scenario, not_run: list, official,
            rules_on_schema_error: bool) -> tuple[bool, list, list]:
    root = document.tree.getroot()
    schema = [Finding("XSD", "error", error.message, "xsd", line=error.line)
              for error in xsd.schema_errors(document.tree, scenario.schema)]
    used = [RuleSet("XML Schema", xsd.schema_name(scenario.schema), "lxml/libxml2")]
    findings = list(schema)
    if schema and not rules_on_schema_error:
        findings.append(_SCHEMA_FIRST)
        return False, findings, used
    shared = SharedDocument(root)
    for name in scenario.rule_sets:
        rule_set = rulesets.load(name)
        used.append(RuleSet(_family(name), f"{rule_set.version} ({rule_set.source})", "native (compiled)"))
        try:
            fired = rule_set.run(root, shared)
        except RuleSetFailed as failure:
            # as KoSIT (SchematronValidationAction): the failed rule set reports nothing, the others still run
            not_run.append(f"{_family(name)} rules: the rule run stopped on this document ({failure})")
            continue
        findings += [_finding(item, scenario, _LAYERS[name], rule_set) for item in fired]
    return not schema, findings, used


_SCHEMA_FIRST = Finding(
    "NOTE-SCHEMA-FIRST", "information",
    "The invoice does not match the XML schema, so the EN 16931 and XRechnung rules were not checked (the "
    "official validator checks them only on schema-valid documents). Please correct the schema errors; the "
    "rules will then be checked.", "xsd",
    message_de="Die Rechnung entspricht nicht dem XML-Schema; deshalb wurden die Regeln der EN 16931 und der "
               "XRechnung nicht geprüft (der offizielle Validator prüft sie nur bei schemagültigen Dokumenten). "
               "Bitte beheben Sie die Schemafehler; danach werden die Regeln geprüft.")


def _finding(fired, scenario: Scenario, layer: Layer, rule_set) -> Finding:
    assertion = fired.assertion
    own = official_level(assertion.flag, assertion.role)
    level = scenario.level(assertion.id, own)
    node = fired.node
    value = " ".join(node.text.split())[:80] if len(node) == 0 and node.text else None
    explained = explain(assertion.id, fired.message, element=prefixed_name(node), value=value)
    return Finding(
        rule_id=assertion.id, level=level, message=explained.en, layer=layer, message_de=explained.de,
        terms=tuple(dict.fromkeys(_TERMS.findall(explained.en + " " + fired.message))),
        location=rule_set.location(node), line=node.sourceline, official_level=own if level != own else None,
        official_message=fired.message)


def _family(name: str) -> str:
    return "EN 16931 (CEN)" if name.startswith("cen") else "XRechnung"


def _official(document: Document, scenario: Scenario, not_run: list, official,
              rules_on_schema_error: bool) -> tuple[bool, list, list]:
    force = scenario.name if choose(document.tree.getroot()) is not scenario else None
    result = official.run(document.xml, force_scenario=force, schematron_on_schema_error=rules_on_schema_error)
    findings = [Finding("XSD", "error", error.message, "xsd", line=error.line) for error in result.schema_errors]
    for item in result.findings:
        layer: Layer = "xrechnung" if "xrechnung" in item.step.lower() else "en16931"
        explained = explain(item.rule_id, item.message)
        findings.append(Finding(item.rule_id, item.level, explained.en, layer, message_de=explained.de,
                                terms=tuple(dict.fromkeys(_TERMS.findall(explained.en + " " + item.message))),
                                location=item.location, official_message=item.message,
                                official_level=item.flag_level if item.flag_level != item.level else None))
    for failed in result.failed_steps:
        not_run.append(f"{failed.step}: the rule run stopped on this document ({failed.reason})")
    used = [RuleSet(label.name, label.label, official.engine) for label in result.rule_sets]
    return bool(result.schema_valid), findings, used


def _elapsed(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def warm_up() -> None:
    """Compile the schemas and import the rule sets now, not on the first invoice (worker and web start-up)."""
    xsd.warm_up()
    for name in rulesets.NAMES:
        rulesets.load(name)
    configuration()
