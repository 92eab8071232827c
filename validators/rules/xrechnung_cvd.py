"""XRechnung 3.0.2 rules for the Clean Vehicles Directive (CVD) scenario: BR-DE-CVD-* and BR-TMP-CVD-01.

A CVD invoice reports road vehicles bought under Directive (EU) 2019/1161: it names the contract
(BT-12) and the tender (BT-17), and at least one line carries the vehicle category as an item
classification with scheme 'CVD' (BT-158) together with the item attribute 'cva' (BT-160/161),
which says whether the vehicle is clean or zero-emission. BR-TMP-CVD-01 stands in for BR-CL-13,
which the CVD scenario lowers to information because 'CVD' is not in UNTDID 7143.
"""

from __future__ import annotations

from typing import Iterator

from validators.rules import codelists, paths as p
from validators.rules.base import CVD, Doc, Hit, Registry, Rule, either, required, shown, text, xpath

RULES = Registry()
_ONLY = frozenset({CVD})

_BINDINGS = {
    "UBL": {
        "lines": p.U_LINES, "line_id": xpath("cbc:ID"),
        "classification": xpath("cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode"),
        "property": xpath("cac:Item/cac:AdditionalItemProperty"),
        "name": xpath("cbc:Name"), "value": xpath("cbc:Value"),
        "all_classifications": xpath("//cac:CommodityClassification/cbc:ItemClassificationCode[@listID]"),
    },
    "CII": {
        "lines": p.C_LINES, "line_id": xpath("ram:AssociatedDocumentLineDocument/ram:LineID"),
        "classification": xpath("ram:SpecifiedTradeProduct/ram:DesignatedProductClassification/ram:ClassCode"),
        "property": xpath("ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic"),
        "name": xpath("ram:Description"), "value": xpath("ram:Value"),
        "all_classifications": xpath("//ram:DesignatedProductClassification/ram:ClassCode[@listID]"),
    },
}


def _vehicle_lines(doc: Doc) -> list[tuple[object, str, list, list]]:
    """(line, line id, its CVD classifications, its 'cva' attributes) for every invoice line."""
    def compute():
        b = _BINDINGS[doc.syntax]
        result = []
        for line in doc.all(b["lines"]):
            vehicles = [code for code in doc.all(b["classification"], line) if code.get("listID") == "CVD"]
            attributes = [prop for prop in doc.all(b["property"], line) if text(doc.first(b["name"], prop)) == "cva"]
            result.append((line, text(doc.first(b["line_id"], line)), vehicles, attributes))
        return result
    return doc.memo("cvd-lines", compute)


def _vehicle_line_present(doc: Doc) -> Iterator[Hit]:
    if not any(vehicles and attributes for _, _, vehicles, attributes in _vehicle_lines(doc)):
        yield doc.root, {}


def _vehicle_category(doc: Doc) -> Iterator[Hit]:
    for _, _, vehicles, _ in _vehicle_lines(doc):
        for code in vehicles:
            if text(code) not in codelists.VEHICLE_CATEGORIES:
                yield code, {"found": shown(text(code))}


def _clean_vehicle_attribute(doc: Doc) -> Iterator[Hit]:
    value_path = _BINDINGS[doc.syntax]["value"]
    for _, _, _, attributes in _vehicle_lines(doc):
        for prop in attributes:
            value = doc.first(value_path, prop)
            if text(value) not in codelists.CLEAN_VEHICLE_ATTRIBUTES:
                yield either(value, prop), {"found": shown(text(value))}


def _one_attribute_per_vehicle(doc: Doc) -> Iterator[Hit]:
    for line, line_id, vehicles, attributes in _vehicle_lines(doc):
        if vehicles and len(attributes) != 1:
            yield line, {"line": shown(line_id), "count": len(attributes)}


def _one_vehicle_per_attribute(doc: Doc) -> Iterator[Hit]:
    for line, line_id, vehicles, attributes in _vehicle_lines(doc):
        if attributes and len(vehicles) != 1:
            yield line, {"line": shown(line_id), "count": len(vehicles)}


