"""Writing a KoSIT validation report (varl 1.0.0, `report.xsd`) from plain data, without Saxon.

`write_report` builds the report KoSIT's `default-report.xsl` would build from the same facts, so
results of another engine can be handed to tools that read KoSIT reports:

* `rep:report/@valid`: false without a scenario, else false when any step has a message at level
  error or warning, true when there is at least one step and none has;
* engine, timestamp, document identification (SHA-256 of the document, base64, and its reference);
* `rep:scenarioMatched` with a copy of the scenario (`s:scenario`), the optional `documentData`
  (xrechnung-report.xsl writes seller, id and issueDate there), then the steps in KoSIT's order:
  schema (`val-xsd`), each Schematron run (`val-sch.N`), well-formedness (`val-xml`); or
  `rep:noScenarioMatched` with the well-formedness step;
* messages: `id` = step id + "." + position, `level` as KoSIT writes it (the flag's level, see
  `svrl.flag_level`; every schema or well-formedness message is `error`), `code` (the rule id; for an
  XML Schema message the `cvc-…` key Xerces puts in front, else `generic-error`), `xpathLocation`,
  `lineNumber`/`columnNumber`, and the message text;
* `rep:assessment` with `rep:accept` or `rep:reject`: given, or decided as the stylesheet does —
  reject without a scenario or when any message's level after the scenario's customLevel is
  error, else accept — and a short XHTML explanation (KoSIT embeds a full HTML rendering of the
  report and the invoice there; this writer does not). A scenario whose name contains
  "fallback" counts as no scenario, as in the stylesheet.

A step that could not run (a failed rule run) is written as KoSIT writes it: a step without
messages. The verdict of such a run is not "accept" in KoSIT (processing stopped); pass
`accept=False` then.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from validators.kosit.configuration import SCENARIOS_NS, Resource, Scenario
from validators.kosit.result import Finding, XmlError

VARL_NS = "http://www.xoev.de/de/validator/varl/1"
XHTML_NS = "http://www.w3.org/1999/xhtml"
VARL_VERSION = "1.0.0"
_NSMAP = {"rep": VARL_NS, "s": SCENARIOS_NS}


def write_report(
    *,
    scenario: Scenario | None,
    document: bytes,
    document_reference: str,
    engine: str,
    schema_errors: Sequence[XmlError] = (),
    schematron_steps: Sequence[tuple[Resource, Sequence[Finding]]] = (),
    wellformedness_errors: Sequence[XmlError] = (),
    accept: bool | None = None,
    timestamp: datetime | None = None,
    document_data: Sequence[tuple[str, str]] | None = None,
) -> bytes:
    """The KoSIT report for one document, as UTF-8 XML bytes (see the module docstring).

    `schematron_steps` pairs each rule resource with its findings; a finding's `flag_level` is
    written as the message level. Without a scenario, schema and Schematron steps are ignored,
    as KoSIT runs none for an unmatched document.
    """
    report = etree.Element(_rep("report"), nsmap=_NSMAP)
    engine_element = etree.SubElement(report, _rep("engine"))
    etree.SubElement(engine_element, _rep("name")).text = engine
    etree.SubElement(report, _rep("timestamp")).text = (timestamp or datetime.now().astimezone()).isoformat(
        timespec="milliseconds")
    report.append(_identification(document, document_reference))
    steps = [_step("val-xml", (), _xml_messages("val-xml", wellformedness_errors))]
    if scenario is not None:
        steps = [_step("val-xsd", scenario.schemas, _xml_messages("val-xsd", schema_errors))]
        steps += [_step(f"val-sch.{n}", (resource,), _finding_messages(f"val-sch.{n}", findings))
                  for n, (resource, findings) in enumerate(schematron_steps, start=1)]
        steps.append(_step("val-xml", (), _xml_messages("val-xml", wellformedness_errors)))
        matched = etree.SubElement(report, _rep("scenarioMatched"))
        matched.append(scenario_element(scenario))
        if document_data is not None:
            data = etree.SubElement(matched, _rep("documentData"))
            for name, value in document_data:
                etree.SubElement(data, name).text = value
        matched.extend(steps)
    else:
        etree.SubElement(report, _rep("noScenarioMatched")).extend(steps)
    messages = [m for step in steps for m in step.iter(_rep("message"))]
    scenario_matched = scenario is not None and not is_fallback(scenario)
    report.set("valid", _bool(scenario_matched and _steps_valid(steps)))
    report.set("varlVersion", VARL_VERSION)
    if accept is None:
        accept = scenario is not None and scenario_matched and not any(
            _custom_level(m, scenario) == "error" for m in messages)
    report.append(_assessment(accept, scenario))
    return etree.tostring(report, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def scenario_element(scenario: Scenario) -> etree._Element:
    """`s:scenario` with the content KoSIT copies from scenarios.xml (element order of scenarios.xsd)."""
    element = etree.Element(_s("scenario"), nsmap={"s": SCENARIOS_NS})
    etree.SubElement(element, _s("name")).text = scenario.name
    if scenario.description:
        description = etree.SubElement(element, _s("description"))
        for paragraph in scenario.description:
            etree.SubElement(description, _s("p")).text = paragraph
    for prefix, uri in scenario.namespaces:
        etree.SubElement(element, _s("namespace"), prefix=prefix).text = uri
    etree.SubElement(element, _s("match")).text = scenario.match
    etree.SubElement(element, _s("validateWithXmlSchema")).extend(resource_element(r) for r in scenario.schemas)
    for resource in scenario.schematrons:
        etree.SubElement(element, _s("validateWithSchematron")).append(resource_element(resource))
    create = etree.SubElement(element, _s("createReport"))
    create.append(resource_element(scenario.report))
    for level, rule_ids in scenario.custom_level_entries:
        etree.SubElement(create, _s("customLevel"), level=level).text = " ".join(rule_ids)
    if scenario.accept_match is not None:
        etree.SubElement(element, _s("acceptMatch")).text = scenario.accept_match
    return element


def is_fallback(scenario: Scenario) -> bool:
    """default-report.xsl treats a scenario whose name contains "fallback" like no scenario at all."""
    return "fallback" in " ".join(scenario.name.lower().split())


def resource_element(resource: Resource) -> etree._Element:
    """`s:resource` with name and location."""
    element = etree.Element(_s("resource"), nsmap={"s": SCENARIOS_NS})
    etree.SubElement(element, _s("name")).text = resource.name
    etree.SubElement(element, _s("location")).text = resource.location
    return element


def document_hash(document: bytes) -> str:
    """KoSIT's document hash: SHA-256 (InputFactory's default algorithm), base64."""
    return base64.b64encode(hashlib.sha256(document).digest()).decode("ascii")


def _identification(document: bytes, reference: str) -> etree._Element:
    identification = etree.Element(_rep("documentIdentification"))
    digest = etree.SubElement(identification, _rep("documentHash"))
    etree.SubElement(digest, _rep("hashAlgorithm")).text = "SHA-256"
    etree.SubElement(digest, _rep("hashValue")).text = document_hash(document)
    etree.SubElement(identification, _rep("documentReference")).text = reference
    return identification


def _step(step_id: str, resources: Sequence[Resource], messages: list[etree._Element]) -> etree._Element:
    step = etree.Element(_rep("validationStepResult"), id=step_id,
                         valid=_bool(not any(m.get("level") in ("warning", "error") for m in messages)))
    step.extend(resource_element(r) for r in resources)
    step.extend(messages)
    return step


def _xml_messages(step_id: str, errors: Sequence[XmlError]) -> list[etree._Element]:
    messages = []
    for n, error in enumerate(errors, start=1):
        # default-report.xsl tests an attribute @severity that KoSIT's input never has (the
        # severity is the child severityCode), so every XML message is written as an error.
        message = etree.Element(_rep("message"), id=f"{step_id}.{n}", level="error")
        if error.line is not None and error.line != -1:
            message.set("lineNumber", str(error.line))
        if error.column is not None and error.column != -1:
            message.set("columnNumber", str(error.column))
        code, _, rest = error.message.partition(": ")
        if error.message.startswith("cvc-"):
            # Xerces messages start with their key, e.g. "cvc-complex-type.2.4.a: Invalid content…"
            message.set("code", code)
            message.text = rest
        else:
            message.set("code", "generic-error")
            message.text = error.message
        messages.append(message)
    return messages


def _finding_messages(step_id: str, findings: Sequence[Finding]) -> list[etree._Element]:
    messages = []
    for n, finding in enumerate(findings, start=1):
        message = etree.Element(_rep("message"), id=f"{step_id}.{n}", level=finding.flag_level)
        if finding.location:
            message.set("xpathLocation", finding.location)
        message.set("code", finding.rule_id)
        message.text = finding.message
        messages.append(message)
    return messages


def _steps_valid(steps: Sequence[etree._Element]) -> bool:
    if any(step.get("valid") == "false" for step in steps):
        return False
    return any(step.get("valid") == "true" for step in steps)


def _custom_level(message: etree._Element, scenario: Scenario) -> str | None:
    code = message.get("code")
    return scenario.custom_levels.get(code, message.get("level")) if code is not None else message.get("level")


def _assessment(accept: bool, scenario: Scenario | None) -> etree._Element:
    assessment = etree.Element(_rep("assessment"))
    recommendation = etree.SubElement(assessment, _rep("accept" if accept else "reject"))
    html = etree.SubElement(etree.SubElement(recommendation, _rep("explanation")), f"{{{XHTML_NS}}}html",
                            {"data-report-type": "report"}, nsmap={None: XHTML_NS})
    etree.SubElement(etree.SubElement(html, f"{{{XHTML_NS}}}head"), f"{{{XHTML_NS}}}title").text = "Prüfbericht"
    body = etree.SubElement(html, f"{{{XHTML_NS}}}body")
    document_type = scenario.name if scenario is not None else "unbekannt"
    etree.SubElement(body, f"{{{XHTML_NS}}}p").text = (
        f"Erkannter Dokumenttyp: {document_type}. Bewertung: Es wird empfohlen, das Dokument "
        + ("anzunehmen." if accept else "zurückzuweisen."))
    return assessment


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _rep(local: str) -> str:
    return f"{{{VARL_NS}}}{local}"


def _s(local: str) -> str:
    return f"{{{SCENARIOS_NS}}}{local}"


_DATA_NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
            "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
            "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
            "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
            "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}


def xrechnung_document_data(xml: bytes) -> list[tuple[str, str]]:
    """Seller, number and issue date, taken where xrechnung-report.xsl's documentData template takes them."""
    root = etree.fromstring(xml)

    def pick(*paths: str) -> list[str]:
        return ["".join(element.itertext()) for path in paths for element in root.xpath(path, namespaces=_DATA_NS)]

    sellers = pick("/*/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
                   "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
                   "ram:SellerTradeParty/ram:Name")
    numbers = pick("/*/cbc:ID", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID")
    dates = pick("/*/cbc:IssueDate", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")
    return [("seller", v) for v in sellers] + [("id", v) for v in numbers] + [("issueDate", v) for v in dates]
