"""EN 16931 code list rules BR-CL-01…BR-CL-26 (those that exist) for UBL and CII.

The code list checks apply wherever the coded element occurs, so they run as one walk over the
tree, dispatching on each element's tag to the rule(s) that look at it. In UBL the same walk
also collects what the element-wide syntax rules UBL-DT-01/06/07/08…28 need (`found`), so the
tree is walked once for all of them. The lists themselves come from `codelists`. A value is accepted when it
is, after trimming, one word of the list (the artefacts' `contains(' list ', concat(' ', x, ' '))`).
"""

from __future__ import annotations

from lxml import etree

from validators.en16931.codelists import DUE_DATE_CODES, code_list
from validators.en16931.numbers import decimals
from validators.en16931.rule import NOTHING, Hit, norm, rule, show
from validators.en16931.view import View

CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
RSM = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}"
UDT = "{urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100}"

_UBL_AMOUNTS = frozenset(CBC + name for name in (
    "Amount", "BaseAmount", "PriceAmount", "TaxAmount", "TaxableAmount", "LineExtensionAmount", "TaxExclusiveAmount",
    "TaxInclusiveAmount", "AllowanceTotalAmount", "ChargeTotalAmount", "PrepaidAmount", "PayableRoundingAmount",
    "PayableAmount"))
_SETS: dict[tuple[str, int], frozenset[str]] = {}


def _in(rule_id: str, value: str | None, index: int = 0) -> bool:
    """Is `value` (trimmed) a code of the `index`-th list of `rule_id`?"""
    codes = _SETS.get((rule_id, index))
    if codes is None:
        codes = _SETS[(rule_id, index)] = code_list(rule_id, index).codes
    return value in codes or (value is not None and norm(value) in codes)


def _charge(allowance_el, ubl: bool) -> bool | None:
    """The allowance/charge's indicator cast to xs:boolean (None: not a boolean)."""
    if ubl:
        indicator = allowance_el.find(CBC + "ChargeIndicator")
    else:
        indicator = allowance_el.find(RAM + "ChargeIndicator/" + UDT + "Indicator")
    text = (indicator.text or "").strip() if indicator is not None else None
    return {"true": True, "1": True, "false": False, "0": False}.get(text)


def _check(found: list, rule_id: str, el, value, index: int = 0) -> None:
    if not _in(rule_id, value, index):
        found.append((rule_id, el, value))


def _ubl_id(el, parent: str, found: list) -> None:
    scheme = el.get("schemeID")
    if parent == _TAX_CATEGORY:
        _check(found, "BR-CL-17", el, el.text)
    elif parent == _CLASSIFIED:
        _check(found, "BR-CL-18", el, el.text)
    elif scheme is None:
        return
    elif parent == CAC + "PartyIdentification":
        if not (_in("BR-CL-10", scheme) or (norm(scheme) == "SEPA" and _sepa_allowed(el))):
            found.append(("BR-CL-10", el, scheme))
    elif parent in (CAC + "AdditionalDocumentReference", CAC + "DocumentReference"):
        if any((code.text or "") == "130" for code in el.getparent().iterchildren(CBC + "DocumentTypeCode")):
            _check(found, "BR-CL-07", el, scheme)
    elif parent == CAC + "StandardItemIdentification":
        _check(found, "BR-CL-21", el, scheme)
    elif parent == CAC + "DeliveryLocation":
        _check(found, "BR-CL-26", el, scheme)


def _ubl_allowance_reason(el, parent: str, found: list) -> None:
    if parent == CAC + "AllowanceCharge":
        charge = _charge(el.getparent(), True)
        if charge is not None:
            _check(found, "BR-CL-20" if charge else "BR-CL-19", el, el.text)


def _ubl_attribute(rule_id: str, attribute: str, parent_tag: str | None = None):
    def handle(el, parent: str, found: list) -> None:
        value = el.get(attribute)
        if value is not None and (parent_tag is None or parent == parent_tag):
            _check(found, rule_id, el, value)
    return handle


def _ubl_text(rule_id: str, parent_tag: str | None = None, index: int = 0):
    def handle(el, parent: str, found: list) -> None:
        if parent_tag is None or parent == parent_tag:
            _check(found, rule_id, el, el.text, index)
    return handle


def _ubl_country(el, parent: str, found: list) -> None:
    if parent == CAC + "Country":
        _check(found, "BR-CL-14", el, el.text)
    elif parent == CAC + "OriginCountry":
        _check(found, "BR-CL-15", el, el.text)


