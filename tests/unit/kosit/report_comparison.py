"""Comparing KoSIT reports by structure: what the createReport stylesheet wrote against what `write_report` writes.

`canonical(report)` keeps every element, attribute and (whitespace-normalised) text, except the
parts that cannot be equal between two runs or two writers: the timestamp's value and the
content of `rep:explanation` (KoSIT embeds a full HTML rendering there; `write_report` a short
summary). `differences(a, b)` lists where two canonical reports disagree.
"""

from __future__ import annotations

from lxml import etree

from validators.kosit import KositResult, Scenario, write_report
from validators.kosit.report import xrechnung_document_data

REP = "http://www.xoev.de/de/validator/varl/1"
NS = {"rep": REP, "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}


def canonical(report: bytes) -> tuple:
    root = etree.fromstring(report)
    for timestamp in root.iter(f"{{{REP}}}timestamp"):
        timestamp.text = "(timestamp)"
    for explanation in root.iter(f"{{{REP}}}explanation"):
        explanation[:] = []
    return _node(root)


def differences(first: tuple, second: tuple, path: str = "") -> list[str]:
    here = f"{path}/{first[0].split('}')[-1]}"
    found = []
    for what, a, b in (("tag", first[0], second[0]), ("attributes", first[1], second[1]), ("text", first[2], second[2])):
        if a != b:
            found.append(f"{here}: {what} {a!r} != {b!r}")
    if len(first[3]) != len(second[3]):
        found.append(f"{here}: {len(first[3])} children != {len(second[3])}: "
                     f"{[c[0].split('}')[-1] for c in first[3]]} vs {[c[0].split('}')[-1] for c in second[3]]}")
    else:
        for a, b in zip(first[3], second[3]):
            found += differences(a, b, here)
    return found


document_data = xrechnung_document_data


def native_report(result: KositResult, scenario: Scenario | None, xml: bytes, engine: str, reference: str) -> bytes:
    """`write_report` fed with the plain data of `result`, as another engine would feed it."""
    steps = []
    if scenario is not None and result.schema_valid:
        steps = [(resource, [f for f in result.findings if f.step == resource.name]) for resource in scenario.schematrons]
    return write_report(scenario=scenario, document=xml, document_reference=reference, engine=engine,
                        schema_errors=result.schema_errors, schematron_steps=steps,
                        wellformedness_errors=result.wellformedness_errors, accept=result.accepted,
                        document_data=document_data(xml) if scenario is not None else None)


def _node(element: etree._Element) -> tuple:
    text = " ".join((element.text or "").split())
    return (element.tag, dict(element.attrib), text, [_node(child) for child in element if isinstance(child.tag, str)])
