"""Documents the mutants start from: generated invoices in every syntax and scenario, and the corpus's valid files.

Generated: the project's invoice generator (every document kind), written as UBL Invoice, UBL
CreditNote (credit notes) and CII, each declaring one of the specification identifiers the
scenarios distinguish — XRechnung 3.0 standard, extension and CVD, plain EN 16931, and Peppol BIS
(which no scenario matches; both engines then use the EN 16931 scenario); and generated documents moved
into other VAT categories (AE, K, G, O, L, M, and Z or E with a document allowance and charge: `categories`).
Corpus: the valid files of
`../shared/corpus` (XRechnung test suite and CEN examples), which carry groups the generator does not
make (sub-invoice lines, third-party payments, CVD data).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from invoicing.formats.ubl_writer import NotRepresentableInUbl, write_ubl
from invoicing.generator import generate_invoice
from invoicing.generator.invoices import KINDS
from invoicing.model import BinaryObject, DeliveryInformation, Identifier, Invoice, ProcessControl, SupportingDocument
from tests.corpus import expected_entries
from tests.differential.categories import CATEGORIES, recategorised

XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
SPECIFICATIONS = {
    "standard": XRECHNUNG,
    "extension": XRECHNUNG + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0",
    "cvd": XRECHNUNG + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9",
    "en16931": "urn:cen.eu:en16931:2017",
    "peppol": "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
}
UBL_NS = "urn:oasis:names:specification:ubl:schema:xsd:"


@dataclass(frozen=True)
class Seed:
    """A starting document: where it came from, its syntax ("UBL" or "CII") and bytes."""

    name: str
    syntax: str
    xml: bytes


def generated(count: int) -> list[Seed]:
    """`count` generated documents per syntax, cycling through document kinds and specifications."""
    seeds = []
    kinds, variants = list(KINDS), list(SPECIFICATIONS)
    for number in range(count):
        kind = kinds[number % len(kinds)]
        variant = variants[number % len(variants)]
        invoice, added = _enriched(generate_invoice(1000 + number, kind=kind), number)
        seeds += _written(f"generated {number} {kind}{added}", variant, invoice)
    return seeds


def _enriched(invoice: Invoice, number: int) -> tuple[Invoice, str]:
    """`invoice` with an attachment (every fourth number) or a delivery location identifier with a scheme (every
    fourth, two after), and what was added for the seed's name: the generator makes them rarely, and the numbers
    cycle through every specification, so every scenario gets seeds where the rules about them check something
    (XRechnung's BR-DEX-01 on an extension's attachment, BR-DEX-08 on its delivery location's scheme)."""
    if number % 4 == 0 and not any(document.attachment for document in invoice.supporting_documents):
        attached = SupportingDocument(reference=f"Anlage {number}", description="Aufmaß", attachment=BinaryObject(
            content=b"Position;Menge\r\n1;2\r\n", mime_code="text/csv", filename=f"aufmass-{number}.csv"))
        return invoice.model_copy(update={"supporting_documents": (*invoice.supporting_documents, attached)}), \
            " with an attachment"
    if number % 4 == 2:
        delivery = invoice.delivery or DeliveryInformation()
        located = delivery.model_copy(update={"location_identifier": Identifier(value=f"40{number:011d}",
                                                                                 scheme_id="0088")})
        return invoice.model_copy(update={"delivery": located}), " with a delivery location"
    return invoice, ""


def categorised(count: int) -> list[Seed]:
    """`count` generated documents per syntax moved into other VAT categories (`categories`), cycling through
    categories, document kinds and specifications."""
    seeds = []
    kinds, variants, codes = list(KINDS), list(SPECIFICATIONS), list(CATEGORIES)
    for number in range(count):
        kind, code = kinds[number % len(kinds)], codes[number % len(codes)]
        variant = variants[number // len(codes) % len(variants)]
        invoice = recategorised(generate_invoice(5000 + number, kind=kind), code)
        seeds += _written(f"generated {number} {kind} category {code}", variant, invoice)
    return seeds


def _written(name: str, variant: str, invoice: Invoice) -> list[Seed]:
    """`invoice` declaring the specification `variant`, as UBL (unless UBL cannot represent it) and as CII."""
    control = invoice.process_control or ProcessControl()
    invoice = invoice.model_copy(update={"process_control": control.model_copy(
        update={"specification_identifier": SPECIFICATIONS[variant]})})
    seeds = []
    try:
        seeds.append(Seed(f"{name} UBL {variant}", "UBL", write_ubl(invoice)))
    except NotRepresentableInUbl:
        pass
    seeds.append(Seed(f"{name} CII {variant}", "CII", write_cii(invoice)))
    return seeds


@cache
def corpus() -> tuple[Seed, ...]:
    """The corpus's accepted files (XML, and the XML inside PDFs)."""
    seeds = []
    for entry in expected_entries():
        if entry.syntax not in ("UBL", "CII") or not entry.accept:
            continue
        data = entry.file.read_bytes()
        if is_pdf(data):
            data = extract_invoice_xml(data).xml
        seeds.append(Seed(entry.path, entry.syntax, data))
    return tuple(seeds)


def syntax_of(xml: bytes) -> str:
    return "UBL" if etree.QName(etree.fromstring(xml)).namespace.startswith(UBL_NS) else "CII"