def _exemption(el, parent: str, found: list) -> None:
    text = norm(el.text)
    if " " in text or text.upper() not in code_list("BR-CL-22").codes:
        found.append(("BR-CL-22", el, el.text))


def _mime(el, parent: str, found: list) -> None:
    mime = el.get("mimeCode")
    if mime is not None and mime not in code_list("BR-CL-24").codes:
        found.append(("BR-CL-24", el, mime))


_TAX_CATEGORY, _CLASSIFIED = CAC + "TaxCategory", CAC + "ClassifiedTaxCategory"
_UBL_HANDLERS = {
    CBC + "ID": _ubl_id,
    CBC + "InvoiceTypeCode": _ubl_text("BR-CL-01", None, 0),
    CBC + "CreditNoteTypeCode": _ubl_text("BR-CL-01", None, 1),
    CBC + "DocumentCurrencyCode": _ubl_text("BR-CL-04"),
    CBC + "TaxCurrencyCode": _ubl_text("BR-CL-05"),
    CBC + "DescriptionCode": _ubl_text("BR-CL-06", CAC + "InvoicePeriod"),
    CBC + "CompanyID": _ubl_attribute("BR-CL-11", "schemeID", CAC + "PartyLegalEntity"),
    CBC + "ItemClassificationCode": _ubl_attribute("BR-CL-13", "listID", CAC + "CommodityClassification"),
    CBC + "IdentificationCode": _ubl_country,
    CBC + "PaymentMeansCode": _ubl_text("BR-CL-16", CAC + "PaymentMeans"),
    CBC + "AllowanceChargeReasonCode": _ubl_allowance_reason,
    CBC + "TaxExemptionReasonCode": _exemption,
    CBC + "InvoicedQuantity": _ubl_attribute("BR-CL-23", "unitCode"),
    CBC + "BaseQuantity": _ubl_attribute("BR-CL-23", "unitCode"),
    CBC + "CreditedQuantity": _ubl_attribute("BR-CL-23", "unitCode"),
    CBC + "EmbeddedDocumentBinaryObject": _mime,
    CBC + "EndpointID": _ubl_attribute("BR-CL-25", "schemeID"),
}


FORBIDDEN_ATTRIBUTES = {
    "schemeName": "UBL-DT-08", "schemeAgencyName": "UBL-DT-09", "schemeDataURI": "UBL-DT-10", "schemeURI": "UBL-DT-11",
    "format": "UBL-DT-12", "unitCodeListIdentifier": "UBL-DT-13", "unitCodeListAgencyIdentifier": "UBL-DT-14",
    "unitCodeListAgencyName": "UBL-DT-15", "listAgencyName": "UBL-DT-16", "listName": "UBL-DT-17", "name": "UBL-DT-18",
    "languageID": "UBL-DT-19", "listURI": "UBL-DT-20", "listSchemeURI": "UBL-DT-21", "languageLocaleID": "UBL-DT-22",
    "uri": "UBL-DT-23", "currencyCodeListVersionID": "UBL-DT-24", "characterSetCode": "UBL-DT-25",
    "encodingCode": "UBL-DT-26", "schemeAgencyID": "UBL-DT-27", "listAgencyID": "UBL-DT-28",
}
"""Attributes EN 16931 does not use in UBL (warnings UBL-DT-08…28; `name` is allowed on PaymentMeansCode)."""
_PRICE, _ALLOWANCE, _PAYMENT_MEANS_CODE = CAC + "Price", CAC + "AllowanceCharge", CBC + "PaymentMeansCode"
_ADDRESSES, _ADDRESS_LINE = frozenset({CAC + "PostalAddress", CAC + "Address"}), CAC + "AddressLine"


def _under_price_allowance(el) -> bool:
    """`ancestor::cac:Price/cac:AllowanceCharge`: some ancestor Price has an AllowanceCharge child."""
    return any(price.find(_ALLOWANCE) is not None for price in el.iterancestors(_PRICE))


_PLANS: dict[str, tuple] = {}
_PLAN_LIMIT = 4096
_NOTHING_TO_DO = (None, False, False, False, False)


