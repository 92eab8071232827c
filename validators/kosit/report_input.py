"""KoSIT's intermediate document `in:createReportInput`, which the createReport stylesheet turns into the report.

The structure follows KoSIT's `createReportInput.xsd` (namespace
`http://www.xoev.de/de/validator/framework/1/createreportinput`) in the order the Java validator
fills it (`DefaultCheck` and its actions): engine, timestamp, document identification, the
matched scenario (absent for the fallback), well-formedness results (always present; empty when
the document parsed), the XML Schema results with the scenario's schema resources, one
Schematron result per rule resource with its whole SVRL output (an empty
`svrl:schematron-output` when the run failed, as `SchematronValidationAction.createErrorResult`
does), and the processing errors.

`error_document(message)` is what KoSIT passes as the stylesheet parameter `input-document` when
the document was not well-formed (`CreateReportAction.createErrorInformation`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from validators.kosit.configuration import SCENARIOS_NS, Resource, Scenario
from validators.kosit.report import document_hash, resource_element, scenario_element
from validators.kosit.result import XmlError
from validators.kosit.svrl import SVRL_NS

INPUT_NS = "http://www.xoev.de/de/validator/framework/1/createreportinput"


def create_report_input(
    *,
    framework_version: str,
    engine: str,
    timestamp: datetime,
    document: bytes,
    document_reference: str,
    scenario: Scenario | None,
    wellformedness_errors: Sequence[XmlError],
    schema: tuple[tuple[Resource, ...], Sequence[XmlError]] | None,
    schematron: Sequence[tuple[Resource, etree._Element | None]],
    processing_errors: Sequence[str],
) -> bytes:
    """The `in:createReportInput` document as bytes; a Schematron output of None is written empty."""
    root = etree.Element(_in("createReportInput"), nsmap={"in": INPUT_NS, "s": SCENARIOS_NS, "svrl": SVRL_NS},
                         frameworkVersion=framework_version)
    etree.SubElement(etree.SubElement(root, _in("engine")), _in("name")).text = engine
    etree.SubElement(root, _in("timestamp")).text = timestamp.isoformat(timespec="milliseconds")
    identification = etree.SubElement(root, _in("documentIdentification"))
    digest = etree.SubElement(identification, _in("documentHash"))
    etree.SubElement(digest, _in("hashAlgorithm")).text = "SHA-256"
    etree.SubElement(digest, _in("hashValue")).text = document_hash(document)
    etree.SubElement(identification, _in("documentReference")).text = document_reference
    if scenario is not None:
        root.append(scenario_element(scenario))
    _syntax_errors(etree.SubElement(root, _in("validationResultsWellformedness")), wellformedness_errors)
    if schema is not None:
        resources, errors = schema
        element = etree.SubElement(root, _in("validationResultsXmlSchema"))
        element.extend(resource_element(r) for r in resources)
        _syntax_errors(element, errors)
    for resource, output in schematron:
        element = etree.SubElement(root, _in("validationResultsSchematron"))
        element.append(resource_element(resource))
        results = etree.SubElement(element, _in("results"))
        results.append(output if output is not None else etree.Element(f"{{{SVRL_NS}}}schematron-output"))
    if processing_errors:
        processing = etree.SubElement(root, _in("processingError"))
        for text in processing_errors:
            etree.SubElement(processing, _in("error")).text = text
    return etree.tostring(root, encoding="UTF-8")


def error_document(message: str) -> str:
    """The stand-in for an unreadable document: one `error-message` element with the parser's message."""
    element = etree.Element(_in("error-message"), nsmap={None: INPUT_NS})
    element.text = message
    return etree.tostring(element, encoding="unicode")


def _syntax_errors(parent: etree._Element, errors: Sequence[XmlError]) -> None:
    for error in errors:
        element = etree.SubElement(parent, _in("xmlSyntaxError"))
        etree.SubElement(element, _in("message")).text = error.message
        etree.SubElement(element, _in("severityCode")).text = error.severity
        etree.SubElement(element, _in("rowNumber")).text = str(error.line if error.line is not None else -1)
        etree.SubElement(element, _in("columnNumber")).text = str(error.column if error.column is not None else -1)


def _in(local: str) -> str:
    return f"{{{INPUT_NS}}}{local}"
