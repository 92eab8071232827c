"""Messages for the CII data type rules CII-DT-*: attributes and child elements that the CII data types allow
but EN 16931 does not, and the date format.

`{element}` is the element the rule fired on (e.g. `ram:PostalTradeAddress`); `{value}` is quoted
only where that element is a leaf whose text the reader recognises (an identifier, code, amount or
date).
"""

from __future__ import annotations

_REMOVE = ("Please remove it.", "Bitte entfernen Sie es.")


def _child(where: tuple[str, str], child: str, fix: tuple[str, str] = _REMOVE) -> tuple[str, str]:
    """Element `where` (English, German with article, capitalised) contains the child `child`."""
    return (f"{where[0]}[ ({{element}})] contains the element ram:{child}, which is not part of EN 16931 at this "
            f"point. {fix[0]}",
            f"{where[1]}[ ({{element}})] enthält das Element ram:{child}, das an dieser Stelle nicht zur EN 16931 "
            f"gehört. {fix[1]}")


def _attribute(where: tuple[str, str], attribute: str, fix: tuple[str, str] | None = None) -> tuple[str, str]:
    """Leaf element `where` (value quoted) carries the attribute `attribute`."""
    fix = fix or ("Please remove the attribute.", "Bitte entfernen Sie das Attribut.")
    return (f"{where[0]}[ \"{{value}}\"][ ({{element}})] carries the attribute {attribute}, which is not part of "
            f"EN 16931 at this point. {fix[0]}",
            f"{where[1]}[ „{{value}}“][ ({{element}})] trägt das Attribut {attribute}, das an dieser Stelle nicht zur "
            f"EN 16931 gehört. {fix[1]}")


_IDENTIFIER = ("The identifier", "Die Kennung")
_CODE = ("The code", "Der Code")
_TYPE_CODE = ("The invoice type code (BT-3)", "Der Code für die Rechnungsart (BT-3)")
_CATEGORY = ("The VAT category code of an invoice line (BT-151)",
             "Die Umsatzsteuerkategorie einer Rechnungsposition (BT-151)")
_AMOUNT = ("The amount", "Der Betrag")
_QUANTITY = ("The quantity", "Die Menge")
_REFERENCE = ("A document reference", "Ein Dokumentverweis")
_TAX = ("A tax group (VAT information or VAT breakdown)", "Eine Steuerangabe (Umsatzsteuerangabe oder -aufschlüsselung)")
_PERIOD = ("A period", "Ein Zeitraum")
_ADDRESS = ("A postal address", "Eine Postanschrift")
_ONLY_SUPPORTING = ("It is allowed only in a supporting document (document type code 916); please remove it.",
                    "Es ist nur bei einer rechnungsbegründenden Unterlage (Dokumentart 916) erlaubt; bitte entfernen Sie "
                    "es.")
_DATE_STRING = ("Please give the date as ram:StartDateTime/udt:DateTimeString or ram:EndDateTime/udt:DateTimeString "
                "with format 102.",
                "Bitte geben Sie das Datum als ram:StartDateTime/udt:DateTimeString bzw. "
                "ram:EndDateTime/udt:DateTimeString im Format 102 an.")
_INTO_LINES = ("Please write this part of the address into the address lines (ram:LineOne, ram:LineTwo, "
               "ram:LineThree).",
               "Bitte schreiben Sie diesen Teil der Anschrift in die Adresszeilen (ram:LineOne, ram:LineTwo, "
               "ram:LineThree).")