def _plan(tag: str) -> tuple:
    """What the walk checks on an element with `tag`: (code list handler, currency, decimals, address lines,
    binary object). Computed once per tag name and remembered (the vocabulary is small)."""
    plan = _PLANS.get(tag)
    if plan is None:
        amount = tag.endswith("Amount")
        plan = (_UBL_HANDLERS.get(tag), tag in _UBL_AMOUNTS, amount and not tag.endswith("PriceAmount"),
                tag in _ADDRESSES, tag.endswith("BinaryObject"))
        if plan == _NOTHING_TO_DO:
            plan = _NOTHING_TO_DO
        if len(_PLANS) < _PLAN_LIMIT:  # a hostile document cannot grow the memo without bound
            _PLANS[tag] = plan
    return plan


def _ubl(view: View, found: list) -> None:
    """One walk over every element: the code lists (BR-CL), amount decimals (UBL-DT-01), binary objects
    (UBL-DT-06/07), attributes EN 16931 does not use (UBL-DT-08…28) and address lines (UBL-SR-51)."""
    currencies = code_list("BR-CL-03").codes
    forbidden, nothing, plans = FORBIDDEN_ATTRIBUTES, _NOTHING_TO_DO, _PLANS
    reported: set[str] = set()
    for el in view.root.iter(etree.Element):
        tag = el.tag
        plan = plans.get(tag) or _plan(tag)
        if plan is not nothing:
            handler, currency_checked, decimals_checked, address, binary = plan
            if handler is not None:
                handler(el, el.getparent().tag, found)
            if currency_checked:
                currency = el.get("currencyID")
                if currency not in currencies and not _in("BR-CL-03", currency):
                    found.append(("BR-CL-03", el, currency))
            if decimals_checked and decimals(el.text) > 2 and not _under_price_allowance(el):
                found.append(("UBL-DT-01", el, el.text))
            if address:
                lines = sum(1 for _ in el.iterchildren(_ADDRESS_LINE))
                if lines > 1:
                    found.append(("UBL-SR-51", el, lines))
            if binary:
                if el.get("mimeCode") is None:
                    found.append(("UBL-DT-06", el, None))
                if el.get("filename") is None:
                    found.append(("UBL-DT-07", el, None))
        keys = el.keys()
        if keys:
            for name in keys:
                rule_id = forbidden.get(name)
                if rule_id is not None and rule_id not in reported and not (name == "name" and tag == _PAYMENT_MEANS_CODE):
                    reported.add(rule_id)  # reported once per document, at the root (as the artefact does)
                    found.append((rule_id, None, etree.QName(el).localname))
    for note_el, text in view.notes:
        subject = _subject(text)
        if subject is not None and subject not in code_list("BR-CL-08").text:
            found.append(("BR-CL-08", note_el, subject))


def _subject(text: str) -> str | None:
    """The subject code a UBL note starts with (#AAA#…), as BR-CL-08 reads it; None when it has none."""
    _, first, rest = text.partition("#")
    if not first:
        return None
    code, second, _ = rest.partition("#")
    return code if second and len(code) == 3 else None


def _sepa_allowed(el) -> bool:
    """SEPA (creditor identifier) is allowed under the seller or the payee only."""
    for _ in el.iterancestors(CAC + "AccountingSupplierParty", CAC + "PayeeParty"):
        return True
    return False


def _cii_id(el, parent: str, found: list) -> None:
    scheme = el.get("schemeID")
    if scheme is not None:
        if not any(True for _ in el.iterancestors(RAM + "SpecifiedTaxRegistration")):
            _check(found, "BR-CL-11", el, scheme)
    elif parent == RAM + "OriginTradeCountry":
        _check(found, "BR-CL-15", el, el.text)


def _cii_type_code(el, parent: str, found: list) -> None:
    if parent == RSM + "ExchangedDocument":
        if not (_in("BR-CL-01", el.text, 0) or _in("BR-CL-01", el.text, 1)):
            found.append(("BR-CL-01", el, el.text))
    elif parent == RAM + "SpecifiedTradeSettlementPaymentMeans":
        _check(found, "BR-CL-16", el, el.text)


def _cii_due_date_code(el, parent: str, found: list) -> None:
    if norm(el.text) not in DUE_DATE_CODES:
        found.append(("BR-CL-06", el, el.text))


def _cii_global_id(el, parent: str, found: list) -> None:
    scheme = el.get("schemeID")
    if scheme is None:
        return
    if parent == RAM + "SpecifiedTradeProduct":
        _check(found, "BR-CL-21", el, scheme)
    elif parent == RAM + "ShipToTradeParty":
        _check(found, "BR-CL-26", el, scheme)
    elif not any(True for _ in el.iterancestors(RAM + "SpecifiedTradeProduct")):
        _check(found, "BR-CL-10", el, scheme)