def _classification_scheme(doc: Doc) -> Iterator[Hit]:
    for code in doc.all(_BINDINGS[doc.syntax]["all_classifications"]):
        scheme = code.get("listID", "")
        if " " in scheme.strip() or scheme.strip() not in codelists.UNTDID_7143_CVD:
            yield code, {"found": shown(scheme)}


RULES.add(
    Rule("BR-DE-CVD-01", "error",
         "The contract reference (BT-12) is missing or empty; a CVD invoice must name the contract.",
         "Die Vertragsnummer (BT-12) fehlt oder ist leer; eine CVD-Rechnung muss den Vertrag nennen.",
         ("BT-12",), ubl=required(p.U_CONTRACT_REFERENCE), cii=required(p.C_CONTRACT_REFERENCE), scenarios=_ONLY),
    Rule("BR-DE-CVD-02", "error",
         "The tender or lot reference (BT-17) is missing or empty; a CVD invoice must name the procurement procedure.",
         "Die Vergabe- oder Losnummer (BT-17) fehlt oder ist leer; eine CVD-Rechnung muss das Vergabeverfahren nennen.",
         ("BT-17",), ubl=required(p.U_TENDER_REFERENCE), cii=required(p.C_TENDER_REFERENCE), scenarios=_ONLY),
    Rule("BR-DE-CVD-03", "error",
         "No invoice line reports a vehicle; at least one line needs an item classification with scheme 'CVD' "
         "(BT-158) and the item attribute 'cva' (BT-160).",
         "Keine Rechnungsposition meldet ein Fahrzeug; mindestens eine Position braucht eine Artikelklassifizierung "
         "mit Schema 'CVD' (BT-158) und das Artikelattribut 'cva' (BT-160).",
         ("BT-158", "BT-160"), ubl=_vehicle_line_present, cii=_vehicle_line_present, scenarios=_ONLY),
    Rule("BR-DE-CVD-04", "error",
         "The vehicle category (BT-158, scheme 'CVD') is {found}; expected one of M1, M2, M3, N1, N2, N3.",
         "Die Fahrzeugklasse (BT-158, Schema 'CVD') ist {found}; erwartet wird M1, M2, M3, N1, N2 oder N3.",
         ("BT-158",), ubl=_vehicle_category, cii=_vehicle_category, scenarios=_ONLY),
    Rule("BR-DE-CVD-05", "error",
         "The value (BT-161) of the item attribute 'cva' is {found}; expected 'clean' or 'zero-emission'.",
         "Der Wert (BT-161) des Artikelattributs 'cva' ist {found}; erwartet wird 'clean' oder 'zero-emission'.",
         ("BT-160", "BT-161"), ubl=_clean_vehicle_attribute, cii=_clean_vehicle_attribute, scenarios=_ONLY),
    Rule("BR-DE-CVD-06-a", "error",
         "Line {line} classifies a vehicle (scheme 'CVD') but has {count} item attributes 'cva' (BT-160); it needs "
         "exactly one.",
         "Position {line} klassifiziert ein Fahrzeug (Schema 'CVD'), hat aber {count} Artikelattribute 'cva' (BT-160); "
         "sie braucht genau eines.",
         ("BT-158", "BT-160"), ubl=_one_attribute_per_vehicle, cii=_one_attribute_per_vehicle, scenarios=_ONLY),
    Rule("BR-DE-CVD-06-b", "error",
         "Line {line} has the item attribute 'cva' but {count} item classifications with scheme 'CVD' (BT-158); it "
         "needs exactly one vehicle category.",
         "Position {line} hat das Artikelattribut 'cva', aber {count} Artikelklassifizierungen mit Schema 'CVD' "
         "(BT-158); sie braucht genau eine Fahrzeugklasse.",
         ("BT-158", "BT-160"), ubl=_one_vehicle_per_attribute, cii=_one_vehicle_per_attribute, scenarios=_ONLY),
    Rule("BR-TMP-CVD-01", "error",
         "The item classification scheme (BT-158-1) is {found}; use a code of UNTDID 7143 or 'CVD'.",
         "Das Klassifizierungsschema (BT-158-1) ist {found}; bitte einen Code aus UNTDID 7143 oder 'CVD' verwenden.",
         ("BT-158",), ubl=_classification_scheme, cii=_classification_scheme, scenarios=_ONLY),
)