MESSAGES: dict[str, tuple[str, str]] = {
    **{f"CII-DT-{number:03d}": _attribute(_IDENTIFIER, name) for number, name in (
        (1, "schemeName"), (2, "schemeAgencyName"), (3, "schemeDataURI"), (4, "schemeURI"), (5, "schemeID"),
        (6, "schemeAgencyID"), (7, "schemeVersionID"), (101, "schemeName"), (102, "schemeAgencyName"),
        (103, "schemeDataURI"), (104, "schemeURI"))},
    "CII-DT-008": _attribute(_CODE, "name"),
    "CII-DT-009": _attribute(_CODE, "listURI"),
    "CII-DT-010": _attribute(_TYPE_CODE, "listID"),
    "CII-DT-011": _attribute(_TYPE_CODE, "listAgencyID"),
    "CII-DT-012": _attribute(_TYPE_CODE, "listVersionID"),
    "CII-DT-013": ("The document root carries the attribute languageID, which is not part of EN 16931. Please remove "
                   "the attribute.",
                   "Das Wurzelelement der Rechnung trägt das Attribut languageID, das nicht zur EN 16931 gehört. Bitte "
                   "entfernen Sie das Attribut."),
    "CII-DT-014": ("The document root carries the attribute languageLocaleID, which is not part of EN 16931. Please "
                   "remove the attribute.",
                   "Das Wurzelelement der Rechnung trägt das Attribut languageLocaleID, das nicht zur EN 16931 gehört. "
                   "Bitte entfernen Sie das Attribut."),
    "CII-DT-015": _child(_REFERENCE, "URIID", _ONLY_SUPPORTING),
    "CII-DT-016": _child(_REFERENCE, "StatusCode"),
    "CII-DT-017": _child(_REFERENCE, "CopyIndicator"),
    "CII-DT-018": _child(_REFERENCE, "TypeCode", (
        "A document type code is allowed only in an additional referenced document with code 50 (tender or lot "
        "reference), 130 (invoiced object identifier) or 916 (supporting document); please remove it or use one of "
        "these codes.",
        "Ein Code für die Dokumentart ist nur bei einem zusätzlichen Dokumentverweis mit Code 50 (Vergabe- oder "
        "Losnummer), 130 (Objektkennung) oder 916 (rechnungsbegründende Unterlage) erlaubt; bitte entfernen Sie ihn "
        "oder verwenden Sie einen dieser Codes.")),
    "CII-DT-019": _child(_REFERENCE, "GlobalID"),
    "CII-DT-020": _child(_REFERENCE, "RevisionID"),
    "CII-DT-021": _child(_REFERENCE, "Name", _ONLY_SUPPORTING),
    "CII-DT-022": _child(_REFERENCE, "AttachmentBinaryObject", (
        "Files may be attached only to a supporting document (document type code 916); please attach it there.",
        "Dateien dürfen nur einer rechnungsbegründenden Unterlage (Dokumentart 916) angehängt werden; bitte hängen "
        "Sie sie dort an.")),
    "CII-DT-023": _child(_REFERENCE, "Information"),
    "CII-DT-024": _child(_REFERENCE, "ReferenceTypeCode", (
        "It is allowed only for an invoiced object identifier (document type code 130); please remove it.",
        "Es ist nur bei einer Objektkennung (Dokumentart 130) erlaubt; bitte entfernen Sie es.")),
    "CII-DT-025": _child(_REFERENCE, "SectionName"),
    "CII-DT-026": _child(_REFERENCE, "PreviousRevisionID"),
    "CII-DT-027": _child(_REFERENCE, "FormattedIssueDateTime", (
        "A date is allowed only in the preceding invoice reference (BG-3, BT-26); please remove it.",
        "Ein Datum ist nur beim Verweis auf eine vorausgegangene Rechnung (BG-3, BT-26) erlaubt; bitte entfernen "
        "Sie es.")),
    "CII-DT-028": _child(_REFERENCE, "EffectiveSpecifiedPeriod"),
    "CII-DT-029": _child(_REFERENCE, "IssuerTradeParty"),
    "CII-DT-030": _child(_REFERENCE, "AttachedSpecifiedBinaryFile"),
    "CII-DT-031": _attribute(_AMOUNT, "currencyID", (
        "In CII only the VAT total (ram:TaxTotalAmount) states its currency; all other amounts are in the invoice "
        "currency (BT-5). Please remove the attribute.",
        "In CII gibt nur die Umsatzsteuersumme (ram:TaxTotalAmount) ihre Währung an; alle anderen Beträge sind in "
        "der Rechnungswährung (BT-5). Bitte entfernen Sie das Attribut.")),
    "CII-DT-032": _attribute(_AMOUNT, "currencyCodeListVersionID"),
    "CII-DT-033": ("A quantity[ ({element})] carries a unit (unitCode), but the invoiced quantities (BT-129) have none. "
                   "Please give the unit of measure (BT-130) on the invoiced quantity (ram:BilledQuantity).",
                   "Eine Menge[ ({element})] hat eine Einheit (unitCode), die berechneten Mengen (BT-129) aber nicht. "
                   "Bitte geben Sie die Mengeneinheit (BT-130) bei der berechneten Menge (ram:BilledQuantity) an."),
    "CII-DT-034": _attribute(_QUANTITY, "unitCodeListID"),
    "CII-DT-035": _attribute(_QUANTITY, "unitCodeListAgencyID"),
    "CII-DT-036": _attribute(_QUANTITY, "unitCodeListAgencyName"),
    "CII-DT-037": ("A tax group[ ({element})] has a tax type code (ram:TypeCode) other than VAT. EN 16931 covers value "
                   "added tax only; please use the code VAT.",
                   "Eine Steuerangabe[ ({element})] hat einen anderen Steuerart-Code (ram:TypeCode) als VAT. Die "
                   "EN 16931 erfasst nur die Umsatzsteuer; bitte verwenden Sie den Code VAT."),
    **{f"CII-DT-{number:03d}": _child(_TAX, name) for number, name in (
        (38, "CalculatedRate"), (39, "CalculationSequenceNumeric"), (40, "BasisQuantity"),
        (42, "UnitBasisAmount"), (43, "LineTotalBasisAmount"), (44, "AllowanceChargeBasisAmount"),
        (49, "CurrencyCode"), (50, "Jurisdiction"), (51, "CustomsDutyIndicator"), (53, "TaxBasisAllowanceRate"),
        (55, "Type"), (56, "InformationAmount"), (57, "CategoryName"), (60, "SpecifiedTradeAccountingAccount"),
        (61, "ServiceSupplyTradeCountry"), (62, "BuyerRepayableTaxSpecifiedTradeAccountingAccount"),
        (63, "SellerPayableTaxSpecifiedTradeAccountingAccount"),
        (64, "SellerRefundableTaxSpecifiedTradeAccountingAccount"),
        (65, "BuyerDeductibleTaxSpecifiedTradeAccountingAccount"),
        (66, "BuyerNonDeductibleTaxSpecifiedTradeAccountingAccount"), (67, "PlaceApplicableTradeLocation"))},
    "CII-DT-041": _child(_TAX, "BasisAmount", (
        "The taxable amount (BT-116) belongs only in the VAT breakdown (BG-23); please remove it here.",
        "Die Bemessungsgrundlage (BT-116) gehört nur in die Umsatzsteueraufschlüsselung (BG-23); bitte entfernen Sie "
        "sie hier.")),
    "CII-DT-052": _child(_TAX, "ExemptionReasonCode", (
        "The exemption reason code (BT-121) belongs only in the VAT breakdown (BG-23); please remove it here.",
        "Der Code für den Befreiungsgrund (BT-121) gehört nur in die Umsatzsteueraufschlüsselung (BG-23); bitte "
        "entfernen Sie ihn hier.")),
    "CII-DT-098": _child(_TAX, "ExemptionReason", (
        "The exemption reason (BT-120) belongs only in the VAT breakdown (BG-23); please remove it here.",
        "Der Befreiungsgrund (BT-120) gehört nur in die Umsatzsteueraufschlüsselung (BG-23); bitte entfernen Sie ihn "
        "hier.")),
    "CII-DT-054": _child(_TAX, "TaxPointDate", (
        "The VAT point date (BT-7) belongs only in the VAT breakdown of the document (BG-23); please remove it here.",
        "Das Datum der Steuerfälligkeit (BT-7) gehört nur in die Umsatzsteueraufschlüsselung der Rechnung (BG-23); "
        "bitte entfernen Sie es hier.")),
    "CII-DT-058": _child(_TAX, "DueDateTypeCode", (
        "The VAT point date code (BT-8) belongs only in the VAT breakdown of the document (BG-23); please remove it "
        "here.",
        "Der Code für das Datum der Steuerfälligkeit (BT-8) gehört nur in die Umsatzsteueraufschlüsselung der "
        "Rechnung (BG-23); bitte entfernen Sie ihn hier.")),
    "CII-DT-059": ("The VAT rate (ram:RateApplicablePercent) of a tax group[ ({element})] carries the attribute format, "
                   "which is not part of EN 16931. Please remove the attribute.",
                   "Der Steuersatz (ram:RateApplicablePercent) einer Steuerangabe[ ({element})] trägt das Attribut "
                   "format, das nicht zur EN 16931 gehört. Bitte entfernen Sie das Attribut."),
    **{f"CII-DT-{number:03d}": _attribute(_CATEGORY, name) for number, name in (
        (45, "listID"), (46, "listAgencyID"), (47, "listVersionID"), (48, "listURI"))},
    "CII-DT-068": _child(_PERIOD, "StartDateTime/udt:DateTime", _DATE_STRING),
    "CII-DT-072": _child(_PERIOD, "EndDateTime/udt:DateTime", _DATE_STRING),
    **{f"CII-DT-{number:03d}": _child(_PERIOD, name) for number, name in (
        (69, "DurationMeasure"), (70, "InclusiveIndicator"), (71, "Description"), (73, "CompleteDateTime"),
        (74, "OpenIndicator"), (75, "SeasonCode"), (76, "ID"), (77, "Name"), (78, "SequenceNumeric"),
        (79, "StartDateFlexibilityCode"), (80, "ContinuousIndicator"), (81, "PurposeCode"))},
    **{f"CII-DT-{number:03d}": _child(_ADDRESS, name, _INTO_LINES) for number, name in (
        (83, "PostOfficeBox"), (84, "BuildingName"), (86, "LineFour"), (87, "LineFive"), (88, "StreetName"),
        (89, "CitySubDivisionName"), (92, "AttentionOf"), (93, "CareOf"), (94, "BuildingNumber"),
        (95, "DepartmentName"), (96, "AdditionalStreetName"))},
    "CII-DT-082": _child(_ADDRESS, "ID"),
    "CII-DT-090": _child(_ADDRESS, "CountryName", (
        "Give the country only as a code (ram:CountryID, e.g. DE).",
        "Geben Sie das Land nur als Code an (ram:CountryID, z. B. DE).")),
    "CII-DT-091": _child(_ADDRESS, "CountrySubDivisionID", (
        "Give the region as a name (ram:CountrySubDivisionName) instead.",
        "Geben Sie die Region stattdessen als Namen an (ram:CountrySubDivisionName).")),
    "CII-DT-097": ("The date[ \"{value}\"] is not a valid date in the format YYYYMMDD (format 102). Please write it as "
                   "year, month and day without separators, e.g. 20250131.",
                   "Das Datum[ „{value}“] ist kein gültiges Datum im Format JJJJMMTT (Format 102). Bitte schreiben Sie "
                   "es als Jahr, Monat und Tag ohne Trennzeichen, z. B. 20250131."),
}