def _cii_category(el, parent: str, found: list) -> None:
    rule_id = {RAM + "CategoryTradeTax": "BR-CL-17", RAM + "ApplicableTradeTax": "BR-CL-18"}.get(parent)
    if rule_id:
        _check(found, rule_id, el, el.text)


def _cii_reason(el, parent: str, found: list) -> None:
    if parent == RAM + "SpecifiedTradeAllowanceCharge":
        charge = _charge(el.getparent(), False)
        if charge is not None:
            _check(found, "BR-CL-20" if charge else "BR-CL-19", el, el.text)


_CII_HANDLERS = {
    RAM + "ID": _cii_id,
    RAM + "TypeCode": _cii_type_code,
    RAM + "TaxTotalAmount": _ubl_attribute("BR-CL-03", "currencyID"),
    RAM + "InvoiceCurrencyCode": _ubl_text("BR-CL-04"),
    RAM + "TaxCurrencyCode": _ubl_text("BR-CL-05"),
    RAM + "DueDateTypeCode": _cii_due_date_code,
    RAM + "ReferenceTypeCode": _ubl_text("BR-CL-07"),
    RAM + "SubjectCode": _ubl_text("BR-CL-08"),
    RAM + "GlobalID": _cii_global_id,
    RAM + "ClassCode": _ubl_attribute("BR-CL-13", "listID"),
    RAM + "CountryID": _ubl_text("BR-CL-14"),
    RAM + "CategoryCode": _cii_category,
    RAM + "ReasonCode": _cii_reason,
    RAM + "ExemptionReasonCode": _exemption,
    RAM + "BasisQuantity": _ubl_attribute("BR-CL-23", "unitCode"),
    RAM + "BilledQuantity": _ubl_attribute("BR-CL-23", "unitCode"),
    RAM + "AttachmentBinaryObject": _mime,
    RAM + "URIID": _ubl_attribute("BR-CL-25", "schemeID", RAM + "URIUniversalCommunication"),
}
_CII_TAGS = tuple(_CII_HANDLERS)


def _cii(view: View, found: list) -> None:
    handlers = _CII_HANDLERS
    for el in view.root.iter(_CII_TAGS):
        handlers[el.tag](el, el.getparent().tag, found)


def found(view: View) -> dict[str, list[Hit]]:
    """Everything the element walk found (code list and, in UBL, data type violations), by rule id, once per view."""
    cached = view.cache.get("codes")
    if cached is None:
        found: list = []
        (_ubl if view.ubl else _cii)(view, found)
        cached = {}
        for rule_id, el, value in found:
            cached.setdefault(rule_id, []).append(Hit(el, {"found": show(value)}))
        view.cache["codes"] = cached
    return cached


_CODE_RULES = (
    ("BR-CL-01", "BT-3", "invoice type code", "Rechnungsart-Code", "UNTDID 1001 (e.g. 380 invoice, 381 credit note)",
     "UNTDID 1001 (z. B. 380 Rechnung, 381 Gutschrift)"),
    ("BR-CL-03", "BT-5", "currency of an amount", "Währung eines Betrags", "ISO 4217 (e.g. EUR)", "ISO 4217 (z. B. EUR)"),
    ("BR-CL-04", "BT-5", "invoice currency code", "Rechnungswährung", "ISO 4217 (e.g. EUR)", "ISO 4217 (z. B. EUR)"),
    ("BR-CL-05", "BT-6", "VAT accounting currency code", "Buchungswährung", "ISO 4217 (e.g. EUR)", "ISO 4217 (z. B. EUR)"),
    ("BR-CL-06", "BT-8", "VAT point date code", "Code des Steuerfälligkeitsdatums",
     "UNTDID 2005 (UBL: 3, 35, 432) / 2475 (CII: 5, 29, 72)",
     "UNTDID 2005 (UBL: 3, 35, 432) / 2475 (CII: 5, 29, 72)"),
    ("BR-CL-07", "BT-18 BT-128", "object identifier scheme", "Schema der Objektkennung", "UNTDID 1153", "UNTDID 1153"),
    ("BR-CL-08", "BT-21", "invoice note subject code", "Betreff-Code der Bemerkung", "UNTDID 4451", "UNTDID 4451"),
    ("BR-CL-10", "BT-29 BT-46 BT-60 BT-71", "identifier scheme", "Schema der Kennung",
     "ISO 6523 ICD (SEPA only for the seller's or payee's creditor identifier)",
     "ISO 6523 ICD (SEPA nur für die Gläubiger-ID von Verkäufer oder Zahlungsempfänger)"),
    ("BR-CL-11", "BT-30 BT-47 BT-61", "legal registration identifier scheme", "Schema der Registernummer",
     "ISO 6523 ICD", "ISO 6523 ICD"),
    ("BR-CL-13", "BT-158", "item classification scheme", "Schema der Artikelklassifizierung", "UNTDID 7143 (e.g. STI)",
     "UNTDID 7143 (z. B. STI)"),
    ("BR-CL-14", "BT-40 BT-55 BT-69 BT-80", "country code", "Ländercode", "ISO 3166-1 alpha-2 (e.g. DE)",
     "ISO 3166-1 alpha-2 (z. B. DE)"),
    ("BR-CL-15", "BT-159", "item country of origin", "Ursprungsland des Artikels", "ISO 3166-1 alpha-2 (e.g. DE)",
     "ISO 3166-1 alpha-2 (z. B. DE)"),
    ("BR-CL-16", "BT-81", "payment means code", "Zahlungsart-Code", "UNTDID 4461 (e.g. 58 SEPA credit transfer)",
     "UNTDID 4461 (z. B. 58 SEPA-Überweisung)"),
    ("BR-CL-17", "BT-95 BT-102 BT-118", "VAT category code", "Umsatzsteuer-Kategoriecode",
     "UNTDID 5305 subset: S, Z, E, AE, K, G, O, L, M, B", "UNTDID 5305 (Auswahl): S, Z, E, AE, K, G, O, L, M, B"),
    ("BR-CL-18", "BT-151", "line VAT category code", "Umsatzsteuer-Kategoriecode der Position",
     "UNTDID 5305 subset: S, Z, E, AE, K, G, O, L, M, B", "UNTDID 5305 (Auswahl): S, Z, E, AE, K, G, O, L, M, B"),
    ("BR-CL-19", "BT-98 BT-140", "allowance reason code", "Nachlass-Grund-Code", "UNTDID 5189 (e.g. 95 discount)",
     "UNTDID 5189 (z. B. 95 Rabatt)"),
    ("BR-CL-20", "BT-105 BT-145", "charge reason code", "Zuschlag-Grund-Code", "UNTDID 7161 (e.g. FC freight)",
     "UNTDID 7161 (z. B. FC Fracht)"),
    ("BR-CL-21", "BT-157", "item standard identifier scheme", "Schema der Standard-Artikelkennung",
     "ISO 6523 ICD (e.g. 0160 GTIN)", "ISO 6523 ICD (z. B. 0160 GTIN)"),
    ("BR-CL-22", "BT-121", "VAT exemption reason code", "Befreiungsgrund-Code", "the VATEX list (e.g. VATEX-EU-AE)",
     "der VATEX-Liste (z. B. VATEX-EU-AE)"),
    ("BR-CL-23", "BT-130 BT-150", "unit of measure", "Mengeneinheit", "UN/ECE Rec. 20/21 (e.g. C62, HUR, KGM)",
     "UN/ECE Rec. 20/21 (z. B. C62, HUR, KGM)"),
    ("BR-CL-24", "BT-125", "attachment MIME type", "MIME-Typ des Anhangs",
     "one of application/pdf, image/png, image/jpeg, text/csv, xlsx, ods",
     "eines von application/pdf, image/png, image/jpeg, text/csv, xlsx, ods"),
    ("BR-CL-25", "BT-34 BT-49", "electronic address scheme", "Schema der elektronischen Adresse",
     "the EAS list (e.g. EM e-mail, 0204 Leitweg-ID)", "der EAS-Liste (z. B. EM E-Mail, 0204 Leitweg-ID)"),
    ("BR-CL-26", "BT-71", "deliver-to location identifier scheme", "Schema der Lieferort-Kennung", "ISO 6523 ICD",
     "ISO 6523 ICD"),
)


def _code_rule(rule_id: str, terms: str, what_en: str, what_de: str, list_en: str, list_de: str):
    @rule(rule_id, terms,
          f"The {what_en} {{found}} is not in the code list; it must be a code of {list_en}.",
          f"{what_de[0].upper()}{what_de[1:]} {{found}} ist nicht in der Codeliste; erlaubt sind Codes aus {list_de}.",
          group=found)
    def check(view: View):
        return found(view).get(rule_id, NOTHING)
    return check


for _args in _CODE_RULES:
    _code_rule(*_args)
